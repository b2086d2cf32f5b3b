"""The values of book/methods/counting-words.md, worked out from the CSV files, and its guards."""

from __future__ import annotations

import pandas as pd
import pytest
from datacopy import DataCopy, read, stopped_at

from companion import prose
from companion.chapters import counting_words

CHAPTER = "book/methods/counting-words.md"


DOCS = read("texts/nss_documents.csv")
TOKENS = read("texts/nss_token_counts.csv")
REPORTED = {r["term"]: r for r in read("texts/nss_2025_reported.csv")}


def count(year: int, token: str) -> int:
    return sum(int(r["count"]) for r in TOKENS if r["year"] == str(year) and r["token"] == token)


def words(year: int) -> int:
    return next(int(r["words"]) for r in DOCS if r["year"] == str(year))


@pytest.fixture
def data_copy(tmp_path) -> DataCopy:
    return DataCopy.of(tmp_path)


@pytest.fixture(scope="module")
def v() -> counting_words.Values:
    return counting_words.values()


def test_documents_and_lengths(v):
    assert len(DOCS) == 17  # the strategies of 1987–2017 in devincornell/nssdocs
    assert v.docs_phrase == "seventeen National Security Strategies from 1987 to 2017"
    shortest = min(DOCS, key=lambda r: int(r["words"]))
    longest = max(DOCS, key=lambda r: int(r["words"]))
    assert (v.short_year, v.short_words) == (int(shortest["year"]), f"{int(shortest['words']):,}")
    assert (v.long_year, v.long_words) == (int(longest["year"]), f"{int(longest['words']):,}")
    assert v.words_2017 == f"{words(2017):,}"
    assert v.words_2025 == f"{int(REPORTED['Russia']['words']):,}"


def test_rates_are_mentions_per_10000_words(v):
    for year, n, shown in [(2017, v.ru_2017_n, v.ru_2017_rate), (2000, v.ru_2000_n, v.ru_2000_rate)]:
        assert n == count(year, "russia")
        assert shown == f"{count(year, 'russia') / words(year) * 10_000:.1f}"
    assert v.ru_2015_rate == f"{count(2015, 'russia') / words(2015) * 10_000:.1f}"
    assert v.cn_2017_rate == f"{count(2017, 'china') / words(2017) * 10_000:.1f}"
    for term, shown in [
        ("Russia", v.ru_2025_rate),
        ("China", v.cn_2025_rate),
        ("hemisphere", v.hs_2025_rate),
    ]:
        r = REPORTED[term]
        assert shown == f"{int(r['count']) / int(r['words']) * 10_000:.1f}"
    assert v.ru_2025_rate == "10.4"  # 10 mentions in 9,660 words


def test_a_2022_strategy_changes_the_phrases_and_stops_at_the_heading(data_copy):
    def add_2022(rows):
        return rows + [dict(next(r for r in rows if r["year"] == "2017"), year="2022")]

    data_copy.edit("texts/nss_documents.csv", add_2022)
    data_copy.edit(
        "texts/nss_token_counts.csv",
        lambda rows: rows + [dict(r, year="2022") for r in rows if r["year"] == "2017"],
    )
    docs = pd.read_csv(data_copy.folder / "texts/nss_documents.csv")
    assert counting_words.docs_phrase(docs) == "eighteen National Security Strategies from 1987 to 2022"
    caption = counting_words.rates_caption(docs)
    assert "1987–2022 (recounted)" in caption and "2022 is missing" not in caption
    with pytest.raises(prose.StatementFailed) as failed:
        counting_words.values(data_copy.folder)
    assert stopped_at(failed.value, CHAPTER) == "## Mentions per 10,000 words, 1987–2017 and 2025"


def test_a_larger_reported_russia_count_stops_at_the_comparison_with_2017(data_copy):
    def twenty(rows):
        return [dict(r, count="20") if r["term"] == "Russia" else r for r in rows]

    data_copy.edit("texts/nss_2025_reported.csv", twenty)
    with pytest.raises(prose.StatementFailed) as failed:
        counting_words.values(data_copy.folder)
    assert stopped_at(failed.value, CHAPTER) == "almost exactly the 2017 rate of"


def test_damage_title_follows_who_carries_the_suspects():
    docs = pd.DataFrame(
        {"runtogether_per_10k": [150.0, 120.0, 10.0], "runtogether_suspects": [400, 300, 100]}
    )
    assert counting_words.damage_title(docs) == "Two documents carry most of the run-together words"
    docs.loc[2, "runtogether_suspects"] = 900
    assert counting_words.damage_title(docs) == "Two documents carry a minority of the run-together words"


def test_repairs_and_hidden_mentions():
    repairs = pd.DataFrame(
        {
            "year": [1995, 1995, 1998],
            "after": ["with Russia", "the Soviet", "of China's"],
            "count": [3, 5, 2],
        }
    )
    made = counting_words.keyword_repairs(repairs)
    assert list(made["after"]) == ["with Russia", "of China's"]
    assert counting_words.repairs_of(made, "russia") == 3 and counting_words.repairs_of(made, "china") == 2
    tokens = pd.DataFrame(
        {
            "year": [2015] * 5,
            "token": ["russias", "russian", "russia", "thehemisphere", "indochina"],
            "count": [2, 9, 9, 1, 4],
        }
    )
    assert list(counting_words.hidden_mentions(tokens)["token"]) == ["russias", "thehemisphere"]


def test_hidden_and_repaired_totals_on_the_repository(v):
    keywords = {"russia", "china", "hemisphere", "immigration"}
    real = {"russian", "russians", "prussia", "indochina", "hemispheres"}
    hidden = sum(
        int(r["count"])
        for r in TOKENS
        if any(k in r["token"] for k in keywords) and r["token"] not in real | keywords
    )
    assert v.hidden_total == hidden
