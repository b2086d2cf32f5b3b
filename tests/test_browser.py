"""Browser tests: every page of the built book in headless Chromium, with the network cut off.

Each page is served from 127.0.0.1. Any request to another host is aborted and recorded. A
page passes when it made no off-host request, raised no uncaught error, logged no console
error, drew every chart (an ``svg`` or ``canvas`` inside each chart container), and axe-core
finds no serious or critical accessibility violation. A full-page screenshot of each page is
saved under ``_build/screenshots/``.
"""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "_build" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
EXTRA_PAGES = ["index", "search", "genindex"]
PAGES = [str(Path(p).with_suffix("")) for p in toc_files(ROOT)] + EXTRA_PAGES

CHART_SELECTOR = "div.companion-chart"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


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
    handler = functools.partial(_QuietHandler, directory=str(built_site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium driven by Playwright (no downloaded browser)."""
    if not CHROMIUM.exists():
        pytest.fail("Debian's chromium is required: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


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
    host = urlparse(server).netloc
    result = Visit(url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")

    def route(r):
        parsed = urlparse(r.request.url)
        if parsed.scheme in ("data", "blob") or parsed.netloc == host:
            r.continue_()
        else:
            result.off_host.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("pageerror", lambda exc: result.page_errors.append(str(exc)))
    page.on("console", lambda msg: result.console_errors.append(msg.text) if msg.type == "error" else None)
    page.goto(url, wait_until="load")
    result.charts = page.locator(CHART_SELECTOR).count()
    if result.charts:
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
    page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async () => {
             const r = await axe.run(document, {resultTypes: ['violations']});
             return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
           }"""
    )
    result.axe_violations = [v for v in violations if v["impact"] in ("serious", "critical")]
    context.close()
    return result


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
