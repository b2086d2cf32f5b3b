"""Derive data/trade/china_russia_trade.csv from the press-compiled table of China Customs figures.

Usage::

    python scripts/derive_trade.py RAW_CSV [--customs PATH] [--out PATH]

RAW_CSV is the hand-compiled table ``gacc_china_russia_trade_annual_from_news.csv`` (one row
per year or sub-period, each citing the news page that reported the figure). The curated table
keeps the full-year rows only, renames the columns to the book's contract, maps each row's page
URL to its ``source_id`` in ``data/sources.csv`` and classifies the basis of each total:

* ``gacc``: a China Customs (GACC) figure as reported by the press;
* ``gacc-lower-bound``: GACC reported only as "exceeding" a round number (the value is a floor);
* ``not-gacc``: not a customs figure at all (e.g. a rounded number stated by a politician).

Nothing is computed: an export/import split that the source does not state stays empty.

``--customs`` (default ``scripts/inputs/gacc_trade_press_customs.csv``) is a small
hand-transcribed table of China Customs full-year figures found in a later press report for a
year where the compiled table has no customs figure (``year, total_usd_bn,
china_exports_to_russia_usd_bn, china_imports_from_russia_usd_bn, source_url, note``). It replaces
only a row whose basis is ``not-gacc``, never a customs figure; the row then cites the report
and its note names the figure it replaced.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from _curated import REPO, Option, run, schema_fields, source_ids_by_url

NAME = "china_russia_trade"
CUSTOMS_DEFAULT = REPO / "scripts" / "inputs" / "gacc_trade_press_customs.csv"
CUSTOMS_COLUMNS = [
    "year",
    "total_usd_bn",
    "china_exports_to_russia_usd_bn",
    "china_imports_from_russia_usd_bn",
    "source_url",
    "note",
]


def figure_basis(raw_basis: str) -> str:
    """Classify the raw table's free-text basis into one of the curated codes."""
    text = raw_basis.strip()
    if text.upper().startswith("NOT GACC"):
        return "not-gacc"
    if "exceeding" in text.lower():
        return "gacc-lower-bound"
    if text.startswith("GACC"):
        return "gacc"
    raise SystemExit(f"unrecognised figure_basis in the raw table: {raw_basis!r}")


def replace_with_customs(full: pd.DataFrame, customs_csv: Path, ids: dict[str, str]) -> dict[int, str]:
    """Put the later customs figures in place of ``full``'s non-customs rows; return, per year, what was replaced."""
    sup = pd.read_csv(customs_csv, dtype={"source_url": str})
    if list(sup.columns) != CUSTOMS_COLUMNS:
        raise SystemExit(f"{customs_csv}: expected columns {CUSTOMS_COLUMNS}, found {list(sup.columns)}")
    replaced: dict[int, str] = {}
    for line, srow in enumerate(sup.itertuples(index=False), start=2):
        if srow.source_url not in ids:
            raise SystemExit(
                f"{customs_csv}, line {line}: no row in data/sources.csv has the URL {srow.source_url}"
            )
        match = full.index[full["year"] == srow.year]
        if len(match) != 1:
            raise SystemExit(
                f"{customs_csv}, line {line}: the compiled table has no full-year row for {srow.year}"
            )
        i = match[0]
        if figure_basis(str(full.at[i, "figure_basis"])) != "not-gacc":
            raise SystemExit(
                f"{customs_csv}, line {line}: {srow.year} already has a customs figure in the compiled table"
            )
        old_url = str(full.at[i, "source_url"]).split()[0].rstrip(";,")
        who = (
            "stated by Vladimir Putin"
            if "putin" in str(full.at[i, "figure_basis"]).lower()
            else "not from customs"
        )
        replaced[int(srow.year)] = (
            f"It replaces the compiled table's rounded ${full.at[i, 'total_usd_bn']:g}bn {who}, "
            f"as reported by {full.at[i, 'source_publisher']} ({ids.get(old_url, old_url)}), which is not a customs figure."
            + (f" {srow.note}" if isinstance(srow.note, str) and srow.note else "")
        )
        full.at[i, "total_usd_bn"] = srow.total_usd_bn
        full.at[i, "china_exports_to_russia_usd_bn"] = srow.china_exports_to_russia_usd_bn
        full.at[i, "china_imports_from_russia_usd_bn"] = srow.china_imports_from_russia_usd_bn
        full.at[i, "source_url"] = srow.source_url
        full.at[i, "figure_basis"] = "GACC figure as reported (later report, scripts/inputs)"
    return replaced


def note(row: pd.Series, basis: str, replaced: str = "") -> str:
    """Write the curated note for one year from its basis and which figures are present."""
    parts = []
    if replaced:
        parts.append(f"Customs (GACC) figure from a later press report (scripts/inputs). {replaced}")
    stated_by_putin = "putin" in str(row["figure_basis"]).lower()
    if basis == "gacc-lower-bound":
        parts.append(
            f"Reported only as exceeding ${row['total_usd_bn']:g}bn: the total is a lower bound, "
            "not the exact customs figure."
        )
    if basis == "not-gacc":
        who = "stated by Vladimir Putin" if stated_by_putin else "from a non-customs source"
        parts.append(
            f"Not a customs figure: a rounded total of ${row['total_usd_bn']:g}bn {who}, as "
            f"reported by {row['source_publisher']}. The customs (GACC) total for this year was "
            "not found in the sources consulted."
        )
    if pd.isna(row["china_exports_to_russia_usd_bn"]) or pd.isna(row["china_imports_from_russia_usd_bn"]):
        parts.append("Export/import split not stated in the source consulted; left empty.")
    return " ".join(parts)


def derive(raw_csv: Path, customs_csv: Path = CUSTOMS_DEFAULT) -> pd.DataFrame:
    """Return the curated table derived from the raw press-compiled CSV and the later customs figures."""
    raw = pd.read_csv(raw_csv, dtype={"period": str, "figure_basis": str, "source_url": str})
    full = raw.loc[raw["period"] == "full_year"].sort_values("year").reset_index(drop=True)
    if full["year"].duplicated().any():
        raise SystemExit("the raw table has more than one full-year row for a year")
    ids = source_ids_by_url()
    replaced = replace_with_customs(full, customs_csv, ids)
    out = pd.DataFrame()
    out["year"] = full["year"].astype(int)
    out["exports_usd_bn"] = full["china_exports_to_russia_usd_bn"]
    out["imports_usd_bn"] = full["china_imports_from_russia_usd_bn"]
    out["total_usd_bn"] = full["total_usd_bn"]
    source_ids = []
    for url_field in full["source_url"]:
        url = url_field.split()[0].rstrip(";,")
        if url not in ids:
            raise SystemExit(f"no row in data/sources.csv has the URL {url}")
        source_ids.append(ids[url])
    out["source_id"] = source_ids
    bases = [figure_basis(b) for b in full["figure_basis"]]
    out["figure_basis"] = bases
    out["note"] = [
        note(row, basis, replaced.get(int(row["year"]), ""))
        for (_, row), basis in zip(full.iterrows(), bases, strict=True)
    ]
    return out[schema_fields(NAME)]


def main(argv: list[str] | None = None) -> int:
    """Derive the curated CSV from the publisher's file named on the command line; return the exit status."""
    return run(
        NAME,
        __doc__,
        derive,
        "gacc_china_russia_trade_annual_from_news.csv",
        options=(
            Option(
                "--customs",
                CUSTOMS_DEFAULT,
                "later press reports of customs figures for years the compiled table lacks",
            ),
        ),
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
