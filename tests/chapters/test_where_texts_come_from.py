"""The values of book/methods/where-texts-come-from.md, worked out from the CSV files, and its guards."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from datacopy import DataCopy, read, stopped_at

from companion import prose
from companion.chapters import where_texts_come_from as wt

CHAPTER = "book/methods/where-texts-come-from.md"


def test_values_on_the_repository():
    v = wt.values()
    kinds = Counter(r["kind"] for r in read("texts/articles.csv"))
    assert (v.n_rewrite, v.n_translation, v.n_original) == (
        kinds["rewrite"],
        kinds["translation"],
        kinds["original"],
    )
    captions = [r for r in read("texts/article_furniture.csv") if r["article_id"] == "reverse-kissinger"]
    assert v.rk_captions == sum(r["kind"] == "caption" for r in captions)
    quoted = [
        r
        for r in read("claims.csv")
        if r["article_id"] == "no-peace-without-victory"
        and r["claim_type"] == "attribution"
        and "“" in r["quote"]
    ]
    assert v.npv_n == len(quoted)
    assert v.npv_traced == sum(r["verdict"] != "unverified" for r in quoted)


def test_where_a_quotation_was_found():
    assert wt.actual_source("unverified", None) == "Not traced (unverified)"
    assert wt.actual_source("contradicted", "not in the post; Dugin writes ...") == "Dugin's post, reworded"
    assert wt.actual_source("contradicted", "Dugin, Substack, 21 May 2025") == "Dugin's post, word for word"


def test_attributions_keep_quotations_and_drop_the_same_speaker_mark():
    ledger = pd.DataFrame(
        {
            "article_id": ["no-peace-without-victory"] * 3 + ["reverse-kissinger"],
            "claim_type": ["attribution", "attribution", "attribution", "attribution"],
            "quote": [
                "“We will win,” an official said",
                "an analyst argues that",
                "“Yes,” a source said",
                "“No”",
            ],
            "claimed_value": ["a senior official", "an analyst", "a senior official (same speaker)", "x"],
            "verdict": ["contradicted", "contradicted", "unverified", "supported"],
            "checked_value": ["Dugin", "Dugin", None, "x"],
        }
    )
    npv = wt.attributions(ledger)
    assert list(npv["attributed_to"]) == ["a senior official", "a senior official"]
    assert list(npv["actually_from"]) == ["Dugin's post, word for word", "Not traced (unverified)"]


def test_the_rewrite_table_quotes_the_rewrite_verbatim():
    table = wt.rewrite_comparison()
    assert len(table) == 5
    assert table.iloc[0, 0] == "“These suppositions are absolute fantasy.”"


def test_a_second_translation_stops_at_the_sentence_that_counts_one(tmp_path):
    data_copy = DataCopy.of(tmp_path)

    def translate(rows):
        return [dict(r, kind="translation") if r["id"] == "golden-opportunity" else r for r in rows]

    data_copy.edit("texts/articles.csv", translate)
    with pytest.raises(prose.StatementFailed) as failed:
        wt.values(data_copy.folder)
    assert stopped_at(failed.value, CHAPTER) == "is a translation; the other"
