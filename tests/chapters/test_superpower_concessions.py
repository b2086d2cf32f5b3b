"""The values and guards of book/articles/superpower-concessions.md, on hand-made frames and on the data files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from companion import prose
from companion.chapters import superpower_concessions as sc

ROOT = Path(__file__).resolve().parents[2]


def rows(rel: str) -> list[dict[str, str]]:
    with (ROOT / "data" / rel).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def ratio(points: dict[int, float]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(points), "china_pct_of_us": list(points.values())})


def test_the_ratio_shape_follows_the_peak():
    assert sc.ratio_shape(ratio({2019: 67.0, 2021: 76.2, 2023: 65.4})) == (
        "it peaked at 76% in 2021 and has fallen since"
    )
    assert (
        sc.ratio_shape(ratio({2019: 67.0, 2021: 76.2, 2024: 78.0})) == "it reached its highest, 78%, in 2024"
    )
    # A fall too small to show at whole per cent is not called a fall.
    assert sc.ratio_shape(ratio({2021: 76.2, 2023: 75.9})) == "it reached its highest, 76%, in 2021"


def test_the_implied_years():
    assert sc.implied_years({2022, 2023}) == "are not in the data"
    assert sc.implied_years({2023, 2024}) == "are only partly in the data: there is no figure for 2025"
    assert sc.implied_years({2024, 2025}) == "are both in the data"


def test_the_nss_title_reads_as_much_more_or_less():
    assert sc.nss_title(10.4, 10.6, sc.as_much(10.4, 10.6)) == (
        "Per word, Russia got as much of the 2025 strategy as of 2017's"
    )
    assert not sc.as_much(20.0, 10.0)
    assert sc.nss_title(20.0, 10.0, False) == "Per word, Russia got more of the 2025 strategy than of 2017's"
    assert sc.nss_title(5.0, 10.0, False) == "Per word, Russia got less of the 2025 strategy than of 2017's"


def test_the_gdp_chart_for_a_new_peak_and_its_caption():
    frame = pd.DataFrame(
        {
            "year": [2000, 2010, 2025],
            "china_pct_of_us": [11.8, 40.0, 80.0],
            "china_usd_bn": 1.0,
            "us_usd_bn": 1.0,
        }
    )
    figure = sc.ratio_figure(frame)
    assert figure.title == "China's economy was 80% the size of the US's in 2025, above two-thirds"
    assert "until 2000, and rose to 80% in 2025, its highest." in figure.description
    assert "The data end one year before" in figure.caption


def test_the_first_year_at_a_level():
    by_year = pd.Series([0.3, 0.55, 0.7], index=[2010, 2012, 2018])
    assert sc.first_year_at_or_above(by_year, 0.5) == 2012
    with pytest.raises(ValueError, match="never reaches"):
        sc.first_year_at_or_above(by_year, 1.0)


def test_values_match_the_data_files():
    v = sc.values()
    gdp = {
        (r["iso3"], int(r["year"])): float(r["gdp_usd_bn"])
        for r in rows("economy/gdp.csv")
        if r["gdp_usd_bn"]
    }
    y1 = max(y for (c, y) in gdp if c == "CHN" and ("USA", y) in gdp)
    assert v.gdp.ratio_last_year == y1
    assert v.gdp.ratio_last == f"{100 * gdp['CHN', y1] / gdp['USA', y1]:.0f}"
    assert v.gdp.share_1987 == f"{100 * gdp['CHN', 1987] / gdp['WLD', 1987]:.2f}"
    ahead = sorted(
        (value for (c, y), value in gdp.items() if y == 1987 and c not in ("WLD", "CHN")), reverse=True
    )
    rank = 1 + sum(value > gdp["CHN", 1987] for value in ahead)
    assert v.gdp.rank_1987 == prose.ordinal(rank, words=True)
    reported = {r["term"]: r for r in rows("texts/nss_2025_reported.csv")}
    russia = reported["Russia"]
    assert v.nss.russia25_rate == f"{10_000 * int(russia['count']) / int(russia['words']):.1f}"
    assert v.nss.nss25_words == f"{int(russia['words']):,}"
    words17 = next(int(r["words"]) for r in rows("texts/nss_documents.csv") if r["year"] == "2017")
    assert v.nss.nss17_words == f"{words17:,}"
