"""The checkers readers' tools apply to the built site, run here so that they stay green.

* Lighthouse (mobile): accessibility, best practices and SEO are 1.00 on four pages;
* no script larger than 20 KB blocks rendering on any page;
* the Nu Html Checker (vnu) reports no error on any page;
* no internal link or ``#anchor`` is broken;
* every page has a ``<meta name="description">`` drawn from its own text;
* the stock ``frictionless validate`` CLI finds the data package valid;
* the ClaimReview JSON-LD in the built pages follows Google's fact-check documentation;
* the chart data tables have one header row of labels and no index column.

The site is the session's strict build (``built_site``); Lighthouse runs once per page against
a local gzip-serving copy, vnu once over all pages in a single Java process.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pandas as pd
import pytest
import yaml
from test_claims import whole_reviews

from companion import bench, charts, data

ROOT = Path(__file__).resolve().parents[1]
VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
BLOCKING_LIMIT = 20 * 1024


def pages(site: Path) -> list[Path]:
    """Every HTML page of the site (the theme's template fragments in ``_static`` are not pages)."""
    return sorted(p for p in site.rglob("*.html") if "_static" not in p.relative_to(site).parts)


class PageParser(HTMLParser):
    """Collect ids, links, head scripts, meta tags, JSON-LD blocks and visible text of a page."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, int]] = []
        self.head_scripts: list[dict[str, str | None]] = []
        self.meta: list[dict[str, str | None]] = []
        self.json_ld: list[str] = []
        self.text: list[str] = []
        self._in_head = self._in_body = False
        self._script: dict[str, str | None] | None = None
        self._script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"])  # type: ignore[arg-type]
        if tag == "a" and a.get("name"):
            self.ids.add(a["name"])  # type: ignore[arg-type]
        if tag == "head":
            self._in_head = True
        elif tag == "body":
            self._in_head, self._in_body = False, True
        elif tag == "meta":
            self.meta.append(a)
        elif tag == "script":
            self._script, self._script_text = a, []
            if self._in_head and a.get("src"):
                self.head_scripts.append(a)
        for key in ("href", "src"):
            if a.get(key) and tag in ("a", "link", "img", "script", "area", "source", "iframe"):
                if not (tag == "link" and a.get("rel") == "canonical"):
                    self.links.append((a[key], self.getpos()[0]))  # type: ignore[arg-type]

    def handle_endtag(self, tag: str) -> None:
        if tag == "head":
            self._in_head = False
        elif tag == "script" and self._script is not None:
            if self._script.get("type") == "application/ld+json":
                self.json_ld.append("".join(self._script_text))
            self._script = None

    def handle_data(self, text: str) -> None:
        if self._script is not None:
            self._script_text.append(text)
        elif self._in_body:
            self.text.append(text)


_PARSED: dict[Path, PageParser] = {}


def parse(page: Path) -> PageParser:
    """Parse ``page`` once per session."""
    if page not in _PARSED:
        parser = PageParser()
        parser.feed(page.read_text(encoding="utf-8"))
        _PARSED[page] = parser
    return _PARSED[page]


# --------------------------------------------------------------------------------------
# Lighthouse
# --------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def lighthouse_reports(built_site: Path) -> dict[str, dict]:
    """One Lighthouse run (accessibility, best practices, SEO) per measured page."""
    if not bench.LIGHTHOUSE.exists():
        pytest.fail(f"{bench.LIGHTHOUSE} is missing: run `npm ci`")
    with bench.serve(built_site) as base:
        return {
            page: bench.lighthouse(base + page, ("accessibility", "best-practices", "seo"))
            for page in bench.LIGHTHOUSE_PAGES
        }


@pytest.mark.parametrize("page", bench.LIGHTHOUSE_PAGES)
def test_lighthouse_accessibility_best_practices_seo_are_full(lighthouse_reports, page):
    report = lighthouse_reports[page]
    scores = {name: cat["score"] for name, cat in report["categories"].items()}
    failing = sorted(
        name
        for name, audit in report["audits"].items()
        if audit.get("scoreDisplayMode") in ("binary", "numeric")
        and audit.get("score") is not None
        and audit["score"] < 1
    )
    assert scores == {"accessibility": 1, "best-practices": 1, "seo": 1}, failing


# --------------------------------------------------------------------------------------
# Render-blocking scripts
# --------------------------------------------------------------------------------------


def test_no_large_script_blocks_rendering(built_site):
    """A classic script in ``<head>`` without ``defer``/``async`` holds up the first paint."""
    blocking = []
    for page in pages(built_site):
        for script in parse(page).head_scripts:
            if "defer" in script or "async" in script or script.get("type") == "module":
                continue
            src = urlsplit(script["src"] or "")
            if src.scheme or src.netloc:
                blocking.append(f"{page.relative_to(built_site)}: off-site {script['src']}")
                continue
            path = (page.parent / unquote(src.path)).resolve()
            size = path.stat().st_size if path.is_file() else 0
            if size > BLOCKING_LIMIT:
                blocking.append(f"{page.relative_to(built_site)}: {src.path} ({size:,} bytes)")
    assert blocking == []


# --------------------------------------------------------------------------------------
# Nu Html Checker
# --------------------------------------------------------------------------------------


def test_nu_html_checker_reports_no_errors(built_site):
    java = shutil.which("java")
    assert java, "java is missing (Debian: default-jre-headless)"
    assert VNU_JAR.is_file(), f"{VNU_JAR} is missing: run `npm ci`"
    proc = subprocess.run(
        [java, "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *map(str, pages(built_site))],
        capture_output=True,
        text=True,
    )
    report = json.loads(proc.stderr or proc.stdout)
    errors = [
        f"{unquote(m['url']).split(str(built_site), 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m["type"] == "error"
    ]
    assert errors == []


# --------------------------------------------------------------------------------------
# Links
# --------------------------------------------------------------------------------------


def test_no_broken_internal_links_or_anchors(built_site):
    broken = []
    for page in pages(built_site):
        for url, line in parse(page).links:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("mailto:", "javascript:", "data:")):
                continue
            target = (page.parent / unquote(parts.path)).resolve() if parts.path else page
            if target.is_dir():
                target = target / "index.html"
            where = f"{page.relative_to(built_site)}:{line}: {url}"
            if built_site.resolve() not in target.parents and target != built_site.resolve():
                broken.append(f"{where} (outside the site)")
            elif not target.is_file():
                broken.append(f"{where} (no such file)")
            elif (
                parts.fragment
                and target.suffix == ".html"
                and unquote(parts.fragment) not in parse(target).ids
            ):
                broken.append(f"{where} (no such anchor)")
    assert broken == []


# --------------------------------------------------------------------------------------
# Meta description
# --------------------------------------------------------------------------------------


def _words(text: str) -> str:
    return " ".join(text.split())


def test_every_page_has_a_description_from_its_own_text(built_site):
    problems = []
    for page in pages(built_site):
        name = str(page.relative_to(built_site))
        found = [m.get("content") or "" for m in parse(page).meta if m.get("name") == "description"]
        if len(found) != 1 or len(found[0].strip()) < 20:
            problems.append(f"{name}: descriptions {found!r}")
            continue
        description = found[0]
        if len(description) > 160:
            problems.append(f"{name}: description of {len(description)} characters")
        if name.startswith("book/"):  # a chapter page: the description is its own prose
            head = _words(description.rstrip("\u2026"))
            if head not in _words("".join(parse(page).text)):
                problems.append(f"{name}: description not found in the page text: {description!r}")
    assert problems == []


# --------------------------------------------------------------------------------------
# frictionless
# --------------------------------------------------------------------------------------


def _frictionless(descriptor: Path) -> tuple[int, dict]:
    cli = Path(sys.executable).with_name("frictionless")
    proc = subprocess.run(
        [str(cli), "validate", "--json", str(descriptor)],
        cwd=descriptor.parent,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return proc.returncode, json.loads(proc.stdout)


def test_stock_frictionless_cli_validates_the_package(repo_root):
    code, report = _frictionless(repo_root / "data" / "datapackage.json")
    errors = [e.get("message") for e in report.get("errors", [])]
    errors += [e.get("message") for task in report.get("tasks", []) for e in task.get("errors", [])]
    assert (code, report.get("valid"), errors) == (0, True, [])


def test_stock_frictionless_cli_sees_a_package_level_error(repo_root, tmp_path):
    """The CLI check can fail: a package whose ``created`` is a bare date is reported invalid."""
    copy = tmp_path / "data"
    shutil.copytree(repo_root / "data", copy)
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    descriptor["created"] = "2026-11-21"
    descriptor["resources"] = descriptor["resources"][:1]  # one table is enough, and quick
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    code, report = _frictionless(copy / "datapackage.json")
    assert code != 0 and report.get("valid") is False
    assert "created" in json.dumps(report.get("errors", []))


# --------------------------------------------------------------------------------------
# ClaimReview
# --------------------------------------------------------------------------------------


def _site_url(repo_root: Path) -> str:
    config = yaml.safe_load((repo_root / "_config.yml").read_text(encoding="utf-8"))
    return config["html"]["baseurl"]


def _reviews_on(page: Path) -> list[dict]:
    """The page's ClaimReviews, each whole (references to nodes described in the block followed)."""
    return [r for block in parse(page).json_ld for r in whole_reviews(json.loads(block))]


def test_claim_reviews_in_the_built_pages_follow_googles_rules(repo_root, built_site):
    site = _site_url(repo_root)
    assert re.match(r"https://[^/]+/", site), site
    articles = data.load("articles").set_index("id")
    ledger = data.load("claims").set_index("claim_id")
    problems: list[str] = []
    published: list[str] = []
    for page in pages(built_site):
        for review in _reviews_on(page):
            url = review.get("url", "")
            claim_id = url.rsplit("#claim-", 1)[-1]
            where = f"{page.relative_to(built_site)} {claim_id}"
            published.append(claim_id)
            if not url.startswith(site):
                problems.append(f"{where}: url {url!r} is not on {site}")
            # Google: the url is the address of the page that publishes the review (plus an anchor).
            target = built_site / urlsplit(url).path[len(urlsplit(site).path) :]
            if target.resolve() != page.resolve():
                problems.append(f"{where}: url {url!r} is not this page's address")
            if not target.is_file() or f"claim-{claim_id}" not in parse(target).ids:
                problems.append(f"{where}: url {url!r} names no anchor in the built site")
            if claim_id not in ledger.index:
                problems.append(f"{where}: no ledger row {claim_id!r}")
                continue
            if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(review.get("datePublished", ""))):
                problems.append(f"{where}: datePublished {review.get('datePublished')!r}")
            author = review.get("author", {})
            if not (author.get("name") and str(author.get("url", "")).startswith(site)):
                problems.append(f"{where}: author {author!r} lacks a name or a url on the site")
            rating = review.get("reviewRating", {})
            value = rating.get("ratingValue")
            if not rating.get("alternateName"):
                problems.append(f"{where}: rating without alternateName")
            if value is not None and not rating["worstRating"] <= value <= rating["bestRating"]:
                problems.append(f"{where}: ratingValue {value} outside its declared range")
            if re.search(r"\s[,.;:!?]", review.get("claimReviewed", "")):
                problems.append(f"{where}: space before punctuation in claimReviewed")
            article = articles.loc[ledger.loc[claim_id, "article_id"]]
            item = review.get("itemReviewed", {})
            if isinstance(article["url_as_found"], str):
                appearance = item.get("appearance") or {}
                if appearance.get("url") != article["url_as_found"]:
                    problems.append(f"{where}: appearance {appearance!r} is not the article's URL")
            if article["kind"] == "rewrite" and isinstance(article["original_url"], str):
                if (item.get("firstAppearance") or {}).get("url") != article["original_url"]:
                    problems.append(f"{where}: firstAppearance is not the original's URL")
    assert problems == []
    # Google: a ClaimReview is published on one page of the site only; every claim has one.
    assert sorted(published) == sorted(ledger.index)


# --------------------------------------------------------------------------------------
# Chart data tables
# --------------------------------------------------------------------------------------


class TableParser(HTMLParser):
    """Header rows, header cells and body header cells of every ``chart-data-table``."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[dict] = []
        self._table: dict | None = None
        self._part = ""
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "chart-data-table" in (a.get("class") or ""):
            self._table = {"head_rows": 0, "headers": [], "body_th": 0, "body_rows": 0}
        elif self._table is not None:
            if tag in ("thead", "tbody"):
                self._part = tag
            elif tag == "tr":
                self._table["head_rows" if self._part == "thead" else "body_rows"] += 1
            elif tag == "th":
                if self._part == "thead":
                    self._cell = []
                else:
                    self._table["body_th"] += 1

    def handle_data(self, text):
        if self._cell is not None:
            self._cell.append(text)

    def handle_endtag(self, tag):
        if self._table is None:
            return
        if tag == "th" and self._cell is not None:
            self._table["headers"].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self.tables.append(self._table)
            self._table, self._part = None, ""


def test_chart_data_tables_have_one_labelled_header_row_and_no_index(built_site):
    problems, count = [], 0
    for page in pages(built_site):
        parser = TableParser()
        parser.feed(page.read_text(encoding="utf-8"))
        for n, table in enumerate(parser.tables, 1):
            count += 1
            where = f"{page.relative_to(built_site)} table {n}"
            if table["head_rows"] != 1 or not table["headers"] or not all(table["headers"]):
                problems.append(f"{where}: header rows {table['head_rows']}, labels {table['headers']}")
            if table["body_th"]:
                problems.append(f"{where}: {table['body_th']} header cells in the body (an index)")
    assert count > 0
    assert problems == []


def test_data_table_labels_come_from_field_titles(monkeypatch):
    descriptor = {
        "schema": {"fields": [{"name": "year"}, {"name": "total_usd_bn", "title": "Total trade (US$ bn)"}]}
    }
    monkeypatch.setattr(data, "metadata", lambda name, data_dir=None: descriptor)
    frame = pd.DataFrame({"year": [2023, 2024], "total_usd_bn": [240.1, None]})
    html = charts.data_table(frame, dataset="trade", labels={"year": "Year"}).data
    assert re.findall(r"<th[^>]*>([^<]*)</th>", html) == ["Year", "Total trade (US$ bn)"]
    assert "<tbody>" in html and "<th" not in html.split("<tbody>")[1]


def test_data_table_turns_a_pivot_index_into_columns():
    frame = pd.DataFrame({"article": ["a", "a", "b"], "verdict": ["x", "y", "x"], "n": [1, 2, 3]})
    wide = frame.pivot(index="article", columns="verdict", values="n")
    html = charts.data_table(wide).data
    assert re.findall(r"<th[^>]*>([^<]*)</th>", html) == ["article", "x", "y"]
    assert "<td>b</td>" in html
