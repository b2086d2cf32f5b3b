"""`make check`'s linters really check: a planted unused import and a planted type error fail.

Each defect is written into a copy of a real module in a temporary folder and checked with the
repository's own configuration (pyproject.toml), so a loosened rule set fails these tests.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
MODULE = ROOT / "companion" / "text.py"


def run(tool: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(BIN / tool), *args], cwd=ROOT, capture_output=True, text=True)


def planted(tmp_path: Path, extra: str) -> Path:
    """A copy of companion/text.py with ``extra`` appended."""
    target = tmp_path / "planted.py"
    target.write_text(MODULE.read_text(encoding="utf-8") + "\n\n" + extra, encoding="utf-8")
    return target


def test_ruff_passes_the_module_as_committed(tmp_path):
    proc = run("ruff", "check", "--config", str(ROOT / "pyproject.toml"), str(planted(tmp_path, "")))
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ruff_reports_a_planted_unused_import(tmp_path):
    path = planted(tmp_path, "def _planted() -> None:\n    import decimal\n")
    proc = run("ruff", "check", "--config", str(ROOT / "pyproject.toml"), "--no-cache", str(path))
    assert proc.returncode == 1
    assert "F401" in proc.stdout and "decimal" in proc.stdout


def test_mypy_reports_a_planted_type_error(tmp_path):
    path = planted(tmp_path, 'def _planted() -> int:\n    return "one"\n')
    proc = run("mypy", "--config-file", str(ROOT / "pyproject.toml"), str(path))
    assert proc.returncode == 1
    assert "planted.py" in proc.stdout and "Incompatible return value type" in proc.stdout


def test_a_build_made_before_the_tests_is_reused(tmp_path):
    """BOOK_BUILD names a build kept by `make site`; its log and status are what the tests see."""
    from conftest import reuse_build

    with pytest.raises(pytest.fail.Exception, match="missing _build/html, build.log, build.rc"):
        reuse_build(tmp_path)
    (tmp_path / "_build" / "html").mkdir(parents=True)
    (tmp_path / "build.log").write_text("book/intro.md: Executed notebook\n", encoding="utf-8")
    (tmp_path / "build.rc").write_text("2\n", encoding="utf-8")
    build = reuse_build(tmp_path)
    assert (build.returncode, build.log, build.html) == (
        2,
        "book/intro.md: Executed notebook\n",
        tmp_path / "_build" / "html",
    )


# --------------------------------------------------------------------------------------
# The chapters' code (scripts/lint_chapters.py, run by `make check`)
# --------------------------------------------------------------------------------------

CHAPTER = ROOT / "book" / "articles" / "reverse-kissinger.md"


def planted_chapter(tmp_path: Path, line: str) -> tuple[Path, int]:
    """A copy of a chapter with ``line`` added as the first line of its last code cell; the line's number."""
    lines = CHAPTER.read_text(encoding="utf-8").splitlines(keepends=True)
    fences = [i for i, text in enumerate(lines) if text.startswith("```{code-cell}")]
    at = fences[-1] + 1
    while lines[at].startswith(":") or lines[at].strip() == "---":  # the cell's options
        if lines[at].strip() == "---":
            at = next(i for i in range(at + 1, len(lines)) if lines[i].strip() == "---")
        at += 1
    lines.insert(at, line + "\n")
    target = tmp_path / "book" / "articles" / CHAPTER.name
    target.parent.mkdir(parents=True)
    target.write_text("".join(lines), encoding="utf-8")
    return target, at + 1


def lint_chapters():
    """The chapter linter, scripts/lint_chapters.py, as a module."""
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        import lint_chapters
    finally:
        sys.path.remove(str(ROOT / "scripts"))
    return lint_chapters


def test_chapter_lint_passes_the_chapter_as_committed():
    assert lint_chapters().check([CHAPTER]) == []


def test_chapter_lint_reports_a_planted_unused_import_at_its_line(tmp_path):
    path, line = planted_chapter(tmp_path, "import decimal")
    found = lint_chapters().check([path], root=tmp_path)
    assert f"book/articles/{CHAPTER.name}:{line}:8: F401 `decimal` imported but unused" in found, found


def test_chapter_lint_reports_a_cell_not_formatted(tmp_path):
    path, line = planted_chapter(tmp_path, "planted=[1,2]")
    [found] = lint_chapters().check([path], root=tmp_path)
    assert found.startswith(f"book/articles/{CHAPTER.name}:{line}: the code cell is not formatted"), found
    assert "+planted = [1, 2]" in found


def test_chapter_fix_changes_only_the_cells_at_fault(tmp_path):
    path, _ = planted_chapter(tmp_path, "import decimal")
    assert lint_chapters().fix([path], root=tmp_path) == [path]
    assert path.read_text(encoding="utf-8") == CHAPTER.read_text(encoding="utf-8")


def test_chapter_lint_finds_chapters_but_not_checkpoints(tmp_path):
    cell = "```{code-cell} ipython3\nx = 1\n```\n"
    for rel in ("book/a.md", "book/part/b.md", "book/part/.ipynb_checkpoints/b-checkpoint.md"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_text(cell, encoding="utf-8")
    (tmp_path / "book" / "prose.md").write_text("# No code\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in lint_chapters().chapters(tmp_path)]
    assert found == ["book/a.md", "book/part/b.md"]
