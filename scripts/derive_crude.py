"""Derive data/trade/china_crude_imports_from_russia.csv from the press-compiled table of China Customs figures.

Usage::

    python scripts/derive_crude.py RAW_CSV [--out PATH]

RAW_CSV is the hand-compiled table ``gacc_china_crude_imports_from_russia_from_news.csv``: one
row per year or part-year, each citing the news page that reported China Customs (GACC) figures
for crude oil imported from Russia. Every row is kept, full years and part-years alike; the
``period`` column says which (``full_year``, ``Q1``, ``Jan-Jul``, ``Jan-Nov``), so a chart of annual
figures must select ``period == "full_year"``.

Columns are renamed to the book's contract. Russia's share of China's crude imports is taken
only where the source states it (the compiled table's note says "~N% of China's total crude
imports"); it is never computed. Figures given only in barrels a day or only in yuan go in
``volume_mbd`` and ``value_cny_bn`` and are not converted.
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pandas as pd

from _curated import resource_path, schema_fields, source_ids_by_url, write_csv

NAME = "china_crude_imports_from_russia"
URL_RE = re.compile(r"https?://[^\s;,]+")
SHARE_RE = re.compile(r"~?(\d+(?:\.\d+)?)% of China's total crude imports")
PERIOD_WORDS = {"Q1": "January–March", "Jan-Jul": "January–July", "Jan-Nov": "January–November"}


def note(row: pd.Series, ids: dict[str, str]) -> str:
    """Compose the curated note for one row from its period, basis and source quality."""
    parts = []
    if row["period"] != "full_year":
        parts.append(f"Part year only ({PERIOD_WORDS.get(row['period'], row['period'])} {row['year']}); not comparable with full years.")
    if pd.isna(row["russia_crude_mt"]) and pd.notna(row["russia_crude_mbd"]):
        parts.append("Volume reported only in barrels a day; not converted to tonnes.")
    if pd.isna(row["russia_crude_value_usd_bn"]) and pd.notna(row["russia_crude_value_cny_bn"]):
        parts.append("Value reported only in yuan; not converted to US dollars.")
    if SHARE_RE.search(str(row["china_total_crude_note"])):
        parts.append("The share is approximate ('about') as stated by the source.")
    if "low-quality" in str(row["source_publisher"]).lower():
        parts.append("Low-quality source (a blog citing GACC), not cross-checked.")
    urls = URL_RE.findall(f"{row['source_url']} {row['source_publisher']}")
    if len(urls) > 1:
        others = ", ".join(ids[u] for u in urls[1:])
        parts.append(f"Figures combined from several pages; the note of the compiled table also cites: {others}.")
    elif str(row["china_total_crude_note"]).strip():
        parts.append(f"Also reported by the same source: {row['china_total_crude_note']}.")
    return " ".join(parts)


def derive(raw_csv: Path) -> pd.DataFrame:
    """Return the curated table derived from the raw press-compiled CSV."""
    raw = pd.read_csv(raw_csv, dtype={"period": str, "source_url": str, "china_total_crude_note": str})
    raw["china_total_crude_note"] = raw["china_total_crude_note"].fillna("")
    if raw.duplicated(["year", "period"]).any():
        raise SystemExit("the raw table has more than one row for a year and period")
    ids = source_ids_by_url()
    out = pd.DataFrame()
    out["year"] = raw["year"].astype(int)
    out["period"] = raw["period"]
    out["volume_mt"] = raw["russia_crude_mt"]
    out["value_usd_bn"] = raw["russia_crude_value_usd_bn"]
    out["share_of_china_crude_imports_pct"] = [
        float(m.group(1)) if (m := SHARE_RE.search(text)) else None for text in raw["china_total_crude_note"]
    ]
    source_ids = []
    for url_field, publisher in zip(raw["source_url"], raw["source_publisher"], strict=True):
        urls = URL_RE.findall(f"{url_field} {publisher}")
        for url in urls:
            if url not in ids:
                raise SystemExit(f"no row in data/sources.csv has the URL {url}")
        source_ids.append(ids[urls[0]])
    out["source_id"] = source_ids
    out["volume_mbd"] = raw["russia_crude_mbd"]
    out["value_cny_bn"] = raw["russia_crude_value_cny_bn"]
    out["note"] = [note(row, ids) for _, row in raw.iterrows()]
    order = {"full_year": 0, "Q1": 1, "Jan-Jul": 2, "Jan-Nov": 3}
    out = out.sort_values(["year", "period"], key=lambda s: s.map(order).fillna(9) if s.name == "period" else s)
    return out[schema_fields(NAME)].reset_index(drop=True)


def main() -> None:
    """Parse the command line and rewrite the curated CSV."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("raw_csv", type=Path, help="gacc_china_crude_imports_from_russia_from_news.csv")
    parser.add_argument("--out", type=Path, default=None, help="output CSV (default: the path in datapackage.json)")
    args = parser.parse_args()
    write_csv(derive(args.raw_csv), args.out or resource_path(NAME))


if __name__ == "__main__":
    main()
