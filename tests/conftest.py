"""Shared fixtures: the repository root, and one strict, fully executed build of the book.

The build runs once per test session into a temporary folder with an empty execution cache,
so every notebook executes, as in CI. Tests that need the built HTML take ``built_site``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

# The browser and its flags: the ones the course reader prints with (one list for both).
from companion.reader import CHROMIUM, CHROMIUM_ARGS

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Build:
    """Result of one ``jupyter-book build`` run."""

    returncode: int
    log: str
    html: Path


def run_build(out: Path) -> Build:
    """Build the book strictly (warnings are errors) into ``out``; return code, log and HTML path."""
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(ROOT), "-W", "-n", "--keep-going", "--path-output", str(out)]
    env = dict(os.environ, PYTHONHASHSEED="0")
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, env=env)
    return Build(proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html")


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository root."""
    return ROOT


def reuse_build(folder: Path) -> Build:
    """A build made before the tests (CI builds once, with ``make site``): ``folder`` is the
    build's ``--path-output``, holding ``_build/html``, its log ``build.log`` and its exit status
    ``build.rc``."""
    missing = [name for name in ("_build/html", "build.log", "build.rc") if not (folder / name).exists()]
    if missing:
        pytest.fail(f"BOOK_BUILD={folder}: missing {', '.join(missing)}")
    return Build(
        int((folder / "build.rc").read_text().strip()),
        (folder / "build.log").read_text(encoding="utf-8"),
        folder / "_build" / "html",
    )


@pytest.fixture(scope="session")
def book_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """One strict, executing build of the whole book (fresh cache), or the one named by BOOK_BUILD."""
    if os.environ.get("BOOK_BUILD"):
        return reuse_build(Path(os.environ["BOOK_BUILD"]).resolve())
    return run_build(tmp_path_factory.mktemp("book"))


@pytest.fixture(scope="session")
def built_site(book_build: Build) -> Path:
    """Folder of the built HTML; fails the requesting test if the build failed."""
    if book_build.returncode != 0:
        tail = "\n".join(book_build.log.splitlines()[-60:])
        pytest.fail(f"the strict book build failed (exit {book_build.returncode}):\n{tail}")
    return book_build.html


#: Fixtures that make a test slow: it waits for the session's full executing build.
BUILD_FIXTURES = frozenset({"book_build", "built_site"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that uses the session build ``build``, so ``make check`` can leave it out."""
    for item in items:
        if BUILD_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.build)


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is required: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()
