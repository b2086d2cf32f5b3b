"""companion.events: the events dataset as a timeline and a table."""

from __future__ import annotations

import pandas as pd
import pytest

from companion import events


def frame() -> pd.DataFrame:
    ev = pd.DataFrame(
        {
            "date": pd.to_datetime(["2025-03-01", "2025-03-01", "2014-03-18"]),
            "date_precision": ["day", "month", "approximate"],
            "title": ["Call | one", "Meeting", "Crimea"],
            "description": ["d1", "d2", "d3"],
            "actors": ["Donald Trump;Vladimir Putin", "Donald Trump", "Russia"],
            "article_ids": ["a1;a2", "a2", "a1"],
            "source_url": ["https://s/1", "https://s/2", "https://s/3"],
        }
    )
    rows = pd.DataFrame(
        {"actor": ["Russia", "Donald Trump"], "row": ["Russia", "United States"], "row_order": [2, 1]}
    )
    return events.timeline_frame(ev, rows)


def test_rows_dates_and_links():
    f = frame()
    assert list(f["row"]) == ["United States", "United States", "Russia"]
    assert list(f["precision"]) == ["exact day", "month only", "within a few days"]
    assert list(f["href"]) == ["../articles/a1.html", "../articles/a2.html", "../articles/a1.html"]
    assert f["chapters"].iloc[0] == "a1; a2" and f["actors_shown"].iloc[0] == "Donald Trump, Vladimir Putin"
    recent = events.recent(f)
    assert list(recent["slot"]) == ["0", "1"]  # same day, same row: side by side


def test_an_actor_without_a_row_is_named():
    ev = pd.DataFrame({"actors": ["Nobody"], "date": pd.to_datetime(["2025-01-01"])})
    rows = pd.DataFrame({"actor": ["Russia"], "row": ["Russia"], "row_order": [1]})
    with pytest.raises(ValueError, match=r"no timeline row for lead actor\(s\) \['Nobody'\]"):
        events.timeline_frame(ev, rows)


def test_table_lists_every_event_oldest_first():
    lines = events.events_table(frame()).data.splitlines()
    assert lines[2].startswith("| 2014-03-18 (within a few days) | **Crimea.** d3 | {doc}`../articles/a1`")
    assert (
        "**Call \\| one.** d1 | {doc}`../articles/a1`, {doc}`../articles/a2` | [source](https://s/1) |"
        in lines[3]
    )


def test_chart_rows_follow_the_timeline_order():
    spec = events.timeline_chart(events.recent(frame()), ["United States", "Russia"]).to_dict()
    assert spec["vconcat"][0]["encoding"]["y"]["sort"] == ["United States"]  # only rows with recent events
