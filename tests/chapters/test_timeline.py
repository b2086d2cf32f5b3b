"""The counts of book/reference/timeline.md, worked out from the events CSV, and its guards."""

from __future__ import annotations

import pandas as pd
import pytest
from datacopy import read, stopped_at

from companion import prose
from companion.chapters import timeline

CHAPTER = "book/reference/timeline.md"


def test_counts_on_the_repository():
    dates = [r["date"] for r in read("events.csv")]
    v = timeline.values()
    assert v.n_all == len(dates)
    assert v.n_recent == sum(d >= "2022" for d in dates)
    assert v.n_older == sum(d < "2022" for d in dates)
    assert v.n_2025 == sum(d.startswith("2025") for d in dates)
    assert v.n_early_2025 == sum("2025-02" <= d < "2025-06" for d in dates)
    assert (
        v.title == f"{v.n_2025} of the {v.n_recent} events since 2022 that the articles mention fall in 2025"
    )


def events(*rows: tuple[str, str, str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["date", "title", "article_ids"])
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


OLDER = [
    ("1939-08-23", "Molotov–Ribbentrop Pact signed", "a"),
    ("2016-11-08", "US election and Russian interference", "a"),
]
MADURO = ("2026-01-03", "US forces capture Nicolás Maduro", "superpower-concessions")


def test_counts_on_hand_made_events():
    frame = events(*OLDER, ("2025-01-20", "x", "a"), ("2025-03-01", "y", "a"), MADURO)
    v = timeline.values_of(frame, pd.Series(["r1", "r1", "US", "Russia", "US"]))
    assert (v.n_all, v.n_recent, v.n_2025, v.n_early_2025, v.n_older) == (5, 3, 2, 1, 2)
    assert "The row with most events is 'US'." in v.description


def test_a_newer_old_event_stops_at_the_range_sentence():
    frame = events(*OLDER, ("2020-02-01", "Later event", "a"), MADURO)
    with pytest.raises(prose.StatementFailed) as failed:
        timeline.values_of(frame, pd.Series(["r"] * 4))
    assert (
        stopped_at(failed.value, CHAPTER)
        == "from the Molotov–Ribbentrop Pact of 1939 to the US election of 2016"
    )


def test_a_second_article_on_maduro_stops_at_appears_only_in():
    frame = events(*OLDER, (MADURO[0], MADURO[1], "superpower-concessions;reverse-kissinger"))
    with pytest.raises(prose.StatementFailed) as failed:
        timeline.values_of(frame, pd.Series(["r"] * 3))
    assert stopped_at(failed.value, CHAPTER) == "appears only in"
