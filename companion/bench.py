"""Benchmark the book build and the weight of its pages; print the figures as JSON.

Run with ``python -m companion.bench`` (or ``make bench``). The repository's tracked files are
copied to a temporary folder, so the working tree and its build cache are not touched. Figures:

* ``cold_build_s``: strict build with an empty execution cache (every notebook runs);
* ``nochange_rebuild_s``: the same build again with nothing changed;
* ``one_cell_edit_rebuild_s``: rebuild after editing one code cell of one chapter;
* ``html_total_bytes`` and ``largest_page_bytes`` (with its name);
* ``js_bytes_chart_page`` / ``js_bytes_plain_page``: bytes of JavaScript a page with charts and
  a page without charts load (local script files plus inline scripts), and the part of it
  that is chart code (``chart_js_bytes_*``);
* ``page_weights``: for every page, what a first visit downloads (:func:`page_weight`): HTML
  size, render-blocking resources, total transfer gzipped, and the chart bundle fetched when
  the reader first interacts with the page;
* ``lighthouse``: for every page of the book, Lighthouse's mobile run (its default: a
  mid-range phone on a throttled 4G connection) against the built site served gzipped from
  127.0.0.1: performance score, first and largest contentful paint, total blocking time and
  bytes transferred of the median of three runs, the range of scores and the machine's load
  average during the runs, printed as a table (:func:`lighthouse_table`) with the targets
  (performance 0.90 or more, LCP 2.5 s or less).

``--json FILE`` writes the figures there instead of printing them (``make bench`` keeps them in
``_build/bench.json``); ``--reports DIR`` keeps every Lighthouse report, whose
``mainthread-work-breakdown``, ``bootup-time`` and ``long-tasks`` audits say where the main
thread's time goes. ``python -m companion.bench --lighthouse-only _build/html`` runs the Lighthouse part alone on
an existing build (``--pages`` to pick pages), ``--weights _build/html`` the page weights, and
``--notebooks`` measures each chapter's execution (kernel CPU and wall seconds), and
``--build-time`` the cold build alone (wall and CPU seconds, the machine's load, the 40 s target,
and the CPU seconds of the chart downloads: ``cold_build_*``, ``chart_downloads_*``). Lighthouse comes from ``node_modules`` (``npm ci``) and drives the Chromium
named by ``CHROME_PATH`` (default ``/usr/bin/chromium``).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from companion import serving
from companion.sphinxext import VEGA_BUNDLE

ROOT = Path(__file__).resolve().parents[1]

#: Pages the checkers' Lighthouse audits (accessibility, best practices, SEO) cover: the landing
#: page, the heaviest chapter, the fact-check ledger and the glossary (the benchmark's
#: performance runs cover every page).
LIGHTHOUSE_PAGES: tuple[str, ...] = (
    "book/intro.html",
    "book/articles/superpower-concessions.html",
    "book/methods/fact-check.html",
    "book/reference/glossary.html",
)

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
#: Lighthouse runs per page; the median run is reported.
LIGHTHOUSE_RUNS = 3
CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu")

#: File types a static host compresses.
_GZIP_TYPES = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class _GzipHandler(serving.QuietHandler):
    """Serve files from a folder, gzip-compressed when the client accepts it (as a static host does)."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        accepts = "gzip" in self.headers.get("Accept-Encoding", "")
        ctype = self.guess_type(str(path))
        if not (accepts and path.is_file() and ctype.startswith(_GZIP_TYPES)):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        return io.BytesIO(body)


@contextlib.contextmanager
def serve(site: Path) -> Iterator[str]:
    """Serve ``site`` gzipped on 127.0.0.1 (a free port) in a thread; yield its base URL."""
    if not (site / "index.html").is_file():
        raise FileNotFoundError(f"{site}: no index.html; build the book first")
    with serving.serve(site, _GzipHandler) as base:
        yield base


def lighthouse(url: str, categories: Sequence[str] = ("performance",)) -> dict[str, Any]:
    """Run Lighthouse (mobile, its default) on ``url`` in a fresh Chromium profile; return its JSON report."""
    if not LIGHTHOUSE.exists():
        raise FileNotFoundError(f"{LIGHTHOUSE}: not installed; run `npm ci`")
    with tempfile.TemporaryDirectory(prefix="lh-profile-") as profile:
        flags = " ".join((*CHROME_FLAGS, f"--user-data-dir={profile}"))
        env = dict(os.environ, CHROME_PATH=os.environ.get("CHROME_PATH", "/usr/bin/chromium"))
        proc = subprocess.run(
            [
                str(LIGHTHOUSE),
                url,
                "--output=json",
                "--output-path=stdout",
                "--quiet",
                f"--chrome-flags={flags}",
                f"--only-categories={','.join(categories)}",
            ],
            capture_output=True,
            text=True,
            env=env,
            timeout=300,
        )
    if proc.returncode != 0 or not proc.stdout.strip():
        raise RuntimeError(f"lighthouse {url} failed (exit {proc.returncode}):\n{proc.stderr[-3000:]}")
    report = json.loads(proc.stdout)
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse {url}: {report['runtimeError']}")
    return report


def performance_figures(report: dict[str, Any]) -> dict[str, Any]:
    """Pick performance, FCP, LCP, TBT (ms) and bytes transferred out of a Lighthouse report."""
    audits = report["audits"]

    def value(name: str) -> float:
        return audits[name]["numericValue"]

    return {
        "performance": report["categories"]["performance"]["score"],
        "fcp_s": round(value("first-contentful-paint") / 1000, 2),
        "lcp_s": round(value("largest-contentful-paint") / 1000, 2),
        "tbt_ms": round(value("total-blocking-time")),
        "bytes": round(value("total-byte-weight")),
    }


def site_pages(site: Path) -> list[str]:
    """Every page of a built site (paths inside it), without redirect stubs such as the root ``index.html``."""
    pages = []
    for page in sorted(site.rglob("*.html")):
        if page.relative_to(site).parts[0].startswith("_"):
            continue
        head = page.read_text(encoding="utf-8")[:2000]
        if 'http-equiv="refresh"' in head.lower():
            continue
        pages.append(page.relative_to(site).as_posix())
    return pages


def _gzip_size(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


_HEAD = re.compile(r"<head>(.*?)</head>", re.S)
_TAG_ATTRS = re.compile(r'([\w-]+)(?:="([^"]*)")?')
_FONT_STYLES = {
    "fa-solid-900": ("fa-solid", "fas"),
    "fa-brands-400": ("fa-brands", "fab"),
    "fa-regular-400": ("fa-regular", "far"),
}


def _attrs(tag: str) -> dict[str, str]:
    return {k: v or "" for k, v in _TAG_ATTRS.findall(tag[tag.index(" ") :] if " " in tag else "")}


def _local(page: Path, site: Path, url: str) -> Path | None:
    if re.match(r"^(?:[a-z]+:|//)", url):
        return None
    path = (page.parent / url.split("?")[0].split("#")[0]).resolve()
    return path if path.is_file() and site.resolve() in path.parents else None


def page_weight(site: Path, name: str) -> dict[str, Any]:
    """What a first visit to page ``name`` of ``site`` downloads, gzipped as a static host serves it.

    ``blocking``: stylesheets in ``<head>`` for the screen and scripts there without
    ``async``/``defer`` (they hold up the first paint). ``transfer_gzip_bytes``: the HTML, every
    stylesheet and script file the page names, its images not marked ``loading="lazy"`` and
    the icon fonts its markup uses. The chart
    bundle, fetched only when the reader first interacts with the page, is counted apart
    (``on_interaction_gzip_bytes``).
    """
    page = site / name
    html = page.read_text(encoding="utf-8")
    found = _HEAD.search(html)
    head = found.group(0) if found else ""
    blocking: dict[str, int] = {}
    files: dict[Path, int] = {}
    for tag in re.findall(r"<link\b[^>]*>", html):
        a = _attrs(tag)
        if "stylesheet" not in a.get("rel", "").split():
            continue
        path = _local(page, site, a.get("href", ""))
        if path is None:
            continue
        files[path] = _gzip_size(path.read_bytes())
        if tag in head and a.get("media", "all") in ("all", "screen", ""):
            blocking[path.relative_to(site).as_posix()] = files[path]
    for tag in re.findall(r"<script\b[^>]*>", html):
        a = _attrs(tag)
        path = _local(page, site, a.get("src", "")) if "src" in a else None
        if path is None:
            continue
        files[path] = _gzip_size(path.read_bytes())
        if tag in head and not ({"async", "defer"} & a.keys()) and a.get("type") != "module":
            blocking[path.relative_to(site).as_posix()] = files[path]
    for tag in re.findall(r"<img\b[^>]*>", html):
        a = _attrs(tag)
        path = _local(page, site, a.get("src", ""))
        if path is not None and a.get("loading") != "lazy":
            files[path] = _gzip_size(path.read_bytes()) if path.suffix == ".svg" else path.stat().st_size
    classes = set(re.findall(r'class="([^"]*)"', html))
    used = {c for group in classes for c in group.split()}
    fonts = 0
    for css in [p for p in files if p.suffix == ".css"]:
        for url in re.findall(r"url\(\\?\"?([^)\"]+\.woff2)", css.read_text(encoding="utf-8")):
            font = _local(css, site, url)
            stem = font.stem if font else ""
            if font and font not in files and set(_FONT_STYLES.get(stem, ())) & used:
                files[font] = font.stat().st_size  # already compressed
                fonts += files[font]
    bundle = 0
    loader = re.search(r'data-bundle="([^"]+)"', html)
    if loader:
        path = _local(page, site, loader.group(1).replace("&amp;", "&"))
        bundle = _gzip_size(path.read_bytes()) if path else 0
    html_gzip = _gzip_size(html.encode("utf-8"))
    return {
        "html_bytes": len(html.encode("utf-8")),
        "html_gzip_bytes": html_gzip,
        "blocking": blocking,
        "blocking_gzip_bytes": sum(blocking.values()),
        "font_bytes": fonts,
        "transfer_gzip_bytes": html_gzip + sum(files.values()),
        "on_interaction_gzip_bytes": bundle,
    }


def page_weights(site: Path) -> dict[str, dict[str, Any]]:
    """:func:`page_weight` for every page of the built site."""
    return {name: page_weight(site, name) for name in site_pages(site)}


def lighthouse_figures(
    site: Path,
    pages: Sequence[str] = LIGHTHOUSE_PAGES,
    runs: int = LIGHTHOUSE_RUNS,
    reports: Path | None = None,
) -> dict[str, object]:
    """Run Lighthouse's mobile performance audit ``runs`` times on each of ``pages`` of ``site``.

    Lighthouse's simulated timings move with the machine's load, so each page reports its
    median run (by performance score, as Lighthouse's own guidance suggests), the range of
    scores seen and the load average over its runs. ``reports``: a folder to keep every run's
    full Lighthouse report in (``<page>.<run>.json``), for its main-thread breakdown.
    """
    if runs < 1:
        raise ValueError("lighthouse_figures(): runs must be at least 1")
    figures: dict[str, object] = {}
    with serve(site) as base:
        for page in pages:
            results = []
            for run in range(runs):
                report = lighthouse(base + page)
                if reports is not None:
                    reports.mkdir(parents=True, exist_ok=True)
                    name = page.replace("/", "_").removesuffix(".html")
                    (reports / f"{name}.{run + 1}.json").write_text(json.dumps(report), encoding="utf-8")
                results.append({**performance_figures(report), "load": round(os.getloadavg()[0], 1)})
            results.sort(key=lambda f: f["performance"])
            median = dict(results[len(results) // 2])
            median["runs"] = runs
            median["performance_range"] = [results[0]["performance"], results[-1]["performance"]]
            median["load"] = [min(r["load"] for r in results), max(r["load"] for r in results)]
            figures[page] = median
    return figures


#: Lighthouse targets per page (median run): performance score and largest contentful paint.
TARGET_SCORE = 0.90
TARGET_LCP_S = 2.5


def lighthouse_table(figures: dict[str, Any]) -> str:
    """Return :func:`lighthouse_figures`' results as a Markdown table, one row per page."""
    lines = [
        "| Page | Performance (range) | LCP | FCP | TBT | Transferred | Target | Load |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for page, f in figures.items():
        low, high = f["performance_range"]
        met = f["performance"] >= TARGET_SCORE and f["lcp_s"] <= TARGET_LCP_S
        load = "–".join(f"{x:.1f}" for x in f.get("load", [])) or "?"
        lines.append(
            f"| `{page}` | {f['performance']:.2f} ({low:.2f}–{high:.2f}) | {f['lcp_s']:.2f} s "
            f"| {f['fcp_s']:.2f} s | {f['tbt_ms']} ms | {f['bytes'] / 1000:.0f} KB "
            f"| {'yes' if met else 'NO'} | {load} |"
        )
    met = sum(f["performance"] >= TARGET_SCORE and f["lcp_s"] <= TARGET_LCP_S for f in figures.values())
    runs = "/".join(sorted({str(f.get("runs", "?")) for f in figures.values()}))
    lines.append("")
    lines.append(
        f"{met} of {len(figures)} pages meet the target (median performance >= {TARGET_SCORE:.2f}, "
        f"LCP <= {TARGET_LCP_S} s). Lighthouse {runs}x per page, mobile preset, served "
        f"gzipped from 127.0.0.1; Load: the 1-minute load average during the page's runs on "
        f"{os.cpu_count()} CPUs (timings rise with it)."
    )
    return "\n".join(lines)


def _copy_repo(dest: Path) -> None:
    files = (
        subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True)
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def _build(src: Path, env: dict[str, str] | None = None) -> float:
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    proc = subprocess.run(
        [str(jb), "build", str(src), "-W", "-n", "--keep-going"],
        cwd=src,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
    )
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return round(elapsed, 2)


#: The cold build's target on a 2-core machine (issue 21), in wall seconds on an idle machine.
COLD_BUILD_TARGET_S = 40.0


def build_time_figures(src: Path) -> dict[str, object]:
    """The cold build's wall and CPU seconds (the build and every process it starts), the load
    the machine had meanwhile, the target, where the time went (:mod:`companion.build_profile`)
    and the CPU the chart downloads cost (:func:`downloads_cost`)."""
    from companion.build_profile import PROFILE_ENV

    profile = src / "_build" / "profile.json"
    cpu, load = _children_cpu(), os.getloadavg()[0]
    wall = _build(src, {PROFILE_ENV: str(profile)})
    figures: dict[str, object] = {
        "cold_build_s": wall,
        "cold_build_cpu_s": round(_children_cpu() - cpu, 2),
        "cold_build_cores": len(os.sched_getaffinity(0)),
        "cold_build_load_before_after": [round(load, 2), round(os.getloadavg()[0], 2)],
        "cold_build_target_s": COLD_BUILD_TARGET_S,
        "cold_build_within_target": wall <= COLD_BUILD_TARGET_S,
        "cold_build_breakdown": json.loads(profile.read_text(encoding="utf-8")),
    }
    figures.update(downloads_cost(src / "_build" / "html"))
    return figures


def downloads_cost(html_root: Path) -> dict[str, object]:
    """CPU seconds the chart downloads take for every chart of a built site: CSV and data package
    (in the main process while it writes pages) and PNG (on its background thread)."""
    import resource

    from companion import downloads

    def cpu() -> float:
        usage = resource.getrusage(resource.RUSAGE_SELF)
        return usage.ru_utime + usage.ru_stime

    charts = []
    for page in sorted(html_root.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for match in re.finditer(r'<figure class="[^"]*\bcompanion-figure\b[^"]*" id="([^"]+)">', text):
            stem = downloads.slug(match.group(1))
            spec = re.search(r'class="companion-chart-spec">(.*?)</script>', text[match.end() :], re.S)
            drawing = html_root / downloads.DOWNLOADS_DIR / f"{stem}.svg"
            if spec and drawing.is_file():
                charts.append((json.loads(spec.group(1))["spec"], drawing.read_text(encoding="utf-8")))
    start = cpu()
    for spec, _ in charts:
        downloads.chart_csv(spec, "")
        downloads.resource(spec, "chart")
    tables = cpu()
    for _, drawn in charts:
        downloads.png_bytes(drawn)
    return {
        "chart_downloads_charts": len(charts),
        "chart_downloads_csv_cpu_s": round(tables - start, 2),
        "chart_downloads_png_cpu_s": round(cpu() - tables, 2),
    }


#: The opening line of a MyST code cell, and the two forms its header (cell options) can take:
#: a YAML block between ``---`` lines, or ``:key: value`` lines.
_CODE_CELL = re.compile(r"^(?P<fence>`{3,}|~{3,})\{code-cell\}[^\n]*\n", re.M)
_YAML_HEADER = re.compile(r"---[ \t]*\n(?:.*\n)*?---[ \t]*\n")
_OPTION_LINES = re.compile(r"(?::[^\n]*\n)+")

#: The line the benchmark adds to a code cell.
BENCH_EDIT = "# benchmark edit\n"


def edit_first_code_cell(text: str, line: str = BENCH_EDIT) -> str:
    """Return a MyST chapter's ``text`` with ``line`` added as the first line of its first code
    cell's source, after the cell's header whatever its form (YAML block or ``:key:`` lines)."""
    match = _CODE_CELL.search(text)
    if match is None:
        raise ValueError("no {code-cell} in the text")
    pos = match.end()
    header = _YAML_HEADER.match(text, pos) or _OPTION_LINES.match(text, pos)
    if header is not None:
        pos = header.end()
    return text[:pos] + line + text[pos:]


def _edit_one_code_cell(src: Path) -> str:
    for md in sorted((src / "book").rglob("*.md")):
        if "_template" in md.parts:  # not part of the build
            continue
        text = md.read_text(encoding="utf-8")
        if _CODE_CELL.search(text):
            md.write_text(edit_first_code_cell(text), encoding="utf-8")
            return str(md.relative_to(src))
    raise SystemExit("no code cell found to edit")


def _children_cpu() -> float:
    import resource

    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _run_notebook(nb: Any, cwd: Path) -> tuple[float, float]:
    """Execute ``nb`` in a fresh kernel started from ``cwd``; return (CPU s of the kernel, wall s)."""
    from nbclient import NotebookClient

    cpu, start = _children_cpu(), time.perf_counter()
    NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}
    ).execute()
    return round(_children_cpu() - cpu, 2), round(time.perf_counter() - start, 2)


def notebook_costs(root: Path = ROOT) -> dict[str, object]:
    """CPU seconds (kernel user + system) and wall seconds of each chapter's execution, as the build runs it.

    Also two baselines: a kernel that runs nothing (start and shut down) and one that only
    imports what the chapters import (pandas, Altair, the package), so the chapters' own work
    is what remains. Run with ``python -m companion.bench --notebooks``.
    """
    import jupytext
    import nbformat

    from companion.sphinxext import kernel_env

    os.environ.update(kernel_env())  # as during the build: static SVG drawn per chart
    chapters = [
        md
        for md in sorted((root / "book").rglob("*.md"))
        if "_template" not in md.parts and "{code-cell}" in md.read_text(encoding="utf-8")
    ]
    empty = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")])
    imports = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_code_cell("import pandas, altair\nimport companion.charts, companion.data")]
    )
    costs: dict[str, object] = {
        "kernel_only": dict(zip(("cpu_s", "wall_s"), _run_notebook(empty, root), strict=True)),
        "kernel_and_imports": dict(zip(("cpu_s", "wall_s"), _run_notebook(imports, root), strict=True)),
    }
    total = 0.0
    for md in chapters:
        nb = jupytext.read(md)
        cpu, wall = _run_notebook(nb, md.parent)
        costs[str(md.relative_to(root))] = {
            "cpu_s": cpu,
            "wall_s": wall,
            "code_cells": sum(c.cell_type == "code" for c in nb.cells),
        }
        total += cpu
    costs["chapters_cpu_s"] = round(total, 2)
    return costs


def _js_bytes(page: Path, html_root: Path) -> tuple[int, int]:
    html = page.read_text(encoding="utf-8")
    total = chart = 0
    for src in re.findall(r'<script[^>]*\ssrc="([^"]+)"', html):
        path = (page.parent / src.split("?")[0]).resolve()
        if path.is_file() and html_root in path.parents:
            size = path.stat().st_size
            total += size
            chart += size if path.name == VEGA_BUNDLE else 0
    for body in re.findall(r"<script(?![^>]*\ssrc=)[^>]*>(.*?)</script>", html, re.S):
        total += len(body.encode())
    return total, chart


def pdf_figures(src: Path) -> dict[str, object]:
    """Time ``make pdf`` on the built book at ``src`` and give each edition's size in bytes."""
    out = src / "_build" / "pdf"
    cmd = [
        sys.executable,
        "-m",
        "companion.reader",
        "--root",
        str(src),
        "--build",
        str(src),
        "--out",
        str(out),
    ]
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=src, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"make pdf failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    figures: dict[str, object] = {"pdf_after_build_s": round(elapsed, 2)}
    for pdf in sorted(out.glob("*.pdf")):
        figures[f"pdf_bytes_{pdf.stem}"] = pdf.stat().st_size
    return figures


def run(
    keep: Path | None = None, lighthouse_runs: int = LIGHTHOUSE_RUNS, reports: Path | None = None
) -> dict[str, object]:
    """Run the benchmark and return its figures (``lighthouse_runs=0``: without Lighthouse)."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "book"
        _copy_repo(src)
        figures: dict[str, object] = build_time_figures(src)
        figures["nochange_rebuild_s"] = _build(src)
        figures["edited_file"] = _edit_one_code_cell(src)
        figures["one_cell_edit_rebuild_s"] = _build(src)
        html_root = (src / "_build" / "html").resolve()
        pages = sorted(html_root.rglob("*.html"))
        figures["html_total_bytes"] = sum(p.stat().st_size for p in html_root.rglob("*") if p.is_file())
        chapters = [p for p in pages if p.relative_to(html_root).parts[0] == "book"]
        largest = max(chapters, key=lambda p: p.stat().st_size)
        figures["largest_page"] = str(largest.relative_to(html_root))
        figures["largest_page_bytes"] = largest.stat().st_size
        chart_pages = [p for p in pages if 'class="companion-chart"' in p.read_text(encoding="utf-8")]
        plain_pages = [p for p in chapters if p not in chart_pages]
        for label, group in (("chart_page", chart_pages), ("plain_page", plain_pages)):
            if group:
                total, chart = _js_bytes(group[0], html_root)
                figures[f"js_bytes_{label}"] = total
                figures[f"chart_js_bytes_{label}"] = chart
                figures[f"{label}_example"] = str(group[0].relative_to(html_root))
        figures["chapter_pages_over_300kb"] = sorted(
            str(p.relative_to(html_root)) for p in chapters if p.stat().st_size > 300_000
        )
        figures["pages"] = len(pages)
        figures["pages_with_charts"] = len(chart_pages)
        figures["page_weights"] = page_weights(html_root)
        if lighthouse_runs:
            figures["lighthouse"] = lighthouse_figures(
                html_root, site_pages(html_root), runs=lighthouse_runs, reports=reports
            )
        figures.update(pdf_figures(src))
        if keep:
            shutil.copytree(html_root, keep, dirs_exist_ok=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print the benchmark figures as JSON."""
    parser = argparse.ArgumentParser(
        prog="python -m companion.bench",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--keep", type=Path, help="copy the built HTML here")
    parser.add_argument(
        "--lighthouse-only",
        type=Path,
        metavar="SITE",
        help="only run Lighthouse on an existing build (e.g. _build/html)",
    )
    parser.add_argument("--no-lighthouse", action="store_true", help="builds and page weights only")
    parser.add_argument("--weights", type=Path, metavar="SITE", help="only measure page weights of a build")
    parser.add_argument(
        "--pages", nargs="*", help="with --lighthouse-only: these pages only (default: every page)"
    )
    parser.add_argument(
        "--notebooks",
        action="store_true",
        help="only measure each chapter's execution (CPU and wall seconds)",
    )
    parser.add_argument(
        "--build-time", action="store_true", help="only the cold build: wall and CPU seconds, load, target"
    )
    parser.add_argument(
        "--runs", type=int, default=LIGHTHOUSE_RUNS, help="Lighthouse runs per page (the median is reported)"
    )
    parser.add_argument(
        "--json", type=Path, metavar="FILE", help="write the figures as JSON here (default: print them)"
    )
    parser.add_argument("--reports", type=Path, metavar="DIR", help="keep every Lighthouse report here")
    args = parser.parse_args(argv)
    figures: Any
    if args.build_time:
        with tempfile.TemporaryDirectory() as tmp:
            _copy_repo(Path(tmp) / "book")
            figures = build_time_figures(Path(tmp) / "book")
    elif args.notebooks:
        figures = notebook_costs()
    elif args.weights:
        figures = page_weights(args.weights.resolve())
    elif args.lighthouse_only:
        site = args.lighthouse_only.resolve()
        figures = lighthouse_figures(
            site, args.pages or site_pages(site), runs=args.runs, reports=args.reports
        )
    else:
        figures = run(args.keep, 0 if args.no_lighthouse else args.runs, args.reports)
    text = json.dumps(figures, indent=2)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(text + "\n", encoding="utf-8")
    else:
        print(text)
    scores = (
        figures if args.lighthouse_only else figures.get("lighthouse") if isinstance(figures, dict) else None
    )
    if scores:
        print(("\n" if not args.json else "") + lighthouse_table(scores))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
