"""Browser tests: every page of the built book in headless Chromium, with the network cut off.

Each page is served from 127.0.0.1. Any request to another host is aborted and recorded. A
page passes when it made no off-host request, raised no uncaught error, logged no console
error, drew every chart (an ``svg`` or ``canvas`` inside each chart container), and axe-core
finds no serious or critical accessibility violation, both in the page as it first loads (the
charts' static drawings, which a reader sees until a chart turns interactive, and which stay
for every chart the reader has not scrolled to) and once every chart has been swapped for its
interactive drawing (the static one is then hidden, so only the first pass sees it). A
full-page screenshot of each page is saved under ``_build/screenshots/``.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from companion import serving
from harness import offline_page
from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "_build" / "screenshots"
EXTRA_PAGES = ["index", "search", "genindex"]
PAGES = [str(Path(p).with_suffix("")) for p in toc_files(ROOT)] + EXTRA_PAGES

CHART_SELECTOR = "div.companion-chart"

#: Charts turn interactive when they come near the screen, once the chart bundle has run; the
#: bundle is fetched when the reader first touches, points, turns the wheel or types: turn the
#: wheel, wait for the bundle, then bring each chart into view in turn.
SCROLL_CHARTS = """async sel => {
    window.dispatchEvent(new WheelEvent("wheel", {deltaY: 1}));
    for (let i = 0; i < 300 && !window.vegaEmbed; i++) { await new Promise(d => setTimeout(d, 100)); }
    for (const el of document.querySelectorAll(sel)) {
        el.scrollIntoView({block: "center"});
        await new Promise(done => setTimeout(done, 60));
    }
    window.scrollTo(0, 0);
}"""


@dataclass
class Visit:
    """What one page did in the browser."""

    url: str
    off_host: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    charts: int = 0
    charts_drawn: int = 0
    axe_violations: list[dict] = field(default_factory=list)


@pytest.fixture(scope="session")
def server(built_site: Path) -> Iterator[str]:
    """Serve the built site on 127.0.0.1 for the session; yield its base URL."""
    with serving.serve(built_site) as base:
        yield base.rstrip("/")


@pytest.fixture(scope="session")
def visits(server: str, browser) -> dict[str, Visit]:
    """Cache of page visits, so each page is loaded once for all the checks below."""
    return {}


def redirect_target(html: str) -> str | None:
    """The target of a meta-refresh redirect stub, if the page is one."""
    import re

    match = re.search(r'<meta\s+http-equiv="refresh"\s+content="\d+;\s*url=([^"]+)"', html, re.I)
    return match.group(1) if match else None


def visit_page(browser, server: str, page_name: str, site: Path) -> Visit:
    """Load one page with off-host requests blocked; record errors, charts and axe results."""
    url = f"{server}/{page_name}.html"
    target = redirect_target((site / f"{page_name}.html").read_text(encoding="utf-8"))
    if target:  # a redirect stub (the root index.html): check and visit the page it names
        assert (site / page_name).parent.joinpath(target).is_file(), f"{page_name} -> {target}"
        url = f"{server}/{Path(page_name).parent.joinpath(target).as_posix()}"
    result = Visit(url)
    context, page = offline_page(browser, server, result.off_host)
    page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
    page.on("console", lambda msg: result.console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url, wait_until="load")
    result.charts = page.locator(CHART_SELECTOR).count()
    result.axe_violations = run_axe(page, "on load")
    if result.charts:
        page.evaluate(SCROLL_CHARTS, CHART_SELECTOR)
        try:
            page.wait_for_function(
                """sel => Array.from(document.querySelectorAll(sel))
                          .every(el => el.querySelector('.companion-chart-live svg, .companion-chart-live canvas'))""",
                arg=CHART_SELECTOR,
                timeout=20_000,
            )
        except Exception:  # noqa: BLE001 - counted below
            pass
    page.wait_for_timeout(300)
    result.charts_drawn = page.evaluate(
        """sel => Array.from(document.querySelectorAll(sel))
                  .filter(el => el.querySelector('.companion-chart-live svg, .companion-chart-live canvas')).length""",
        CHART_SELECTOR,
    )
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / (page_name.replace("/", "__") + ".png")), full_page=True)
    if result.charts:
        result.axe_violations += run_axe(page, "charts drawn")
    context.close()
    return result


def run_axe(page, state: str) -> list[dict]:
    """axe-core's serious and critical violations in the page as it is now (all of axe's default rules)."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => {
             const r = await axe.run(document, {resultTypes: ['violations']});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
           }"""
    )
    return [{**v, "state": state} for v in violations if v["impact"] in ("serious", "critical")]


def get_visit(visits: dict[str, Visit], browser, server: str, page_name: str, site: Path) -> Visit:
    """Return the cached visit of a page, visiting it first if needed."""
    if page_name not in visits:
        visits[page_name] = visit_page(browser, server, page_name, site)
    return visits[page_name]


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PAGES)
def test_page_renders_offline_without_errors(page_name, visits, browser, server, built_site):
    v = get_visit(visits, browser, server, page_name, built_site)
    assert v.off_host == [], f"{page_name}: requests to other hosts"
    assert v.page_errors == [], f"{page_name}: uncaught errors"
    assert v.console_errors == [], f"{page_name}: console errors"
    assert v.charts_drawn == v.charts, f"{page_name}: {v.charts - v.charts_drawn} chart(s) not drawn"


@pytest.mark.browser
@pytest.mark.parametrize("page_name", PAGES)
def test_page_has_no_serious_accessibility_violations(page_name, visits, browser, server, built_site):
    if not AXE.exists():
        pytest.fail("axe-core is missing: run `npm ci`")
    v = get_visit(visits, browser, server, page_name, built_site)
    assert v.axe_violations == [], f"{page_name}: {v.axe_violations}"


@pytest.mark.browser
def test_book_has_charts_and_all_are_drawn(visits, browser, server, built_site):
    """Across the book, charts exist and every one was drawn (guards against zero-chart passes)."""
    total = drawn = 0
    for name in PAGES:
        v = get_visit(visits, browser, server, name, built_site)
        total += v.charts
        drawn += v.charts_drawn
    assert total >= 1
    assert drawn == total


def _chart_page_in(browser, server: str, page_name: str, **context_options):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, **context_options)
    host = urlparse(server).netloc
    context.route("**/*", lambda r: r.continue_() if urlparse(r.request.url).netloc == host else r.abort())
    page = context.new_page()
    page.goto(f"{server}/{page_name}.html", wait_until="load")
    page.evaluate(SCROLL_CHARTS, CHART_SELECTOR)
    page.wait_for_function(
        """sel => { const c = document.querySelectorAll(sel);
                    return c.length > 0 && Array.from(c).every(el => el.querySelector('.companion-chart-live svg')); }""",
        arg=CHART_SELECTOR,
        timeout=20_000,
    )
    return context, page


@pytest.mark.browser
def test_charts_keep_a_light_card_in_dark_mode(browser, server):
    """In dark mode the page turns dark while each chart keeps its white background."""
    context, page = _chart_page_in(browser, server, "book/intro", color_scheme="dark")
    try:
        theme = page.evaluate("document.documentElement.dataset.theme")
        page_bg = page.evaluate("getComputedStyle(document.body).backgroundColor")
        chart_bg = page.evaluate(
            f'getComputedStyle(document.querySelector("{CHART_SELECTOR} .companion-chart-live svg")).backgroundColor'
        )
        (SCREENSHOTS / "dark").mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / "dark" / "book__intro.png"), full_page=True)
    finally:
        context.close()
    assert theme == "dark"
    assert page_bg != "rgb(255, 255, 255)"
    assert chart_bg == "rgb(255, 255, 255)"


@pytest.mark.browser
def test_print_view_keeps_charts_and_hides_navigation(browser, server):
    """Printed, a chapter keeps its charts and drops the navigation sidebars and header."""
    context, page = _chart_page_in(browser, server, "book/intro")
    try:
        page.emulate_media(media="print")
        nav_visible = page.locator(".bd-sidebar-primary").is_visible()
        header_visible = page.locator(".bd-header-article").is_visible()
        charts_visible = page.locator(f"{CHART_SELECTOR} .companion-chart-live svg").first.is_visible()
    finally:
        context.close()
    assert charts_visible
    assert not nav_visible and not header_visible


PHONE_WIDTHS = [360, 390]


def chart_pages(site: Path) -> list[str]:
    """The pages of the built site that hold at least one chart."""
    return [
        name
        for name in PAGES
        if (site / f"{name}.html").is_file()
        and 'class="companion-chart"' in (site / f"{name}.html").read_text(encoding="utf-8")
    ]


def chart_layout(page) -> list[dict]:
    """For each chart: container and drawn widths, and its smallest and title text in CSS px."""
    return page.evaluate("""() => Array.from(document.querySelectorAll('div.companion-chart')).map(box => {
        const svg = box.querySelector('.companion-chart-live svg');
        if (!svg) { return {drawn: false}; }
        const shown = svg.getBoundingClientRect().width;
        const natural = svg.width.baseVal.value || shown;
        const scale = shown / natural;
        const size = t => parseFloat(getComputedStyle(t).fontSize) * scale;
        const texts = Array.from(svg.querySelectorAll('text')).filter(t => t.textContent.trim());
        const titles = Array.from(svg.querySelectorAll('.role-title-text text'));
        return {drawn: true, container: box.getBoundingClientRect().width, shown: shown,
                smallest: Math.min(...texts.map(size)), title: Math.max(...titles.map(size)),
                label: (svg.getAttribute('aria-label') || '').slice(0, 60)};
    })""")


@pytest.mark.browser
@pytest.mark.parametrize("width", PHONE_WIDTHS + [1280])
def test_charts_fit_their_container_with_readable_text(width, browser, server, built_site):
    """At phone and desktop widths every chart is laid out to fit, text at least 11 px, titles larger."""
    problems = []
    pages = chart_pages(built_site)
    assert pages
    for name in pages:
        context = browser.new_context(viewport={"width": width, "height": 900})
        host = urlparse(server).netloc
        context.route(
            "**/*", lambda r: r.continue_() if urlparse(r.request.url).netloc == host else r.abort()
        )
        page = context.new_page()
        try:
            page.goto(f"{server}/{name}.html", wait_until="load")
            page.evaluate(SCROLL_CHARTS, CHART_SELECTOR)
            page.wait_for_function(
                """() => Array.from(document.querySelectorAll('div.companion-chart'))
                          .every(b => b.classList.contains('companion-chart-interactive'))""",
                timeout=30_000,
            )
            page.wait_for_timeout(300)
            for chart in chart_layout(page):
                where = f"{name} @{width}px {chart.get('label', '')!r}"
                if not chart["drawn"]:
                    problems.append(f"{where}: not drawn")
                    continue
                if chart["shown"] > chart["container"] + 1:
                    problems.append(
                        f"{where}: {chart['shown']:.0f}px wide in a {chart['container']:.0f}px box"
                    )
                if chart["smallest"] < 11 - 0.05:
                    problems.append(f"{where}: text {chart['smallest']:.1f}px")
                if chart["title"] <= chart["smallest"] or chart["title"] < 13:
                    problems.append(f"{where}: title {chart['title']:.1f}px")
        finally:
            context.close()
    assert problems == []


@pytest.mark.browser
def test_the_ledger_filter_narrows_and_restores_the_claims(browser, server):
    """The Fact-check page's filter (companion/static/claims-filter.js) hides rows that do not match and shows all again."""
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{server}/book/methods/fact-check.html", wait_until="load")
        rows = page.locator("#claims-ledger tbody tr")
        total = rows.count()
        assert total > 1
        first_id = rows.first.get_attribute("id").removeprefix("claim-")
        page.fill("#claims-filter-text", first_id)
        visible = page.locator("#claims-ledger tbody tr:not([hidden])")
        assert 1 <= visible.count() < total
        assert page.inner_text("#claims-filter-count").endswith(f"of {total} claims shown")
        url = page.url
        page.press("#claims-filter-text", "Enter")  # the search form never submits
        assert page.url == url and visible.count() < total
        page.select_option("#claims-filter-verdict", "unverified")
        page.click("#claims-filter-reset")
        assert visible.count() == total
        assert page.inner_text("#claims-filter-count") == f"{total} of {total} claims shown"
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_first_paint_has_the_theme_colours_before_any_theme_script(scheme, browser, server):
    """The page's colour theme is settled in its head (templates/pydata/layout.html), not by the
    theme's deferred scripts: with those blocked, the page already has the theme's colours."""
    context = browser.new_context(color_scheme=scheme)
    context.route(lambda url: "/_static/scripts/" in url, lambda r: r.abort())  # the theme's scripts
    page = context.new_page()
    try:
        page.goto(f"{server}/book/intro.html", wait_until="load")
        theme = page.evaluate("document.documentElement.dataset.theme")
        ran = page.evaluate("typeof window.bootstrap !== 'undefined'")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    finally:
        context.close()
    assert not ran
    assert theme == scheme
    # without the theme's colours the body has no background at all (transparent)
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")
    assert (background == "rgb(255, 255, 255)") == (scheme == "light")


@pytest.mark.browser
def test_a_collapsed_code_cell_shows_its_source_when_opened(browser, server, built_site):
    """Hidden code cells stay closed until the reader opens them; opened, the code is shown."""
    page_name = next(
        name
        for name in chart_pages(built_site)
        if 'class="admonition hide above-input"' in (built_site / f"{name}.html").read_text(encoding="utf-8")
    )
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(f"{server}/{page_name}.html", wait_until="load")
        cell = page.locator("div.cell details.hide.above-input").first
        code = cell.locator(".cell_input pre")
        assert not code.is_visible()
        cell.locator("summary").click()
        assert code.is_visible()
        assert code.inner_text().strip()
    finally:
        context.close()


@pytest.mark.browser
def test_the_theme_controls_work_once_the_page_is_shown(browser, server):
    """The theme's scripts set up its controls: the colour-mode button cycles the mode, the
    search button opens the search dialog."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme="light")
    page = context.new_page()
    try:
        page.goto(f"{server}/book/methods/fact-check.html", wait_until="load")
        page.wait_for_function("typeof window.bootstrap !== 'undefined'")
        page.locator(".theme-switch-button").first.click()
        page.wait_for_function("document.documentElement.dataset.theme === 'dark'")
        page.locator(".search-button__button").first.click()
        assert page.locator("#pst-search-dialog").is_visible()
    finally:
        context.close()
