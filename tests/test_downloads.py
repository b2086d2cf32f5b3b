"""Unit tests for companion.downloads: the CSV, SVG and PNG under every chart, its anchor and citation."""

from __future__ import annotations

import io
import json
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from companion import charts, downloads

ROOT = Path(__file__).resolve().parents[1]

DATA = pd.DataFrame(
    {
        "year": [2020, 2021, 2022, 2020, 2021, 2022],
        "value": [1.5, 2.0, 3.25, 4.0, 4.5, 5.125],
        "country": ["Russia", "Russia", "Russia", "China", "China", "China"],
        "basis": ["counted", "counted", "reported", "counted", "counted", "counted"],
        "unused": ["x"] * 6,
    }
)
CITE = downloads.Citation("A Book: a subtitle", "2026.1", "https://example.org/book/")


def finished(chart: alt.Chart | alt.LayerChart, title: str = "Spending rose") -> dict:
    fig = charts.figure(
        chart,
        title=title,
        subtitle="Billions of US dollars, current prices",
        source="Example Publisher (2024)",
        description="Two lines.",
    )
    return fig.to_dict()


def line() -> alt.Chart:
    return (
        alt.Chart(DATA)
        .mark_line()
        .encode(
            x=alt.X("year:O", title="Year"),
            y=alt.Y("value:Q", title="US$ billion"),
            color=alt.Color("country:N", title=None),
            tooltip=["year:O", alt.Tooltip("value:Q", title="US$ bn"), "country:N"],
        )
    )


def expected(frame: pd.DataFrame) -> pd.DataFrame:
    """The chart's rows and columns, named as the chart titles them, computed with pandas alone."""
    out = frame[["year", "value", "country"]].rename(
        columns={"year": "Year", "value": "US$ bn", "country": "Country"}
    )
    return out.reset_index(drop=True)


def same(table: pd.DataFrame, want: pd.DataFrame) -> None:
    pd.testing.assert_frame_equal(
        table.astype(object).reset_index(drop=True), want.astype(object), check_dtype=False
    )


def test_table_holds_the_encoded_columns_of_every_row_with_the_charts_titles():
    same(downloads.chart_table(finished(line())), expected(DATA))


def test_table_keeps_the_rows_the_filter_keeps_and_leaves_out_a_layer_without_tooltips():
    chart = line().transform_filter(alt.datum.basis == "counted") + charts.reference_line(3.0, "line", 2020)
    same(downloads.chart_table(finished(chart)), expected(DATA[DATA.basis == "counted"]))


def test_layers_of_one_dataset_draw_the_union_of_their_rows():
    counted = line().transform_filter(alt.datum.basis == "counted")
    reported = line().mark_point().transform_filter("!(datum.basis === 'counted')")
    same(downloads.chart_table(finished(counted + reported)), expected(DATA))


def test_a_filter_on_a_readers_choice_keeps_every_row():
    pick = alt.param(name="pick", value="Russia", bind=alt.binding_select(options=["Russia", "China"]))
    chart = line().add_params(pick).transform_filter("datum.country == pick")
    same(downloads.chart_table(finished(chart)), expected(DATA))


def test_columns_without_a_title_are_named_from_their_field_and_a_band_from_its_axis():
    band = pd.DataFrame({"lo": [2.0], "hi": [3.0], "label": ["range"]})
    rect = alt.Chart(band).mark_rect().encode(y="lo:Q", y2="hi", tooltip=alt.Tooltip("label:N", title="Band"))
    plain = (
        alt.Chart(DATA)
        .mark_point()
        .encode(x="year:O", y=alt.Y("value:Q", title="US$ billion"), tooltip=["unused:N"])
    )
    table = downloads.chart_table(finished(alt.layer(plain, rect)))
    assert list(table.columns) == [
        "Year",
        "US$ billion",
        "Unused",
        "US$ billion, lower end",
        "US$ billion, upper end",
        "Band",
    ]
    assert len(table) == len(DATA) + 1


def test_unsupported_transforms_are_refused_by_name():
    chart = line().transform_calculate(double="datum.value * 2")
    with pytest.raises(downloads.ChartDataError, match="calculate"):
        downloads.chart_table(finished(chart))


def test_csv_reads_back_with_pandas_and_leads_with_title_units_source_and_address():
    spec = finished(line(), title="Spending rose, #1 in 2022")
    text = downloads.chart_csv(spec, "https://example.org/book/p.html#chart-p-x")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert comments == [
        "# Spending rose, #1 in 2022",
        "# Billions of US dollars, current prices",
        "# Source: Example Publisher (2024)",
        "# Chart and citation: https://example.org/book/p.html#chart-p-x",
    ]
    back = pd.read_csv(io.StringIO(text), comment="#")
    same(back, expected(DATA))


def test_names_anchor_and_refuse_odd_names():
    assert downloads.slug("fig-npv-spend") == "npv-spend"
    assert downloads.anchor("fig-npv-spend") == "chart-npv-spend"
    with pytest.raises(downloads.ChartDataError):
        downloads.slug("fig-Bad name")


def page_body(spec: dict, name: str = "fig-p-x") -> str:
    chart = charts.book_html(spec)
    return (
        f'<p>text</p><figure class="companion-figure align-default" id="{name}">'
        f'<div class="output text_html">{chart}</div><figcaption><p>Caption</p></figcaption></figure>'
    )


def test_page_gets_an_anchored_block_with_three_links_and_an_escaped_citation():
    spec = finished(line(), title="Russia <b>rose</b> & China")
    written = []
    body = downloads.add_to_page(
        page_body(spec),
        cite=CITE,
        docname_of=lambda name: "book/p",
        url_of=lambda path: "../" + path,
        write=lambda chart, stem, url: written.append((chart.name, stem, url)),
    )
    assert written == [("fig-p-x", "p-x", "https://example.org/book/book/p.html#chart-p-x")]
    assert body.count('id="chart-p-x"') == 1
    assert (
        body.index('id="chart-p-x"')
        < body.index("<figure")
        < body.index("</figure>")
        < body.index("chart-downloads")
    )
    for ext, label in (("png", "(PNG, 2×)"), ("svg", "(SVG)"), ("csv", "the data (CSV)")):
        assert f'href="../_downloads/charts/p-x.{ext}" download="p-x.{ext}"' in body
        assert label in body
    cite = body[body.index('<p class="chart-cite">') :]
    assert "“Russia &lt;b&gt;rose&lt;/b&gt; &amp; China”" in cite
    assert "<cite>A Book: a subtitle</cite>, edition 2026.1" in cite
    assert '<a href="https://example.org/book/book/p.html#chart-p-x">' in cite


def test_printed_page_gets_the_citation_and_no_links():
    body = downloads.add_to_page(
        page_body(finished(line())), cite=CITE, docname_of=lambda n: "book/p", url_of=None, write=None
    )
    assert "chart-downloads" not in body and "download=" not in body
    assert 'class="chart-cite"' in body


def test_citation_follows_citation_cff_and_edition():
    cite = downloads.citation(ROOT)
    assert cite.edition == (ROOT / "EDITION").read_text().strip()
    assert cite.book.startswith("Spheres of Influence")
    assert downloads.citation(ROOT, "https://x.org/").base_url == "https://x.org/"


def bars_and_band() -> alt.LayerChart:
    """Few rows, text and numbers, and a one-row band: a table whose header row looks like data."""
    multiples = pd.DataFrame(
        {"comparison": [f"A ÷ B {y}" for y in (1990, 1991, 2023)], "multiple": [34.4, 34.3, 8.8]}
    )
    band = pd.DataFrame({"lo": [5], "hi": [9], "label": ["range: 5 to 9"]})
    bars = (
        alt.Chart(multiples)
        .mark_bar()
        .encode(
            x=alt.X("multiple:Q", title="Times"), y="comparison:N", tooltip=["comparison:N", "multiple:Q"]
        )
    )
    rect = alt.Chart(band).mark_rect().encode(x="lo:Q", x2="hi", tooltip=["label:N"])
    return alt.layer(bars, rect)


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> Path:
    """A site folder with one chart's files, written as the build writes them."""
    out = tmp_path_factory.mktemp("site")
    writer = downloads.Writer(out)
    for name, spec in (("fig-p-x", finished(line())), ("fig-p-bars", finished(bars_and_band()))):
        body = downloads.add_to_page(
            page_body(spec, name), cite=CITE, docname_of=lambda n: "book/p", url_of=lambda p: p, write=writer
        )
        assert downloads.anchor(name) in body
    writer.finish(downloads.package_descriptor(CITE))
    return out / downloads.DOWNLOADS_DIR


def test_png_is_a_png_twice_the_size_of_the_drawing(written):
    svg = ET.parse(written / "p-x.svg").getroot()
    png = (written / "p-x.png").read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert (width, height) == (2 * round(float(svg.get("width"))), 2 * round(float(svg.get("height"))))


def test_svg_is_the_charts_drawing(written):
    root = ET.parse(written / "p-x.svg").getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("aria-label") or root.find(".//{http://www.w3.org/2000/svg}text") is not None


def test_stock_frictionless_cli_validates_the_charts_data_package(written):
    package = json.loads((written / "datapackage.json").read_text())
    assert [r["path"] for r in package["resources"]] == ["p-bars.csv", "p-x.csv"]
    assert [f["type"] for f in package["resources"][1]["schema"]["fields"]] == ["integer", "number", "string"]
    cli = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run(
        [str(cli), "validate", "--json", "datapackage.json"], cwd=written, capture_output=True, text=True
    )
    report = json.loads(proc.stdout)
    assert report["valid"], proc.stdout[:2000]
    rows = {task["name"]: task["stats"]["rows"] for task in report["tasks"]}
    assert rows == {"p-bars": 4, "p-x": len(DATA)}
    for resource in package["resources"]:
        header = pd.read_csv(written / resource["path"], comment="#", nrows=0).columns.tolist()
        assert header == [f["name"] for f in resource["schema"]["fields"]]
