"""Derive data/economy/gdp.csv from the World Bank's GDP (current US$) series.

Usage::

    python scripts/derive_gdp.py GDP_CSV [--out PATH]

GDP_CSV is the World Bank indicator NY.GDP.MKTP.CD in long form with the columns
``Country Name, Country Code, Year, Value`` (value in US$), as packaged by the Datahub core
dataset ``datasets/gdp`` (``data/gdp.csv``). The script keeps the countries in :data:`ISO3`
and the years 1980–2023, and converts US$ to billions of US$ (÷ 1e9, rounded to 6 decimals,
i.e. to the nearest US$ 1,000). Years for which the World Bank has no figure have no row in
the source and none here (e.g. Russia before 1988, Brazil before 1989).

The book ranks China by GDP among the economies in the table (in 1987, the year an article
names, and in the latest year). So that this rank is also China's rank among all economies the
World Bank series covers, the script refuses to write the table unless every economy (not a
regional or income aggregate) with a larger GDP than China in each of :data:`RANK_YEARS` is in
:data:`ISO3`. Economies the series does not cover (the USSR, for instance) cannot be checked.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

from _curated import run, schema_fields

NAME = "gdp"
SOURCE_ID = "worldbank-gdp"
FIRST_YEAR, LAST_YEAR = 1980, 2023

#: The economies the book compares: the SIPRI selection plus the world total, then the other
#: large economies needed to rank China by GDP (in 1987 and in the latest year) within the table.
#: New codes go at the end, so that the rows already in the CSV keep their order.
ISO3 = [
    "USA",
    "CHN",
    "RUS",
    "WLD",
    "UKR",
    "DEU",
    "FRA",
    "GBR",
    "POL",
    "FIN",
    "IND",
    "JPN",
    "SAU",
    "ITA",
    "CAN",
    "ESP",
    "BRA",
    "NLD",
    "KOR",
    "MEX",
    "AUS",
]


#: The years in which China's rank within the table must equal its rank in the whole series.
RANK_YEARS = (1987, LAST_YEAR)
RANKED = "CHN"

#: The World Bank's regional, income and lending-group aggregates in the file: not economies.
WB_AGGREGATES = frozenset(
    {
        "AFE",
        "AFW",
        "ARB",
        "CEB",
        "CSS",
        "EAP",
        "EAR",
        "EAS",
        "ECA",
        "ECS",
        "EMU",
        "EUU",
        "FCS",
        "HIC",
        "HPC",
        "IBD",
        "IBT",
        "IDA",
        "IDB",
        "IDX",
        "LAC",
        "LCN",
        "LDC",
        "LIC",
        "LMC",
        "LMY",
        "LTE",
        "MEA",
        "MIC",
        "MNA",
        "NAC",
        "OED",
        "OSS",
        "PRE",
        "PSS",
        "PST",
        "SAS",
        "SSA",
        "SSF",
        "SST",
        "TEA",
        "TEC",
        "TLA",
        "TMN",
        "TSA",
        "TSS",
        "UMC",
        "WLD",
    }
)


def check_rank_coverage(raw: pd.DataFrame, source: Path) -> None:
    """Stop unless every economy larger than :data:`RANKED` in each of :data:`RANK_YEARS` is kept."""
    for year in RANK_YEARS:
        rows = raw.loc[(raw["Year"] == year) & ~raw["Country Code"].isin(WB_AGGREGATES)]
        values = pd.to_numeric(rows["Value"], errors="raise")
        ranked = values[rows["Country Code"] == RANKED]
        if ranked.empty:
            raise SystemExit(f"{source}: no {year} value for {RANKED}, so its rank cannot be checked")
        larger = rows.loc[values > ranked.iloc[0]]
        left_out = larger.loc[~larger["Country Code"].isin(ISO3)]
        if not left_out.empty:
            names = ", ".join(
                f"{n} ({c})" for c, n in zip(left_out["Country Code"], left_out["Country Name"], strict=True)
            )
            raise SystemExit(
                f"{source}: in {year} these economies had a larger GDP than {RANKED} but are not in ISO3, "
                f"so the rank within the table would be wrong: {names}"
            )


def derive(gdp_csv: Path) -> pd.DataFrame:
    """Return the curated GDP table derived from the World Bank long-form CSV."""
    raw = pd.read_csv(gdp_csv, dtype={"Country Name": str, "Country Code": str}, keep_default_na=False)
    expected = ["Country Name", "Country Code", "Year", "Value"]
    if list(raw.columns) != expected:
        raise SystemExit(f"expected columns {expected}, found {list(raw.columns)}")
    check_rank_coverage(raw, gdp_csv)
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


def main(argv: list[str] | None = None) -> int:
    """Derive the curated CSV from the publisher's file named on the command line; return the exit status."""
    return run(
        NAME,
        __doc__,
        derive,
        "World Bank NY.GDP.MKTP.CD long-form CSV",
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
