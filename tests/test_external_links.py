"""scripts/check_external_links.py: finds every off-site link and reports the ones that fail.

Run against a local server (the tests never leave the machine).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
import check_external_links as links  # noqa: E402
from companion import serving  # noqa: E402


@pytest.fixture
def server(tmp_path):
    (tmp_path / "here.html").write_text("ok", encoding="utf-8")
    with serving.serve(tmp_path) as base:
        yield base.rstrip("/")


def test_broken_links_are_reported_with_where_they_are_cited(tmp_path, server):
    site = tmp_path / "site"
    (site / "book").mkdir(parents=True)
    (site / "book" / "a.html").write_text(
        f'<a href="{server}/here.html#x">ok</a> <a href="{server}/gone.html">gone</a> '
        '<a href="../intro.html">local</a>',
        encoding="utf-8",
    )
    sources = tmp_path / "sources.csv"
    sources.write_text(f"source_id,url\ns1,{server}/gone.html\ns2,\n", encoding="utf-8")
    cited = links.merge(links.site_links(site).items(), links.source_links(sources).items())
    assert set(cited) == {f"{server}/here.html", f"{server}/gone.html"}
    assert links.broken(cited) == [f"{server}/gone.html: HTTP 404 (cited in book/a.html, sources.csv:2)"]
    assert links.main([str(site), "--sources", str(sources)]) == 1
