"""The values and guards of book/articles/golden-opportunity.md, on hand-made frames and on the data files."""

from __future__ import annotations

import pandas as pd
from datacopy import read

from companion.chapters import golden_opportunity as go


def russia(shares: dict[int, float], estimate: bool = True) -> pd.DataFrame:
    """Russia's SIPRI rows for the given years and shares of GDP."""
    return pd.DataFrame(
        {
            "year": list(shares),
            "share_of_gdp_pct": list(shares.values()),
            "usd_constant_2023_bn": [50.0 + i for i in range(len(shares))],
            "usd_current_bn": 60.0,
            "sipri_estimate": estimate,
        }
    )


def test_a_new_high_and_a_year_below_it():
    high = russia({1993: 4.4, 2021: 3.6, 2023: 5.9, 2024: 7.1})
    assert go.russia_highest(high) == "the highest share since the series for Russia begins in 1993"
    assert (
        go.russia_figure(high).title
        == "Russia's military burden reached 7.1% of GDP in 2024, its highest since 1993"
    )
    below = russia({1993: 4.4, 2021: 3.6, 2024: 7.05, 2025: 6.8})
    assert go.russia_highest(below) == "below its 2024 high of 7.0%"  # 7.05 shows as 7.0 at one decimal
    figure = go.russia_figure(below)
    assert figure.title == "Russia's military burden reached 6.8% of GDP in 2025, below its 2024 high"
    assert "6.8% in 2025, below a dashed 7% line" in figure.description
    assert (
        "is supported for that year, as an estimate; the book holds no SIPRI figure for 2026"
        in figure.caption
    )


def test_a_burden_outside_six_and_a_half_to_seven_and_a_half_is_not_supported():
    figure = go.russia_figure(russia({2021: 3.6, 2024: 8.0}, estimate=False))
    assert "SIPRI's figure for 2024 is\n8.00%" in figure.caption
    assert "military is not supported for that year; the book" in figure.caption


def allies(year: int, shares: dict[str, tuple[float, float]]) -> pd.DataFrame:
    """NATO rows: ally -> (reference share, headline share)."""
    return pd.DataFrame(
        {
            "ally": list(shares),
            "year": year,
            "share_of_gdp_pct": [s for s, _ in shares.values()],
            "headline_share_of_gdp_pct": [h for _, h in shares.values()],
            "is_aggregate": False,
        }
    )


def test_the_count_chart_follows_the_line_and_the_two_tables():
    nato = pd.concat(
        [
            allies(2014, {"A": (2.1, float("nan")), "B": (1.5, float("nan")), "C": (1.0, float("nan"))}),
            allies(2024, {"A": (3.6, 3.7), "B": (2.05, 1.98), "C": (1.2, 1.3)}),
        ]
    )
    counts = go.counts_by_year(nato, 2.0)
    figure = go.count_figure(counts, 2.0)
    assert figure.title == "Allies spending 2% of GDP or more rose from 1 in 2014 to 2 in 2024"
    assert figure.subtitle[1] == "NATO's headline estimates for 2024 count 1"
    assert "so the two\ncounts differ" in figure.caption
    core = go.count_figure(go.counts_by_year(nato, 3.5), 3.5)
    assert core.title == "Allies spending 3.5% of GDP or more rose from 0 in 2014 to 1 in 2024"
    assert "give the same count" in core.caption
    share = go.share_figure(go.latest_allies(nato), 2.0, 5.0)
    assert share.title == "1 of 3 allies expected to reach 2% of GDP in 2024; none reached 5%"
    assert "sorted from A (3.70%) to C (1.30%)" in share.description


def test_values_match_the_data_files():
    v = go.values()
    nato = [r for r in read("defence/nato_defence_share.csv") if r["is_aggregate"] == "false"]
    last = max(int(r["year"]) for r in nato)
    latest = [r for r in nato if int(r["year"]) == last]
    assert v.n_allies == len(latest)
    assert v.n2_head == sum(float(r["headline_share_of_gdp_pct"]) >= 2 for r in latest)
    top = max(latest, key=lambda r: float(r["headline_share_of_gdp_pct"]))
    assert (v.top_ally, v.top_share) == (top["ally"], f"{float(top['headline_share_of_gdp_pct']):.2f}")
    milex = {(r["iso3"], int(r["year"])): r for r in read("defence/military_expenditure.csv")}
    spend = {k: float(r["usd_constant_2023_bn"]) for k, r in milex.items() if r["usd_constant_2023_bn"]}
    assert v.pol_growth == f"{100 * (spend['POL', v.eu_to] / spend['POL', 2014] - 1):.0f}"
    rus = {
        y: float(r["share_of_gdp_pct"]) for (c, y), r in milex.items() if c == "RUS" and r["share_of_gdp_pct"]
    }
    assert v.rus_year == max(rus) and v.rus_burden_last == f"{rus[max(rus)]:.1f}"
