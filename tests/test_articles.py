"""Tests for companion.articles: the "About this article" table and the events list."""

from __future__ import annotations

import pandas as pd
import pytest

from companion import articles


def _frame(**overrides: object) -> pd.DataFrame:
    row = {
        "id": "a1",
        "title": "A title",
        "title_basis": "as printed",
        "outlet_as_found": "Outlet",
        "url_as_found": "https://example.org/a?x=1&y=2",
        "date": pd.Timestamp("2025-04-19"),
        "date_basis": "masthead",
        "byline": None,
        "kind": "original",
        "original_title": None,
        "original_url": None,
        "original_outlet": None,
        "original_date": None,
        "note": "  ",
    }
    row.update(overrides)
    return pd.DataFrame([row])


def test_shown_writes_dates_and_says_when_missing():
    assert articles.shown(pd.Timestamp("2026-02-24 13:00")) == "2026-02-24"
    for missing in (None, float("nan"), pd.NA, pd.NaT, "", "   "):
        assert articles.shown(missing) == "not known"
    assert articles.shown("x") == "x"


def test_about_rows_for_an_original():
    rows = articles.about_rows("a1", _frame())
    assert rows["Title"] == "A title (as printed)"
    assert rows["Date"] == "2025-04-19 (masthead)"
    assert rows["Byline"] == "not known"
    assert rows["Note"] == "not known"
    assert rows["Original"].startswith("none identified")
    assert "Original address" not in rows


def test_about_rows_for_a_translation_name_the_original():
    frame = _frame(
        kind="translation",
        original_title="Orig",
        original_outlet="BBC",
        original_date=pd.Timestamp("2025-03-10"),
        title_basis=None,
    )
    rows = articles.about_rows("a1", frame)
    assert rows["Title"] == "A title"
    assert rows["Original"] == "Orig, BBC, 2025-03-10"
    assert rows["Original address"] == "not known"


def test_about_table_escapes_text_and_links_addresses():
    page = articles.about_table("a1", _frame(note="<b>&</b>")).data
    assert page.count("<tr>") == len(articles.about_rows("a1", _frame()))
    assert '<a href="https://example.org/a?x=1&amp;y=2">' in page
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in page and "<b>" not in page


def test_about_table_rejects_unknown_id():
    with pytest.raises(KeyError, match="unknown article id 'nope'"):
        articles.about_rows("nope", _frame())


def test_events_list_keeps_only_the_articles_events_in_order():
    events = pd.DataFrame(
        {
            "date": [pd.Timestamp("2020-01-02"), pd.Timestamp("2021-05-06"), pd.Timestamp("2022-07-08")],
            "title": ["One", "Two", "Three"],
            "description": ["d1", "d2", "d3"],
            "article_ids": ["a1;b2", "b2", None],
            "source_url": ["u1", "u2", "u3"],
        }
    )
    assert list(articles.article_events("b2", events)["title"]) == ["One", "Two"]
    text = articles.events_list("a1", events).data
    assert text == "- **2020-01-02** One. d1 ([source](u1))"


def test_every_book_article_has_an_about_table():
    ids = articles.data.load("articles")["id"]
    for article_id in ids:
        rows = articles.about_rows(article_id)
        assert rows["Kind"] in {"original", "rewrite", "translation"}
