"""Student notebooks: the chapter without its solutions, exercises and answer cells kept."""

from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat

from companion import notebooks
from test_build import toc_files

REPO = Path(__file__).resolve().parents[1]

CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# A chapter

```{code-cell} ipython3
x = 1
```

```{exercise} Change x
:label: ex-x

Change `x`.
```

```{code-cell} ipython3
x = 2  # your answer
```

````{solution} ex-x
:class: dropdown

The secret answer is two.

```python
x = 2
```
````

```{solution-start} ex-x
```

Gated secret prose.

```{code-cell} ipython3
print("gated secret code")
```

```{solution-end}
```

## After the solutions

Closing text.
"""


def test_strip_solutions_removes_nested_and_gated_solutions():
    text = notebooks.strip_solutions(CHAPTER)
    assert "secret" not in text and "{solution" not in text
    assert "{exercise} Change x" in text and "Closing text." in text


def test_student_notebook_keeps_exercises_and_answer_cells_but_no_solution(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(CHAPTER, encoding="utf-8")
    nb = notebooks.student_notebook(path)
    text = "\n".join(c.source for c in nb.cells)
    assert "secret" not in text
    assert "{exercise} Change x" in text and "x = 2  # your answer" in text
    assert "Closing text." in text and "**Student edition.**" in text and "without the solutions" in text
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code")
    target = notebooks.write_student_notebook(path, tmp_path / "out" / "chapter.student.ipynb")
    assert json.loads(target.read_text(encoding="utf-8"))["nbformat"] == 4


def test_every_chapter_with_exercises_offers_a_student_notebook(repo_root, built_site):
    """The download menu links to a student notebook that holds every exercise and no solution."""
    offered = 0
    for doc in toc_files(repo_root):
        source = (repo_root / f"{doc}.md").read_text(encoding="utf-8")
        if "{exercise}" not in source:
            continue
        html = (built_site / f"{doc}.html").read_text(encoding="utf-8")
        links = re.findall(rf'href="([^"]*_sources/{re.escape(doc)}\.student\.ipynb)"', html)
        assert links, f"{doc}: no student notebook in the download menu"
        nb = json.loads((built_site / "_sources" / f"{doc}.student.ipynb").read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"])
        # The prose a student reads (computing cells may name a guarded sentence to find its line)
        prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        labels = re.findall(r"^:label: (ex-[\w-]+)", source, re.M)
        assert labels and all(f":label: {label}" in text for label in labels), doc
        for body in re.findall(r"^(`{3,})\{solution\}[^\n]*\n(.*?)^\1\s*$", source, re.M | re.S):
            first = next(ln for ln in body[1].splitlines() if ln.strip() and not ln.startswith(":"))
            assert first not in prose, f"{doc}: solution text in the student notebook: {first!r}"
        offered += 1
    assert offered >= 5


def _setup_cell(chapter: str = "book/articles/reverse-kissinger.md") -> str:
    return notebooks.setup_cell_for(chapter, REPO)


def test_the_setup_cell_installs_the_edition_s_wheel_from_the_site_and_names_two_ways_out():
    import yaml

    from companion import editions

    config = yaml.safe_load((REPO / "_config.yml").read_text(encoding="utf-8"))
    edition = editions.read(REPO)
    cell = _setup_cell()
    wheel = f"{config['html']['baseurl']}wheels/spheres_of_influence-{edition}-py3-none-any.whl"
    assert f'os.environ.get("{notebooks.WHEEL_URL_ENV}", "{wheel}")' in cell
    assert "%pip install" in cell and f"edition {edition}" in cell
    message = re.search(r'raise ModuleNotFoundError\(\n((?:\s+".*"\n)+)', cell)
    assert message, cell
    sentence = "".join(re.findall(r'"(.*)"', message.group(1)))
    assert sentence.count(". ") == 0 and sentence.endswith("`make lab`.")
    assert (
        "mybinder.org/v2/gh/spheres-of-influence/companion/main?urlpath=lab/tree/book/articles/reverse-kissinger.md"
        in sentence
    )
    assert f"clone {config['repository']['url']}" in sentence


def test_the_setup_cell_does_nothing_where_the_package_is_installed():
    """In the repository (and on Binder) ``companion`` imports, so the cell neither installs nor stops."""
    from IPython.core.inputtransformer2 import TransformerManager

    code = TransformerManager().transform_cell(_setup_cell())
    calls: list[tuple] = []

    class Shell:
        def run_line_magic(self, *args):
            calls.append(args)

    exec(compile(code, "setup-cell", "exec"), {"get_ipython": Shell})
    assert calls == []
    assert "run_line_magic('pip'" in code  # the cell does install where the package is missing


def test_a_downloaded_notebook_gets_the_setup_cell_first_and_once(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(CHAPTER, encoding="utf-8")
    target = notebooks.write_student_notebook(path, tmp_path / "chapter.student.ipynb")
    for _ in range(2):  # pages are written more than once in a build
        notebooks.prepare_download(target, "book/articles/reverse-kissinger.md", REPO)
    nb = json.loads(target.read_text(encoding="utf-8"))
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    assert "".join(code[0]["source"]) == _setup_cell() and code[0]["metadata"]["tags"] == ["setup"]
    assert sum("".join(c["source"]) == _setup_cell() for c in code) == 1
    assert "".join(code[1]["source"]) == "x = 1"
    assert nb["cells"][0]["cell_type"] == "markdown" and "".join(nb["cells"][0]["source"]).startswith(
        "# A chapter"
    )


def test_citations_and_figure_references_become_text_with_the_works_cited_listed(tmp_path):
    bib = tmp_path / "refs.bib"
    bib.write_text(
        "@misc{graham2025couldputin, author = {Graham, Thomas}, title = {Could Putin Play the United States"
        " Against China?}, howpublished = {The National Interest}, year = {2025}, url = {https://example.org/g}}\n"
        "@misc{nato2014wales, author = {{NATO}}, title = {Wales Summit Declaration}, year = {2014}}\n"
        "@book{ab2020, author = {Able, Ann and Baker, Bo}, title = {Two}, publisher = {P}, year = {2020}}\n",
        encoding="utf-8",
    )
    works = notebooks.bibliography(bib)
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "As {cite:t}`graham2025couldputin` argues {cite:p}`nato2014wales,ab2020`; see {numref}`fig-a`,"
            " {numref}`Figure %s <fig-a>` and {numref}`fig-other`; {cite:p}`unknown2000` stays."
        ),
        nbformat.v4.new_code_cell("x = '{cite:p}`nato2014wales`'"),
        nbformat.v4.new_markdown_cell(
            "See {ref}`ch-b`, {ref}`the start <ch-b>`, {doc}`../intro` and {ref}`here`."
        ),
    ]
    nb.cells[1].outputs = [
        nbformat.v4.new_output("display_data", {"text/markdown": "Caption, after {cite:p}`nato2014wales`."})
    ]
    elsewhere = {"ch-b": "Chapter B", "../intro": "Introduction"}
    out = notebooks.readable_references(nb, works, {"fig-a": "Fig. 2"}, elsewhere)
    assert out.cells[2].source == "See “Chapter B”, the start, “Introduction” and {ref}`here`."
    assert out.cells[1].outputs[0]["data"]["text/markdown"] == "Caption, after [NATO, 2014]."
    assert out.cells[0].source == (
        "As Graham [2025] argues [Able and Baker, 2020, NATO, 2014]; see Fig. 2, Figure 2 and"
        " {numref}`fig-other`; {cite:p}`unknown2000` stays."
    )
    assert out.cells[1].source == "x = '{cite:p}`nato2014wales`'"  # code is left alone
    assert out.cells[-1].source.splitlines() == [
        "## References",
        "",
        "- Able, Ann; Baker, Bo (2020). *Two*. P.",
        "- Graham, Thomas (2025). *Could Putin Play the United States Against China?* The National Interest."
        " <https://example.org/g>",
        "- NATO (2014). *Wales Summit Declaration*.",
    ]
    again = notebooks.readable_references(
        out, works, {"fig-a": "Fig. 2"}, elsewhere
    )  # pages are written twice
    assert [c.source for c in again.cells] == [c.source for c in out.cells]


def test_a_downloaded_notebook_names_python_without_its_patch_release(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(CHAPTER, encoding="utf-8")
    target = notebooks.write_student_notebook(path, tmp_path / "chapter.ipynb")
    nb = json.loads(target.read_text(encoding="utf-8"))
    nb["metadata"]["language_info"] = {
        "name": "python",
        "version": "3.11.7",
    }  # as a build's kernel records it
    target.write_text(json.dumps(nb), encoding="utf-8")
    notebooks.prepare_download(target, "book/articles/reverse-kissinger.md", REPO)
    got = json.loads(target.read_text(encoding="utf-8"))["metadata"]["language_info"]
    assert got == {"name": "python", "version": "3.11"}


def test_every_downloaded_notebook_of_the_site_names_python_without_its_patch_release(built_site):
    """An executed chapter carries its kernel's version; a patch release there marks it modified on open."""
    found = sorted((built_site / "_sources").rglob("*.ipynb"))
    assert found, "the build offers no notebook downloads"
    for path in found:
        version = (
            json.loads(path.read_text(encoding="utf-8"))["metadata"].get("language_info", {}).get("version")
        )
        assert version is None or re.fullmatch(r"\d+\.\d+", str(version)), f"{path}: language_info {version}"
