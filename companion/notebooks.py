"""Chapter notebooks for students: the chapter as a notebook, with every solution taken out.

A chapter is a MyST Markdown notebook (jupytext). Its exercises are ``{exercise}`` directives,
each followed by a code cell for the answer; its solutions are ``{solution}`` directives (or a
``{solution-start}`` … ``{solution-end}`` pair). :func:`student_notebook` returns the notebook
with the solutions removed and everything else kept, so an instructor can hand it out;
:func:`write_student_notebook` writes it as ``.ipynb``. The book's build writes one beside each
chapter's executed notebook and offers it in the page's download menu.

Both downloads are then made to run and read outside the repository (:func:`prepare_download`):
a first cell installs the edition's wheel of the package and its data when ``companion`` is
missing (:func:`setup_cell_for`), and the roles only the book resolves are written as the page
shows them (:func:`readable_references`): citations as author–year text with the works cited
listed at the end, figure references as their numbers. The cell is added to the download, not
kept in the chapter: the book and JupyterLab on the repository always have the package, and the
wheel's address follows the edition and the site's address, which only the build knows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import nbformat

_FENCE = re.compile(r"^(?P<fence>`{3,}|:{3,})\s*\{(?P<name>[\w:-]+)\}")

#: Added at the top of every student notebook.
STUDENT_NOTE = (
    "**Student edition.** This is the chapter without the solutions to its exercises. "
    "Run all cells once, then answer each exercise in the cell under it."
)


def strip_solutions(markdown: str) -> str:
    """Return Markdown with every ``{solution}`` block and solution-start/end span removed."""
    lines = markdown.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        m = _FENCE.match(lines[i])
        if m and m.group("name") == "solution":
            fence = m.group("fence")
            i += 1
            while i < len(lines) and lines[i].rstrip() != fence:
                i += 1
            i += 1
            continue
        if m and m.group("name") == "solution-start":
            fence = m.group("fence")
            while i < len(lines) and not (
                (end := _FENCE.match(lines[i])) and end.group("name") == "solution-end"
            ):
                i += 1
            i += 1  # the solution-end line
            while i < len(lines) and lines[i].rstrip() != fence:
                i += 1
            i += 1
            continue
        out.append(lines[i])
        i += 1
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip("\n")


def student_notebook(path: str | Path) -> nbformat.NotebookNode:
    """Return the chapter at ``path`` as a notebook without its solutions and without outputs."""
    import jupytext

    nb = jupytext.read(Path(path))
    cells = []
    inside_gated = False
    for cell in nb.cells:
        source = cell.source
        if cell.cell_type == "markdown":
            starts = re.search(r"^(`{3,}|:{3,})\s*\{solution-start\}", source, re.M)
            ends = re.search(r"^(`{3,}|:{3,})\s*\{solution-end\}", source, re.M)
            if starts and not ends:
                inside_gated = True
                source = source[: starts.start()]
            elif ends and inside_gated:
                inside_gated = False
                source = source[source.index("\n", ends.end()) + 1 :] if "\n" in source[ends.end() :] else ""
            source = strip_solutions(source)
            if not source.strip():
                continue
        elif inside_gated:
            continue
        else:
            cell["outputs"] = []
            cell["execution_count"] = None
        cell.source = source
        cells.append(cell)
    first_code = next((i for i, c in enumerate(cells) if c.cell_type == "code"), 0)
    cells.insert(max(first_code, 1), nbformat.v4.new_markdown_cell(STUDENT_NOTE))
    nb.cells = cells
    nb.metadata.pop("jupytext", None)
    return nb


def write_student_notebook(path: str | Path, target: str | Path) -> Path:
    """Write the student notebook of the chapter at ``path`` to ``target`` (an .ipynb file)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(student_notebook(path), str(target))
    return target


# --------------------------------------------------------------------------------------
# Downloaded notebooks: a first cell that installs the book's package where it is missing
# --------------------------------------------------------------------------------------

#: Environment variable that overrides the wheel's address (a test serves it from 127.0.0.1).
WHEEL_URL_ENV = "SPHERES_WHEEL_URL"

#: Folder of the published site that holds the wheels (``<baseurl>wheels/<wheel>``).
WHEELS_PATH = "wheels"

_SETUP_CELL = """\
# Setup: installs the book's package and data (edition {edition}) when they are missing.
import importlib.util
import os

if importlib.util.find_spec("companion") is None:
    wheel = os.environ.get("{env}", "{wheel_url}")
    %pip install --quiet --retries 1 --timeout 30 {{wheel}}
    importlib.invalidate_caches()
if importlib.util.find_spec("companion") is None:
    raise ModuleNotFoundError(
        "This chapter needs the book's package, which could not be installed here: "
        "run it on Binder ({binder_url}) or clone {repository} and run `make lab`."
    )"""


def setup_cell_source(*, edition: str, wheel_url: str, binder_url: str, repository: str) -> str:
    """The first cell of a downloaded chapter: install the edition's wheel when ``companion`` is missing."""
    return _SETUP_CELL.format(
        edition=edition, env=WHEEL_URL_ENV, wheel_url=wheel_url, binder_url=binder_url, repository=repository
    )


def with_setup_cell(nb: nbformat.NotebookNode, source: str) -> nbformat.NotebookNode:
    """Put the setup cell ``source`` first among ``nb``'s code cells (after the title), once."""
    if any(c.cell_type == "code" and c.source == source for c in nb.cells):
        return nb
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["setup"]
    first_code = next((i for i, c in enumerate(nb.cells) if c.cell_type == "code"), len(nb.cells))
    nb.cells.insert(first_code, cell)
    return nb


def wheel_name(edition: str) -> str:
    """The file name of the edition's wheel (``scripts/build_wheel.py`` writes it)."""
    return f"spheres_of_influence-{edition}-py3-none-any.whl"


def setup_cell_for(chapter: str, root: str | Path) -> str:
    """The setup cell of the chapter file ``chapter`` (such as ``book/intro.md``) of the book at ``root``.

    The wheel's address is the published site's (``html.baseurl`` in ``_config.yml``) plus
    ``wheels/`` and the edition's wheel; the Binder link opens the chapter as the page's launch
    button does (``launch_buttons``, ``repository``).
    """
    import yaml

    from companion import editions

    root = Path(root)
    config = yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8"))
    edition = editions.read(root)
    baseurl = str(config["html"]["baseurl"]).rstrip("/") + "/"
    repo = config["repository"]
    repository = str(repo["url"]).rstrip("/")
    owner_name = repository.split("github.com/", 1)[-1]
    binder = str(config["launch_buttons"]["binderhub_url"]).rstrip("/")
    binder_url = f"{binder}/v2/gh/{owner_name}/{repo.get('branch', 'main')}?urlpath=lab/tree/{chapter}"
    return setup_cell_source(
        edition=edition,
        wheel_url=f"{baseurl}{WHEELS_PATH}/{wheel_name(edition)}",
        binder_url=binder_url,
        repository=repository,
    )


def without_patch_version(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return ``nb`` with ``language_info.version`` cut to major.minor, as the chapters' front matter gives it.

    The build's kernel records its full version (``3.11.7``); a notebook that keeps it is marked
    modified as soon as it opens on a Python with another patch release.
    """
    info = nb.metadata.get("language_info")
    version = str(info.get("version", "")) if info else ""
    if re.fullmatch(r"\d+\.\d+\.\S+", version):
        info["version"] = ".".join(version.split(".")[:2])
    return nb


def prepare_download(
    notebook: str | Path,
    chapter: str,
    root: str | Path,
    works: dict[str, Work] | None = None,
    figures: dict[str, str] | None = None,
    elsewhere: dict[str, str] | None = None,
) -> Path:
    """Rewrite the downloadable ``notebook`` of ``chapter`` to run and read outside the repository.

    It gets the setup cell first, and, given the book's ``works`` and ``figures`` (see
    :func:`readable_references`), its citations and figure references as text.
    """
    notebook = Path(notebook)
    nb = nbformat.read(str(notebook), as_version=4)
    nb = with_setup_cell(nb, setup_cell_for(chapter, root))
    nb = without_patch_version(nb)
    if works is not None:
        nb = readable_references(nb, works, figures or {}, elsewhere)
    nbformat.write(nb, str(notebook))
    return notebook


# --------------------------------------------------------------------------------------
# Downloaded notebooks: citations and figure references as text a notebook shows
# --------------------------------------------------------------------------------------

_CITE = re.compile(r"\{cite(?::(?P<kind>[pt]))?\}`(?P<keys>[^`]+)`")
_NUMREF = re.compile(r"\{numref\}`(?:(?P<text>[^`<]*?)\s*<)?(?P<label>[^`<>]+?)>?`")
_REF = re.compile(r"\{(?:ref|doc)\}`(?:(?P<text>[^`<]*?)\s*<)?(?P<label>[^`<>]+?)>?`")

#: Heading of the list of works cited, appended to a downloaded notebook that cites any.
REFERENCES_HEADING = "## References"


@dataclass(frozen=True)
class Work:
    """A work cited: who (authors or publishing body), when, and the reference line listed at the end."""

    who: str
    year: str
    reference: str


def _plain(text: str) -> str:
    return (
        re.sub(r"[{}]", "", text)
        .replace("---", "—")
        .replace("--", "–")
        .replace("``", "“")
        .replace("''", "”")
        .replace("`", "‘")
    )


def bibliography(bib_file: str | Path) -> dict[str, Work]:
    """The works of the BibTeX file ``bib_file``, by key, as author–year citations and reference lines."""
    from pybtex.database import parse_file  # type: ignore[import-untyped]

    works = {}
    for key, entry in parse_file(str(bib_file)).entries.items():
        fields = {k.lower(): _plain(v) for k, v in entry.fields.items()}
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        names = [_plain(" ".join(p.last_names) or str(p)) for p in people]
        if not names:  # as the site's author-year labels do: the title stands for the author
            who = fields.get("title", key)
        elif len(names) == 1:
            who = names[0]
        elif len(names) == 2:
            who = f"{names[0]} and {names[1]}"
        else:
            who = f"{names[0]} et al."
        year = fields.get("year", "n.d.")
        full = "; ".join(_plain(str(p)) for p in people) or who
        parts = [f"{full} ({year})", f"*{fields.get('title', key)}*"]
        parts += [fields[f] for f in ("journal", "booktitle", "howpublished", "publisher") if fields.get(f)]
        if fields.get("url"):
            parts.append(f"<{fields['url']}>")
        works[key] = Work(
            who=who,
            year=year,
            reference=" ".join((p if p.endswith(("?*", "!*", ">")) else p.rstrip(".") + ".") for p in parts),
        )
    return works


def citation_text(kind: str, keys: list[str], works: dict[str, Work]) -> str:
    """The text the site shows for a citation of ``keys`` (``kind`` "t" for ``{cite:t}``, else parenthetical).

    As the site's author-year style writes them: "NATO [2014]" and "[NATO, 2014, SIPRI, 2025]".
    """
    ordered = sorted(keys, key=lambda k: (works[k].who, works[k].year))
    if kind == "t":
        return ", ".join(f"{works[k].who} [{works[k].year}]" for k in ordered)
    return "[" + ", ".join(f"{works[k].who}, {works[k].year}" for k in ordered) + "]"


def readable_references(
    nb: nbformat.NotebookNode,
    works: dict[str, Work],
    figures: dict[str, str],
    elsewhere: dict[str, str] | None = None,
) -> nbformat.NotebookNode:
    """Write ``{cite}`` roles as "[Author, Year]" text, with the works cited listed at the end, and ``{numref}`` roles as "Fig. N".

    A notebook opened outside the book (JupyterLab's MyST renderer has no bibliography and knows no
    figure numbers; plain Markdown shows the roles as code) then reads as the page does: the
    citations as the site's author-year style writes them.
    ``figures`` maps a figure's label to the text its page shows for it (such as "Fig. 2");
    ``elsewhere`` maps the labels and documents of other pages to their titles, for ``{ref}`` and
    ``{doc}`` roles that point there (a notebook only resolves its own). Markdown outputs (a
    chart's caption) are rewritten too. Unknown keys and labels are left as they are.
    """
    elsewhere = elsewhere or {}
    cited: list[str] = []

    def cite(m: re.Match[str]) -> str:
        keys = [k.strip() for k in m.group("keys").split(",")]
        if any(k not in works for k in keys):
            return m.group(0)
        cited.extend(k for k in keys if k not in cited)
        return citation_text(m.group("kind") or "p", keys, works)

    def numref(m: re.Match[str]) -> str:
        label = m.group("label").strip()
        if label not in figures:
            return m.group(0)
        text = m.group("text")
        number = re.search(r"\d[\d.]*", figures[label])
        if text and "%s" in text and number:
            return text.replace("%s", number.group(0))
        return figures[label]

    def ref(m: re.Match[str]) -> str:
        target = m.group("label").strip()
        if target not in elsewhere:
            return m.group(0)
        return m.group("text") or f"“{elsewhere[target]}”"

    def readable(text: str) -> str:
        return _REF.sub(ref, _NUMREF.sub(numref, _CITE.sub(cite, text)))

    for cell in nb.cells:
        if cell.cell_type == "markdown" and not cell.source.startswith(REFERENCES_HEADING):
            cell.source = readable(cell.source)
        for output in cell.get("outputs", []):
            markdown = output.get("data", {}).get("text/markdown")
            if markdown is not None:
                output["data"]["text/markdown"] = readable("".join(markdown))
    nb.cells = [
        c for c in nb.cells if not (c.cell_type == "markdown" and c.source.startswith(REFERENCES_HEADING))
    ]
    if cited:
        lines = "\n".join(f"- {works[k].reference}" for k in sorted(cited, key=lambda k: works[k].reference))
        nb.cells.append(nbformat.v4.new_markdown_cell(f"{REFERENCES_HEADING}\n\n{lines}"))
    return nb
