"""The audit of the annotations: the book's own factual statements, checked like the ledger.

The dataset ``annotation_audit`` (``data/audit/annotation_audit.csv``) holds one row per factual
statement of the book's own prose (chapters, methods chapters, introduction) that was checked
against a source: the statement as it stood, its chapter, the source, the result and the
correction it led to. A result is ``confirmed`` or one of :data:`ERRORS`: ``wrong`` (the source
says otherwise), ``overstated`` (goes further than the source, or compares unlike measures) or
``inconsistent`` (contradicts another part of the book).

The audit page shows the whole table (:func:`table`); the fact-check page shows the errors found
(:func:`errors`) and the error rate (:func:`figures`); the
bibliography shows how the sources divide by reliability class (:func:`reliability_table`).
"""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
from IPython.display import HTML

from companion import data

#: Results of a check, in the order the tables show them.
RESULTS: tuple[str, ...] = ("confirmed", "wrong", "overstated", "inconsistent")

#: Results that count as errors of the book's prose.
ERRORS: tuple[str, ...] = ("wrong", "overstated", "inconsistent")

#: Reliability classes of the sources, most direct first (the enum of ``sources.reliability``).
RELIABILITY_CLASSES: tuple[str, ...] = (
    "primary document",
    "major outlet",
    "specialist outlet",
    "reference work",
    "secondary or aggregator",
)

CORRECTIONS_PAGE = "../reference/corrections.html"

#: The caption of the whole audit table (the audit page); a selection of rows passes its own.
ALL_CHECKS = "Factual statements of the book's own prose, checked"


def audit(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Return the audit table (validated), in the order the checks are listed."""
    return data.load("annotation_audit", data_dir).reset_index(drop=True)


def by_chapter(rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return, per chapter, the statements checked, the errors found and corrected, and the error rate."""
    rows = audit() if rows is None else rows
    is_error = rows["result"].isin(ERRORS)
    fixed = is_error & rows["correction_id"].fillna("").astype(str).ne("")
    out = pd.DataFrame(
        {
            "checked": rows.groupby("chapter").size(),
            "errors": is_error.groupby(rows["chapter"]).sum(),
            "corrected": fixed.groupby(rows["chapter"]).sum(),
        }
    ).astype(int)
    out["error_rate_pct"] = (100 * out["errors"] / out["checked"]).round(1)
    return out.reset_index()


def figures(rows: pd.DataFrame | None = None) -> dict[str, int | str]:
    """Return the audit's headline figures for the prose (counts, and the error rate to one decimal)."""
    rows = audit() if rows is None else rows
    is_error = rows["result"].isin(ERRORS)
    fixed = is_error & rows["correction_id"].fillna("").astype(str).ne("")
    n = len(rows)
    return {
        "checked": n,
        "chapters": int(rows["chapter"].nunique()),
        "errors": int(is_error.sum()),
        "corrected": int(fixed.sum()),
        "pending": int((is_error & ~fixed).sum()),
        "error_rate": format(100 * float(is_error.sum()) / n, ".1f") if n else "0.0",
        "searched": int((rows["basis"] == "searched on this reading").sum()),
    }


def _sources() -> dict[str, dict[str, object]]:
    """Return the sources dataset keyed by source id."""
    return {str(r["source_id"]): r for r in data.load("sources").to_dict("records")}


def _cell(value: object) -> str:
    """Return a cell's text, escaped; empty for a missing value."""
    return "" if value is None or (isinstance(value, float) and pd.isna(value)) else html.escape(str(value))


def _source_cell(source_id: str, sources: dict[str, dict[str, object]]) -> str:
    src = sources.get(source_id)
    if src is None:
        return html.escape(source_id)
    label = html.escape(str(src["publisher"]))
    if source_id.startswith("article-"):  # the statement is about an article: the text as received settles it
        label = f"The article as received, “{html.escape(str(src['title']))}”"
    url = src.get("url")
    if isinstance(url, str) and url:
        label = f'<a href="{html.escape(url, quote=True)}">{label}</a>'
    return f'{label} <span class="source-class">({html.escape(str(src["reliability"]))})</span>'


def errors(rows: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the checks that found an error (wrong, overstated or inconsistent), in the audit's order."""
    rows = audit() if rows is None else rows
    return rows[rows["result"].isin(ERRORS)].reset_index(drop=True)


def table_html(rows: pd.DataFrame | None = None, caption: str = ALL_CHECKS) -> str:
    """Return the audit as an HTML table: statement, chapter, result, source (with its class), correction."""
    rows = audit() if rows is None else rows
    sources = _sources()
    body = []
    for r in rows.to_dict("records"):
        fix = _cell(r.get("correction_id"))
        fix_cell = f'<a href="{CORRECTIONS_PAGE}#correction-{fix}">{fix}</a>' if fix else "—"
        body.append(
            f'<tr id="audit-{_cell(r["audit_id"])}"><td>{_cell(r["statement"])}</td>'
            f"<td><code>{_cell(str(r['chapter']).removeprefix('book/'))}</code></td>"
            f"<td>{_cell(r['kind'])}</td><td>{_cell(r['result'])}</td>"
            f"<td>{_source_cell(str(r['source_id']), sources)}<br>{_cell(r['basis'])}</td>"
            f"<td>{fix_cell}</td><td>{_cell(r['checked'].date() if hasattr(r['checked'], 'date') else r['checked'])}</td>"
            f"<td>{_cell(r.get('note'))}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in ("Statement", "Chapter", "Kind", "Result", "Source", "Correction", "Checked", "Note")
    )
    table = (
        '<table class="claims-ledger" id="annotation-audit">'
        f"<caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"
    )
    return (
        '<div class="claims-scroll" role="region" tabindex="0" aria-label="Audit of the annotations">'
        f"{table}</div>"
    )


def table(rows: pd.DataFrame | None = None, caption: str = ALL_CHECKS) -> HTML:
    """Return the audit table for display in a chapter."""
    return HTML(table_html(rows, caption))


def reliability_counts() -> pd.DataFrame:
    """Return, per reliability class, the number of sources, ledger rows and audit checks resting on it."""
    sources = data.load("sources")
    claims = data.load("claims")
    checks = audit()
    cls = sources.set_index("source_id")["reliability"]

    def count(ids: pd.Series) -> pd.Series:
        return ids.dropna().map(cls).value_counts()

    out = pd.DataFrame(
        {
            "sources": sources["reliability"].value_counts(),
            "ledger_rows": count(claims["source_id"]),
            "audit_checks": count(checks["source_id"]),
        }
    )
    return (
        out.reindex(list(RELIABILITY_CLASSES)).fillna(0).astype(int).rename_axis("reliability").reset_index()
    )


def reliability_table() -> HTML:
    """Return the reliability counts as an HTML table."""
    counts = reliability_counts()
    head = "".join(
        f'<th scope="col">{h}</th>'
        for h in (
            "Reliability class",
            "Sources",
            "Ledger verdicts resting on it",
            "Audit checks resting on it",
        )
    )
    body = "".join(
        f"<tr><td>{_cell(r.reliability)}</td><td>{r.sources}</td><td>{r.ledger_rows}</td><td>{r.audit_checks}</td></tr>"
        for r in counts.itertuples()
    )
    return HTML(
        '<table class="claims-ledger"><caption>Sources by reliability class</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    )
