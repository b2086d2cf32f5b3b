"""Derive data/economy/gdp.csv from the World Bank's GDP (current US$) series.

Usage::

    python scripts/derive_gdp.py GDP_CSV [--out PATH]

GDP_CSV is the World Bank indicator NY.GDP.MKTP.CD in long form with the columns
``Country Name, Country Code, Year, Value`` (value in US$), as packaged by the Datahub core
dataset ``datasets/gdp`` (``data/gdp.csv``). The script keeps the countries in :data:`ISO3`
and the years 1980–2023, and converts US$ to billions of US$ (÷ 1e9, rounded to 6 decimals,
i.e. to the nearest US$ 1,000). Years for which the World Bank has no figure have no row in
the source and none here (e.g. Russia before 1988).
"""

from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd

from _curated import resource_path, schema_fields, write_csv

NAME = "gdp"
SOURCE_ID = "worldbank-gdp"
FIRST_YEAR, LAST_YEAR = 1980, 2023

#: The economies the book compares: the SIPRI selection plus the world total.
ISO3 = ["USA", "CHN", "RUS", "WLD", "UKR", "DEU", "FRA", "GBR", "POL", "FIN", "IND", "JPN", "SAU"]


def derive(gdp_csv: Path) -> pd.DataFrame:
    """Return the curated GDP table derived from the World Bank long-form CSV."""
    raw = pd.read_csv(gdp_csv, dtype={"Country Name": str, "Country Code": str}, keep_default_na=False)
    expected = ["Country Name", "Country Code", "Year", "Value"]
    if list(raw.columns) != expected:
        raise SystemExit(f"expected columns {expected}, found {list(raw.columns)}")
    sel = raw.loc[raw["Country Code"].isin(ISO3) & raw["Year"].between(FIRST_YEAR, LAST_YEAR)].copy()
    missing = set(ISO3) - set(sel["Country Code"])
    if missing:
        raise SystemExit(f"no rows for {sorted(missing)} in {gdp_csv}")
    if sel.duplicated(["Country Code", "Year"]).any():
        raise SystemExit("the source has more than one row for a country and year")
    values = pd.to_numeric(sel["Value"], errors="raise")
    out = pd.DataFrame(
        {
            "iso3": sel["Country Code"],
            "country": sel["Country Name"],
            "year": sel["Year"].astype(int),
            "gdp_usd_bn": (values / 1e9).round(6),
            "source_id": SOURCE_ID,
        }
    )
    order = {code: i for i, code in enumerate(ISO3)}
    out = out.sort_values(["iso3", "year"], key=lambda s: s.map(order) if s.name == "iso3" else s)
    return out[schema_fields(NAME)].reset_index(drop=True)


def main() -> None:
    """Parse the command line and rewrite the curated CSV."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("gdp_csv", type=Path, help="World Bank NY.GDP.MKTP.CD long-form CSV")
    parser.add_argument("--out", type=Path, default=None, help="output CSV (default: the path in datapackage.json)")
    args = parser.parse_args()
    write_csv(derive(args.gdp_csv), args.out or resource_path(NAME))


if __name__ == "__main__":
    main()
