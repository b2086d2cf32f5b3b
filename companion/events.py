"""The events dataset as a timeline: each event's row (its first actor's group), the chart, and the table of every event."""

from __future__ import annotations

import altair as alt
import pandas as pd
from IPython.display import Markdown

from companion import charts

__all__ = ["PRECISION_LABELS", "timeline_frame", "recent", "row_names", "timeline_chart", "events_table"]

PRECISION_LABELS = {"day": "exact day", "month": "month only", "approximate": "within a few days"}
#: The period the chart opens on: the busiest months, February to May 2025.
OPENING = (alt.DateTime(year=2025, month=1, date=20), alt.DateTime(year=2025, month=6, date=1))


def timeline_frame(events: pd.DataFrame, timeline_rows: pd.DataFrame) -> pd.DataFrame:
    """The events with their row (the group of the first actor), date texts and the chapters that mention them."""
    rows = timeline_rows.sort_values(["row_order", "actor"], kind="stable")
    group_of = dict(zip(rows["actor"], rows["row"]))
    frame = events.copy()
    frame["lead_actor"] = frame["actors"].str.split(";").str[0]
    unknown = sorted(set(frame["lead_actor"]) - set(group_of))
    if unknown:
        raise ValueError(
            f"events: no timeline row for lead actor(s) {unknown}; add them to data/reference/timeline_rows.csv"
        )
    frame["row"] = frame["lead_actor"].map(group_of)
    frame["when"] = frame["date"].dt.strftime("%Y-%m-%d")
    frame["precision"] = frame["date_precision"].map(PRECISION_LABELS)
    frame["article_list"] = frame["article_ids"].str.split(";")
    frame["chapters"] = frame["article_list"].apply("; ".join)
    frame["first_chapter"] = frame["article_list"].str[0]
    frame["href"] = "../articles/" + frame["first_chapter"] + ".html"
    frame["actors_shown"] = frame["actors"].str.replace(";", ", ")
    return frame


def recent(frame: pd.DataFrame, since: str = "2022-01-01") -> pd.DataFrame:
    """The events from ``since`` on, with a slot for each event that shares its day and row with another."""
    out = frame[frame["date"] >= since].copy()
    out["slot"] = out.groupby(["when", "row"]).cumcount().astype(str)
    return out


def row_names(timeline_rows: pd.DataFrame) -> list[str]:
    """The timeline's rows, top to bottom."""
    return list(dict.fromkeys(timeline_rows.sort_values(["row_order", "actor"], kind="stable")["row"]))


def timeline_chart(events: pd.DataFrame, row_order: list[str]) -> alt.VConcatChart:
    """Events by row and date: an upper panel for a period, a strip below it to choose the period by dragging."""
    rows = [r for r in row_order if r in set(events["row"])]
    brush = alt.selection_interval(encodings=["x"], value={"x": list(OPENING)})
    row_colour = alt.Color("row:N", scale=alt.Scale(domain=rows), legend=None)
    shapes = alt.Scale(domain=list(PRECISION_LABELS.values()), range=["circle", "square", "triangle-up"])
    tooltip = [
        alt.Tooltip("when:N", title="Date"),
        alt.Tooltip("precision:N", title="Date known to"),
        alt.Tooltip("title:N", title="Event"),
        alt.Tooltip("description:N", title="What happened"),
        alt.Tooltip("actors_shown:N", title="Actors"),
        alt.Tooltip("chapters:N", title="Articles that mention it"),
    ]
    detail = (
        alt.Chart(events)
        .mark_point(filled=True, size=140, opacity=0.9, cursor="pointer", clip=True)
        .encode(
            x=alt.X(
                "date:T",
                title=None,
                scale=alt.Scale(domain={"param": brush.name, "encoding": "x"}),
                axis=alt.Axis(grid=True, labelOverlap=True),
            ),
            y=alt.Y("row:N", title=None, sort=rows, axis=alt.Axis(labelLimit=220)),
            yOffset=alt.YOffset("slot:N"),
            color=row_colour,
            shape=alt.Shape("precision:N", title="Date known to", scale=shapes),
            href=alt.Href("href:N"),
            tooltip=tooltip,
        )
        .properties(width=charts.WIDTH, height=44 * len(rows))
    )
    overview = (
        alt.Chart(events)
        .mark_tick(thickness=2, size=16)
        .encode(
            x=alt.X(
                "date:T",
                title="Drag across this strip to choose the period shown above",
                axis=alt.Axis(format="%Y", tickCount="year", grid=True),
            ),
            color=row_colour,
            tooltip=[alt.Tooltip("when:N", title="Date"), alt.Tooltip("title:N", title="Event")],
        )
        .add_params(brush)
        .properties(width=charts.WIDTH, height=30)
    )
    return alt.vconcat(detail, overview, spacing=10)


def _md_cell(text: str) -> str:
    """Escape a string for a Markdown table cell."""
    return text.replace("|", "\\|")


def events_table(frame: pd.DataFrame) -> Markdown:
    """Every event, oldest first, with its date (and how precise it is), description, chapters and source."""
    lines = ["| Date | Event | Chapters | Source |", "|---|---|---|---|"]
    for ev in frame.sort_values(["date", "title"]).itertuples():
        date_text = ev.when if ev.date_precision == "day" else f"{ev.when} ({ev.precision})"
        event_text = f"**{_md_cell(ev.title)}.** {_md_cell(ev.description)}"
        chapters = ", ".join(f"{{doc}}`../articles/{i}`" for i in ev.article_list)
        lines.append(f"| {date_text} | {event_text} | {chapters} | [source]({ev.source_url}) |")
    return Markdown("\n".join(lines))
