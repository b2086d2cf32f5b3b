"""Readable citations and figure references in JupyterLab, and the exact roles back on saving."""

from __future__ import annotations

import asyncio
import re
import shutil
import threading
from pathlib import Path

import jupytext
import nbformat
import pytest
from jupytext.config import load_jupytext_config

from companion import lab_contents, lab_references
from companion.notebooks import Work
from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]

WORKS = {
    "smith2020": Work(who="Smith", year="2020", reference="Smith, J. (2020). *A book*."),
    "adams2021": Work(who="Adams and Lee", year="2021", reference="Adams, K.; Lee, M. (2021). *Paper*."),
    "odd2019": Work(who="A*B [Group]", year="2019", reference="A*B Group (2019). *Report*."),
}
FIGURES = {"fig-x": "Fig. 2.4"}


def roundtrip(markdown: str) -> str:
    return lab_references.original_markdown(lab_references.readable_markdown(markdown, WORKS, FIGURES))


def test_a_parenthetical_citation_reads_as_the_site_writes_it_and_links_to_its_entry():
    text = lab_references.readable_markdown("As argued {cite:p}`smith2020`.", WORKS, FIGURES)
    assert text == 'As argued [\\[Smith, 2020\\]](#cite-smith2020 "cite:p smith2020").'
    assert roundtrip("As argued {cite:p}`smith2020`.") == "As argued {cite:p}`smith2020`."


def test_a_textual_citation_names_the_author_with_the_year_in_brackets():
    text = lab_references.readable_markdown("{cite:t}`smith2020` says so; {cite}`smith2020`.", WORKS, FIGURES)
    assert text.startswith('[Smith \\[2020\\]](#cite-smith2020 "cite:t smith2020") says so; ')
    assert text.endswith('[\\[Smith, 2020\\]](#cite-smith2020 "cite smith2020").')


def test_a_citation_of_several_works_sorts_them_as_the_site_does_and_comes_back_exactly():
    source = "Both {cite:p}`smith2020, adams2021` and {cite:t}`smith2020,adams2021`."
    cited: list[str] = []
    text = lab_references.readable_markdown(source, WORKS, FIGURES, cited)
    assert "[\\[Adams and Lee, 2021, Smith, 2020\\]](#cite-smith2020 " in text
    assert "[Adams and Lee \\[2021\\], Smith \\[2020\\]](#cite-smith2020 " in text
    assert cited == ["smith2020", "adams2021"]
    assert lab_references.original_markdown(text) == source  # the space after the comma included


def test_markdown_in_a_work_s_name_is_escaped():
    text = lab_references.readable_markdown("{cite:p}`odd2019`", WORKS, FIGURES)
    assert text.startswith("[\\[A\\*B \\[Group\\], 2019\\]](#cite-odd2019 ")
    assert lab_references.original_markdown(text) == "{cite:p}`odd2019`"


def test_a_figure_reference_shows_the_book_s_number_with_or_without_its_own_text():
    assert lab_references.readable_markdown("See {numref}`fig-x`.", WORKS, FIGURES) == (
        'See [Fig. 2.4](#fig-x "numref fig-x").'
    )
    custom = lab_references.readable_markdown("{numref}`Figure %s <fig-x>`", WORKS, FIGURES)
    assert custom == '[Figure 2.4](#fig-x "numref Figure %s <fig-x>")'
    assert lab_references.original_markdown(custom) == "{numref}`Figure %s <fig-x>`"
    plain = lab_references.readable_markdown("{numref}`the chart <fig-x>`", WORKS, FIGURES)
    assert plain.startswith("[the chart](#fig-x ")
    assert lab_references.original_markdown(plain) == "{numref}`the chart <fig-x>`"


def test_unknown_works_and_labels_are_left_as_roles():
    for source in (
        "{cite:p}`nokey1900`",
        "{cite:p}`smith2020,nokey1900`",
        "{numref}`fig-none`",
        "{cite:p}`,`",
    ):
        assert lab_references.readable_markdown(source, WORKS, FIGURES) == source


def test_roles_in_code_blocks_are_left_alone_and_those_in_directives_are_rewritten():
    source = (
        "```{note}\nSee {cite:p}`smith2020`.\n```\n\n"
        "````md\nWrite {cite:p}`smith2020` in a chapter.\n```{note}\n{numref}`fig-x`\n```\n````\n\n"
        "~~~\n{numref}`fig-x`\n~~~\nThen {numref}`fig-x`.\n"
    )
    text = lab_references.readable_markdown(source, WORKS, FIGURES)
    assert text.count("](#cite-smith2020") == 1 and text.count("](#fig-x") == 1
    assert "Write {cite:p}`smith2020` in a chapter." in text and "~~~\n{numref}`fig-x`\n~~~" in text
    assert text.endswith('Then [Fig. 2.4](#fig-x "numref fig-x").\n')
    assert lab_references.original_markdown(text) == source


def test_an_edited_link_text_still_saves_as_the_role_and_other_links_are_kept():
    text = lab_references.readable_markdown("New words {cite:p}`smith2020`.", WORKS, FIGURES)
    edited = text.replace("Smith, 2020", "Smith (the book)").replace(
        "New words", "Other words [a link](#intro)"
    )
    assert lab_references.original_markdown(edited) == "Other words [a link](#intro) {cite:p}`smith2020`."
    assert lab_references.original_markdown('[x](#y "a title")') == '[x](#y "a title")'


def notebook(*sources: str) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.nbformat_minor = 4
    nb.cells = [
        nbformat.v4.new_code_cell(s[5:]) if s.startswith("code:") else nbformat.v4.new_markdown_cell(s)
        for s in sources
    ]
    for cell in nb.cells:
        cell.pop("id", None)
    return nb


def test_the_works_cited_are_listed_once_at_the_end_and_dropped_again():
    nb = notebook("{cite:t}`smith2020` and {cite:p}`adams2021`.", "code:x = 1", "{cite:p}`smith2020`.")
    shown = lab_references.readable_roles(nb, WORKS, FIGURES)
    last = shown.cells[-1]
    assert last.metadata[lab_references.ADDED_CELL] and last.metadata["editable"] is False
    assert "id" not in last  # nbformat 4.4, as jupytext reads a chapter
    assert last.source.startswith("## References")
    entries = re.findall(r"^\(cite-(\w+)\)=\n(.+)$", last.source, re.M)
    assert entries == [
        ("adams2021", WORKS["adams2021"].reference),
        ("smith2020", WORKS["smith2020"].reference),
    ]
    again = lab_references.readable_roles(shown, WORKS, FIGURES)
    assert len(again.cells) == len(shown.cells)  # opening twice adds no second list
    assert lab_references.original_roles(shown) == nb
    assert lab_references.readable_roles(notebook("No citation."), WORKS, FIGURES) == notebook("No citation.")


#: The book's pages that JupyterLab opens as notebooks (MyST Markdown with jupytext front matter).
NOTEBOOK_PAGES = [
    d
    for d in toc_files(ROOT)
    if (ROOT / f"{d}.md").is_file()
    and (ROOT / f"{d}.md").read_text(encoding="utf-8").startswith("---\njupytext:")
]


@pytest.mark.parametrize("doc", NOTEBOOK_PAGES)
def test_every_page_comes_back_byte_for_byte_and_keeps_no_role(doc):
    path = ROOT / f"{doc}.md"
    source = path.read_text(encoding="utf-8")
    config = load_jupytext_config(str(path.parent))
    fmt = {
        "extension": ".md",
        "format_name": "myst",
        "notebook_metadata_filter": config.notebook_metadata_filter,
        "cell_metadata_filter": config.cell_metadata_filter,
    }
    works, figures = lab_references.book_works(ROOT), lab_references.figure_numbers(ROOT)
    shown = lab_references.readable_roles(jupytext.read(path), works, figures)
    left = [
        m.group(0)
        for c in shown.cells
        if c.cell_type == "markdown"
        for m in re.finditer(r"\{(?:cite(?::[pt])?|numref)\}`[^`]*`", c.source)
    ]
    assert jupytext.writes(lab_references.original_roles(shown), fmt=fmt) == source
    assert left == [], f"{doc}: roles left unresolved: {left}"


def test_figure_labels_are_show_s_own_name_in_order():
    source = (
        '```{code-cell} ipython3\ncharts.show(charts.figure(alt.layer(*f(a(1))), **t.labels(name="no")), '
        'name="fig-a", caption=c)\n```\n\nText name="fig-no".\n\n```{code-cell} ipython3\nshow(\n    chart,\n'
        "    name='fig-b',\n)\n```\n"
    )
    assert lab_references.figure_labels(source) == ["fig-a", "fig-b"]


def test_chapters_are_numbered_on_across_numbered_parts(tmp_path):
    (tmp_path / "_toc.yml").write_text(
        "root: intro\nparts:\n  - chapters: [{file: a}, {file: b}]\n    numbered: true\n"
        "  - chapters: [{file: c}]\n  - chapters: [{file: d}]\n    numbered: true\n",
        encoding="utf-8",
    )
    assert lab_references.toc_documents(tmp_path) == [
        ("intro", None),
        ("a", 1),
        ("b", 2),
        ("c", None),
        ("d", 3),
    ]


def test_figure_numbers_are_the_built_book_s(built_site):
    """Every {numref} on the site shows the number figure_numbers() gives its label."""
    expected = lab_references.figure_numbers(ROOT)
    found: dict[str, set[str]] = {}
    for page in built_site.joinpath("book").rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        for label, text in re.findall(
            r'href="[^"#]*#(fig-[^"]+)"><span class="std std-numref">([^<]+)</span>', html
        ):
            found.setdefault(label, set()).add(text)
    assert found, "the site shows no figure reference"
    assert {label: texts for label, texts in found.items() if texts != {expected.get(label)}} == {}


# --------------------------------------------------------------------------------------
# The contents manager, without JupyterLab
# --------------------------------------------------------------------------------------


def test_only_the_book_s_markdown_pages_are_chapters(tmp_path):
    assert lab_contents.chapter_of(ROOT / "book/articles/golden-opportunity.md") == ROOT
    assert lab_contents.chapter_of(ROOT / "README.md") is None
    assert lab_contents.chapter_of(ROOT / "book/articles/golden-opportunity.ipynb") is None
    copy = tmp_path / "golden-opportunity.md"
    shutil.copy2(ROOT / "book/articles/golden-opportunity.md", copy)
    assert lab_contents.chapter_of(copy) is None


@pytest.fixture
def book(tmp_path: Path) -> Path:
    for name in ("_toc.yml", "_config.yml", "references.bib", "jupytext.toml"):
        shutil.copy2(ROOT / name, tmp_path / name)
    for doc in ("book/articles/superpower-concessions", "book/articles/golden-opportunity"):
        (tmp_path / doc).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / f"{doc}.md", tmp_path / f"{doc}.md")
    (tmp_path / "notes.md").write_text(
        (ROOT / "book/articles/golden-opportunity.md").read_text(encoding="utf-8")
    )
    return tmp_path


def _run(coroutine):
    """Run a coroutine to its end on a thread of its own.

    A browser test earlier in the same worker may leave an event loop running on the main
    thread (Playwright's synchronous API), where ``asyncio.run`` refuses to start another.
    """
    result: dict = {}

    def target() -> None:
        try:
            result["value"] = asyncio.run(coroutine)
        except BaseException as error:  # handed to the test's thread below
            result["error"] = error

    thread = threading.Thread(target=target)
    thread.start()
    thread.join()
    if "error" in result:
        raise result["error"]
    return result["value"]


def test_the_contents_manager_opens_chapters_readable_and_saves_them_unchanged(book):
    manager = lab_contents.ChapterContentsManager(root_dir=str(book))
    path = "book/articles/golden-opportunity.md"
    before = (book / path).read_bytes()

    async def open_and_save(edit: bool) -> dict:
        model = await manager.get(path, content=True, type="notebook")
        nb = model["content"]
        if edit:
            nb.cells[1].source += "\n# a student's line"
        await manager.save({"type": "notebook", "format": "json", "content": nb}, path)
        return model

    model = _run(open_and_save(edit=False))
    text = "\n".join(c.source for c in model["content"].cells if c.cell_type == "markdown")
    assert "[\\[Breitbart News, 2025\\]](#cite-breitbart2025popefuneral " in text
    assert '[Fig. 2.4](#fig-go-russia "numref fig-go-russia")' in text
    assert model["content"].cells[-1].metadata[lab_references.ADDED_CELL]
    assert (book / path).read_bytes() == before
    _run(open_and_save(edit=True))
    after = (book / path).read_text(encoding="utf-8")
    assert "# a student's line" in after
    assert after.replace("\n# a student's line", "", 1) == before.decode("utf-8")
    other = _run(manager.get("notes.md", content=True, type="notebook"))
    other_text = "".join(c.source for c in other["content"].cells)
    assert "{cite:p}`breitbart2025popefuneral`" in other_text and "](#cite-" not in other_text
