"""Chart defaults for the book: one Altair theme, one renderer and one helper per step.

Every chart in the book is made in three steps:

1. build an ordinary Altair chart (marks, encodings, tooltips);
2. pass it to :func:`figure`, which adds a title that states the finding, a subtitle
   giving the units, a source line under the plot and a ``description`` (the chart's
   text alternative, which Vega writes into the SVG as its ARIA label);
3. show it with :func:`show`, which draws the chart and its caption as a numbered figure.

:func:`use_theme` registers the book's theme (readable type, the Okabe–Ito colour-blind-safe
palette) and the book's Altair renderer, which draws every chart with no network access on
both surfaces the book has:

* **the book's pages** (the Sphinx extension sets ``COMPANION_SURFACE=book`` for the kernels
  it starts): a static SVG drawn at build time by vl-convert, so the chart is visible before
  any script runs and in print, plus the chart's Vega-Lite spec, which the page's deferred,
  locally served chart bundle turns into the interactive chart (tooltips) at the width of its
  container;
* **JupyterLab** (and any other front end): the spec as ``application/vnd.vegalite.v5+json``,
  which JupyterLab draws with its own bundled Vega, tooltips included, plus the static SVG as
  a fallback for front ends without a Vega renderer.
"""

from __future__ import annotations

import html
import json
import os
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, cast

import altair as alt
import pandas as pd
from IPython.display import HTML, Markdown, display

from companion import formatting as fmt

THEME_NAME = "companion"
RENDERER_NAME = "companion"

#: Environment variable naming the surface a kernel renders for; ``book`` while the book builds.
SURFACE_ENV = "COMPANION_SURFACE"

#: The Vega-Lite major version JupyterLab's built-in chart renderer accepts.
LAB_VEGALITE_SCHEMA = "https://vega.github.io/schema/vega-lite/v5.json"
LAB_VEGALITE_MIME = "application/vnd.vegalite.v5+json"

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
            "range": {
                "category": list(PALETTE),
                "ordinal": {"scheme": "blues"},
                "heatmap": {"scheme": SEQUENTIAL_SCHEME},
            },
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
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "orient": "bottom",
                "direction": "horizontal",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 13},
            "text": {"fontSize": 12},
            "line": {"strokeWidth": 2.5},
            "point": {"size": 60, "filled": True},
            "concat": {"spacing": 16},
        }
    }


def use_theme() -> None:
    """Register and enable the book's theme and its offline chart renderer for this session."""
    alt.theme.register(THEME_NAME, enable=True)(cast("Callable[[], alt.theme.ThemeConfig]", theme))
    alt.renderers.register(RENDERER_NAME, render)
    alt.renderers.enable(RENDERER_NAME)


def surface() -> str:
    """Return the surface this kernel renders for: ``"book"`` during the build, else ``"notebook"``."""
    return "book" if os.environ.get(SURFACE_ENV, "").strip().lower() == "book" else "notebook"


def static_svg(spec: dict[str, Any]) -> str:
    """Return the chart drawn as a standalone SVG document (no script, no network)."""
    import vl_convert as vlc

    minor = ".".join(str(alt.VEGALITE_VERSION).split(".")[:2])
    svg = vlc.vegalite_to_svg(spec, vl_version=f"v{minor.replace('.', '_')}")
    # Geometry to a tenth of a pixel is enough for a static drawing and halves its size.
    svg = _GEOMETRY.sub(lambda m: m.group(1) + _DECIMALS.sub(r"\1", m.group(2)) + m.group(3), svg)
    return _EMPTY_SYMBOL.sub(r'\1 aria-hidden="true"\2', svg)


_GEOMETRY = re.compile(r'(\s(?:d|transform|points)=")([^"]*)(")')
_DECIMALS = re.compile(r"(\.\d)\d+")
#: An empty mark container (a layer with no data here) that Vega still gives an ARIA role
#: and no name: it carries nothing for assistive technology, so it is hidden from it (the
#: chart bundle does the same for the interactive chart).
_EMPTY_SYMBOL = re.compile(r'(<g(?![^>]*\saria-label=)[^>]*\srole="graphics-symbol"[^>]*?)(\s*/>)')


def lab_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """Return the spec labelled with the Vega-Lite major version JupyterLab renders."""
    return {**spec, "$schema": LAB_VEGALITE_SCHEMA}


def _json_for_script(value: Any) -> str:
    """Serialise to JSON that is safe inside an HTML ``<script>`` element."""
    text = json.dumps(value, separators=(",", ":"), ensure_ascii=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def book_html(spec: dict[str, Any]) -> str:
    """Return the chart as book HTML: a static SVG and the spec the chart bundle embeds."""
    from companion import chart_fit

    # The drawing is laid out for the page's text column (the spec stays as it is: the chart
    # bundle lays out the interactive chart for the reader's own width).
    svg = chart_fit.fitted_svg(spec, static_svg)
    if svg.startswith("<?xml"):
        svg = svg[svg.index("?>") + 2 :].lstrip()
    payload = _json_for_script({"spec": spec, "embed": EMBED_OPTIONS})
    return (
        '<div class="companion-chart">'
        f'<div class="companion-chart-static">{svg}</div>'
        f'<script type="application/json" class="companion-chart-spec">{payload}</script>'
        "</div>"
    )


def render(spec: dict[str, Any], **_options: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """Altair renderer: return the mime bundle (and its metadata) that draws ``spec`` offline here."""
    if surface() == "book":
        return {"text/html": book_html(spec)}, {}
    bundle = {
        LAB_VEGALITE_MIME: lab_spec(spec),
        "image/svg+xml": static_svg(spec),
        "text/plain": "<chart: run this cell in JupyterLab to draw it>",
    }
    # JupyterLab's renderer reads its vega-embed options from the output's metadata.
    return bundle, {LAB_VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}}


#: Marks the Markdown output that holds a figure's caption, so the book can number the figure.
CAPTION_MARKER = "<!-- companion-figure: {name} -->"


def caption_markdown(name: str, caption: str) -> str:
    """Return the Markdown output that carries a figure's caption on this surface."""
    if not name.strip() or not caption.strip():
        raise ValueError("show(): a figure needs a name and a caption")
    if surface() == "book":
        return CAPTION_MARKER.format(name=name) + "\n\n" + caption.strip()
    return f"**{_figure_number(name) or 'Figure'}.** {caption.strip()}"


def _figure_number(name: str) -> str | None:
    """The book's number of figure ``name`` ("Fig. 2.4") when the kernel runs in the book's repository."""
    from companion import lab_references

    root = lab_references.book_root(Path.cwd().resolve() / "_")
    return lab_references.figure_numbers(root).get(name) if root else None


def show(chart: alt.TopLevelMixin, *, name: str, caption: str) -> None:
    """Display a finished chart and its caption as the numbered figure ``name``."""
    text = caption_markdown(name, caption)
    display(chart)
    display(Markdown(text))


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
    chart: alt.Chart
    | alt.LayerChart
    | alt.ConcatChart
    | alt.HConcatChart
    | alt.VConcatChart
    | alt.FacetChart,
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
            raise TypeError(
                "figure(): tooltip= only works on a single-layer alt.Chart; "
                "encode tooltips on each layer instead"
            )
        chart = chart.encode(tooltip=list(tooltip))
    if not _has_tooltip(chart.to_dict()):
        raise ValueError("figure(): the chart has no tooltip encoding; every chart needs tooltips")
    if isinstance(chart, (alt.Chart, alt.LayerChart)) and chart.width is alt.Undefined:
        chart = chart.properties(width=WIDTH)
    source_line = source if source.lower().startswith("source") else f"Source: {source}"
    body = chart.properties(
        title=alt.TitleParams(
            source_line,
            orient="bottom",
            anchor="start",
            fontSize=11,
            fontWeight="normal",
            color="#555555",
            offset=14,
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
    if fmt.is_missing(value):
        return fmt.DASH
    if pd.api.types.is_bool(value):
        return "yes" if value else "no"
    if isinstance(value, float):
        return fmt.number(value)
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat()
    return str(value)


def data_table(
    df: pd.DataFrame,
    summary: str = "Show the data behind this chart",
    *,
    dataset: str | None = None,
    labels: Mapping[str, str] | None = None,
) -> HTML:
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
        for row in frame.itertuples(index=False, name=None)
    )
    table = (
        f'<table class="dataframe chart-data-table">\n<thead><tr>{head}</tr></thead>\n'
        f"<tbody>\n{rows}\n</tbody>\n</table>"
    )
    return HTML(f'<details class="chart-data"><summary>{html.escape(summary)}</summary>\n{table}\n</details>')


def reference_line(value: float, label: str, start: Any) -> alt.LayerChart:
    """Return a dashed horizontal rule at y = ``value`` with ``label`` written above it from x = ``start``."""
    frame = pd.DataFrame({"y": [value], "label": [label]})
    rule = alt.Chart(frame).mark_rule(strokeDash=[6, 4], color="#555555").encode(y="y:Q")
    text = (
        alt.Chart(frame)
        .mark_text(align="left", dx=4, dy=-8, color="#555555")
        .encode(x=alt.datum(start), y="y:Q", text="label:N")
    )
    return rule + text


@dataclass(frozen=True)
class FigureText:
    """A figure's words, made from its data: ``charts.figure(chart, **text.labels())`` and ``text.caption``."""

    title: str
    subtitle: str | tuple[str, ...]
    source: str
    description: str
    caption: str

    def labels(self) -> dict[str, Any]:
        """The keyword arguments of :func:`figure`: title, subtitle, source and description."""
        subtitle = self.subtitle if isinstance(self.subtitle, str) else list(self.subtitle)
        return {
            "title": self.title,
            "subtitle": subtitle,
            "source": self.source,
            "description": self.description,
        }
