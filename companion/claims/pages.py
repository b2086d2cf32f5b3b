"""The ledger's HTML tables: a chapter's claims, selected cases, and the Corrections log."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd
from IPython.display import HTML

from companion.claims.loading import (
    ARTICLE_ORDER,
    CORRECTIONS_PAGE,
    LEDGER_PAGE,
    _articles_by_id,
    _corrections_by_claim,
    _sources_by_id,
    corrections,
    ledger,
)
from companion.claims.review import claim_reviews, json_ld_script, review_graph
from companion.claims.verdicts import VERDICT_LABELS, VERDICTS
from companion.formatting import iso_date as _iso_date
from companion.formatting import text as _text


def _verdict_html(verdict: str) -> str:
    """The verdict's label; its glyph is drawn by the stylesheet (``.v-<verdict>::before``), unread."""
    label = VERDICT_LABELS.get(verdict, verdict)
    return f'<span class="claim-verdict v-{html.escape(verdict)}">{html.escape(label)}</span>'


def _source_html(source_id: str, sources: Mapping[str, Mapping[str, Any]]) -> str:
    if not source_id:
        return "—"
    parts = []
    for sid in (s.strip() for s in source_id.split(";")):
        src = sources.get(sid)
        if src is None:
            parts.append(html.escape(sid))
            continue
        label = html.escape(_text(src.get("publisher")) or sid)
        url = _text(src.get("url"))
        if url:
            label = f'<a href="{html.escape(url, quote=True)}">{label}</a>'
        reliability = _text(src.get("reliability"))
        if reliability:
            label += f" ({html.escape(reliability)})"
        parts.append(label)
    return "; ".join(parts)


def _value_html(value: str, unit: str) -> str:
    text = " ".join(p for p in (value, unit) if p)
    return html.escape(text) if text else "—"


def _scroll(table: str, label: str, extra_class: str = "") -> str:
    """Wrap a wide table in a keyboard-scrollable region."""
    classes = " ".join(c for c in ("claims-scroll", extra_class) if c)
    return (
        f'<div class="{classes}" role="region" tabindex="0" aria-label="{html.escape(label)}">{table}</div>'
    )


def _correction_links(fixes: Sequence[Mapping[str, Any]], page: str = CORRECTIONS_PAGE) -> str:
    """Return the 'corrected' note shown under a changed verdict (empty when there is none)."""
    if not fixes:
        return ""
    links = ", ".join(
        f'<a href="{page}#correction-{html.escape(_text(f["correction_id"]))}">'
        f"was {html.escape(VERDICT_LABELS.get(_text(f['old']), _text(f['old'])).lower())} "
        f"({html.escape(_iso_date(f['date']))})</a>"
        for f in fixes
    )
    return f'<br><span class="claim-corrected">Corrected: {links}</span>'


def ledger_table(
    claims: pd.DataFrame | None = None,
    *,
    caption: str = "Claims ledger",
    anchors: bool = True,
    show_article: bool = True,
    table_id: str = "claims-ledger",
    compact: bool = False,
    notes_only: bool = False,
    row_ids: bool | None = None,
    filterable: bool = False,
) -> str:
    """Return the ledger rows as an accessible HTML table (a string).

    ``compact`` drops method and source; ``notes_only`` replaces them with a column holding the
    note alone, leaving method, source and strongest case to the full ledger, to which each
    claim id links (the chapters' tables use it). ``anchors`` makes each claim id a link to its
    own row (else to the full ledger); ``row_ids`` (default: ``anchors``) gives each row its
    ``claim-<id>`` anchor. ``filterable`` gives each row the ``data-verdict`` that the Fact-check
    page's filter reads (with the article id in the first cell).
    """
    row_ids = anchors if row_ids is None else row_ids
    claims = ledger() if claims is None else claims
    sources = _sources_by_id()
    head = ["Claim", "Claimed", "Checked", "Verdict", "How it was checked", "Source"]
    if compact:
        head = head[:4]
    elif notes_only:
        head = head[:4] + ["Note"]
    if show_article:
        head.insert(0, "Article")
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    fixes = _corrections_by_claim()
    rows = []
    for r in claims.to_dict("records"):
        cid = _text(r["claim_id"])
        verdict = _text(r["verdict"])
        note = _text(r.get("note"))
        strongest_case = _text(r.get("strongest_case"))
        method = html.escape(_text(r.get("check_method")))
        if note:
            method += f'<br><span class="claim-note">Note: {html.escape(note)}</span>'
        if strongest_case:
            method += f"<br>Strongest case for the claim: {html.escape(strongest_case)}"
        target = "" if anchors else LEDGER_PAGE
        ident = f'<a href="{target}#claim-{html.escape(cid)}">{html.escape(cid)}</a>'
        row_attr = f' id="claim-{html.escape(cid)}"' if row_ids else ""
        cells = [
            f'<th scope="row"><blockquote>{html.escape(_text(r["quote"]))}</blockquote>{ident}</th>',
            f"<td>{_value_html(_text(r.get('claimed_value')), _text(r.get('claimed_unit')))}</td>",
            f"<td>{html.escape(_text(r.get('checked_value'))) or '—'}</td>",
            f"<td>{_verdict_html(verdict)}{_correction_links(fixes.get(cid, []))}</td>",
        ]
        if notes_only:
            cells.append(f"<td>{html.escape(note) or '—'}</td>")
        elif not compact:
            cells += [f"<td>{method}</td>", f"<td>{_source_html(_text(r.get('source_id')), sources)}</td>"]
        if show_article:
            cells.insert(0, f"<td>{html.escape(_text(r['article_id']))}</td>")
        if filterable:
            row_attr += f' data-verdict="{html.escape(verdict)}"'
        rows.append(f"<tr{row_attr}>{''.join(cells)}</tr>")
    return (
        f'<table class="claims-ledger" id="{html.escape(table_id)}">'
        f"<caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def claims_section(article_id: str) -> HTML:
    """Return one article's ledger rows as an HTML table plus their ClaimReview JSON-LD.

    This is the one page that publishes the rows' reviews (see :mod:`companion.claims.review`):
    each row carries its ``claim-<id>`` anchor, which the review's ``url`` names.
    """
    claims = ledger()
    if article_id not in set(_articles_by_id()):
        raise ValueError(f"unknown article id {article_id!r}; known ids: {', '.join(ARTICLE_ORDER)}")
    rows = claims[claims["article_id"] == article_id]
    if rows.empty:
        return HTML(f"<p>The ledger has no rows for {html.escape(article_id)} yet.</p>")
    counts = rows["verdict"].value_counts()
    summary = ", ".join(f"{VERDICT_LABELS[v].lower()}: {int(counts[v])}" for v in VERDICTS if v in counts)
    table = ledger_table(
        rows,
        caption=f"Claims checked in this article ({len(rows)}; {summary})",
        anchors=False,
        row_ids=True,
        show_article=False,
        table_id=f"claims-{article_id}",
        notes_only=True,
    )
    note = (
        f'<p class="claims-more">Each claim id links to its row in the full ledger on the '
        f'<a href="{LEDGER_PAGE}">Fact-check</a> page, which gives how it was checked, the '
        f"source and, for each negative verdict, the strongest case for the claim, and explains "
        f"the verdict scale. A verdict changed since the first edition links to the "
        f'<a href="{CORRECTIONS_PAGE}">Corrections</a> page.</p>'
    )
    return HTML(
        _scroll(table, "Claims checked in this article")
        + note
        + json_ld_script(review_graph(claim_reviews(rows, body=False), list(rows["article_id"])))
    )


def case_table(claim_ids: list[str], caption: str, table_id: str) -> HTML:
    """Return selected ledger rows, in the order given, as an HTML table linking to the full ledger."""
    claims = ledger().set_index("claim_id", drop=False)
    missing = [c for c in claim_ids if c not in claims.index]
    if missing:
        raise KeyError(f"no ledger rows for {', '.join(missing)}")
    rows = claims.loc[claim_ids]
    return HTML(
        ledger_table(rows, caption=caption, anchors=False, show_article=True, table_id=table_id, compact=True)
    )


_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")


def _role_text(match: re.Match[str]) -> str:
    role, body = match.group("role"), match.group("body")
    shown = re.sub(r"\s*<[^>]*>$", "", body).strip() or body
    if role.startswith("cite"):
        return "(" + ", ".join(k.strip() for k in body.split(",")) + ")"
    if role == "doc" and "<" not in body:
        return shown.rsplit("/", 1)[-1]
    return shown


def plain_myst(text: str) -> str:
    """Return MyST prose as plain text: roles become their text, emphasis marks are dropped."""
    text = _ROLE.sub(_role_text, text)
    return re.sub(r"(\*\*|\*|`)", "", text)


def corrections_table(frame: pd.DataFrame | None = None) -> HTML:
    """Return the corrections as an accessible HTML table, newest first, each row with an anchor."""
    frame = corrections() if frame is None else frame
    sources = _sources_by_id()
    claims = ledger().set_index("claim_id")
    head = ["Correction", "Date", "What changed", "Before", "After", "Why", "Source"]
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    rows = []
    for r in frame.sort_values(["date", "correction_id"], ascending=False, kind="stable").to_dict("records"):
        ident = html.escape(_text(r["correction_id"]))
        cid = _text(r.get("claim_id"))
        chapter = _text(r.get("chapter"))
        if cid:
            what = f'Verdict on claim <a href="{LEDGER_PAGE}#claim-{html.escape(cid)}">{html.escape(cid)}</a>'
            if cid in claims.index:
                what += f" ({html.escape(_text(claims.loc[cid, 'article_id']))})"
            old = _verdict_html(_text(r["old"]))
            new = _verdict_html(_text(r["new"]))
        else:
            target = chapter.removeprefix("book/")
            what = (
                f'Annotation in <a href="../{html.escape(target)}.html">{html.escape(chapter)}</a>'
                if chapter
                else "Annotation"
            )
            old = html.escape(plain_myst(_text(r["old"])))
            new = html.escape(plain_myst(_text(r["new"])))
        cells = [
            f'<th scope="row"><a class="correction-id" href="#correction-{ident}">{ident}</a></th>',
            f"<td>{html.escape(_iso_date(r['date']))}</td>",
            f"<td>{what}</td>",
            f"<td>{old}</td>",
            f"<td>{new}</td>",
            f"<td>{html.escape(_text(r['reason']))}</td>",
            f"<td>{_source_html(_text(r.get('source_id')), sources)}</td>",
        ]
        rows.append(
            f'<tr id="correction-{ident}" data-kind="{html.escape(_text(r["kind"]))}">{"".join(cells)}</tr>'
        )
    table = (
        f'<table class="claims-ledger" id="corrections-log">'
        f"<caption>Corrections since the first edition ({len(frame)})</caption>"
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return HTML(_scroll(table, "Corrections since the first edition"))
