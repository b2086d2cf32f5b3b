"""Where the five texts come from, as tables: each article as found, its original, its notes, and a reading list."""

from __future__ import annotations

import html

import pandas as pd
from IPython.display import HTML, Markdown

__all__ = ["articles_table", "notes_list", "reading_list"]

#: How the reading list names each kind of text.
KIND_PHRASES = {
    "original": "original text",
    "rewrite": "rewrite of another author's text",
    "translation": "translation",
}


def _cell(value: object, fallback: str = "not identified") -> str:
    """A cell as text: dates as YYYY-MM-DD, ``fallback`` when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return fallback
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _link(url: object, text: str) -> str:
    """``text`` (escaped) linked to ``url`` when there is one."""
    if not isinstance(url, str) or not url:
        return html.escape(text)
    return f'<a href="{html.escape(url, quote=True)}">{html.escape(text)}</a>'


def _original(a: pd.Series) -> str:
    """The original of an article as a table cell: outlet (linked), title and date, or a dash."""
    if not isinstance(a["original_outlet"], str):
        return "—"
    original = _link(a["original_url"], _cell(a["original_outlet"]))
    if isinstance(a["original_title"], str):
        original += f", “{html.escape(a['original_title'])}”"
    return original + f" ({_cell(a['original_date'], 'date not known')})"


def _date(a: pd.Series) -> str:
    """The date of an article as a table cell, with how it is known."""
    if isinstance(a["date"], pd.Timestamp) and not pd.isna(a["date"]):
        return f"<td>{html.escape(_cell(a['date']))}<br><small>{html.escape(_cell(a['date_basis'], ''))}</small></td>"
    return f"<td>{html.escape(_cell(a['date_basis'], 'not stated'))}</td>"


def articles_table(articles: pd.DataFrame) -> HTML:
    """The five articles as found: where, when and how that is known, byline, kind and original."""
    rows = []
    for aid, a in articles.set_index("id").iterrows():
        rows.append(
            f'<tr><th scope="row"><a href="../articles/{aid}.html">{html.escape(str(aid))}</a></th>'
            f"<td>{_link(a['url_as_found'], _cell(a['outlet_as_found']))}</td>"
            + _date(a)
            + f"<td>{html.escape(_cell(a['byline'], 'none'))}</td>"
            f"<td>{html.escape(a['kind'])}</td><td>{_original(a)}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ["Article", "Found at", "Date, and how it is known", "Byline", "Kind", "Original"]
    )
    return HTML(
        '<table class="claims-ledger"><caption>The five articles as found</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def notes_list(articles: pd.DataFrame) -> HTML:
    """Each article's title (linked to its chapter) and the note the articles table keeps on it."""
    notes = "".join(
        f'<dt><a href="../articles/{aid}.html">{html.escape(_cell(a["title"]))}</a> '
        f"({html.escape(str(aid))})</dt><dd>{html.escape(_cell(a['note'], ''))}</dd>"
        for aid, a in articles.set_index("id").iterrows()
    )
    return HTML(f"<dl>{notes}</dl>")


def reading_list(articles: pd.DataFrame) -> Markdown:
    """The articles as a Markdown list: title linked to its chapter, outlet, date, kind and length."""
    lines = []
    for row in articles.itertuples():
        where = row.outlet_as_found if isinstance(row.outlet_as_found, str) else "outlet not identified"
        when = row.date.strftime("%-d %B %Y") if pd.notna(row.date) else "undated"
        lines.append(
            f"- [{row.title}](articles/{row.id}.md): {where}, {when}; "
            f"{KIND_PHRASES.get(row.kind, row.kind)}, {row.words:,} words."
        )
    return Markdown("\n".join(lines))
