"""Derive data/defence/nato_defence_share.csv from a NATO table of defence spending as a share of GDP.

Usage::

    python scripts/derive_nato.py NATO_CSV [--headline PATH] [--out PATH]

NATO_CSV is a wide table with the columns ``Country, 2014, …, 2023, 2024e`` (one row per ally
plus the aggregates "NATO Europe and Canada" and "NATO Total"), values in percent of GDP. The
script reshapes it to one row per ally and year, marks years with an ``e`` suffix as NATO
estimates, adds ISO codes, and keeps every value as published (no rounding).

``--headline`` (default ``scripts/inputs/nato_2024e_headline_press.csv``) is the hand-transcribed
list of NATO's headline 2024 estimates from the June 2024 release, as reported by the press.
Those figures go in ``headline_share_of_gdp_pct`` for 2024, next to the reference table's
own value, and a note records where the two differ by more than 0.05 percentage points.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from _curated import REPO, Option, run, schema_fields, source_ids_by_url

NAME = "nato_defence_share"
SOURCE_ID = "nato-reference-table"
HEADLINE_DEFAULT = REPO / "scripts" / "inputs" / "nato_2024e_headline_press.csv"
HEADLINE_YEAR = 2024
TOLERANCE_PP = 0.05

#: NATO's names for the allies (as in the table) → ISO 3166-1 alpha-3; aggregates have none.
ISO3 = {
    "Albania": "ALB",
    "Belgium": "BEL",
    "Bulgaria": "BGR",
    "Canada": "CAN",
    "Croatia": "HRV",
    "Czechia": "CZE",
    "Denmark": "DNK",
    "Estonia": "EST",
    "Finland": "FIN",
    "France": "FRA",
    "Germany": "DEU",
    "Greece": "GRC",
    "Hungary": "HUN",
    "Italy": "ITA",
    "Latvia": "LVA",
    "Lithuania": "LTU",
    "Luxembourg": "LUX",
    "Montenegro": "MNE",
    "Netherlands": "NLD",
    "North Macedonia": "MKD",
    "Norway": "NOR",
    "Poland": "POL",
    "Portugal": "PRT",
    "Romania": "ROU",
    "Slovak Republic": "SVK",
    "Slovenia": "SVN",
    "Spain": "ESP",
    "Sweden": "SWE",
    "Türkiye": "TUR",
    "United Kingdom": "GBR",
    "United States": "USA",
}
AGGREGATES = {"NATO Europe and Canada", "NATO Total"}

#: Names used by the press list → NATO's names in the table.
PRESS_NAMES = {
    "USA": "United States",
    "Czech Republic": "Czechia",
    "Turkey": "Türkiye",
    "Slovakia": "Slovak Republic",
}


def derive(nato_csv: Path, headline_csv: Path = HEADLINE_DEFAULT) -> pd.DataFrame:
    """Return the curated long table derived from the NATO wide table and the headline list."""
    wide = pd.read_csv(nato_csv, dtype=str, keep_default_na=False, encoding="utf-8")
    if wide.columns[0] != "Country":
        raise SystemExit(f"{nato_csv}: first column must be 'Country'")
    unknown = set(wide["Country"]) - set(ISO3) - AGGREGATES
    if unknown:
        raise SystemExit(f"{nato_csv}: unknown allies {sorted(unknown)}; add them to ISO3")
    headline = pd.read_csv(headline_csv, dtype=str, keep_default_na=False, encoding="utf-8")
    headline["ally"] = headline["ally_as_printed"].map(lambda n: PRESS_NAMES.get(n, n))
    bad = set(headline["ally"]) - set(ISO3)
    if bad:
        raise SystemExit(f"{headline_csv}: names not matched to the table: {sorted(bad)}")
    ids = source_ids_by_url()
    headline_by_ally = {
        row.ally: (float(row.share_of_gdp_pct), ids[row.source_url]) for row in headline.itertuples()
    }
    rows = []
    for record in wide.itertuples(index=False):
        ally = record[0]
        for label, cell in zip(wide.columns[1:], record[1:], strict=True):
            label = str(label).strip()
            year = int(label.rstrip("e"))
            value = float(cell) if cell.strip() else None
            head_value, head_source = (
                headline_by_ally.get(ally, (None, None)) if year == HEADLINE_YEAR else (None, None)
            )
            note = ""
            if head_value is not None and value is not None and abs(head_value - value) > TOLERANCE_PP:
                note = (
                    f"NATO's headline estimate for {year} in the June 2024 release, as reported by the press, "
                    f"is {head_value:.2f} %; this table gives {value:.2f} %."
                )
            rows.append(
                {
                    "ally": ally,
                    "iso3": ISO3.get(ally, ""),
                    "year": year,
                    "share_of_gdp_pct": value,
                    "is_estimate": "true" if label.endswith("e") else "false",
                    "is_aggregate": "true" if ally in AGGREGATES else "false",
                    "source_id": SOURCE_ID,
                    "headline_share_of_gdp_pct": head_value,
                    "headline_source_id": head_source or "",
                    "note": note,
                }
            )
    out = pd.DataFrame(rows)
    return out[schema_fields(NAME)]


def main(argv: list[str] | None = None) -> int:
    """Derive the curated CSV from the publisher's file named on the command line; return the exit status."""
    return run(
        NAME,
        __doc__,
        derive,
        "wide NATO table: Country, 2014, …, 2024e",
        options=(Option("--headline", HEADLINE_DEFAULT, "press list of NATO's headline 2024 estimates"),),
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
