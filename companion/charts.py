"""Chart defaults for the book: one Altair theme and one helper that every chart goes through.

Every chart in the book is made in two steps:

1. build an ordinary Altair chart (marks, encodings, tooltips);
2. pass it to :func:`figure`, which adds a title that states the finding, a subtitle
   giving the units, a source line under the plot and a ``description`` (the chart's
   text alternative, which Vega writes into the SVG as its ARIA label).

:func:`use_theme` registers the book's theme (readable type, the Okabe–Ito colour-blind-safe
palette) and makes Vega draw SVG, so charts are accessible and print well.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import altair as alt
import pandas as pd
from IPython.display import HTML

THEME_NAME = "companion"

#: Okabe & Ito (2008) colour-blind-safe palette, without the yellow that is hard to read on white.
PALETTE: tuple[str, ...] = (
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#000000",  # black
    "#999999",  # grey
)

#: Sequential scheme for heatmaps (perceptually uniform, colour-blind-safe).
SEQUENTIAL_SCHEME = "viridis"

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

#: Default plot width in pixels; the page's stylesheet scales the SVG down on narrow screens.
WIDTH = 620
HEIGHT = 320

#: vega-embed options used by the book: SVG output (accessible, crisp in print) and an
#: export-only action menu.
EMBED_OPTIONS: dict[str, Any] = {
    "renderer": "svg",
    "actions": {"export": True, "source": False, "compiled": False, "editor": False},
}


def theme() -> dict[str, Any]:
    """Return the book's Altair theme as a Vega-Lite config dictionary."""
    return {
        "config": {
            "font": FONT,
            "background": "white",
            "view": {"continuousWidth": WIDTH, "continuousHeight": HEIGHT, "stroke": None},
            "range": {"category": list(PALETTE), "ordinal": {"scheme": "blues"},
                      "heatmap": {"scheme": SEQUENTIAL_SCHEME}},
            "title": {
                "fontSize": 17,
                "fontWeight": 600,
                "subtitleFontSize": 13,
                "subtitleColor": "#444444",
                "anchor": "start",
                "offset": 12,
                "color": "#111111",
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 13,
                "titleFontWeight": 500,
                "labelColor": "#333333",
                "titleColor": "#333333",
                "gridColor": "#e6e6e6",
                "domainColor": "#888888",
                "tickColor": "#888888",
            },
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom",
                       "direction": "horizontal"},
            "header": {"labelFontSize": 12, "titleFontSize": 13},
            "text": {"fontSize": 12},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
            "concat": {"spacing": 16},
        }
    }


def use_theme() -> None:
    """Register and enable the book's theme and SVG rendering for the current session."""
    alt.theme.register(THEME_NAME, enable=True)(theme)
    alt.renderers.set_embed_options(**EMBED_OPTIONS)


def _has_tooltip(spec: Any) -> bool:
    if isinstance(spec, dict):
        enc = spec.get("encoding")
        if isinstance(enc, dict) and "tooltip" in enc:
            return True
        mark = spec.get("mark")
        if isinstance(mark, dict) and mark.get("tooltip"):
            return True
        return any(_has_tooltip(v) for v in spec.values())
    if isinstance(spec, list):
        return any(_has_tooltip(v) for v in spec)
    return False


def figure(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    subtitle: str | Sequence[str],
    source: str,
    description: str,
    tooltip: Iterable[Any] | None = None,
) -> alt.VConcatChart:
    """Finish a chart for the book: finding as title, units as subtitle, source line, text alternative."""
    for name, value in (("title", title), ("source", source), ("description", description)):
        if not isinstance(value, str) or not value.strip():
            raise ValueError(f"figure(): {name!r} must be a non-empty string")
    subtitle_lines = [subtitle] if isinstance(subtitle, str) else list(subtitle)
    if not subtitle_lines or not all(isinstance(s, str) and s.strip() for s in subtitle_lines):
        raise ValueError("figure(): 'subtitle' must state the units")
    if tooltip is not None:
        if not isinstance(chart, alt.Chart):
            raise TypeError("figure(): tooltip= only works on a single-layer alt.Chart; "
                            "encode tooltips on each layer instead")
        chart = chart.encode(tooltip=list(tooltip))
    if not _has_tooltip(chart.to_dict()):
        raise ValueError("figure(): the chart has no tooltip encoding; every chart needs tooltips")
    if isinstance(chart, (alt.Chart, alt.LayerChart)) and chart.width is alt.Undefined:
        chart = chart.properties(width=WIDTH)
    source_line = source if source.lower().startswith("source") else f"Source: {source}"
    body = chart.properties(
        title=alt.TitleParams(
            source_line, orient="bottom", anchor="start", fontSize=11, fontWeight="normal",
            color="#555555", offset=14,
        )
    )
    return alt.vconcat(body).properties(
        title=alt.TitleParams(title, subtitle=subtitle_lines),
        description=description,
    )


def column_labels(dataset: str | None = None, labels: Mapping[str, str] | None = None) -> dict[str, str]:
    """Return human labels for a dataset's columns: each field's ``title`` in ``datapackage.json``.

    ``labels`` adds or overrides labels (for derived columns the dataset does not describe).
    """
    found: dict[str, str] = {}
    if dataset is not None:
        from companion import data

        for field in data.metadata(dataset).get("schema", {}).get("fields", []):
            title = str(field.get("title") or "").strip()
            if title:
                found[field["name"]] = title
    found.update(labels or {})
    return found


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (str, bytes)) and pd.isna(value)):
        return "\u2014"
    if pd.api.types.is_bool(value):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    return str(value)


def data_table(df: pd.DataFrame, summary: str = "Show the data behind this chart", *,
               dataset: str | None = None, labels: Mapping[str, str] | None = None) -> HTML:
    """Return a collapsible HTML ``<details>`` table of a chart's data (part of its text alternative).

    The table has one header row of column labels and no index column: a meaningful index
    (a named or multi-level one, as a pivot leaves) becomes ordinary leading columns. Each
    label is the column's ``title`` in ``datapackage.json`` when ``dataset`` names the table
    the columns come from, or the entry in ``labels``, else the column name itself.
    Missing values show as a dash; floats with two decimals.
    """
    frame = df.copy()
    if not isinstance(frame.index, pd.RangeIndex) or any(n is not None for n in frame.index.names):
        frame = frame.reset_index(drop=all(n is None for n in frame.index.names))
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(part) for part in col if str(part)) for col in frame.columns]
    names = [str(c) for c in frame.columns]
    if any(not n.strip() for n in names):
        raise ValueError("data_table(): every column needs a name (a blank header is no label)")
    human = column_labels(dataset, labels)
    head = "".join(f'<th scope="col">{html.escape(human.get(n, n))}</th>' for n in names)
    rows = "\n".join(
        "<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
        for row in frame.itertuples(index=False, name=None))
    table = (f'<table class="dataframe chart-data-table">\n<thead><tr>{head}</tr></thead>\n'
             f"<tbody>\n{rows}\n</tbody>\n</table>")
    return HTML(f'<details class="chart-data"><summary>{html.escape(summary)}</summary>\n'
                f"{table}\n</details>")


def reference_line(value: float, label: str, start: Any) -> alt.LayerChart:
    """Return a dashed horizontal rule at y = ``value`` with ``label`` written above it from x = ``start``."""
    frame = pd.DataFrame({"y": [value], "label": [label]})
    rule = alt.Chart(frame).mark_rule(strokeDash=[6, 4], color="#555555").encode(y="y:Q")
    text = alt.Chart(frame).mark_text(align="left", dx=4, dy=-8, color="#555555").encode(
        x=alt.datum(start), y="y:Q", text="label:N")
    return rule + text
