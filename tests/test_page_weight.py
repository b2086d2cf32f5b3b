"""The deterministic part of the speed targets (issue: every page fast on a phone).

Lighthouse's timings move with the machine's load, so they live in ``make bench``; what does
not move is tested here, on the session's build: what blocks a page's first paint and what a
first visit downloads (gzipped, as a static host serves it; see ``companion.bench.page_weight``).
"""

from __future__ import annotations

import pytest

from companion import bench

#: The one stylesheet a page may wait for, gzipped.
BLOCKING_BUDGET = 30_000
#: Every page: HTML, and first-load transfer (gzipped).
HTML_BUDGET = 300_000
TRANSFER_BUDGET = 500_000


@pytest.fixture(scope="module")
def weights(built_site):
    return bench.page_weights(built_site)


def test_every_page_is_measured(weights, built_site):
    assert "book/intro.html" in weights and "book/methods/fact-check.html" in weights
    assert "index.html" not in weights  # the root redirect stub
    assert len(weights) >= 15


def test_nothing_blocks_the_first_paint_but_one_small_stylesheet(weights):
    problems = []
    for page, w in weights.items():
        names = list(w["blocking"])
        if len(names) != 1 or not names[0].endswith(".css"):
            problems.append(f"{page}: blocking {names}")
        elif w["blocking_gzip_bytes"] > BLOCKING_BUDGET:
            problems.append(f"{page}: blocking stylesheet {w['blocking_gzip_bytes']} bytes gzipped")
    assert problems == []


#: The heaviest pages: the fact-check ledger (the whole ledger table) and the chapters with charts.
LEDGER = "book/methods/fact-check.html"


def test_every_page_is_light(weights, built_site):
    """HTML under the budget on every page, the ledger and the chart pages included."""
    charted = [
        p for p in weights if 'class="companion-chart"' in (built_site / p).read_text(encoding="utf-8")
    ]
    assert LEDGER in weights and len(charted) >= 5
    over = {page: w["html_bytes"] for page, w in weights.items() if w["html_bytes"] >= HTML_BUDGET}
    assert over == {}


def test_every_first_load_is_under_the_transfer_budget(weights):
    over = {
        page: w["transfer_gzip_bytes"]
        for page, w in weights.items()
        if w["transfer_gzip_bytes"] >= TRANSFER_BUDGET
    }
    assert over == {}


def test_the_measure_sees_a_blocking_script(tmp_path):
    """page_weight counts a head script without defer/async as blocking, and a deferred one not."""
    (tmp_path / "a.js").write_text("var a = 1;" * 100, encoding="utf-8")
    (tmp_path / "s.css").write_text("p{color:red}", encoding="utf-8")
    (tmp_path / "p.html").write_text(
        '<html><head><link rel="stylesheet" href="s.css"><link rel="stylesheet" href="s.css" media="print">'
        '<script src="a.js"></script><script defer src="a.js"></script></head><body></body></html>',
        encoding="utf-8",
    )
    w = bench.page_weight(tmp_path, "p.html")
    assert set(w["blocking"]) == {"a.js", "s.css"}
    assert w["transfer_gzip_bytes"] > w["html_gzip_bytes"]


def test_no_stylesheet_carries_the_launch_button_styles(built_site):
    """The interactive-code launch (thebe) is off: no page shows its button, no stylesheet styles it."""
    combined = sorted((built_site / "_static" / "styles").glob("book-*.css"))
    assert combined
    assert [css.name for css in combined if "thebe" in css.read_text(encoding="utf-8")] == []
    pages = [built_site / page for page in bench.site_pages(built_site)]
    assert not any("thebe-launch-button" in page.read_text(encoding="utf-8") for page in pages)
