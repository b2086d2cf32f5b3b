"""Chapter notebooks for students: the chapter as a notebook, with every solution taken out.

A chapter is a MyST Markdown notebook (jupytext). Its exercises are ``{exercise}`` directives,
each followed by a code cell for the answer; its solutions are ``{solution}`` directives (or a
``{solution-start}`` … ``{solution-end}`` pair). :func:`student_notebook` returns the notebook
with the solutions removed and everything else kept, so an instructor can hand it out;
:func:`write_student_notebook` writes it as ``.ipynb``. The book's build writes one beside each
chapter's executed notebook and offers it in the page's download menu.
"""

from __future__ import annotations

import re
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
