"""Each counting rule of companion.text, pinned with inputs a naive implementation gets wrong."""

from __future__ import annotations

import math
from pathlib import Path

import pandas as pd
import pytest

from companion import text as T


# Rule 1: case
def test_matching_is_case_insensitive() -> None:
    assert T.count("CHINA, China and china.", ["china"]) == {"china": 3}
    assert T.count("china", ["CHINA"]) == {"CHINA": 1}


def test_keys_are_the_terms_as_given() -> None:
    got = T.count("Russia and China", ["Russia", "CHINA", "hemisphere"])
    assert list(got) == ["Russia", "CHINA", "hemisphere"]
    assert got == {"Russia": 1, "CHINA": 1, "hemisphere": 0}


# Rule 4: possessives, with both apostrophes
def test_possessive_counts_as_the_word_straight_and_curly() -> None:
    assert T.count("Russia's army and Russia\u2019s navy", ["Russia"]) == {"Russia": 2}


def test_plural_possessive_apostrophe_is_dropped() -> None:
    assert T.tokenize("the allies\u2019 budgets") == ["the", "allies", "budgets"]


def test_curly_apostrophe_does_not_split_a_word() -> None:
    # A tokenizer that treats ’ as a separator would count a stray "s" word.
    assert T.words("Russia\u2019s army") == 2
    assert T.tokenize("don\u2019t") == ["don't"]


# Rule 2: quote marks are equivalent in texts and terms
def test_typographic_and_straight_apostrophes_equivalent_in_terms() -> None:
    assert T.count("We don't know", ["don\u2019t"]) == {"don\u2019t": 1}
    assert T.count("We don\u2019t know", ["don't"]) == {"don't": 1}


def test_double_quotes_do_not_stick_to_words() -> None:
    assert T.count('\u201cRussia\u201d and "Russia"', ["Russia"]) == {"Russia": 2}


# Rule 3: hyphenated compounds count their parts
def test_hyphenated_compound_counts_its_parts() -> None:
    assert T.count("the Russia-Ukraine war and the US\u2013China talks", ["Russia", "China"]) == {
        "Russia": 1,
        "China": 1,
    }


# Rule 7: longer words do not count for whole words
def test_longer_words_do_not_count_as_whole_word() -> None:
    got = T.count("Russian troops, Russians, Prussia, Belarussia, Russia.", ["Russia"])
    assert got == {"Russia": 1}


# Rule 8: prefix
def test_prefix_counts_words_beginning_with_the_term() -> None:
    got = T.count("Russia, Russian, Russians\u2019 views, anti-Russian", ["Russia"], match="prefix")
    assert got == {"Russia": 4}


def test_prefix_never_counts_words_that_merely_contain_the_term() -> None:
    assert T.count("Prussia and Belarussian", ["Russia"], match="prefix") == {"Russia": 0}


def test_prefix_in_multiword_term_applies_to_last_word() -> None:
    text = "Soviet Unionists, Soviet Union, Sovietology Union"
    assert T.count(text, ["Soviet Union"], match="prefix") == {"Soviet Union": 2}
    assert T.count(text, ["Soviet Union"], match="word") == {"Soviet Union": 1}


def test_unknown_match_mode_is_an_error() -> None:
    with pytest.raises(ValueError, match="match"):
        T.count("x", ["x"], match="substring")  # type: ignore[arg-type]


# Rule 9: multi-word terms
def test_multiword_term_matches_across_whitespace_and_line_breaks() -> None:
    text = "the National  Security\nStrategy and the national security\r\n   strategy"
    assert T.count(text, ["National Security Strategy"]) == {"National Security Strategy": 2}


def test_multiword_term_does_not_match_across_punctuation() -> None:
    text = "a national security. Strategy matters; national security, strategy"
    assert T.count(text, ["National Security Strategy"]) == {"National Security Strategy": 0}


def test_multiword_term_requires_whole_words() -> None:
    assert T.count("Soviet Unionists", ["Soviet Union"]) == {"Soviet Union": 0}


# Rule 5: U.S. is one token
def test_us_abbreviation_is_one_token_and_not_the_pronoun() -> None:
    assert T.tokenize("The U.S. and us") == ["the", "u.s.", "and", "us"]
    assert T.count("U.S. policy; the U.S.-China talks; tell us", ["U.S."]) == {"U.S.": 2}
    assert T.count("U.S. policy", ["us"]) == {"us": 0}
    assert T.words("U.S. policy") == 2


# Rule 6: numbers
def test_numbers_with_separators_are_one_word() -> None:
    assert T.tokenize("9,660 words, 3.4 percent, the 1990s") == [
        "9,660",
        "words",
        "3.4",
        "percent",
        "the",
        "1990s",
    ]


def test_words_counts_tokens_not_whitespace_chunks() -> None:
    # Splitting on whitespace would give 5 ("—" alone and "war—and" as one).
    assert T.words("war \u2014 peace war\u2014and") == 4


def test_non_ascii_letters_stay_in_words() -> None:
    assert T.tokenize("T\u00fcrkiye and Zelenskyy") == ["t\u00fcrkiye", "and", "zelenskyy"]


def test_term_without_a_word_is_an_error() -> None:
    with pytest.raises(ValueError, match="no word"):
        T.count("text", ["--"])


# per_10k
def test_per_10k_scales_by_length() -> None:
    assert math.isclose(T.per_10k(21, 9660), 21 / 9660 * 10_000)
    assert T.per_10k(5, 20_000) < T.per_10k(5, 10_000)


def test_per_10k_rejects_zero_length() -> None:
    with pytest.raises(ValueError, match="positive"):
        T.per_10k(3, 0)


# kwic
def test_kwic_one_row_per_occurrence_with_context() -> None:
    text = "First Russia\u2019s view.\nThen Prussia. Then\nRussia again."
    rows = T.kwic(text, "Russia", width=10)
    assert len(rows) == 2
    assert rows[0].match == "Russia\u2019s"
    assert rows[0].left == "First "
    assert rows[1].left.endswith("Then ")
    assert rows[1].right == " again."
    assert all(len(r.left) <= 10 and len(r.right) <= 10 for r in rows)


def test_kwic_collapses_line_breaks_in_context_and_match() -> None:
    rows = T.kwic("our National\nSecurity Strategy\nsays", "national security strategy", width=20)
    assert rows[0].match == "National Security Strategy"
    assert "\n" not in rows[0].right


# mention_table
def _aliases() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "entity": ["Vladimir Putin", "Vladimir Putin", "United States", "United States"],
            "alias": ["Vladimir Putin", "Putin", "United States", "U.S."],
            "kind": ["person", "person", "state", "state"],
        }
    )


def test_mention_table_counts_overlapping_aliases_once() -> None:
    texts = {"a": "Vladimir Putin met the U.S. envoy. Putin\u2019s aides and the United States agreed."}
    table = T.mention_table(texts, _aliases())
    got = dict(zip(table.entity, table.mentions))
    # Naive alias summing gives Putin 3 (both aliases match "Vladimir Putin").
    assert got == {"Vladimir Putin": 2, "United States": 2}
    words = T.words(texts["a"])
    row = table[table.entity == "Vladimir Putin"].iloc[0]
    assert row.words == words
    assert math.isclose(row.per_1k, 2 * 1000 / words)
    assert set(table.kind) == {"person", "state"}


def test_mention_table_has_zero_rows_for_absent_entities() -> None:
    table = T.mention_table({"a": "nothing here", "b": "Putin"}, _aliases())
    assert len(table) == 4
    assert table.set_index(["text_id", "entity"]).loc[("a", "Vladimir Putin"), "mentions"] == 0


def test_mention_table_rejects_alias_table_without_columns() -> None:
    with pytest.raises(ValueError, match="alias"):
        T.mention_table({"a": "x"}, pd.DataFrame({"name": ["x"]}))


# Repairs of text extracted from PDFs
def test_ligature_split_is_joined_and_logged() -> None:
    text, log = T.repair_ligatures("confi dence in fi nancial infl uence; the Fi nal word")
    assert text == "confidence in financial influence; the Fi nal word"
    assert log == [("confi dence", "confidence"), ("fi nancial", "financial"), ("infl uence", "influence")]


def test_ligature_rule_leaves_other_words_alone() -> None:
    text, log = T.repair_ligatures("a firm fit; of ficial Fiji")
    assert text == "a firm fit; of ficial Fiji" and log == []


def test_capital_split_needs_both_parts_to_be_common_words() -> None:
    vocab = {"with": 9, "russia": 9, "the": 9, "soviet": 9, "union": 9, "req": 1, "uires": 0}
    text, log = T.split_joined_capitals("withRussia, theSovietUnion, SovietUnion, reqUires", vocab)
    assert text == "with Russia, theSovietUnion, Soviet Union, reqUires"
    assert log == [("withRussia", "with Russia"), ("SovietUnion", "Soviet Union")]


def test_capital_split_threshold_is_applied() -> None:
    vocab = {"with": 4, "russia": 9}
    assert T.split_joined_capitals("withRussia", vocab, min_count=5)[0] == "withRussia"
    assert T.split_joined_capitals("withRussia", vocab, min_count=4)[0] == "with Russia"


def test_joined_word_suspects_finds_two_common_words_run_together() -> None:
    vocab = {
        "our": 30,
        "people": 25,
        "ourpeople": 1,
        "peacekeeping": 1,
        "peace": 30,
        "keeping": 3,
        "oflife": 2,
        "of": 50,
        "life": 40,
    }
    counts = {"ourpeople": 1, "peacekeeping": 1, "oflife": 2, "people": 25}
    assert T.joined_word_suspects(counts, vocab) == {"ourpeople": ("our", "people")}


def test_mention_table_case_sensitive_alias_skips_the_pronoun() -> None:
    aliases = pd.DataFrame(
        {"entity": ["United States"] * 2, "alias": ["US", "U.S."], "case_sensitive": [True, False]}
    )
    table = T.mention_table({"a": "The US told us, and the U.S. told Us."}, aliases)
    assert table.mentions.tolist() == [2]
    # Without the flag the pronoun would count too.
    loose = T.mention_table({"a": "The US told us."}, aliases.assign(case_sensitive=False))
    assert loose.mentions.tolist() == [2]


def test_mention_table_phrase_blocks_a_shorter_alias() -> None:
    aliases = pd.DataFrame(
        {
            "entity": ["United States", "Latin America"],
            "alias": ["America", "South America"],
            "kind": ["state", "region"],
        }
    )
    table = T.mention_table({"a": "America and South America"}, aliases)
    assert dict(zip(table.entity, table.mentions)) == {"United States": 1, "Latin America": 1}


# --------------------------------------------------------------------------------------
# nss_rates: mentions per 10,000 words in the National Security Strategies
# --------------------------------------------------------------------------------------

_DOCS = pd.DataFrame({"year": [2000, 2010], "words": [1_000, 4_000]})
_TOKENS = pd.DataFrame(
    {
        "year": [2000, 2000, 2000, 2010, 2010],
        "token": ["russia", "russian", "china", "russia", "prussia"],
        "count": [2, 3, 5, 8, 1],
    }
)
_REPORTED = pd.DataFrame(
    {"year": [2025, 2025], "term": ["Russia", "Mars"], "count": [10, 1], "words": [5_000, 5_000]}
)


def _rates(terms, match="word", **kw) -> pd.DataFrame:
    return T.nss_rates(terms, match, documents=_DOCS, token_counts=_TOKENS, reported=_REPORTED, **kw)


def test_nss_rates_whole_words_and_reported_rows() -> None:
    got = _rates(["Russia", "China"]).set_index(["term", "year"])
    assert got.loc[("Russia", 2000), "count"] == 2
    assert got.loc[("Russia", 2010), "count"] == 8
    assert got.loc[("China", 2010), "count"] == 0
    assert got.loc[("Russia", 2010), "per_10k"] == pytest.approx(20.0)
    assert got.loc[("Russia", 2025), "basis"] == T.REPORTED
    assert got.loc[("Russia", 2025), "per_10k"] == pytest.approx(20.0)
    assert ("Mars", 2025) not in got.index  # reported terms not asked for are left out
    assert set(got.loc[got.basis != T.REPORTED, "basis"]) == {T.COUNTED}


def test_nss_rates_prefix_and_series_of_tokens() -> None:
    prefix = _rates(["Russia"], "prefix").set_index("year")
    assert prefix.loc[2000, "count"] == 5  # russia + russian, not prussia
    assert prefix.loc[2010, "count"] == 8
    series = _rates({"Russia or China": ["russia", "china"]}, counted_label="recounted").set_index("year")
    assert series.loc[2000, "count"] == 7
    assert series.loc[2000, "basis"] == "recounted"
    with pytest.raises(ValueError, match="match must be"):
        _rates(["Russia"], "stem")


def test_nss_rates_agree_with_the_token_table() -> None:
    tokens = pd.read_csv(Path(__file__).parents[1] / "data" / "texts" / "nss_token_counts.csv")
    docs = pd.read_csv(Path(__file__).parents[1] / "data" / "texts" / "nss_documents.csv")
    got = T.nss_rates(["Russia"]).query("basis == @T.COUNTED").set_index("year")
    for year, words in zip(docs["year"], docs["words"]):
        n = int(tokens.loc[(tokens["year"] == year) & (tokens["token"] == "russia"), "count"].sum())
        assert got.loc[year, "count"] == n
        assert got.loc[year, "per_10k"] == pytest.approx(n * 10_000 / words)


@pytest.mark.parametrize(
    ("n", "word"),
    [
        (1, "first"),
        (2, "second"),
        (10, "tenth"),
        (12, "twelfth"),
        (13, "13th"),
        (21, "21st"),
        (22, "22nd"),
        (23, "23rd"),
        (111, "111th"),
        (112, "112th"),
    ],
)
def test_ordinal(n: int, word: str) -> None:
    assert T.ordinal(n) == word


def test_ordinal_rejects_zero() -> None:
    with pytest.raises(ValueError, match="starts at 1"):
        T.ordinal(0)


def test_and_join() -> None:
    assert T.and_join([]) == ""
    assert T.and_join(["A"]) == "A"
    assert T.and_join(["A", "B"]) == "A and B"
    assert T.and_join(iter(["A", "B", "C"])) == "A, B and C"


def test_reading_minutes_rounds_up_at_the_books_rate() -> None:
    assert T.reading_minutes(0) == 0
    assert T.reading_minutes(1) == 1
    assert T.reading_minutes(230) == 1
    assert T.reading_minutes(231) == 2
    assert T.reading_minutes(2_300) == 10
    assert T.reading_minutes(460, rate=200) == 3
    with pytest.raises(ValueError, match="positive rate"):
        T.reading_minutes(100, rate=0)
