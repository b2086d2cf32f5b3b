"""Values for the book's opening page (book/intro.md): the China–Russia trade chart's sentences."""

from __future__ import annotations

from dataclasses import dataclass

import altair as alt
import pandas as pd

from companion import prose, tables

CHAPTER = "book/intro.md"

#: How opaque each kind of figure is drawn: customs figures solid, the others paler.
BASIS_OPACITY = alt.Scale(domain=list(tables.TRADE_BASIS_LABELS.values()), range=[1.0, 0.5, 0.3])
TRADE_TOOLTIP = [
    alt.Tooltip("year:O", title="Year"),
    alt.Tooltip("total_usd_bn:Q", title="Total (US$ bn)", format=",.1f"),
    alt.Tooltip("basis:N", title="Figure"),
    alt.Tooltip("source_id:N", title="Source id"),
]


def trade_trend(trade: pd.DataFrame) -> str:
    """How the annual totals moved ("rose from 70 billion US dollars in 2016 to …"), rounded to billions."""
    return prose.trend(trade["year"], trade["total_usd_bn"], 0, "billion US dollars", "billion")


def weak_bars(trade: pd.DataFrame) -> str:
    """Which bars are not exact customs figures ("the 2018 bar is a lower bound and …"), or "" when all are."""
    lower = trade[trade["figure_basis"] == "gacc-lower-bound"]
    other = trade[trade["figure_basis"] == "not-gacc"]
    return " and ".join(
        [f"the {prose.years(lower['year'])} bar is a lower bound"] * (not lower.empty)
        + [f"the {prose.years(other['year'])} bar is not a customs figure"] * (not other.empty)
    )


def weak_caption(trade: pd.DataFrame) -> str:
    """What is known of each total that is not an exact customs figure, as the caption says it."""
    lower = trade[trade["figure_basis"] == "gacc-lower-bound"]
    other = trade[trade["figure_basis"] == "not-gacc"]
    return " and ".join(
        [f'{int(r.year)} is known only as "over ${r.total_usd_bn:g} billion"' for r in lower.itertuples()]
        + [
            f"{int(r.year)} only as a rounded total "
            + ("stated by Vladimir Putin" if "Vladimir Putin" in str(r.note) else "from a non-customs source")
            for r in other.itertuples()
        ]
    )


@dataclass(frozen=True)
class Values:
    """The trade sentence of the opening page, and the title, description and caption of its chart."""

    trend: str
    chart_title: str
    chart_description: str
    caption: str


def values(trade: pd.DataFrame | None = None) -> Values:
    """Compute the opening page's sentences from the trade table (``tables.trade_figures()`` by default)."""
    trade = tables.trade_figures(trade)
    trend = trade_trend(trade)
    first, last = int(trade["year"].min()), int(trade["year"].max())
    peak = trade.loc[trade["total_usd_bn"].idxmax()]
    weak = weak_bars(trade)
    return Values(
        trend=trend,
        chart_title=(
            f"China–Russia trade {prose.multiple(trade['total_usd_bn'].iloc[0], peak['total_usd_bn'])} "
            f"between {first} and {int(peak['year'])}"
        ),
        chart_description=(
            f"Bar chart of annual China–Russia goods trade from {first} to {last}. The total {trend}. "
            + (weak[:1].upper() + weak[1:] + "." if weak else "")
        ),
        caption=(
            f"China–Russia goods trade, {first}–{last}.\n"
            + (
                f"Paler bars are not exact customs figures: {weak_caption(trade)}. "
                if weak
                else "Every bar is an exact customs figure. "
            )
            + "The {doc}`reference/data` page explains\nwhere each figure comes from."
        ),
    )
