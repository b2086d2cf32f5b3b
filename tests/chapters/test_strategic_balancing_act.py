"""The values and guards of book/articles/strategic-balancing-act.md, on hand-made frames and on the data files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from companion import prose, tables
from companion.chapters import strategic_balancing_act as sba

ROOT = Path(__file__).resolve().parents[2]


def trade(*totals: float, start: int = 2022, basis: dict[int, str] | None = None) -> pd.DataFrame:
    """A trade table with one full year per total, from ``start``; every figure a customs total unless ``basis`` says."""
    years = list(range(start, start + len(totals)))
    frame = pd.DataFrame(
        {
            "year": years,
            "exports_usd_bn": float("nan"),
            "imports_usd_bn": float("nan"),
            "total_usd_bn": list(totals),
            "source_id": "s",
            "figure_basis": [(basis or {}).get(y, "gacc") for y in years],
            "note": "",
        }
    )
    return tables.trade_figures(frame)


def rows(rel: str) -> list[dict[str, str]]:
    with (ROOT / "data" / rel).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


# The drill kept apart from the suite: a second consecutive year of falling trade.
def test_a_second_fall_is_not_called_one_year_of_decline():
    t = trade(190.27, 240.11, 244.81, 228.1, 210.0)  # 2022–2026: the peak in 2024, falls in 2025 and 2026
    assert sba.trade_question(t) == "Do two years of decline weaken"
    assert sba.trade_last_move(t) == "fell again in 2026"
    assert sba.trade_summary(t) == "a peak in 2024 and a lower total in 2026"
    # 210.0 is 14.2 per cent below 244.81.
    assert sba.trade_trend(t).endswith("then fell to 210.0 billion in 2026, 14.2 per cent below the peak")
    assert sba.trade_title(t).endswith("to its 2024 peak, and was lower in 2026")


def test_three_falls_and_one_fall():
    assert sba.trade_question(trade(100, 90, 80, 70)) == "Do three years of decline weaken"
    assert sba.trade_question(trade(100, 120, 110)) == "Does one year of decline weaken"
    assert sba.trade_last_move(trade(100, 120, 110)) == "fell in 2024"


def test_a_rise_after_a_fall_is_one_more_year_of_growth_and_a_new_peak():
    t = trade(190.27, 244.81, 228.1, 251.3)
    assert sba.trade_question(t) == "Does one more year of growth strengthen"
    assert sba.trade_last_move(t) == "rose in 2025"
    assert sba.trade_summary(t) == "a new peak in 2025"
    assert sba.trade_title(t) == "China–Russia trade grew 1.3-fold from 2022 to its 2025 peak"
    assert "per cent below the peak" not in sba.trade_trend(t)


def test_a_move_too_small_to_show_is_a_flat_year():
    t = trade(200.0, 228.1, 228.14)  # the same at one decimal, as the prose shows it
    assert sba.trade_question(t) == "Does a flat year change"
    assert sba.trade_last_move(t) == "was unchanged in 2024"


def test_one_year_is_not_a_trend():
    with pytest.raises(ValueError, match="at least two years"):
        sba.moves_in_a_row(trade(100.0))


def test_weak_points_caption_and_its_guard():
    t = trade(107.0, 110.75, 107.76, start=2018, basis={2018: "gacc-lower-bound"})
    assert (
        sba.weak_caption(t)
        == 'The hollow point marks the weaker figure: 2018 ("over \\$107bn", a lower bound).'
    )
    for basis in ({2019: "gacc-lower-bound"}, {2018: "gacc-lower-bound", 2020: "not-gacc"}):
        with pytest.raises(
            prose.StatementFailed, match=r"book/articles/strategic-balancing-act\.md:\d+: .*weaker"
        ):
            sba.weak_caption(trade(107.0, 110.75, 104.0, start=2018, basis=basis))


def test_the_2020_point_is_the_customs_total_in_the_data():
    row = next(r for r in rows("trade/china_russia_trade.csv") if r["year"] == "2020")
    # China's customs, as reported on 14 January 2021: 107.76 bn, of which exports 50.58 and imports 57.18.
    assert (row["figure_basis"], float(row["total_usd_bn"])) == ("gacc", 107.76)
    assert (float(row["exports_usd_bn"]), float(row["imports_usd_bn"])) == (50.58, 57.18)
    assert "not found" not in sba.trade_figure(tables.trade_figures()).caption


def test_ratio_title_follows_the_other_economy():
    wide = pd.DataFrame({"year": [1990, 1991, 2023], "ratio": [0.5, 1.2, 8.8]})
    assert sba.ratio_title(wide, "Russia") == (
        "China's economy overtook that of Russia in 1991 and was 8.8 times as large by 2023"
    )
    ahead = pd.DataFrame({"year": [1990, 2023], "ratio": [2.0, 3.0]})
    assert sba.ratio_title(ahead, "India").startswith(
        "China's economy was larger than that of India in every year"
    )
    behind = pd.DataFrame({"year": [1990, 2023], "ratio": [0.1, 0.67]})
    assert sba.ratio_title(behind, "United States") == (
        "China's economy was 0.67 times the size of that of United States in 2023"
    )
    texts = sba.ratio_figure(ahead, "IND", "India")
    assert "shaded band" not in texts.description and texts.caption.endswith("runs from 1990 to 2023.")


def test_values_match_the_data_files():
    v = sba.values()
    t = {int(r["year"]): float(r["total_usd_bn"]) for r in rows("trade/china_russia_trade.csv")}
    last, peak = max(t), max(t, key=t.get)
    assert v.trade_summary == (
        f"a new peak in {last}" if last == peak else f"a peak in {peak} and a lower total in {last}"
    )
    gdp = {
        (r["iso3"], int(r["year"])): float(r["gdp_usd_bn"])
        for r in rows("economy/gdp.csv")
        if r["gdp_usd_bn"]
    }
    y1 = max(y for (c, y) in gdp if c == "RUS" and ("CHN", y) in gdp)
    assert v.last_year == y1
    assert v.ratio_last == f"{gdp['CHN', y1] / gdp['RUS', y1]:.1f}"
    assert v.rus_pct_usa == f"{100 * gdp['RUS', y1] / gdp['USA', y1]:.0f}"
    spend = {
        (r["iso3"], int(r["year"])): float(r["usd_current_bn"])
        for r in rows("defence/military_expenditure.csv")
        if r["usd_current_bn"]
    }
    my = v.milex_year
    assert all((c, my) in spend for c in ("RUS", "CHN", "USA")) and ("RUS", my + 1) not in spend
    assert v.milex_rus_pct_chn == f"{100 * spend['RUS', my] / spend['CHN', my]:.0f}"
