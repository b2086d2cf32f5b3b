"""Derive data/trade/china_crude_imports_from_russia.csv from the press-compiled table of China Customs figures.

Usage::

    python scripts/derive_crude.py RAW_CSV [--supplement PATH] [--out PATH]

RAW_CSV is the hand-compiled table ``gacc_china_crude_imports_from_russia_from_news.csv``: one
row per year or part-year, each citing the news page that reported China Customs (GACC) figures
for crude oil imported from Russia. Every row is kept, full years and part-years alike; the
``period`` column says which (``full_year``, ``Q1``, ``Jan-Jul``, ``Jan-Nov``), so a chart of annual
figures must select ``period == "full_year"``.

Columns are renamed to the book's contract. Russia's share of China's crude imports is taken
only where the source states it (the compiled table's note says "~N% of China's total crude
imports"); it is never computed. Figures given only in barrels a day or only in yuan go in
``volume_mbd`` and ``value_cny_bn`` and are not converted.

``--supplement`` (default ``scripts/inputs/gacc_crude_press_supplement.csv``) is a small
hand-transcribed table of the same China Customs figures as given by a second press report
(``year, period, volume_mt, value_usd_bn, source_url``). It fills a cell only where the compiled
table has none, and then names that report in ``supplement_source_id`` and says in ``note`` which
cells it filled. Where both give a figure and they differ, the compiled table's figure is kept
and the note records the other one.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from _curated import REPO, Option, run, schema_fields, source_ids_by_url

NAME = "china_crude_imports_from_russia"
SUPPLEMENT_DEFAULT = REPO / "scripts" / "inputs" / "gacc_crude_press_supplement.csv"
#: Curated column ← raw column, for the figures a supplement may fill.
SUPPLEMENTED = {"volume_mt": "russia_crude_mt", "value_usd_bn": "russia_crude_value_usd_bn"}
URL_RE = re.compile(r"https?://[^\s;,]+")
SHARE_RE = re.compile(r"~?(\d+(?:\.\d+)?)% of China's total crude imports")
PERIOD_WORDS = {"Q1": "January–March", "Jan-Jul": "January–July", "Jan-Nov": "January–November"}


def _fmt(value: float) -> str:
    """Write a figure as the source printed it (no trailing zeros)."""
    return f"{value:g}"


@dataclass
class Supplement:
    """What the supplementary input adds to, or says differently about, one row."""

    source_id: str
    filled: list[tuple[str, float]] = field(default_factory=list)
    differ: list[tuple[str, float, float]] = field(default_factory=list)


def note(row: pd.Series, ids: dict[str, str], added: Supplement | None = None) -> str:
    """Compose the curated note for one row from its period, basis, source quality and supplement."""
    parts = []
    filled = dict(added.filled) if added else {}
    if row["period"] != "full_year":
        parts.append(
            f"Part year only ({PERIOD_WORDS.get(row['period'], row['period'])} {row['year']}); not comparable with full years."
        )
    if pd.isna(row["russia_crude_mt"]) and pd.notna(row["russia_crude_mbd"]):
        if "volume_mt" in filled:
            parts.append("The row's own source gives the volume only in barrels a day.")
        else:
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
        parts.append(
            f"Figures combined from several pages; the note of the compiled table also cites: {others}."
        )
    elif str(row["china_total_crude_note"]).strip():
        parts.append(f"Also reported by the same source: {row['china_total_crude_note']}.")
    if added and added.filled:
        cells = " and ".join(f"{col} ({_fmt(value)})" for col, value in added.filled)
        parts.append(
            f"Filled in from {added.source_id}, as the row's own source gives no such figure: {cells}."
        )
    if added:
        for col, value, kept in added.differ:
            parts.append(
                f"{added.source_id} gives {col} as {_fmt(value)}; the row keeps its own source's {_fmt(kept)}."
            )
    return " ".join(parts)


def supplement_rows(
    raw: pd.DataFrame, supplement_csv: Path, ids: dict[str, str]
) -> tuple[pd.DataFrame, list[Supplement | None]]:
    """Fill empty volume and value cells of ``raw`` from the supplement; return the table and, per row, what was added."""
    sup = pd.read_csv(supplement_csv, dtype={"period": str, "source_url": str})
    expected = ["year", "period", "volume_mt", "value_usd_bn", "source_url"]
    if list(sup.columns) != expected:
        raise SystemExit(f"{supplement_csv}: expected columns {expected}, found {list(sup.columns)}")
    if sup.duplicated(["year", "period"]).any():
        raise SystemExit(f"{supplement_csv}: more than one row for a year and period")
    filled = raw.copy()
    added: list[Supplement | None] = [None] * len(raw)
    for line, srow in enumerate(sup.itertuples(index=False), start=2):
        if srow.source_url not in ids:
            raise SystemExit(
                f"{supplement_csv}, line {line}: no row in data/sources.csv has the URL {srow.source_url}"
            )
        match = raw.index[(raw["year"] == srow.year) & (raw["period"] == srow.period)]
        if len(match) != 1:
            raise SystemExit(
                f"{supplement_csv}, line {line}: the compiled table has no row for {srow.year} {srow.period}"
            )
        entry = Supplement(source_id=ids[srow.source_url])
        for col, raw_col in SUPPLEMENTED.items():
            value = getattr(srow, col)
            if pd.isna(value):
                continue
            kept = raw.at[match[0], raw_col]
            if pd.isna(kept):
                filled.at[match[0], raw_col] = value
                entry.filled.append((col, float(value)))
            elif abs(float(kept) - float(value)) > 1e-9:
                entry.differ.append((col, float(value), float(kept)))
        added[raw.index.get_loc(match[0])] = entry
    return filled, added


def derive(raw_csv: Path, supplement_csv: Path = SUPPLEMENT_DEFAULT) -> pd.DataFrame:
    """Return the curated table derived from the raw press-compiled CSV and the supplement."""
    raw = pd.read_csv(raw_csv, dtype={"period": str, "source_url": str, "china_total_crude_note": str})
    raw["china_total_crude_note"] = raw["china_total_crude_note"].fillna("")
    if raw.duplicated(["year", "period"]).any():
        raise SystemExit("the raw table has more than one row for a year and period")
    ids = source_ids_by_url()
    original = raw
    raw, added = supplement_rows(original, supplement_csv, ids)
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
    out["supplement_source_id"] = [a.source_id if a and a.filled else "" for a in added]
    out["note"] = [note(row, ids, extra) for (_, row), extra in zip(original.iterrows(), added, strict=True)]
    order = {"full_year": 0, "Q1": 1, "Jan-Jul": 2, "Jan-Nov": 3}
    out = out.sort_values(
        ["year", "period"], key=lambda s: s.map(order).fillna(9) if s.name == "period" else s
    )
    return out[schema_fields(NAME)].reset_index(drop=True)


def main(argv: list[str] | None = None) -> int:
    """Derive the curated CSV from the publisher's file named on the command line; return the exit status."""
    return run(
        NAME,
        __doc__,
        derive,
        "gacc_china_crude_imports_from_russia_from_news.csv",
        options=(
            Option(
                "--supplement",
                SUPPLEMENT_DEFAULT,
                "second press reports of the same figures (fills empty cells only)",
            ),
        ),
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
