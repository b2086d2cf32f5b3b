"""The values and guards of book/articles/no-peace-without-victory.md, on hand-made frames and on the data files."""

from __future__ import annotations

import pandas as pd
import pytest
from datacopy import read

from companion.chapters import no_peace_without_victory as npv


def test_the_burden_sentence_follows_the_two_multiples():
    before = {"RUS": 3.6, "UKR": 3.2}
    assert npv.burden_growth(before, {"RUS": 7.1, "UKR": 34.5}, 2024).endswith(
        "Ukraine's burden was 10.8 times its 2021 level and Russia's 2.0 times, so the war raised Ukraine's "
        "burden far more than Russia's"
    )
    assert npv.burden_growth(before, {"RUS": 5.4, "UKR": 4.8}, 2024).endswith(
        "so the war raised both burdens"
    )
    assert npv.burden_growth(before, {"RUS": 3.0, "UKR": 4.0}, 2024).endswith(
        "so the war did not raise both burdens"
    )


def test_the_spending_texts_name_the_estimated_years():
    pair = pd.DataFrame(
        {
            "country": ["Russia"] * 3 + ["Ukraine"] * 3,
            "iso3": ["RUS"] * 3 + ["UKR"] * 3,
            "year": [2021, 2022, 2023] * 2,
            "usd_current_bn": [66.0, 86.0, 109.0, 5.9, 44.0, 64.8],
            "share_of_gdp_pct": [3.6, 3.8, 5.9, 3.2, 33.5, 36.6],
            "sipri_estimate": [False, True, True, True, False, True],
        }
    )
    figure = npv.spend_figure(pair)
    assert figure.title.startswith("Russia outspent Ukraine 1.7 to one in 2023")
    assert figure.caption.endswith(
        "marks these years as estimates: Russia 2022 and 2023; Ukraine 2021 and 2023."
    )
    assert "Ukraine's rose by 998 per cent from 2021 to 2023." in figure.description
    assert npv.burden_figure(pair).title == "Ukraine spends 37% of its GDP on defence, Russia 5.9% (2023)"


def test_attribution_statuses():
    assert npv.status("Alexander Dugin (second sentence of the post)", "a senior Russian official") == (
        "Dugin's own words"
    )
    assert npv.status(float("nan"), "a senior Russian official") == "not yet matched"
    assert npv.status("not in the post in these words", "a diplomat") == "not in the post in these words"
    assert npv.status(float("nan"), "Dugin") == "named as Dugin; source not matched"
    assert (
        npv.status(
            "not in the post's readable part; in substance Dugin's (his statement of 21 May)", "an analyst"
        )
        == "Dugin's, elsewhere"
    )
    assert npv.status("not in the post's readable part", "an analyst") == "not yet matched"


def test_an_override_changes_the_count_and_a_misquoted_row_is_refused():
    ledger = read("claims.csv")
    attributions = [
        r
        for r in ledger
        if r["article_id"] == npv.ARTICLE
        and r["claim_type"] == "attribution"
        and r["claim_id"] != "npv-dugin-book"
    ]
    unmatched = [
        r["claim_id"]
        for r in attributions
        if "Dugin" not in r["checked_value"] and not r["claimed_value"].startswith("Dugin")
    ]
    traced = sum(
        "Dugin" in r["checked_value"]
        and not r["claimed_value"].startswith("Dugin")
        and not r["checked_value"].startswith("not in the post")
        for r in attributions
    )
    claims = pd.DataFrame(ledger).replace({"": float("nan")})
    who = npv.who_is_quoted(claims=claims)
    assert len(who) == len(attributions)
    assert int((who["status"] == "Dugin's own words").sum()) == traced
    exercise = "npv-attr-political-analyst-eu"  # the row the exercise asks students to check
    assert exercise in unmatched or next(r for r in attributions if r["claim_id"] == exercise)[
        "checked_value"
    ].startswith("not in the post")
    changed = npv.who_is_quoted({exercise: "Alexander Dugin (your reference)"}, claims)
    assert int((changed["status"] == "Dugin's own words").sum()) == traced + 1
    broken = claims.copy()
    first = broken.index[broken["claim_id"] == attributions[0]["claim_id"]][0]
    broken.loc[first, "quote"] = "“A sentence the article does not contain.”"
    with pytest.raises(ValueError, match="no-peace-without-victory.md: quotation not in the article"):
        npv.who_is_quoted(claims=broken)


def test_values_match_the_data_files():
    v = npv.values()
    spend = {
        (r["iso3"], int(r["year"])): r
        for r in read("defence/military_expenditure.csv")
        if r["iso3"] in ("RUS", "UKR") and r["usd_current_bn"] and int(r["year"]) <= 2024
    }
    y1 = max(y for (_, y) in spend)
    assert v.last_year == y1
    rus, ukr = float(spend["RUS", y1]["usd_current_bn"]), float(spend["UKR", y1]["usd_current_bn"])
    assert (v.rus_usd_last, v.ukr_usd_last, v.ratio_last) == (f"{rus:.0f}", f"{ukr:.0f}", f"{rus / ukr:.1f}")
    assert v.ukr_gdp_last == f"{float(spend['UKR', y1]['share_of_gdp_pct']):.1f}"


def test_the_exercise_charts_words_follow_its_prices_and_years():
    spend = pd.DataFrame(
        {
            "iso3": ["RUS", "UKR", "RUS", "UKR"],
            "year": [2015, 2015, 2019, 2019],
            "usd_current_bn": [60.0, 3.0, 65.2, 5.4],
            "usd_constant_2023_bn": [70.0, 4.0, 72.6, 6.1],
        }
    )
    current = npv.prices_figure(spend, "current")
    assert current.title.endswith("2015–2019, in current prices")
    assert "In 2019 Russia spent 65 and Ukraine 5 billion" in current.description
    constant = npv.prices_figure(spend, "constant")
    assert "constant 2023 prices" in constant.subtitle
    assert "In 2019 Russia spent 73 and Ukraine 6 billion" in constant.description
