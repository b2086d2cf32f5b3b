"""The sentences of book/intro.md on hand-made trade tables and on the repository's."""

from __future__ import annotations

import pandas as pd
from datacopy import read

from companion.chapters import intro


def trade(rows: dict[int, tuple[float, str]], note: str = "") -> pd.DataFrame:
    return pd.DataFrame(
        [
            {"year": y, "total_usd_bn": v, "figure_basis": b, "note": note, "source_id": "s"}
            for y, (v, b) in rows.items()
        ]
    )


def test_a_second_consecutive_fall_keeps_the_old_peak():
    v = intro.values(
        trade({2022: (190.0, "gacc"), 2023: (240.0, "gacc"), 2024: (230.0, "gacc"), 2025: (210.0, "gacc")})
    )
    assert (
        v.trend
        == "rose from 190 billion US dollars in 2022 to a peak of 240 billion in 2023, then fell to 210 billion in 2025"
    )
    assert v.chart_title.endswith("between 2022 and 2023")
    assert "Every bar is an exact customs figure." in v.caption and "Paler" not in v.caption


def test_weak_figures_are_named_in_the_description_and_caption():
    t = trade(
        {2018: (107.0, "gacc-lower-bound"), 2019: (110.0, "gacc"), 2020: (108.0, "not-gacc")},
        "Vladimir Putin said",
    )
    v = intro.values(t)
    assert v.chart_description.endswith(
        "The 2018 bar is a lower bound and the 2020 bar is not a customs figure."
    )
    assert (
        '2018 is known only as "over $107 billion" and 2020 only as a rounded total stated by Vladimir Putin'
        in (v.caption)
    )


def test_values_on_the_repository():
    rows = read("trade/china_russia_trade.csv")
    first, last = min(rows, key=lambda r: int(r["year"])), max(rows, key=lambda r: int(r["year"]))
    v = intro.values()
    assert v.trend.startswith(
        f"rose from {float(first['total_usd_bn']):.0f} billion US dollars in {first['year']}"
    )
    assert v.trend.endswith(f"{float(last['total_usd_bn']):.0f} billion in {last['year']}")
    assert v.caption.startswith(f"China–Russia goods trade, {first['year']}–{last['year']}.")
