"""The chart downloads in the built site: every chart figure on every page has its anchor, its three
download links resolving to real files, and a citation; the files hold the chart's drawing and data;
the stock frictionless CLI validates the data; the links work in Chromium.

Every chart the book draws is a figure with its downloads, whichever cell draws it: a chart displayed
any other way than through ``charts.show`` (a name and a caption) would have none, and
``test_every_chart_on_every_page_is_a_figure_with_its_downloads`` names it."""

from __future__ import annotations

import json
import re
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pandas as pd
import pytest
from test_browser import server  # noqa: F401, F811  (the fixture serving the built site)

ROOT = Path(__file__).resolve().parents[1]
FIGURE = re.compile(r'<figure class="[^"]*\bcompanion-figure\b[^"]*" id="(?P<id>[^"]+)">')
SPEC = re.compile(r'<script type="application/json" class="companion-chart-spec">(.*?)</script>', re.S)


def chart_pages(site: Path) -> dict[Path, str]:
    pages = {}
    for page in sorted(site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        if 'class="companion-chart"' in text:
            pages[page] = text
    return pages


def block(text: str, figure_id: str) -> str:
    """The anchored block that holds the figure ``figure_id`` and the lines under it."""
    anchor = "chart-" + figure_id.removeprefix("fig-")
    start = text.index(f'<div class="companion-chart-block" id="{anchor}">')
    end = text.index('<p class="chart-cite">', start)
    return text[start : text.index("</p>", end) + 4]


def test_every_chart_figure_has_an_anchor_three_links_to_real_files_and_a_citation(built_site):
    problems = []
    figures = 0
    for page, text in chart_pages(built_site).items():
        where = page.relative_to(built_site)
        ids = FIGURE.findall(text)
        for figure_id in ids:
            figures += 1
            try:
                part = block(text, figure_id)
            except ValueError:
                problems.append(f"{where} {figure_id}: no anchored block with a citation")
                continue
            links = re.findall(r'<a href="([^"]+)" download="[^"]+">Download ([^<]+)</a>', part)
            kinds = sorted(Path(href).suffix for href, _ in links)
            if kinds != [".csv", ".png", ".svg"]:
                problems.append(f"{where} {figure_id}: links {kinds}")
            for href, _ in links:
                if not (page.parent / href).resolve().is_file():
                    problems.append(f"{where} {figure_id}: {href} does not resolve to a file")
            cite = part[part.index('<p class="chart-cite">') :]
            anchor = "chart-" + figure_id.removeprefix("fig-")
            url = f"{where.with_suffix('')}.html#{anchor}"
            if url not in cite or "edition " + (ROOT / "EDITION").read_text().strip() not in cite:
                problems.append(f"{where} {figure_id}: citation lacks {url} or the edition")
    assert figures >= 20
    assert problems == []


CHART = re.compile(r'<div class="companion-chart"')
BLOCK = re.compile(
    r'<div class="companion-chart-block" id="[^"]+">\s*<figure class="[^"]*\bcompanion-figure\b'
)


def test_every_chart_on_every_page_is_a_figure_with_its_downloads(built_site):
    """Every drawn chart, not only those shown with ``charts.show``, sits in an anchored figure block."""
    problems = []
    charts = 0
    for page, text in chart_pages(built_site).items():
        where = page.relative_to(built_site)
        drawn = [m.start() for m in CHART.finditer(text)]
        blocks = [(m.start(), _block_end(text, m.start())) for m in BLOCK.finditer(text)]
        charts += len(drawn)
        for at in drawn:
            if not any(start < at < end for start, end in blocks):
                line = text.count("\n", 0, at) + 1
                problems.append(f"{where}:{line}: a chart outside a figure with downloads")
    assert charts >= 20
    assert problems == []


def _block_end(text: str, start: int) -> int:
    """Where the figure block opening at ``start`` ends: after its citation line."""
    return text.index("</p>", text.index('<p class="chart-cite">', start))


def test_downloaded_files_are_the_charts_drawing_and_data(built_site):
    """PNG twice the drawing's size, SVG parses, and every CSV row is a row of the chart's own data."""
    problems = []
    for page, text in chart_pages(built_site).items():
        for m in FIGURE.finditer(text):
            figure_id = m.group("id")
            spec = json.loads(SPEC.search(text, m.end()).group(1))["spec"]
            stem = figure_id.removeprefix("fig-")
            folder = built_site / "_downloads" / "charts"
            svg = ET.parse(folder / f"{stem}.svg").getroot()
            png = (folder / f"{stem}.png").read_bytes()
            size = struct.unpack(">II", png[16:24])
            if png[:8] != b"\x89PNG\r\n\x1a\n" or size != (
                2 * round(float(svg.get("width"))),
                2 * round(float(svg.get("height"))),
            ):
                problems.append(f"{stem}.png: {size} is not twice the SVG's size")
            table = pd.read_csv(folder / f"{stem}.csv", comment="#", dtype=str, keep_default_na=False)
            rows = [
                set().union(*(_texts(v) for v in row.values()))
                for data in spec.get("datasets", {}).values()
                for row in data
            ]
            for i, record in enumerate(table.to_dict("records")):
                values = {v for v in record.values() if v != ""}
                if not any(values <= row for row in rows):
                    problems.append(f"{stem}.csv row {i + 1}: {sorted(values)} is no row of the chart's data")
                    break
            if table.empty:
                problems.append(f"{stem}.csv: no rows")
    assert problems == []


def _texts(value: object) -> set[str]:
    """The ways a dataset value can be written in a CSV cell (a whole float also as an integer)."""
    if value is None:
        return set()
    found = {str(value), str(value).removesuffix("T00:00:00")}
    if isinstance(value, float) and value.is_integer():
        found.add(str(int(value)))
    return found


def test_stock_frictionless_validates_every_charts_csv(built_site):
    folder = built_site / "_downloads" / "charts"
    cli = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run(
        [str(cli), "validate", "--json", "datapackage.json"], cwd=folder, capture_output=True, text=True
    )
    report = json.loads(proc.stdout)
    bad = {t["name"]: [e["message"] for e in t["errors"][:3]] for t in report["tasks"] if not t["valid"]}
    assert bad == {}
    assert len(report["tasks"]) == len(list(folder.glob("*.csv")))


@pytest.mark.browser
def test_a_chart_anchor_scrolls_to_the_chart_and_its_links_download(browser, server, built_site):  # noqa: F811
    """In Chromium, ``#chart-<name>`` brings the chart up and each of its three links downloads its file."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    host = urlparse(server).netloc
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).netloc == host else r.abort())
    page = context.new_page()
    try:
        url = f"{server}/book/articles/no-peace-without-victory.html#chart-npv-spend"
        page.goto(url, wait_until="load")
        box = page.locator("#chart-npv-spend").bounding_box()
        assert box is not None and 0 <= box["y"] < 300, box
        links = page.locator("#chart-npv-spend ul.chart-downloads a")
        assert links.count() == 3
        assert all(links.nth(i).is_visible() for i in range(3))
        for i in range(3):
            href = links.nth(i).get_attribute("href")
            with page.expect_download() as info:
                links.nth(i).click()
            download = info.value
            assert download.suggested_filename == Path(href).name
            assert Path(download.path()).stat().st_size > 100
            response = context.request.get(urljoin(page.url, href))
            assert response.status == 200
        ROOT.joinpath("_build", "screenshots").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ROOT / "_build" / "screenshots" / "chart-downloads.png"))
    finally:
        context.close()
