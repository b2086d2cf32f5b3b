"""The values of the chapter template, ``book/_template/chapter.md``: the example to copy.

A new chapter copies this module to ``companion/chapters/<page_name>.py`` (the chapter's file
name with underscores) and its tests, ``tests/chapters/test_chapter_template.py``, to
``tests/chapters/test_<page_name>.py``, then keeps the shape:

* small typed functions that take DataFrames and return what the prose says (here
  :func:`peak` and :func:`trade_trend`), so that tests can feed them hand-made frames;
* a frozen :class:`Values` with every value the chapter's ``{eval}`` roles show, formatted as the
  prose shows them;
* :func:`values`, which loads the data and composes them, with a :func:`companion.prose.guard`
  beside each computation whose wording cannot follow the data.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from companion import prose, tables
from companion.chapters import chapter_path

CHAPTER = "book/_template/chapter.md"


def peak(trade: pd.DataFrame) -> tuple[int, float]:
    """Return the year of the highest ``total_usd_bn`` and that total (the earlier year on a tie)."""
    rows = trade.dropna(subset=["total_usd_bn"]).sort_values("year", kind="stable")
    if rows.empty:
        raise ValueError("peak(): the trade table has no total")
    best = rows.loc[rows["total_usd_bn"].idxmax()]
    return int(best["year"]), float(best["total_usd_bn"])


def trade_trend(trade: pd.DataFrame) -> str:
    """Describe the totals over the years ("rose from 107 billion US dollars in 2018 to …")."""
    return prose.trend(trade["year"], trade["total_usd_bn"], 0, "billion US dollars", "billion")


@dataclass(frozen=True)
class Values:
    """Every value the template's prose shows."""

    first_year: int
    last_year: int
    peak_year: int
    peak_bn: str
    trend: str


def values() -> Values:
    """Compute the template's values from the trade table, guarding the one fixed phrase."""
    trade = tables.trade_figures()
    year, total = peak(trade)
    first_year = int(trade["year"].min())
    # The prose says "grew to a peak": true only while the peak comes after the first year.
    prose.guard(year > first_year, "grew to a peak", chapter=chapter_path(CHAPTER))
    return Values(
        first_year=first_year,
        last_year=int(trade["year"].max()),
        peak_year=year,
        peak_bn=prose.number(total),
        trend=trade_trend(trade),
    )
