"""The data appendix's tables: the list of datasets, each dataset's columns and notes, and every source."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
from IPython.display import HTML, Markdown

from companion import data

__all__ = ["md_escape", "datasets_table", "dataset_details", "sources_table"]

_MYST_MARKUP = re.compile(r"([\\`*_{}\[\]<>()#+!|~^$:])")


def md_escape(text: object) -> str:
    """Backslash-escape characters that MyST would read as markup."""
    return _MYST_MARKUP.sub(r"\\\1", str(text))


def datasets_table(catalogue: pd.DataFrame) -> Markdown:
    """A MyST table of the datasets: title, name and download link, publisher, years, licence and rows."""
    rows = ["| Dataset | Publisher | Years | Licence | Rows |", "|---|---|---|---|--:|"]
    for entry in catalogue.itertuples():
        rows.append(
            f"| {md_escape(entry.title)}<br>`{entry.name}` {{download}}`CSV </{entry.path}>` "
            f"| {md_escape(entry.publisher)} | {md_escape(entry.coverage) or '—'} "
            f"| {md_escape(entry.licence)} | {entry.rows:,} |"
        )
    return Markdown("\n".join(rows))


def _details(name: str, data_dir: str | Path | None) -> str:
    """One dataset's description, columns and note, as an HTML details block."""
    meta = data.metadata(name, data_dir)
    columns = data.fields(name, data_dir).rename(columns=str.capitalize)
    columns["Required"] = columns["Required"].map({True: "yes", False: ""})
    parts = [
        f"<details class='chart-data'><summary><strong>{html.escape(meta['title'])}</strong> "
        f"(<code>{html.escape(name)}</code>)</summary>",
        f"<p>{html.escape(meta.get('description', ''))}</p>",
        columns.to_html(index=False, border=0, classes="chart-data-table", escape=True),
    ]
    if meta.get("note"):
        parts.append(f"<p><em>How the figures were obtained.</em> {html.escape(meta['note'])}</p>")
    for g in meta.get("guidelines", []):
        parts.append(
            f"<p><em>Guideline, not a row:</em> {html.escape(g['name'])}, "
            f"{g['share_of_gdp_pct']:g} % of GDP (agreed {g['agreed']}, "
            f"{html.escape(g['where'])}). {html.escape(g['description'])}</p>"
        )
    parts.append("</details>")
    return "\n".join(parts)


def dataset_details(names: list[str], data_dir: str | Path | None = None) -> HTML:
    """Each dataset's description, columns (type, unit, rules) and note, one collapsible block per dataset."""
    return HTML("\n".join(_details(name, data_dir) for name in names))


def _source_row(row: pd.Series) -> str:
    """One HTML table row for a source, its title linked to its address."""
    title = html.escape(row["title"])
    if isinstance(row["url"], str) and row["url"]:
        title = f"<a href='{html.escape(row['url'], quote=True)}'>{title}</a>"
    return (
        f"<tr><td><code>{html.escape(row['source_id'])}</code></td><td>{html.escape(row['publisher'])}</td>"
        f"<td>{title}</td><td>{html.escape(row['reliability'])}</td><td>{row['retrieved']:%Y-%m-%d}</td>"
        f"<td>{html.escape(row['licence'])}</td></tr>"
    )


def sources_table(sources: pd.DataFrame) -> HTML:
    """Every source (id, publisher, linked title, reliability class, retrieval date, licence) in one collapsible table."""
    body = "\n".join(_source_row(row) for _, row in sources.iterrows())
    return HTML(
        f"<details class='chart-data'><summary>Show all {len(sources)} sources</summary>\n"
        "<table class='chart-data-table'><thead><tr><th>source_id</th><th>Publisher</th><th>Title</th>"
        f"<th>Reliability</th><th>Retrieved</th><th>Licence</th></tr></thead><tbody>\n{body}\n</tbody></table></details>"
    )
