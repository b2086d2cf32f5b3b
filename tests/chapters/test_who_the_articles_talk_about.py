"""The values of book/methods/who-the-articles-talk-about.md, and its guards, on hand-made texts and the repository."""

from __future__ import annotations

import pandas as pd
import pytest
from datacopy import read, stopped_at

from companion import prose
from companion.chapters import who_the_articles_talk_about as who

CHAPTER = "book/methods/who-the-articles-talk-about.md"
ALIASES = pd.DataFrame(
    [
        ("Vladimir Putin", "Putin", "person", "name", False),
        ("Donald Trump", "Trump", "person", "name", False),
        ("Russia", "Russia", "state", "name", False),
        ("Russia", "Moscow", "state", "metonym", False),
        ("China", "China", "state", "name", False),
        ("NATO", "NATO", "organisation", "name", False),
    ],
    columns=["entity", "alias", "kind", "alias_type", "case_sensitive"],
)
IDS = ["golden-opportunity", "no-peace-without-victory"]


def rates(go: str, npv: str) -> pd.DataFrame:
    return who.mention_rates(dict(zip(IDS, [go, npv])), ALIASES)


def test_rates_with_and_without_stand_ins():
    mentions = rates(
        "Putin and Trump met. Russia spoke; Moscow waited and NATO watched.", "Putin Trump Russia"
    )
    assert who.rate(mentions, "Russia", "golden-opportunity") == pytest.approx(1000 / 11)
    assert who.rate(mentions, "Russia", "golden-opportunity", who.WITH_METONYMS) == pytest.approx(2000 / 11)
    assert "China" not in set(mentions["entity"])  # never mentioned: not a row of the heatmap
    assert who.entity_order(mentions) == ["Donald Trump", "Vladimir Putin", "Russia", "NATO"]
    who.check_shared_core(rates("Putin Trump Russia NATO", "Putin Trump Russia"), IDS)  # passes


def test_an_article_without_putin_stops_at_the_shared_core():
    with pytest.raises(prose.StatementFailed) as failed:
        who.check_shared_core(rates("Putin Trump Russia NATO", "Trump Russia China"), IDS)
    assert stopped_at(failed.value, CHAPTER) == "Putin, Trump and Russia are mentioned in every text"


def test_china_in_no_peace_without_victory_stops_at_absent():
    mentions = rates("Putin Trump Russia NATO China", "Putin Trump Russia China")
    with pytest.raises(prose.StatementFailed) as failed:
        who.check_shared_core(mentions, IDS)
    assert stopped_at(failed.value, CHAPTER) == "and absent from"


def test_furniture_extent_and_mentions():
    bodies = {"a": "Putin spoke.", "b": "Trump"}
    full = {"a": "Putin headline\nPutin spoke.", "b": "Trump"}
    furniture = pd.DataFrame({"article_id": ["a"], "line": [1]})
    extent = who.furniture_extent(bodies, full, furniture)
    assert list(extent["furniture lines"]) == [1, 0]
    assert list(extent["words with furniture"] - extent["words counted"]) == [2, 0]
    added = who.furniture_mentions(bodies, full, ALIASES)
    assert added.to_dict("records") == [
        {
            "text_id": "a",
            "entity": "Vladimir Putin",
            "mentions": 1,
            "mentions_with_furniture": 2,
            "added by furniture": 1,
        }
    ]


def test_values_on_the_repository():
    v = who.values()
    shown = [r for r in read("texts/entity_aliases.csv") if r["kind"] in ("person", "state", "organisation")]
    assert (v.n_entities, v.n_aliases) == (len({r["entity"] for r in shown}), len(shown))
    assert v.furniture_lines == len(read("texts/article_furniture.csv"))
    assert v.china_npv == "0.0"
    assert float(v.russia_go_m) > float(v.russia_go)  # Moscow and the Kremlin stand in for Russia there
