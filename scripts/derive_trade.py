"""Derive data/trade/china_russia_trade.csv from the press-compiled table of China Customs figures.

Usage::

    python scripts/derive_trade.py RAW_CSV [--out PATH]

RAW_CSV is the hand-compiled table ``gacc_china_russia_trade_annual_from_news.csv`` (one row
per year or sub-period, each citing the news page that reported the figure). The curated table
keeps the full-year rows only, renames the columns to the book's contract, maps each row's page
URL to its ``source_id`` in ``data/sources.csv`` and classifies the basis of each total:

* ``gacc``: a China Customs (GACC) figure as reported by the press;
* ``gacc-lower-bound``: GACC reported only as "exceeding" a round number (the value is a floor);
* ``not-gacc``: not a customs figure at all (e.g. a rounded number stated by a politician).

Nothing is computed: an export/import split that the source does not state stays empty.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from _curated import run, schema_fields, source_ids_by_url

NAME = "china_russia_trade"


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


def note(row: pd.Series, basis: str) -> str:
    """Write the curated note for one year from its basis and which figures are present."""
    parts = []
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


def derive(raw_csv: Path) -> pd.DataFrame:
    """Return the curated table derived from the raw press-compiled CSV."""
    raw = pd.read_csv(raw_csv, dtype={"period": str, "figure_basis": str, "source_url": str})
    full = raw.loc[raw["period"] == "full_year"].sort_values("year").reset_index(drop=True)
    if full["year"].duplicated().any():
        raise SystemExit("the raw table has more than one full-year row for a year")
    ids = source_ids_by_url()
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
    out["note"] = [note(row, basis) for (_, row), basis in zip(full.iterrows(), bases, strict=True)]
    return out[schema_fields(NAME)]


def main(argv: list[str] | None = None) -> int:
    """Derive the curated CSV from the publisher's file named on the command line; return the exit status."""
    return run(
        NAME,
        __doc__,
        derive,
        "gacc_china_russia_trade_annual_from_news.csv",
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
