"""How a table cell reads as text: missing values, dates and numbers, written once for the book.

The articles, claims, quotes and charts modules all turn cells of the datasets into prose or
table text; they use these helpers so that a missing value, a date or a number reads the same
everywhere.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

__all__ = ["is_missing", "text", "iso_date", "value_text", "number"]

#: What a missing cell shows in a table.
DASH = "\u2014"


def is_missing(value: Any) -> bool:
    """True for None, NaN, NaT and pandas' NA; False for everything else (text, numbers, lists)."""
    if value is None:
        return True
    if isinstance(value, (str, bytes)):
        return False
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):  # containers: pd.isna answers element by element
        return False


def text(value: Any, missing: str = "") -> str:
    """The cell as stripped text; ``missing`` for a missing or blank cell."""
    if is_missing(value):
        return missing
    shown = str(value).strip()
    return shown or missing


def iso_date(value: Any, missing: str = "") -> str:
    """A date cell as YYYY-MM-DD (a text cell: its first ten characters); ``missing`` when missing."""
    if is_missing(value) or not text(value):
        return missing
    if isinstance(value, (pd.Timestamp, date)):
        return value.strftime("%Y-%m-%d")
    return text(value)[:10]


def value_text(value: Any, missing: str = "") -> str:
    """Any cell as text: dates as YYYY-MM-DD, everything else as :func:`text` gives it."""
    if isinstance(value, (pd.Timestamp, date)) and not is_missing(value):
        return iso_date(value, missing)
    return text(value, missing)


def number(value: Any, decimals: int = 2, missing: str = DASH) -> str:
    """A number with thousands separators and ``decimals`` places; ``missing`` when missing."""
    if is_missing(value):
        return missing
    return f"{float(value):,.{decimals}f}"


def html_table(frame: pd.DataFrame) -> Any:
    """``frame`` as an HTML table in the style of the book's ledger tables (no index, every cell escaped), for display."""
    from IPython.display import HTML

    return HTML(frame.to_html(index=False, escape=True, classes="claims-ledger", border=0))
