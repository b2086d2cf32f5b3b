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
