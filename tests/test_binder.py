"""Binder test: every chapter runs as a plain notebook, as it would in JupyterLab on Binder.

Each MyST Markdown page with code cells is converted with jupytext and executed with nbclient
from its own folder, using only what ``requirements.txt`` installs.
"""

from __future__ import annotations

from pathlib import Path

import jupytext
import pytest
from nbclient import NotebookClient

from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = [doc for doc in toc_files(ROOT)
             if "{code-cell}" in (ROOT / f"{doc}.md").read_text(encoding="utf-8")]


def test_there_are_notebook_chapters():
    assert len(NOTEBOOKS) >= 1


@pytest.mark.parametrize("doc", NOTEBOOKS)
def test_chapter_executes_as_a_notebook(doc):
    path = ROOT / f"{doc}.md"
    nb = jupytext.read(path)
    client = NotebookClient(nb, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    errors = [o for c in nb.cells if c.cell_type == "code"
              for o in c.get("outputs", []) if o.get("output_type") == "error"]
    assert errors == []
