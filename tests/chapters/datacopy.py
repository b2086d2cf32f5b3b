"""Helpers for the chapters' values tests: a copy of the data to edit, and reading a guard's message.

A test module takes them with ``from datacopy import DataCopy, stopped_at`` (this folder is on
``sys.path`` while its tests run) and makes its copy with ``DataCopy.of(tmp_path)``.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path

from harness import Rows, read_csv_rows, rewrite_csv

ROOT = Path(__file__).resolve().parents[2]
GUARD = re.compile(
    r"^(?P<file>book/[\w/.-]+\.md):(?P<line>\d+)(?:, \d+)*: the statement \"(?P<statement>.+?)\""
)


def read(rel: str) -> Rows:
    """The rows of the repository's ``data/<rel>``, as strings (read with the csv module, not the package)."""
    return read_csv_rows(ROOT / "data" / rel)


class DataCopy:
    """A copy of the repository's data/ folder whose CSV files a test may edit."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def of(cls, tmp_path: Path) -> DataCopy:
        """A fresh copy of data/ (the articles' texts and the data package included) under ``tmp_path``."""
        folder = tmp_path / "data"
        shutil.copytree(ROOT / "data", folder)
        return cls(folder)

    def rows(self, rel: str) -> Rows:
        """The rows of ``data/<rel>`` in the copy, as strings."""
        return read_csv_rows(self.folder / rel)

    def edit(self, rel: str, change: Callable[[Rows], Rows]) -> None:
        """Rewrite ``data/<rel>`` in the copy: ``change`` gets the rows and returns the new rows."""
        rewrite_csv(self.folder / rel, change)


def stopped_at(error: BaseException, chapter: str) -> str:
    """The statement a guard stopped at, after checking that its message names ``chapter`` and a line holding it."""
    m = GUARD.match(str(error))
    assert m, f"not a guard message naming file and line: {error}"
    assert m["file"] == chapter, f"the guard names {m['file']}, not {chapter}"
    lines = (ROOT / chapter).read_text(encoding="utf-8").splitlines()
    first_words = m["statement"].split()[0]
    assert first_words in lines[int(m["line"]) - 1], f"{chapter}:{m['line']} does not hold {m['statement']!r}"
    return m["statement"]
