"""The "About this article" table and the list of dated events that open each article chapter."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

from companion import data
from companion import formatting as fmt

__all__ = ["shown", "about_rows", "about_table", "article_events", "events_list"]

ORIGINAL_NONE = "none identified (the text is recorded as an original)"


def shown(value: object) -> str:
    """Return a metadata value as plain text (dates as YYYY-MM-DD), or "not known" when it is missing."""
    return fmt.value_text(value, missing="not known")


def _with_basis(value: object, basis: object) -> str:
    """Return a value followed by the basis it rests on, in brackets, when a basis is recorded."""
    return shown(value) if shown(basis) == "not known" else f"{shown(value)} ({shown(basis)})"


def _article(article_id: str, articles: pd.DataFrame | None) -> pd.Series:
    """Return one row of the articles table, or raise naming the unknown id."""
    table = (data.load("articles") if articles is None else articles).set_index("id")
    if article_id not in table.index:
        raise KeyError(f"unknown article id {article_id!r}; known ids: {', '.join(table.index)}")
    return table.loc[article_id]


def about_rows(article_id: str, articles: pd.DataFrame | None = None) -> dict[str, str]:
    """Return the "About this article" rows (label to plain text) for one article."""
    art = _article(article_id, articles)
    get = art.get
    rows = {
        "Title": _with_basis(get("title"), get("title_basis")),
        "Outlet (as found)": shown(get("outlet_as_found")),
        "Address (as found)": shown(get("url_as_found")),
        "Date": _with_basis(get("date"), get("date_basis")),
        "Byline": shown(get("byline")),
        "Kind": shown(get("kind")),
    }
    if shown(get("kind")) == "original":
        rows["Original"] = ORIGINAL_NONE
    else:
        rows["Original"] = ", ".join(
            shown(get(c)) for c in ("original_title", "original_outlet", "original_date")
        )
        rows["Original address"] = shown(get("original_url"))
    rows["Note"] = shown(get("note"))
    return rows


def _cell(value: str) -> str:
    """Return one table cell's HTML: escaped text, a web address as a link."""
    escaped = html.escape(value)
    return f'<a href="{escaped}">{escaped}</a>' if value.startswith(("http://", "https://")) else escaped


def about_table(article_id: str, articles: pd.DataFrame | None = None) -> HTML:
    """Return the "About this article" table as HTML, with web addresses as links."""
    body = "".join(
        f'<tr><th scope="row">{html.escape(k)}</th><td>{_cell(v)}</td></tr>'
        for k, v in about_rows(article_id, articles).items()
    )
    return HTML(f'<table class="article-about">{body}</table>')


def article_events(article_id: str, events: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the rows of the events table that name ``article_id`` in their article_ids."""
    events = data.load("events") if events is None else events
    ids = events["article_ids"].fillna("").astype(str).str.split(";")
    return events[ids.apply(lambda row: article_id in [i.strip() for i in row])]


def events_list(article_id: str, events: pd.DataFrame | None = None) -> Markdown:
    """Return the events tied to one article as a Markdown list: date, title, description, source link."""
    mine = article_events(article_id, events)
    return Markdown(
        "\n".join(
            f"- **{shown(e.date)}** {e.title}. {e.description} ([source]({e.source_url}))"
            for e in mine.itertuples()
        )
    )
