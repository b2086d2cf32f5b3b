"""Checked values computed from our own datasets, keyed by claim id.

A test compares each computed value with the ledger's ``checked_value`` column.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pandas as pd

from companion import tables
from companion.claims.loading import _load
from companion.formatting import iso_date as _iso_date


class _Datasets:
    """Load each dataset at most once during one call of :func:`computed_checks`."""

    def __init__(self) -> None:
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = _load(name)
        return self._frames[name]

    def article_date(self, article_id: str) -> date:
        """Return the date an article appeared (the ``date`` or, failing it, ``original_date``)."""
        row = self["articles"].set_index("id").loc[article_id]
        for col in ("date", "original_date"):
            value = _iso_date(row.get(col))
            if value:
                return date.fromisoformat(value)
        raise ValueError(f"article {article_id!r} has no date in the articles dataset")


def _gdp(d: _Datasets, iso3: str, year: int) -> float:
    gdp = d["gdp"]
    hit = gdp.loc[(gdp["iso3"] == iso3) & (gdp["year"] == year), "gdp_usd_bn"]
    if hit.empty or pd.isna(hit.iloc[0]):
        raise ValueError(f"gdp dataset: no value for {iso3} {year}")
    return float(hit.iloc[0])


def _value(frame: pd.DataFrame, column: str, **where: Any) -> float:
    mask = pd.Series(True, index=frame.index)
    for col, val in where.items():
        mask &= frame[col] == val
    hit = frame.loc[mask, column]
    if hit.empty or pd.isna(hit.iloc[0]):
        raise ValueError(f"no {column} where {where}")
    return float(hit.iloc[0])


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end`` (days / 365.25)."""
    return (end - start).days / 365.25


def _whole_years(start: date, end: date) -> int:
    """Full years elapsed from ``start`` to ``end``."""
    return _age_on(start, end)


_END_OF_WWII_YEAR = 1945


def _fixed_date(d: _Datasets, date_id: str) -> date:
    """A fixed date from the ``reference_dates`` dataset (each row cites its source)."""
    dates = d["reference_dates"].set_index("date_id")["date"]
    if date_id not in dates.index:
        raise ValueError(
            f"reference_dates dataset: no row with date_id {date_id!r}; known ids: {', '.join(dates.index)}"
        )
    return pd.Timestamp(dates[date_id]).date()


def _event_date(d: _Datasets, title_contains: str) -> date:
    """Date of the one event in the events dataset whose title contains ``title_contains``."""
    events = d["events"]
    hit = events[events["title"].str.contains(title_contains, regex=False)]
    if len(hit) != 1:
        raise ValueError(
            f"events dataset: expected one event titled like {title_contains!r}, found {len(hit)}"
        )
    return pd.Timestamp(hit["date"].iloc[0]).date()


def _latest_gdp_year(d: _Datasets) -> int:
    return int(d["gdp"]["year"].max())


def _gdp_rank(d: _Datasets, iso3: str, year: int) -> int:
    """Rank of ``iso3`` by GDP in ``year`` among the economies in the gdp dataset (World excluded)."""
    return tables.gdp_rank(iso3, year, d["gdp"])


def _rank_among(d: _Datasets, iso3: str, among: tuple[str, ...], year: int) -> int:
    """Rank of ``iso3`` by GDP in ``year`` among the economies ``among`` (1 = largest)."""
    values = sorted(((_gdp(d, code, year), code) for code in among), reverse=True)
    return [code for _, code in values].index(iso3) + 1


def _milex(d: _Datasets, iso3: str, year: int) -> float:
    return _value(d["military_expenditure"], "usd_current_bn", iso3=iso3, year=year)


def _trade_total(d: _Datasets, year: int) -> float:
    return _value(d["china_russia_trade"], "total_usd_bn", year=year)


def _crude_value(d: _Datasets, year: int) -> float:
    """Full-year value of China's crude imports from Russia, billions of US dollars."""
    return _value(d["china_crude_imports_from_russia"], "value_usd_bn", year=year, period="full_year")


def _checks() -> dict[str, Callable[[_Datasets], Any]]:
    """Return the computed checks, keyed by claim id."""
    sc = "superpower-concessions"
    rk = "reverse-kissinger"
    return {
        # Ages and anniversaries, from the article's date in the articles dataset.
        "sc-trump-turns-80": lambda d: d.article_date(sc).year - _fixed_date(d, "trump-born").year,
        "sc-putin-74": lambda d: _age_on(_fixed_date(d, "putin-born"), d.article_date(sc)),
        "sc-90-years": lambda d: _whole_years(_fixed_date(d, "churchill-broadcast"), d.article_date(sc)),
        "sc-quarter-century": lambda d: round(
            _years_between(_fixed_date(d, "putin-acting-president"), d.article_date(sc)), 1
        ),
        "sc-year-passed": lambda d: round(
            _years_between(_event_date(d, "First Putin–Trump phone call"), d.article_date(sc)), 1
        ),
        "sc-prc-77th": lambda d: (
            d.article_date(sc).year - _event_date(d, "People's Republic of China proclaimed").year
        ),
        "sc-cpc-77th": lambda d: d.article_date(sc).year - _fixed_date(d, "cpc-founded").year,
        "sc-later-than-nato": lambda d: (
            (
                _event_date(d, "People's Republic of China proclaimed")
                - _event_date(d, "North Atlantic Treaty signed")
            ).days
        ),
        "go-nearly-three-years": lambda d: round(
            _years_between(
                _event_date(d, "full-scale invasion of Ukraine"), _event_date(d, "Pope Francis' funeral")
            ),
            1,
        ),
        "rk-80-years": lambda d: d.article_date(rk).year - _END_OF_WWII_YEAR,
        # The article's own numbers.
        "sc-population-doubled": lambda d: round(900 / 550, 2),
        # GDP (World Bank, current US$).
        "sc-china-second-largest": lambda d: _gdp_rank(d, "CHN", _latest_gdp_year(d)),
        "sc-china-1987-rank": lambda d: _gdp_rank(d, "CHN", 1987),
        "sc-china-two-thirds-us": lambda d: round(
            _gdp(d, "CHN", _latest_gdp_year(d)) / _gdp(d, "USA", _latest_gdp_year(d)), 2
        ),
        "sc-china-1987-share": lambda d: round(100 * _gdp(d, "CHN", 1987) / _gdp(d, "WLD", 1987), 1),
        "sba-five-to-nine-times": lambda d: round(
            _gdp(d, "CHN", _latest_gdp_year(d)) / _gdp(d, "RUS", _latest_gdp_year(d)), 1
        ),
        "sba-weakest-player": lambda d: _rank_among(d, "RUS", ("USA", "CHN", "RUS"), _latest_gdp_year(d)),
        # Military expenditure (SIPRI, current US$).
        "sc-us-far-greater-resources": lambda d: round(_milex(d, "USA", 2024) / _milex(d, "RUS", 2024), 1),
        # China–Russia trade (China Customs totals).
        "rk-trade-flourished": lambda d: round(_trade_total(d, 2024) / _trade_total(d, 2021), 2),
        # China's crude imports from Russia (China Customs values, as reported).
        "rk-crude-62bn-2024": lambda d: round(_crude_value(d, 2024), 1),
        "rk-crude-two-thirds-2021": lambda d: round(_crude_value(d, 2021) / _crude_value(d, 2024), 2),
        "rk-oil-caption-currency": lambda d: round(_crude_value(d, 2024), 1),
    }


def computed_checks(only: list[str] | None = None) -> dict[str, Any]:
    """Compute the checked value of every claim our datasets can check, keyed by claim id."""
    checks = _checks()
    wanted = list(checks) if only is None else only
    unknown = [c for c in wanted if c not in checks]
    if unknown:
        raise KeyError(f"no computed check for {', '.join(unknown)}")
    d = _Datasets()
    return {cid: checks[cid](d) for cid in wanted}
