"""Tables the chapters derive from the datasets: GDP ratios and ranks, military-spending
subsets, NATO allies at a spending line, and the China–Russia trade figures with readers' labels.

The generic evidence layer (loading, validation, the catalogue) is :mod:`companion.data`; this
module builds on it (``data`` never imports ``tables``).
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from companion import data

__all__ = [
    "PRICE_COLUMNS",
    "TRADE_BASIS_LABELS",
    "allies_at_or_above",
    "gdp_rank",
    "gdp_ranking",
    "gdp_ratio",
    "milex",
    "trade_figures",
]

PRICE_COLUMNS = {"current": "usd_current_bn", "constant": "usd_constant_2023_bn"}


def gdp_ratio(numerator: str, denominator: str, gdp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return year, both economies' GDP (US$ bn, columns named by ISO3 code) and ``ratio``, for years with both."""
    gdp = data.load("gdp") if gdp is None else gdp
    known = set(gdp["iso3"])
    for code in (numerator, denominator):
        if code not in known:
            raise data.DataError([f"gdp: no rows for iso3 {code!r}; known codes: {', '.join(sorted(known))}"])
    wide = gdp[gdp["iso3"].isin([numerator, denominator])].pivot_table(
        index="year", columns="iso3", values="gdp_usd_bn"
    )
    out = wide.reindex(columns=list(dict.fromkeys([numerator, denominator]))).dropna().reset_index()
    out.columns.name = None
    out["ratio"] = out[numerator] / out[denominator]
    return out


def gdp_ranking(year: int, gdp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the economies with a GDP value in ``year`` (the World total excluded), largest first, ranked from 1."""
    gdp = data.load("gdp") if gdp is None else gdp
    rows = gdp[(gdp["year"] == year) & (gdp["iso3"] != "WLD")].dropna(subset=["gdp_usd_bn"])
    if rows.empty:
        raise data.DataError([f"gdp: no values for {year}"])
    ranked = rows.sort_values("gdp_usd_bn", ascending=False, kind="stable").reset_index(drop=True)
    ranked["rank"] = range(1, len(ranked) + 1)
    return ranked


def gdp_rank(iso3: str, year: int, gdp: pd.DataFrame | None = None) -> int:
    """Return the rank of ``iso3`` by GDP in ``year`` among the gdp dataset's economies (World excluded)."""
    ranked = gdp_ranking(year, gdp)
    hit = ranked.loc[ranked["iso3"] == iso3, "rank"]
    if hit.empty:
        raise data.DataError([f"gdp: no value for {iso3} in {year}"])
    return int(hit.iloc[0])


def milex(
    countries: Sequence[str],
    prices: str = "constant",
    *,
    since: int | None = None,
    until: int | None = None,
    frame: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return SIPRI military expenditure rows for ``countries`` (ISO3) that have a value in current or constant prices."""
    if prices not in PRICE_COLUMNS:
        raise ValueError(f"prices must be 'current' or 'constant', not {prices!r}")
    frame = data.load("military_expenditure") if frame is None else frame
    unknown = [c for c in countries if c not in set(frame["iso3"])]
    if unknown:
        raise data.DataError([f"military_expenditure: no rows for iso3 {', '.join(map(repr, unknown))}"])
    keep = frame["iso3"].isin(list(countries)) & frame[PRICE_COLUMNS[prices]].notna()
    if since is not None:
        keep &= frame["year"] >= since
    if until is not None:
        keep &= frame["year"] <= until
    return frame[keep].copy()


def allies_at_or_above(
    line: float, column: str = "share_of_gdp_pct", nato: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return, per year, how many NATO allies (aggregates excluded) spend at least ``line`` % of GDP, and how many report."""
    nato = data.load("nato_defence_share") if nato is None else nato
    allies = nato[~nato["is_aggregate"].astype(bool)]
    return (
        allies.assign(meets=allies[column] >= line)
        .groupby("year", as_index=False)
        .agg(allies_at_or_above=("meets", "sum"), allies_reporting=(column, "count"))
    )


TRADE_BASIS_LABELS = {
    "gacc": "Customs figure",
    "gacc-lower-bound": "Lower bound only",
    "not-gacc": "Not a customs figure",
}


def trade_figures(trade: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the China–Russia trade table with ``basis`` (a reader's label for figure_basis) and ``exact`` (a customs total)."""
    trade = data.load("china_russia_trade") if trade is None else trade.copy()
    unknown = sorted(set(trade["figure_basis"].dropna()) - set(TRADE_BASIS_LABELS))
    missing = trade["figure_basis"].isna()
    if unknown or missing.any():
        where = ", ".join(str(y) for y in trade.loc[missing | trade["figure_basis"].isin(unknown), "year"])
        raise data.DataError(
            [
                f"china_russia_trade: figure_basis must be one of {', '.join(TRADE_BASIS_LABELS)} "
                f"(years {where})"
            ]
        )
    trade["basis"] = trade["figure_basis"].map(TRADE_BASIS_LABELS)
    trade["exact"] = trade["figure_basis"] == "gacc"
    return trade
