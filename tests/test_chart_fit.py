"""Unit tests for companion.chart_fit: static chart drawings that fit the text column."""

from __future__ import annotations

import altair as alt
import pandas as pd

from companion import chart_fit, charts

LONG_LABELS = pd.DataFrame(
    {
        "who": [f"a speaker with a rather long description number {i}" for i in range(6)],
        "n": [1, 2, 3, 1, 2, 3],
        "kind": ["first kind of source", "second kind of source", "third kind of source"] * 2,
    }
)


def wide_chart() -> dict:
    bars = (
        alt.Chart(LONG_LABELS)
        .mark_bar()
        .encode(
            x=alt.X(
                "n:Q",
                title="Number of quotations attributed to each of the speakers in the article, counted in the text as published",
            ),
            y=alt.Y("who:N", title=None, axis=alt.Axis(labelLimit=400)),
            color=alt.Color("kind:N", legend=alt.Legend(labelLimit=300, orient="right")),
            tooltip=["who:N", "n:Q"],
        )
    )
    fig = charts.figure(
        bars,
        title="A title that states the finding at some length, longer than the column is wide, in words",
        subtitle="A subtitle giving the units, also long enough that it has to break somewhere on the page",
        source="Example Publisher (2024)",
        description="Bars.",
    )
    return fig.to_dict()


def test_wrap_breaks_a_title_into_lines_that_fit():
    lines = chart_fit.wrap("one two three four five six seven eight nine ten", 10, 100)
    assert isinstance(lines, list) and len(lines) > 1
    assert all(chart_fit.text_width(line, 10) <= 100 for line in lines)
    assert chart_fit.wrap("short", 10, 100) == "short"


def test_a_wide_chart_is_drawn_within_the_column():
    spec = wide_chart()
    assert chart_fit.drawing_width(charts.static_svg(spec)) > chart_fit.COLUMN
    svg = chart_fit.fitted_svg(spec, charts.static_svg)
    assert 0 < chart_fit.drawing_width(svg) <= chart_fit.COLUMN


def test_fitting_leaves_the_spec_itself_alone_and_keeps_the_words():
    spec = wide_chart()
    fitted = chart_fit.fitted_spec(spec)
    assert spec == wide_chart()
    title = fitted["title"]["text"]
    assert isinstance(title, list) and " ".join(title) == spec["title"]["text"]
    assert " ".join(fitted["title"]["subtitle"]) == " ".join(spec["title"]["subtitle"])
    inner = fitted["vconcat"][0]
    assert inner["width"] <= chart_fit.COLUMN - chart_fit.AXIS_ROOM
    assert inner["encoding"]["color"]["legend"]["orient"] == "bottom"
    axis_title = inner["encoding"]["x"]["title"]
    assert (
        isinstance(axis_title, list) and " ".join(axis_title) == spec["vconcat"][0]["encoding"]["x"]["title"]
    )


def test_a_chart_that_fits_is_drawn_once():
    draws = []

    def draw(spec: dict) -> str:
        draws.append(spec)
        return charts.static_svg(spec)

    small = charts.figure(
        alt.Chart(LONG_LABELS).mark_point().encode(x="n:Q", y="n:Q", tooltip=["n:Q"]).properties(width=300),
        title="Short",
        subtitle="Units",
        source="Example",
        description="Points.",
    ).to_dict()
    chart_fit.fitted_svg(small, draw)
    assert len(draws) == 1


def test_book_html_carries_the_fitted_drawing(monkeypatch):
    monkeypatch.setenv(charts.SURFACE_ENV, "book")
    html = charts.book_html(wide_chart())
    svg = html[html.index("<svg") :]
    assert chart_fit.drawing_width(svg) <= chart_fit.COLUMN


def test_every_static_drawing_in_the_site_fits_the_column(built_site):
    """Each chart's static drawing (an ``<img>`` with its size) is at most the column's width."""
    import re

    wide = []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for src, width in re.findall(r'<img src="([^"]*_images/charts/[^"]+)"[^>]*\swidth="(\d+)"', text):
            if int(width) > chart_fit.COLUMN:
                wide.append(f"{page.relative_to(built_site)}: {src} is {width}px wide")
    assert wide == []


def test_layout_is_measured_in_the_wide_font_and_the_drawing_names_the_books_fonts():
    spec = {**wide_chart(), "config": {"font": charts.FONT}}
    fonts = []

    def draw(s: dict) -> str:
        fonts.append(s["config"]["font"])
        return charts.static_svg(s)

    svg = chart_fit.fitted_svg(spec, draw)
    assert set(fonts) == {chart_fit.MEASURE_FONT}
    assert chart_fit.MEASURE_FONT not in svg
    assert f'font-family="{charts.FONT}"' in svg
