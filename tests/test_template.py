"""The chapter template (book/_template/chapter.md) stays usable and stays out of the book."""

from __future__ import annotations

import re
from pathlib import Path

import jupytext
import yaml

from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "book" / "_template" / "chapter.md"


def test_template_is_not_a_page_of_the_book():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "book/_template" in config["exclude_patterns"]
    assert not any(doc.startswith("book/_template") for doc in toc_files(ROOT))


def test_template_runs_and_defines_each_value_before_the_prose_uses_it():
    """Run the template's code cells in order; each {eval} name must exist when its cell is reached."""
    namespace: dict[str, object] = {}
    missing = []
    for cell in jupytext.read(TEMPLATE)["cells"]:
        if cell["cell_type"] == "code":
            exec(compile(cell["source"], str(TEMPLATE), "exec"), namespace)
        else:
            missing += [n for n in re.findall(r"\{eval\}`([\w.]+)`", cell["source"]) if n not in namespace]
    assert missing == []
