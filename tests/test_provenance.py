"""companion.provenance: the tables of where the five texts come from."""

from __future__ import annotations

import pandas as pd

from companion import provenance


def articles(**changes: object) -> pd.DataFrame:
    row = {
        "id": "x-article",
        "title": "A <title>",
        "outlet_as_found": "example.org",
        "url_as_found": "https://example.org/a?b=1&c=2",
        "date": pd.Timestamp("2025-04-19"),
        "date_basis": "as printed",
        "byline": None,
        "kind": "rewrite",
        "original_outlet": "The National Interest",
        "original_url": "https://nationalinterest.org/x",
        "original_title": "Could Putin <b>",
        "original_date": pd.Timestamp("2025-04-14"),
        "note": "A & B",
        "words": 1234,
    }
    row.update(changes)
    return pd.DataFrame([row])


def test_articles_table_links_escapes_and_names_the_original():
    page = provenance.articles_table(articles()).data
    assert '<a href="../articles/x-article.html">x-article</a>' in page
    assert '<a href="https://example.org/a?b=1&amp;c=2">example.org</a>' in page
    assert "<td>2025-04-19<br><small>as printed</small></td>" in page
    assert "<td>none</td>" in page  # no byline
    assert "“Could Putin &lt;b&gt;” (2025-04-14)" in page


def test_articles_table_without_a_date_or_an_original():
    page = provenance.articles_table(
        articles(date=pd.NaT, date_basis=None, original_outlet=None, outlet_as_found=None, url_as_found=None)
    ).data
    assert "<td>not stated</td>" in page
    assert "<td>not identified</td>" in page and "<td>—</td>" in page


def test_notes_list_and_reading_list():
    assert "<dd>A &amp; B</dd>" in provenance.notes_list(articles()).data
    assert provenance.reading_list(articles()).data == (
        "- [A <title>](articles/x-article.md): example.org, 19 April 2025; "
        "rewrite of another author's text, 1,234 words."
    )
    assert (
        "outlet not identified, undated; original text"
        in provenance.reading_list(articles(outlet_as_found=None, date=pd.NaT, kind="original")).data
    )
