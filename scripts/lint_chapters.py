"""Lint the chapters' code: ruff's checks and its format check on every code cell under ``book/``.

Usage::

    python scripts/lint_chapters.py [--fix] [FILE.md ...]

With no arguments every MyST file under ``book/`` that has a ``{code-cell}`` is checked (the
chapter template too). Each file is read with jupytext and written as a notebook into a
temporary folder; ruff then checks the notebooks with the project's configuration
(``pyproject.toml``: the rules of the package, plus the notebook allowances under
``per-file-ignores``) and checks that each cell is formatted as ``ruff format`` would format it.
Every finding is reported at the chapter file and line, as an editor shows them::

    book/articles/reverse-kissinger.md:160:1: F401 `re` imported but unused

``--fix`` applies ruff's safe fixes and its formatting to the code cells and writes the changed
cells back into the chapter files, leaving every other line as it was.

Exit status 0 when every cell passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import jupytext

ROOT = Path(__file__).resolve().parent.parent
RUFF = Path(sys.executable).with_name("ruff")
CONFIG = ROOT / "pyproject.toml"
FENCE = re.compile(r"^\s*(`{3,}|~{3,})\{code-cell\}")


@dataclass(frozen=True)
class Chapter:
    """A chapter and, for each notebook cell number (1-based, as ruff counts), its first source line."""

    path: Path
    first_lines: dict[int, int]


def chapters(root: Path = ROOT) -> list[Path]:
    """Every MyST file under ``root/book`` with at least one code cell, in path order."""
    return sorted(
        p
        for p in (root / "book").rglob("*.md")
        # hidden folders (JupyterLab's .ipynb_checkpoints) and builds are not chapters
        if not any(part.startswith(".") or part == "_build" for part in p.relative_to(root).parts)
        and "{code-cell}" in p.read_text(encoding="utf-8")
    )


def source_lines(text: str) -> list[int]:
    """Return the 1-based line where each code cell's source starts, in order (options skipped)."""
    lines = text.splitlines()
    starts: list[int] = []
    i = 0
    while i < len(lines):
        if FENCE.match(lines[i]):
            i += 1
            if i < len(lines) and lines[i].strip() == "---":  # a YAML block of options
                i += 1
                while i < len(lines) and lines[i].strip() != "---":
                    i += 1
                i += 1
            while i < len(lines) and lines[i].startswith(":") and not lines[i].startswith("::"):
                i += 1  # short-form options (:tags: [...])
            starts.append(i + 1)
        i += 1
    return starts


def to_notebook(path: Path, root: Path, target: Path) -> Chapter:
    """Write chapter ``path`` as the notebook ``target``; map its cells to the chapter's lines."""
    text = path.read_text(encoding="utf-8")
    notebook = jupytext.reads(text, fmt="md:myst")
    starts = iter(source_lines(text))
    first_lines = {
        number: next(starts, 0)
        for number, cell in enumerate(notebook.cells, start=1)
        if cell.cell_type == "code"
    }
    target.parent.mkdir(parents=True, exist_ok=True)
    jupytext.write(notebook, target, fmt="ipynb")
    return Chapter(path.relative_to(root) if path.is_relative_to(root) else path, first_lines)


def _notebooks(paths: list[Path], root: Path, out_dir: Path) -> dict[Path, tuple[Path, Chapter]]:
    """Write each chapter as a notebook in ``out_dir``; map each notebook to its chapter.

    The notebooks are numbered, not named after the chapters' folders: ``book`` is excluded from
    ruff's file discovery.
    """
    out: dict[Path, tuple[Path, Chapter]] = {}
    for number, path in enumerate(paths, start=1):
        target = (out_dir / "chapters" / f"{number:03d}-{path.stem}.ipynb").resolve()
        out[target] = (path.resolve(), to_notebook(path.resolve(), root, target))
    return out


def _ruff(*args: str, cwd: Path) -> str:
    """Run ruff with the project's configuration on the notebooks in ``cwd``; return its output."""
    proc = subprocess.run(
        [str(RUFF), *args, "--config", str(CONFIG), "--no-cache", "."],
        cwd=cwd,
        capture_output=True,
        text=True,
    )
    if proc.returncode not in (0, 1):  # 1: findings; anything else: ruff itself failed
        raise SystemExit(f"ruff {args[0]} failed to run:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def _line(chapter: Chapter, cell: int | None, row: int) -> int:
    start = chapter.first_lines.get(cell or 0, 0)
    return start + row - 1 if start else 0


def lint_findings(notebooks: dict[Path, Chapter], cwd: Path) -> list[str]:
    """Run ``ruff check`` on the notebooks; return one message per finding, at the chapter's line."""
    found = []
    for item in json.loads(_ruff("check", "--output-format", "json", cwd=cwd) or "[]"):
        chapter = notebooks[Path(item["filename"]).resolve()]
        loc = item["location"]
        line = _line(chapter, item.get("cell"), loc["row"])
        where = (
            f"{chapter.path}:{line}:{loc['column']}" if line else f"{chapter.path} (cell {item.get('cell')})"
        )
        found.append(f"{where}: {item['code']} {item['message']}")
    return found


def format_findings(notebooks: dict[Path, Chapter], cwd: Path) -> list[str]:
    """Run ``ruff format --check --diff``; return one message per cell that would be reformatted."""
    diff = _ruff("format", "--check", "--diff", cwd=cwd)
    found: list[str] = []
    header = re.compile(r"^\+\+\+ (?P<file>.+?\.ipynb):cell (?P<cell>\d+)$")
    current: tuple[Chapter, int] | None = None
    hunk: list[str] = []

    def flush() -> None:
        if current is not None and hunk:
            chapter, cell = current
            line = chapter.first_lines.get(cell, 0)
            found.append(
                f"{chapter.path}:{line}: the code cell is not formatted as `ruff format` would format it:\n"
                + "\n".join(hunk)
            )

    for text in diff.splitlines():
        match = header.match(text)
        if match:
            flush()
            current = (notebooks[(cwd / match["file"]).resolve()], int(match["cell"]))
            hunk = []
        elif text.startswith("--- "):
            continue
        elif current is not None and (text.startswith(("@@", "+", "-", " ")) or not text):
            hunk.append("    " + text)
    flush()
    return [f for f in found if "\n    @@" in f]


def fix(paths: list[Path], root: Path = ROOT, *, reformat: bool = True) -> list[Path]:
    """Apply ruff's safe fixes (and its formatting) to the code cells of ``paths``; return the files changed."""
    changed: list[Path] = []
    with tempfile.TemporaryDirectory(prefix="chapter-fix-") as tmp:
        out_dir = Path(tmp).resolve()
        converted = [
            (path, target, chapter) for target, (path, chapter) in _notebooks(paths, root, out_dir).items()
        ]
        _ruff("check", "--fix", "--quiet", cwd=out_dir)
        if reformat:
            _ruff("format", "--quiet", cwd=out_dir)
        for path, target, chapter in converted:
            text = path.read_text(encoding="utf-8")
            lines = text.splitlines(keepends=True)
            before = jupytext.reads(text, fmt="md:myst").cells
            after = jupytext.read(target).cells
            edits = []
            for number, (old, new) in enumerate(zip(before, after, strict=True), start=1):
                if old.cell_type != "code" or old.source == new.source:
                    continue
                start = chapter.first_lines[number] - 1
                old_lines = old.source.splitlines()
                if [ln.rstrip("\r\n") for ln in lines[start : start + len(old_lines)]] != old_lines:
                    raise SystemExit(
                        f"{chapter.path}:{start + 1}: the cell's lines could not be located; fix it by hand"
                    )
                edits.append((start, len(old_lines), [ln + "\n" for ln in new.source.splitlines()]))
            for start, count, new_lines in sorted(edits, reverse=True):
                lines[start : start + count] = new_lines
            if edits:
                path.write_text("".join(lines), encoding="utf-8")
                changed.append(path)
    return changed


def check(paths: list[Path], root: Path = ROOT) -> list[str]:
    """Lint and format-check the code cells of ``paths``; return the findings (empty when clean)."""
    with tempfile.TemporaryDirectory(prefix="chapter-lint-") as tmp:
        out_dir = Path(tmp).resolve()
        notebooks = {target: chapter for target, (_, chapter) in _notebooks(paths, root, out_dir).items()}
        return lint_findings(notebooks, out_dir) + format_findings(notebooks, out_dir)


def main(argv: list[str] | None = None) -> int:
    """Check the chapters named (default: all); print the findings; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "files", nargs="*", type=Path, help="chapter files (default: every chapter with code)"
    )
    parser.add_argument(
        "--fix", action="store_true", help="fix what ruff can fix and format the cells, in place"
    )
    args = parser.parse_args(argv)
    paths = [p.resolve() for p in args.files] or chapters()
    if args.fix:
        for path in fix(paths):
            print(f"fixed {path}")
    findings = check(paths)
    for finding in findings:
        print(finding)
    if findings:
        print(f"{len(findings)} problem(s) in the chapters' code.", file=sys.stderr)
        return 1
    print(f"The code of {len(paths)} chapters passes ruff's checks and format check.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
