"""Derive data/defence/military_expenditure.csv from SIPRI's Military Expenditure Database workbook.

Usage::

    python scripts/derive_sipri.py SIPRI_XLSX [--out PATH]

SIPRI_XLSX is SIPRI's own download, ``SIPRI-Milex-data-1949-2024_2.xlsx`` (April 2025 release).
For each country in :data:`COUNTRIES` and each year 1990–2024 the script reads three sheets:

* ``Current US$`` (US$ millions at current prices) → ``usd_current_bn`` (÷ 1000);
* ``Constant (2023) US$`` (US$ millions at constant 2023 prices) → ``usd_constant_2023_bn`` (÷ 1000);
* ``Share of GDP`` (a fraction, 0.034 = 3.4 %) → ``share_of_gdp_pct`` (× 100).

SIPRI's missing-value codes (``...``, ``. .``, ``xxx``) become empty cells. SIPRI marks
estimates by printing them in blue and highly uncertain figures in red; the colours are read
from the workbook into ``sipri_estimate`` and ``sipri_uncertain``. A current-US$ value of exactly
0 is not a real figure (the constant-price and share sheets have no zero for the same years);
the zeros SIPRI's workbook holds for Russia in 1990 and 1992 are written as missing, and any
other zero stops the script so that it is looked at rather than passed on.

The World row comes from the ``Regional totals`` sheet: constant 2023 US$ billions for
1988–2024 and, for 2024 only, current US$ billions; SIPRI gives no world share of GDP there.

Values are rounded to 6 decimals after conversion (US$ 1,000 for money, a millionth of a
percentage point for shares), far below the precision of the figures.
"""

from __future__ import annotations

import sys
from pathlib import Path

import openpyxl
import pandas as pd

from _curated import run, schema_fields

NAME = "military_expenditure"
SOURCE_ID = "sipri-milex-2025"
FIRST_YEAR, LAST_YEAR = 1990, 2024
WORLD_FIRST_YEAR = 1988

#: SIPRI country name → ISO 3166-1 alpha-3 code (the book's selection).
COUNTRIES = {
    "United States of America": "USA",
    "Russia": "RUS",
    "China": "CHN",
    "Ukraine": "UKR",
    "Germany": "DEU",
    "France": "FRA",
    "United Kingdom": "GBR",
    "Poland": "POL",
    "Finland": "FIN",
    "India": "IND",
    "Japan": "JPN",
    "Saudi Arabia": "SAU",
}

#: Current-US$ zeros in the workbook that are known placeholders for missing figures.
KNOWN_ZERO_PLACEHOLDERS = {("Russia", 1990), ("Russia", 1992)}

MISSING_CODES = {"...", ". .", "xxx", ".."}
BLUE, RED = "FF0000FF", "FFFF0000"

SHEETS = {
    "usd_current_bn": "Current US$",
    "usd_constant_2023_bn": "Constant (2023) US$",
    "share_of_gdp_pct": "Share of GDP",
}
SCALE = {"usd_current_bn": 1 / 1000, "usd_constant_2023_bn": 1 / 1000, "share_of_gdp_pct": 100}


def _colour(cell: openpyxl.cell.cell.Cell) -> str | None:
    """Return the cell's font colour as an ARGB string, or None."""
    colour = cell.font.color if cell.font is not None else None
    return colour.rgb if colour is not None and colour.type == "rgb" else None


def _value(raw: object, where: str) -> float | None:
    """Return a numeric cell value, None for SIPRI's missing codes; stop on anything else."""
    if raw is None:
        return None
    if isinstance(raw, str):
        if raw.strip() in MISSING_CODES:
            return None
        raise SystemExit(f"{where}: unexpected text {raw!r} in a number cell")
    if not isinstance(raw, (int, float)):
        raise SystemExit(f"{where}: unexpected {type(raw).__name__} {raw!r} in a number cell")
    return float(raw)


def read_country_sheet(
    ws: openpyxl.worksheet.worksheet.Worksheet,
) -> dict[tuple[str, int], tuple[float | None, str | None]]:
    """Read (country, year) → (value, font colour) for the selected countries from one sheet."""
    header_row = None
    for row in ws.iter_rows(min_row=1, max_row=12):
        if row[0].value == "Country":
            header_row = row
            break
    if header_row is None:
        raise SystemExit(f"sheet {ws.title!r}: no header row starting with 'Country'")
    year_col = {}
    for idx, cell in enumerate(header_row):
        if isinstance(cell.value, (int, float)) and FIRST_YEAR <= int(cell.value) <= LAST_YEAR:
            year_col[int(cell.value)] = idx
    if sorted(year_col) != list(range(FIRST_YEAR, LAST_YEAR + 1)):
        raise SystemExit(f"sheet {ws.title!r}: years {FIRST_YEAR}–{LAST_YEAR} not all present")
    out: dict[tuple[str, int], tuple[float | None, str | None]] = {}
    for row in ws.iter_rows(min_row=header_row[0].row + 1):
        name = row[0].value
        if name not in COUNTRIES:
            continue
        if any((name, y) in out for y in year_col):
            raise SystemExit(f"sheet {ws.title!r}: country {name!r} appears twice")
        for year, idx in year_col.items():
            cell = row[idx]
            out[(name, year)] = (_value(cell.value, f"{ws.title}!{cell.coordinate}"), _colour(cell))
    missing = set(COUNTRIES) - {name for name, _ in out}
    if missing:
        raise SystemExit(f"sheet {ws.title!r}: countries not found: {sorted(missing)}")
    return out


def read_world(ws: openpyxl.worksheet.worksheet.Worksheet) -> list[dict[str, object]]:
    """Read the World row of the 'Regional totals' sheet."""
    header_row = None
    for row in ws.iter_rows(min_row=1, max_row=30):
        if row[0].value == "Region":
            header_row = row
            break
    if header_row is None:
        raise SystemExit("sheet 'Regional totals': no header row starting with 'Region'")
    constant_col, current_col = {}, None
    for idx, cell in enumerate(header_row):
        value = cell.value
        if isinstance(value, (int, float)):
            constant_col[int(value)] = idx
        elif isinstance(value, str) and value.strip() == f"{LAST_YEAR} (current prices)":
            current_col = idx
    if current_col is None:
        raise SystemExit(f"sheet 'Regional totals': no '{LAST_YEAR} (current prices)' column")
    world = next((r for r in ws.iter_rows(min_row=header_row[0].row + 1) if r[0].value == "World"), None)
    if world is None:
        raise SystemExit("sheet 'Regional totals': no World row")
    rows = []
    for year in range(WORLD_FIRST_YEAR, LAST_YEAR + 1):
        constant = _value(world[constant_col[year]].value, f"Regional totals, World, {year}")
        current = (
            _value(world[current_col].value, "Regional totals, World, current") if year == LAST_YEAR else None
        )
        rows.append(
            {
                "country": "World",
                "iso3": "WLD",
                "year": year,
                "usd_current_bn": round(current, 6) if current is not None else None,
                "usd_constant_2023_bn": round(constant, 6) if constant is not None else None,
                "share_of_gdp_pct": None,
                "sipri_estimate": None,
                "sipri_uncertain": None,
                "source_id": SOURCE_ID,
                "note": "World total from SIPRI's Regional totals sheet (includes estimates for countries with missing data); "
                "no world share of GDP in the workbook."
                + (" Current US$ given for this year only." if year == LAST_YEAR else ""),
            }
        )
    return rows


def derive(xlsx: Path) -> pd.DataFrame:
    """Return the curated military-expenditure table derived from the SIPRI workbook."""
    wb = openpyxl.load_workbook(xlsx)
    sheets = {col: read_country_sheet(wb[sheet]) for col, sheet in SHEETS.items()}
    rows = []
    for name, iso3 in COUNTRIES.items():
        for year in range(FIRST_YEAR, LAST_YEAR + 1):
            row: dict[str, object] = {"country": name, "iso3": iso3, "year": year}
            colours = []
            notes = []
            for col in SHEETS:
                value, colour = sheets[col][(name, year)]
                if col == "usd_current_bn" and value == 0:
                    if (name, year) not in KNOWN_ZERO_PLACEHOLDERS:
                        raise SystemExit(f"Current US$: unexpected zero for {name} {year}; check it")
                    value = None
                    notes.append("SIPRI's workbook shows 0 for current US$; recorded as missing.")
                if value is not None:
                    colours.append(colour)
                row[col] = round(value * SCALE[col], 6) if value is not None else None
            row["sipri_estimate"] = (BLUE in colours) if colours else None
            row["sipri_uncertain"] = (RED in colours) if colours else None
            row["source_id"] = SOURCE_ID
            row["note"] = " ".join(notes)
            rows.append(row)
    rows.extend(read_world(wb["Regional totals"]))
    out = pd.DataFrame(rows)
    for col in ("sipri_estimate", "sipri_uncertain"):
        out[col] = out[col].map({True: "true", False: "false", None: ""})
    return out[schema_fields(NAME)]


def main(argv: list[str] | None = None) -> int:
    """Derive the curated CSV from the publisher's file named on the command line; return the exit status."""
    return run(
        NAME,
        __doc__,
        derive,
        "SIPRI-Milex-data-1949-2024_2.xlsx",
        argv=argv,
    )


if __name__ == "__main__":
    sys.exit(main())
