"""The benchmark's own helpers: the one-cell edit leaves every chapter a valid notebook."""

from __future__ import annotations

import ast
from pathlib import Path

import jupytext
import pytest

from companion import bench
from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
CHAPTERS = [
    f"{name}.md"
    for name in toc_files(ROOT)
    if "{code-cell}" in (ROOT / f"{name}.md").read_text(encoding="utf-8")
] + ["book/_template/chapter.md"]


def test_chapters_with_code_are_found():
    assert len(CHAPTERS) > 5


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_one_cell_edit_keeps_the_chapter_a_notebook(chapter):
    """The edit lands as the first source line of the first code cell; header and other cells unchanged."""
    text = (ROOT / chapter).read_text(encoding="utf-8")
    before = jupytext.reads(text, fmt="md:myst")
    after = jupytext.reads(bench.edit_first_code_cell(text), fmt="md:myst")
    assert len(after.cells) == len(before.cells)
    first = next(i for i, c in enumerate(before.cells) if c.cell_type == "code")
    for i, (old, new) in enumerate(zip(before.cells, after.cells, strict=True)):
        assert new.cell_type == old.cell_type, f"{chapter}: cell {i}"
        assert new.metadata == old.metadata, f"{chapter}: cell {i} header changed"
        if i != first:
            assert new.source == old.source, f"{chapter}: cell {i} changed"
    edited = after.cells[first].source
    assert edited == bench.BENCH_EDIT + before.cells[first].source
    ast.parse(edited)


@pytest.mark.parametrize(
    "header",
    [
        "---\njupyter:\n  source_hidden: true\ntags: [remove-input]\n---\n",
        ":tags: [hide-input]\n",
        "",
    ],
    ids=["yaml", "options", "none"],
)
def test_one_cell_edit_goes_after_any_header(header):
    text = f"# T\n\n```{{code-cell}} ipython3\n{header}x = 1\n```\n"
    assert (
        bench.edit_first_code_cell(text, "# e\n")
        == f"# T\n\n```{{code-cell}} ipython3\n{header}# e\nx = 1\n```\n"
    )


def test_one_cell_edit_needs_a_code_cell():
    with pytest.raises(ValueError, match="code-cell"):
        bench.edit_first_code_cell("# no code\n")


def test_lighthouse_table_marks_each_page_against_the_targets():
    from companion import bench

    def page(score, lcp):
        return {
            "performance": score,
            "lcp_s": lcp,
            "fcp_s": 1.0,
            "tbt_ms": 120,
            "bytes": 90_000,
            "performance_range": [score, score],
            "runs": 3,
            "load": [2.0, 3.5],
        }

    table = bench.lighthouse_table(
        {"a.html": page(0.95, 2.0), "b.html": page(0.95, 2.6), "c.html": page(0.89, 1.0)}
    )
    rows = {line.split("|")[1].strip(): line for line in table.splitlines() if line.startswith("| `")}
    assert "| yes |" in rows["`a.html`"] and "| NO |" in rows["`b.html`"] and "| NO |" in rows["`c.html`"]
    assert "| 2.0–3.5 |" in rows["`a.html`"]
    assert "1 of 3 pages meet the target" in table
