"""Tests of the chapters' derived tables (companion.tables): GDP ratios and ranks, military
spending subsets, NATO allies at a spending line, and the trade figures with their labels.

Hand-made frames give the expected values; the real datasets are read with pandas directly.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from companion import data, tables

_GDP = pd.DataFrame(
    {
        "iso3": ["AAA", "AAA", "BBB", "BBB", "CCC", "WLD", "AAA"],
        "country": ["A", "A", "B", "B", "C", "World", "A"],
        "year": [2000, 2001, 2000, 2001, 2000, 2000, 2002],
        "gdp_usd_bn": [10.0, 30.0, 40.0, 20.0, 25.0, 100.0, 5.0],
    }
)


def test_gdp_ratio_keeps_years_with_both_values() -> None:
    got = tables.gdp_ratio("AAA", "BBB", _GDP)
    assert list(got.columns) == ["year", "AAA", "BBB", "ratio"]
    assert list(got["year"]) == [2000, 2001]  # 2002 has no BBB value
    assert list(got["ratio"]) == pytest.approx([0.25, 1.5])
    with pytest.raises(data.DataError, match="no rows for iso3 'ZZZ'"):
        tables.gdp_ratio("AAA", "ZZZ", _GDP)


def test_gdp_ratio_matches_the_csv_for_china_and_the_us() -> None:
    raw = pd.read_csv(Path(__file__).parents[1] / "data" / "economy" / "gdp.csv")
    chn = raw[raw["iso3"] == "CHN"].set_index("year")["gdp_usd_bn"]
    usa = raw[raw["iso3"] == "USA"].set_index("year")["gdp_usd_bn"]
    got = tables.gdp_ratio("CHN", "USA").set_index("year")["ratio"]
    for year in (1987, 2000, int(got.index.max())):
        assert got[year] == pytest.approx(chn[year] / usa[year])


def test_gdp_rank_excludes_the_world_total() -> None:
    ranked = tables.gdp_ranking(2000, _GDP)
    assert list(ranked["iso3"]) == ["BBB", "CCC", "AAA"]
    assert list(ranked["rank"]) == [1, 2, 3]
    assert tables.gdp_rank("AAA", 2000, _GDP) == 3
    assert tables.gdp_rank("AAA", 2001, _GDP) == 1
    with pytest.raises(data.DataError, match="no value for CCC in 2001"):
        tables.gdp_rank("CCC", 2001, _GDP)
    with pytest.raises(data.DataError, match="no values for 1999"):
        tables.gdp_ranking(1999, _GDP)


_MILEX = pd.DataFrame(
    {
        "iso3": ["AAA", "AAA", "AAA", "BBB", "BBB"],
        "year": [2013, 2014, 2015, 2014, 2015],
        "usd_current_bn": [1.0, None, 3.0, 4.0, 5.0],
        "usd_constant_2023_bn": [1.5, 2.5, None, 4.5, 5.5],
    }
)


def test_milex_picks_countries_years_and_prices() -> None:
    current = tables.milex(["AAA"], "current", frame=_MILEX)
    assert list(current["year"]) == [2013, 2015]
    constant = tables.milex(["AAA", "BBB"], "constant", since=2014, frame=_MILEX)
    assert list(zip(constant["iso3"], constant["year"])) == [("AAA", 2014), ("BBB", 2014), ("BBB", 2015)]
    assert list(tables.milex(["BBB"], until=2014, frame=_MILEX)["year"]) == [2014]
    with pytest.raises(ValueError, match="prices must be"):
        tables.milex(["AAA"], "nominal", frame=_MILEX)
    with pytest.raises(data.DataError, match="'ZZZ'"):
        tables.milex(["ZZZ"], frame=_MILEX)


def test_allies_at_or_above_counts_allies_not_aggregates() -> None:
    nato = pd.DataFrame(
        {
            "ally": ["A", "B", "C", "NATO Europe", "A", "B", "C"],
            "year": [2014] * 4 + [2015] * 3,
            "share_of_gdp_pct": [2.5, 1.0, None, 3.0, 2.0, 1.9, 2.1],
            "is_aggregate": [False, False, False, True, False, False, False],
        }
    )
    got = tables.allies_at_or_above(2.0, nato=nato).set_index("year")
    assert got.loc[2014, "allies_at_or_above"] == 1
    assert got.loc[2014, "allies_reporting"] == 2
    assert got.loc[2015, "allies_at_or_above"] == 2
    assert tables.allies_at_or_above(3.5, nato=nato)["allies_at_or_above"].sum() == 0


def test_trade_figures_label_each_basis_and_flag_exact_totals() -> None:
    trade = pd.DataFrame(
        {
            "year": [2018, 2019, 2020],
            "total_usd_bn": [107.0, 110.8, 104.0],
            "figure_basis": ["gacc-lower-bound", "gacc", "not-gacc"],
        }
    )
    got = tables.trade_figures(trade)
    assert list(got["exact"]) == [False, True, False]
    assert list(got["basis"]) == ["Lower bound only", "Customs figure", "Not a customs figure"]
    assert "basis" not in trade.columns  # the input is left as it was
    with pytest.raises(data.DataError, match=r"years 2019\)"):
        tables.trade_figures(trade.assign(figure_basis=["gacc", "estimate", "gacc"]))


def test_trade_figures_flag_the_rows_the_csv_marks() -> None:
    raw = pd.read_csv(Path(__file__).parents[1] / "data" / data.metadata("china_russia_trade")["path"])
    got = tables.trade_figures().set_index("year")
    for year, basis in zip(raw["year"], raw["figure_basis"]):
        assert bool(got.loc[year, "exact"]) == (basis == "gacc")
