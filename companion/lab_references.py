"""Citations and figure references that read in JupyterLab, and back to the roles on saving.

JupyterLab's MyST renderer (jupyterlab-myst) has no bibliography and cannot number the figures
that the chapters' code draws, so it shows a ``{cite}`` or ``{numref}`` role as its raw key with
a "not found" marker. When a chapter is opened from the repository, :func:`readable_roles`
rewrites each role in its Markdown cells as a Markdown link that reads as the book's page does
and carries the role itself in the link's title (which the renderer does not show):

* ``{cite:p}`graham2025` `` becomes ``[\\[Graham, 2025\\]](#cite-graham2025 "cite:p graham2025")``;
  the link points to the work's entry in a "References" cell added at the end, so hovering it
  shows the full reference and clicking it scrolls there;
* ``{numref}`fig-go-russia` `` becomes ``[Fig. 2.4](#fig-go-russia "numref fig-go-russia")``,
  numbered as the book numbers it (:func:`figure_numbers`).

:func:`original_roles` turns every such link back into the exact role (whatever its text has
become) and drops the added cell, so opening and saving a chapter leaves the file byte for byte
as it was. Roles naming an unknown work or label are left as they are: the renderer's marker
then shows which one, as the strict book build does.
"""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import nbformat

from companion.notebooks import REFERENCES_HEADING, Work, bibliography, citation_text

#: Cell metadata that marks the list of works cited added on opening (dropped again on saving).
ADDED_CELL = "companion-added"

_ROLE = re.compile(r"\{(?P<name>cite(?::[pt])?|numref)\}`(?P<content>[^`]+)`")
_NUMREF_CONTENT = re.compile(r"^(?:(?P<text>[^<]*?)\s*<)?(?P<label>[^<>]+?)>?$")
#: A link written by :func:`readable_roles`: any text, a local target, the role in its title.
_LINK = re.compile(
    r"\[(?:[^\[\]\\]|\\.|\[[^\[\]]*\])*\]"
    r"\(#[^\s()\"]*\s+\"(?P<name>cite(?::[pt])?|numref) (?P<content>(?:[^\"\\]|\\.)+)\"\)"
)
_FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,}|:{3,})(?P<info>.*)$")
_ESCAPE = re.compile(r"([\\`*_\[\]<>$~|#])")


def _escape(text: str) -> str:
    return _ESCAPE.sub(r"\\\1", text)


def _title(name: str, content: str) -> str:
    return f'"{name} ' + content.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _untitle(content: str) -> str:
    return re.sub(r"\\(.)", r"\1", content)


def _prose_spans(markdown: str) -> list[tuple[int, int, bool]]:
    """Split ``markdown`` into (start, end, is_prose) spans; code blocks (not directives) are not prose."""
    spans: list[tuple[int, int, bool]] = []
    open_fences: list[tuple[str, bool]] = []  # (fence, is code) of each block still open, innermost last
    pos, start = 0, 0
    for line in markdown.splitlines(keepends=True):
        m = _FENCE.match(line.rstrip("\n"))
        in_code = bool(open_fences) and open_fences[-1][1]
        if m and open_fences and not m.group("info").strip():
            fence = open_fences[-1][0]
            closes = m.group("fence")[0] == fence[0] and len(m.group("fence")) >= len(fence)
        else:
            closes = False
        if closes:
            open_fences.pop()
            if in_code:
                spans.append((start, pos + len(line), False))
                start = pos + len(line)
        elif m and not in_code:
            code = m.group("fence")[0] != ":" and not m.group("info").lstrip().startswith("{")
            if code:
                spans.append((start, pos, True))
                start = pos
            open_fences.append((m.group("fence"), code))
        pos += len(line)
    spans.append((start, len(markdown), not (open_fences and open_fences[-1][1])))
    return [s for s in spans if s[0] < s[1]]


def readable_markdown(
    markdown: str, works: dict[str, Work], figures: dict[str, str], cited: list[str] | None = None
) -> str:
    """Rewrite the ``{cite}`` and ``{numref}`` roles of ``markdown`` as links that read (keys cited go into ``cited``)."""
    cited = [] if cited is None else cited

    def link(m: re.Match[str]) -> str:
        name, content = m.group("name"), m.group("content")
        if name == "numref":
            parts = _NUMREF_CONTENT.match(content.strip())
            label = parts.group("label").strip() if parts else ""
            if label not in figures:
                return m.group(0)
            text = (parts.group("text") or "").strip() if parts else ""
            number = re.search(r"\d[\d.]*", figures[label])
            if text and "%s" in text and number:
                shown = text.replace("%s", number.group(0))
            else:
                shown = text or figures[label]
            return f"[{_escape(shown)}](#{label} {_title(name, content)})"
        keys = [k.strip() for k in content.split(",")]
        if not all(keys) or any(k not in works for k in keys):
            return m.group(0)
        cited.extend(k for k in keys if k not in cited)
        shown = citation_text("t" if name == "cite:t" else "p", keys, works)
        return f"[{_escape(shown)}](#cite-{keys[0]} {_title(name, content)})"

    return "".join(
        _ROLE.sub(link, markdown[a:b]) if prose else markdown[a:b] for a, b, prose in _prose_spans(markdown)
    )


def original_markdown(markdown: str) -> str:
    """Turn every link :func:`readable_markdown` wrote back into the role it stands for."""
    return _LINK.sub(lambda m: "{%s}`%s`" % (m.group("name"), _untitle(m.group("content"))), markdown)


def _is_added(cell: Any) -> bool:
    return bool(cell.get("metadata", {}).get(ADDED_CELL))


def works_cited_cell(keys: list[str], works: dict[str, Work]) -> nbformat.NotebookNode:
    """The "References" cell added at the end: each work cited, labelled so that its citations link to it."""
    entries = "\n\n".join(
        f"(cite-{k})=\n{works[k].reference}" for k in sorted(keys, key=lambda k: works[k].reference)
    )
    source = (
        f"{REFERENCES_HEADING}\n\n"
        "*The works this chapter cites. JupyterLab shows this list on opening the chapter; "
        "it is not part of the file, and saving leaves it out.*\n\n" + entries
    )
    cell = nbformat.v4.new_markdown_cell(source)
    cell.pop("id", None)
    cell.metadata.update({ADDED_CELL: "works-cited", "editable": False, "deletable": False})
    return cell


def readable_roles(
    nb: nbformat.NotebookNode, works: dict[str, Work], figures: dict[str, str]
) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` whose Markdown cells' roles read as links, with the works cited added at the end."""
    nb = original_roles(nb)  # a copy; given a notebook shown already, the same result again
    cited: list[str] = []
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = readable_markdown(cell.source, works, figures, cited)
    if cited:
        cell = works_cited_cell(cited, works)
        if nb.get("nbformat_minor", 5) >= 5:
            cell["id"] = "companion-works-cited"
        nb.cells.append(cell)
    return nb


def original_roles(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Return a copy of ``nb`` with the roles back in its Markdown cells and the added cell dropped."""
    nb = copy.deepcopy(nb)
    nb.cells = [c for c in nb.cells if not _is_added(c)]
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            cell.source = original_markdown(cell.source)
    return nb


# --------------------------------------------------------------------------------------
# What the book knows: its works and its figures' numbers
# --------------------------------------------------------------------------------------

_SHOW = re.compile(r"\bshow\(")
_NAME = re.compile(r"""\bname\s*=\s*["'](?P<name>[^"']+)["']""")
_CODE_CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(?P<body>.*?)^```\s*$", re.M | re.S)


def book_root(path: Path) -> Path | None:
    """The folder of the book (with ``_toc.yml`` and ``_config.yml``) that holds ``path``, if any."""
    for folder in path.parents:
        if (folder / "_toc.yml").is_file() and (folder / "_config.yml").is_file():
            return folder
    return None


def _config(root: Path) -> dict[str, Any]:
    import yaml

    return yaml.safe_load((root / "_config.yml").read_text(encoding="utf-8")) or {}


def toc_documents(root: str | Path) -> list[tuple[str, int | None]]:
    """Every document of the book at ``root`` (``book/x/y``) in the table of contents' order, with its chapter number.

    As Jupyter Book numbers them: numbered parts count on from one another; the rest have None.
    """
    import yaml

    toc = yaml.safe_load((Path(root) / "_toc.yml").read_text(encoding="utf-8")) or {}
    documents: list[tuple[str, int | None]] = [(str(toc["root"]), None)] if "root" in toc else []
    count = 0

    def walk(entries: list[dict[str, Any]], numbered: bool) -> None:
        nonlocal count
        for entry in entries:
            if "file" in entry:
                count += numbered
                documents.append((str(entry["file"]), count if numbered else None))
            walk(entry.get("sections", []), False)  # sections are numbered within their chapter

    for part in toc.get("parts", []):
        walk(part.get("chapters", []), bool(part.get("numbered")))
    walk(toc.get("chapters", []), False)
    return documents


def figure_labels(markdown: str) -> list[str]:
    """The figure names that a chapter's code cells give ``charts.show``, in order."""
    labels = []
    for cell in _CODE_CELL.finditer(markdown):
        body = cell.group("body")
        for call in _SHOW.finditer(body):
            depth, end = 1, call.end()
            while end < len(body) and depth:  # the call's arguments, to its closing parenthesis
                depth += {"(": 1, ")": -1}.get(body[end], 0)
                end += 1
            arguments = body[call.end() : end]
            flat = arguments
            while (inner := re.sub(r"\([^()]*\)", "", flat)) != flat:  # drop nested calls
                flat = inner
            if m := _NAME.search(flat):  # the keyword of show() itself, not of a call inside it
                labels.append(m.group("name"))
    return labels


def figure_numbers(root: str | Path) -> dict[str, str]:
    """Each figure label of the book at ``root`` with the text ``{numref}`` shows for it on the site ("Fig. 2.4").

    The figures are the ``charts.show`` calls of each page's code cells, in order (:func:`figure_labels`).
    """
    root = Path(root)
    config = _config(root)
    fmt = str(
        ((config.get("sphinx") or {}).get("config") or {}).get("numfig_format", {}).get("figure", "Fig. %s")
    )
    figures: dict[str, str] = {}
    unnumbered = 0  # Sphinx counts the figures of unnumbered pages across the book: "Fig. 1", "Fig. 2"
    for doc, chapter in toc_documents(root):
        path = root / f"{doc}.md"
        for i, label in enumerate(
            figure_labels(path.read_text(encoding="utf-8")) if path.is_file() else [], 1
        ):
            if chapter is None:
                unnumbered += 1
                figures[label] = fmt % unnumbered
            else:
                figures[label] = fmt % f"{chapter}.{i}"
    return figures


def book_works(root: str | Path) -> dict[str, Work]:
    """Every work of the bibliography files that ``_config.yml`` names (``bibtex_bibfiles``)."""
    root = Path(root)
    works: dict[str, Work] = {}
    for bib in _config(root).get("bibtex_bibfiles", []):
        works.update(bibliography(root / bib))
    return works
