"""The chapter template's values module (companion.chapters.chapter_template), the example a new
chapter's tests copy: hand-made frames for each case, and the real data read with the csv module."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from companion import prose, tables
from companion.chapters import chapter_template

ROOT = Path(__file__).resolve().parents[2]


def frame(totals: dict[int, float | None]) -> pd.DataFrame:
    return pd.DataFrame({"year": list(totals), "total_usd_bn": list(totals.values())})


def test_peak_is_the_highest_total_and_the_earlier_year_on_a_tie():
    assert chapter_template.peak(frame({2020: 10.0, 2021: 30.0, 2022: 20.0})) == (2021, 30.0)
    assert chapter_template.peak(frame({2020: 30.0, 2021: 10.0, 2022: 30.0})) == (2020, 30.0)
    assert chapter_template.peak(frame({2020: 10.0, 2021: None, 2022: 12.5})) == (2022, 12.5)
    with pytest.raises(ValueError, match="no total"):
        chapter_template.peak(frame({2020: None}))


def test_trend_follows_a_new_peak_and_a_fall():
    assert chapter_template.trade_trend(frame({2020: 10.0, 2021: 20.0, 2022: 30.0})) == (
        "rose from 10 billion US dollars in 2020 to 30 billion in 2022, its highest"
    )
    assert chapter_template.trade_trend(frame({2020: 10.0, 2021: 30.0, 2022: 25.0})) == (
        "rose from 10 billion US dollars in 2020 to a peak of 30 billion in 2021, then fell to 25 billion in 2022"
    )


def test_values_match_the_trade_csv():
    with (ROOT / "data" / "trade" / "china_russia_trade.csv").open(encoding="utf-8", newline="") as fh:
        rows = [(int(r["year"]), float(r["total_usd_bn"])) for r in csv.DictReader(fh) if r["total_usd_bn"]]
    best_year, best = max(rows, key=lambda r: (r[1], -r[0]))
    v = chapter_template.values()
    assert (v.first_year, v.last_year) == (min(y for y, _ in rows), max(y for y, _ in rows))
    assert v.peak_year == best_year
    assert v.peak_bn == f"{round(best):,}"


def test_the_guard_names_the_template_when_the_peak_is_the_first_year(monkeypatch):
    monkeypatch.setattr(tables, "trade_figures", lambda: frame({2020: 30.0, 2021: 20.0, 2022: 10.0}))
    with pytest.raises(
        prose.StatementFailed, match=r"book/_template/chapter\.md:\d+: the statement \"grew to a peak\""
    ):
        chapter_template.values()
