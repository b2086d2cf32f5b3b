"""The values of book/reference/data.md, worked out from the CSV files, and the gaps it checks."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from datacopy import ROOT, DataCopy, read, stopped_at

from companion import prose
from companion.chapters import data_appendix

CHAPTER = "book/reference/data.md"


@pytest.fixture(scope="module")
def v() -> data_appendix.Values:
    return data_appendix.values()


def test_sipri_and_nato_figures(v):
    milex = {(r["iso3"], r["year"]): r for r in read("defence/military_expenditure.csv")}
    usa14, usa24 = milex[("USA", "2014")], milex[("USA", "2024")]
    assert v.milex.usa_2014_current == f"{float(usa14['usd_current_bn']):,.0f}"
    assert v.milex.usa_2024_constant == f"{float(usa24['usd_constant_2023_bn']):,.0f}"
    assert v.milex.pol_2024_sipri_share == f"{float(milex[('POL', '2024')]['share_of_gdp_pct']):.2f}"
    assert v.milex.n_sipri_estimates == sum(r["sipri_estimate"] == "true" for r in milex.values())
    nato = {(r["ally"], r["year"]): r for r in read("defence/nato_defence_share.csv")}
    assert v.nato.pol_2024_headline == f"{float(nato[('Poland', '2024')]['headline_share_of_gdp_pct']):.2f}"
    assert v.nato.n_disagree == sum(1 for (_, y), r in nato.items() if y == "2024" and r["note"])
    assert (v.nato.guideline_low, v.nato.guideline_high) == ("2", "5")  # Wales 2014 and The Hague 2025


def test_trade_and_crude_figures(v):
    trade = {int(r["year"]): r for r in read("trade/china_russia_trade.csv")}
    assert (v.trade.first, v.trade.last) == (min(trade), max(trade))
    assert v.trade.total_2018 == f"{float(trade[2018]['total_usd_bn']):.0f}"
    split = [str(y) for y, r in sorted(trade.items()) if r["exports_usd_bn"] and r["imports_usd_bn"]]
    assert v.trade.split_years == " and ".join(split)
    crude = read("trade/china_crude_imports_from_russia.csv")
    full = [int(r["year"]) for r in crude if r["period"] == "full_year"]
    assert (v.crude.first, v.crude.last) == (min(full), max(full))
    assert v.crude.n_partial == sum(r["period"] != "full_year" for r in crude)
    assert v.n_datasets == len(json.loads((ROOT / "data/datapackage.json").read_text())["resources"])


def test_a_2019_crude_volume_stops_at_the_gap_it_fills():
    crude = pd.DataFrame(
        {
            "year": [2019, 2021],
            "period": ["full_year"] * 2,
            "volume_mt": [77.6, 79.6],
            "value_usd_bn": [37.0, 40.3],
        }
    )
    assert (data_appendix.crude_span(crude).first, data_appendix.crude_span(crude).n_partial) == (2019, 0)
    with pytest.raises(prose.StatementFailed) as failed:
        data_appendix.check_gaps(crude, {1987, 2017}, 2023)
    assert (
        stopped_at(failed.value, CHAPTER)
        == "crude-oil volumes for 2019 and 2020 and the full-year 2025 volume"
    )
    with pytest.raises(prose.StatementFailed) as failed:
        data_appendix.check_gaps(crude.iloc[1:], {1987, 2017, 2022}, 2023)
    assert stopped_at(failed.value, CHAPTER) == "The strategy-text tables cover 1987–2017"
    with pytest.raises(prose.StatementFailed) as failed:
        data_appendix.check_gaps(crude.iloc[1:], {1987, 2017}, 2024)
    assert stopped_at(failed.value, CHAPTER) == "ends in 2023"


def test_a_2020_total_that_is_not_a_customs_figure_stops_at_the_sentence_on_it(tmp_path):
    data_copy = DataCopy.of(tmp_path)

    def rounded(rows):
        return [dict(r, figure_basis="not-gacc") if r["year"] == "2020" else r for r in rows]

    data_copy.edit("trade/china_russia_trade.csv", rounded)
    with pytest.raises(prose.StatementFailed) as failed:
        data_appendix.values(data_copy.folder)
    assert stopped_at(failed.value, CHAPTER) == "One total is not what it seems"


def test_the_2020_total_is_the_customs_figure_to_two_decimals():
    # China's customs, as reported on 14 January 2021: 107.76 billion dollars.
    row = next(r for r in read("trade/china_russia_trade.csv") if r["year"] == "2020")
    assert row["figure_basis"] == "gacc"
    assert data_appendix.values().trade.total_2020 == row["total_usd_bn"] == "107.76"


def test_a_2025_sipri_year_stops_at_the_release_sentence():
    milex = pd.DataFrame({"iso3": ["USA"], "year": [2025]})
    with pytest.raises(prose.StatementFailed) as failed:
        data_appendix.milex_figures(milex)
    assert (
        stopped_at(failed.value, CHAPTER) == "the book uses the April 2025 release, so its last year is 2024"
    )
