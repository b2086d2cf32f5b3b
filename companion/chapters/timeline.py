"""Values for the timeline page (book/reference/timeline.md): how the events fall in time."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from companion import data, events, prose
from companion.chapters import chapter_path

CHAPTER = "book/reference/timeline.md"
#: ``prose.guard`` for the statements of this chapter: a failure names its file and line.
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))
SINCE = "2022-01-01"  # the chart draws the events from here on


@dataclass(frozen=True)
class Values:
    """The counts the page's prose and chart give, and the chart's title and description."""

    n_all: int
    n_recent: int
    n_2025: int
    n_early_2025: int
    n_older: int
    title: str
    description: str


def values_of(frame: pd.DataFrame, rows: pd.Series) -> Values:
    """Count the events since 2022, in 2025 and in February–May 2025; ``rows`` is each event's timeline row."""
    recent = frame["date"] >= SINCE
    n_2025 = int((frame.loc[recent, "date"].dt.year == 2025).sum())
    early = int(((frame["date"] >= "2025-02-01") & (frame["date"] < "2025-06-01")).sum())
    older = frame[~recent].sort_values("date")
    _guard(
        len(older) > 0
        and older["title"].iloc[0].startswith("Molotov–Ribbentrop Pact")
        and older["title"].iloc[-1].startswith("US election")
        and older["date"].iloc[-1].year == 2016,
        "from the Molotov–Ribbentrop Pact of 1939 to the US election of 2016",
    )
    maduro = frame[frame["title"].str.contains("capture Nicolás Maduro")]
    _guard(list(maduro["article_ids"]) == ["superpower-concessions"], "appears only in")
    busiest = rows[recent].value_counts().idxmax()
    n_recent = int(recent.sum())
    return Values(
        n_all=len(frame),
        n_recent=n_recent,
        n_2025=n_2025,
        n_early_2025=early,
        n_older=len(frame) - n_recent,
        title=f"{n_2025} of the {n_recent} events since 2022 that the articles mention fall in 2025",
        description=(
            f"Timeline of {n_recent} dated events from 2022 to 2026 that the five articles mention, "
            f"arranged in rows by the actor that acted first. {n_2025} fall in 2025, "
            f"{early} of them between February and May 2025, the months of the first "
            f"Putin–Trump telephone calls; the chart opens on those months, and a strip below it "
            f"shows the whole period. The row with most events is '{busiest}'. "
            "The table below lists every event with its date, description and chapters."
        ),
    )


def values(data_dir: str | Path | None = None) -> Values:
    """Compute the page's values from the events table and the timeline's rows."""
    frame = events.timeline_frame(data.load("events", data_dir), data.load("timeline_rows", data_dir))
    return values_of(frame, frame["row"])
