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
from collections.abc import Iterable, Sequence
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


def data_table(df: pd.DataFrame, summary: str = "Show the data behind this chart") -> HTML:
    """Return a collapsible HTML ``<details>`` table of a chart's data (part of its text alternative)."""
    table = df.to_html(index=False, na_rep="—", border=0, classes="chart-data-table",
                       float_format=lambda x: f"{x:,.2f}")
    return HTML(f'<details class="chart-data"><summary>{html.escape(summary)}</summary>\n'
                f"{table}\n</details>")


def reference_line(value: float, label: str, start: Any) -> alt.LayerChart:
    """Return a dashed horizontal rule at y = ``value`` with ``label`` written above it from x = ``start``."""
    frame = pd.DataFrame({"y": [value], "label": [label]})
    rule = alt.Chart(frame).mark_rule(strokeDash=[6, 4], color="#555555").encode(y="y:Q")
    text = alt.Chart(frame).mark_text(align="left", dx=4, dy=-8, color="#555555").encode(
        x=alt.datum(start), y="y:Q", text="label:N")
    return rule + text
