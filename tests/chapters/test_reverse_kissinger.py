"""The values and guards of book/articles/reverse-kissinger.md, on hand-made frames and on the data files."""

from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest

from companion import data, prose, tables
from companion.chapters import reverse_kissinger as rk

ROOT = Path(__file__).resolve().parents[2]
PAGE = "… Russian oil exports to China rose from £37 billion in 2019 to £62 billion in 2024. … buying $62 billion worth in 2024 …"


def crude(rows: list[tuple[int, str, float | None, float | None, float | None]]) -> pd.DataFrame:
    """A crude table from (year, period, volume_mt, value_usd_bn, volume_mbd) rows."""
    return pd.DataFrame(rows, columns=["year", "period", "volume_mt", "value_usd_bn", "volume_mbd"])


COMMITTED = [
    (2021, "full_year", 79.64, 40.29, 1.59),
    (2022, "full_year", 86.25, 58.37, 1.72),
    (2023, "full_year", 107.0, 60.6, 2.14),
    (2024, "full_year", 108.5, 62.42, 2.17),
    (2025, "Q1", 24.315, 13.0, None),
]


def test_the_caption_check_with_the_committed_years():
    c = rk.caption_check(rk.caption_points(PAGE, crude(COMMITTED)), 2021)
    assert (c.y0, c.y1, c.start_in_data) == ("2019", "2024", False)
    assert c.start_sentence.startswith("is **not in our data**; our crude series begins in 2021")
    assert c.end_sentence == "has a dollar value in our data: 62.4 billion"
    assert c.verdict == "only its 2024 figure can be checked against our data"
    assert c.summary_tail == ": there is no 2019 figure in our data at all"
    assert c.figure.title == "One caption figure cannot be confirmed: no value in our data for 2019"


def test_a_2019_row_makes_both_caption_figures_checkable():
    """The drill's new year: a 2019 full year at 37.0 billion dollars and 1.55 million barrels a day."""
    rows = [(2019, "full_year", 77.6, 37.0, 1.55), *COMMITTED]
    c = rk.caption_check(rk.caption_points(PAGE, crude(rows)), 2019)
    assert c.start_in_data
    assert c.start_sentence == "has a value in our data: 37.0 billion dollars"
    assert c.verdict == "both of its figures can be checked against our data"
    assert c.summary_tail == ": our data do have a 2019 figure"
    assert c.figure.title == "Both caption years have a value in our data"
    vol = rk.full_years(crude(rows))
    # 1.55 -> 2.17 million barrels a day is a rise of 40 per cent.
    assert rk.crude_change(vol.iloc[0].volume_mbd, vol.iloc[-1].volume_mbd) == "a rise of 40 per cent"


def test_the_crude_change_is_compared_as_shown():
    assert rk.crude_change(2.0, 1.9) == "a fall of 5 per cent"
    assert rk.crude_change(2.171, 2.168) == "no change"  # both show as 2.17


def test_no_2024_value_is_said_plainly():
    value = pd.Series({2022: 58.37, 2023: 60.6})
    said = rk.value_sentence(value, pd.Series(dtype=float))
    assert said.startswith(
        "For full years our sources give a dollar value only for 2022, 2023 (58.4, 60.6 billion)"
    )
    only_2024 = rk.value_sentence(pd.Series({2024: 62.42}), pd.Series(dtype=float))
    assert "but no value for 2021" in only_2024


def test_a_missing_value_changes_the_crude_caption():
    rows = [(y, p, t, None if y == 2022 else v, b) for y, p, t, v, b in COMMITTED]
    assert "a dollar value only for 2021, 2023, 2024" in rk.crude_figure(crude(rows)).caption
    assert "figures for parts of 2025" in rk.crude_figure(crude(rows)).caption
    assert "a dollar value for every year shown (in the" in rk.crude_figure(crude(COMMITTED[:4])).caption


def test_trade_that_no_longer_grew_after_2021_stops_at_a_guard():
    frame = tables.trade_figures().copy()
    frame.loc[frame["year"] == 2021, "total_usd_bn"] = 300.0
    with pytest.raises(
        prose.StatementFailed, match=r"book/articles/reverse-kissinger\.md:\d+: .*trade grew from"
    ):
        rk.trade_figure(frame, data.load("sources"))


def test_values_match_the_data_files():
    v = rk.values()
    with (ROOT / "data/trade/china_russia_trade.csv").open(encoding="utf-8", newline="") as fh:
        trade = {int(r["year"]): r for r in csv.DictReader(fh)}
    totals = {y: float(r["total_usd_bn"]) for y, r in trade.items()}
    peak = max(totals, key=totals.get)
    assert (v.trade_peak, v.trade_peak_year) == (f"{totals[peak]:.0f}", peak)
    assert v.trade_2021 == f"{totals[2021]:.0f}"
    r22 = trade[2022]
    assert v.imports_share_2022 == f"{100 * float(r22['imports_usd_bn']) / float(r22['total_usd_bn']):.0f}"
    assert (
        v.trade_figure.title
        == f"China–Russia trade grew {totals[peak] / totals[2021]:.1f}-fold from 2021 to its {peak} peak"
    )
    # The ledger's 2024 value is the customs value the article's "$62 billion" is checked against.
    assert v.ledger_2024 == "62.4" and v.ledger_2024_verdict == "supported"
    assert v.caption.y0 == "2019" and not v.caption.start_in_data
