"""Benchmark the book build and the weight of its pages; print the figures as JSON.

Run with ``python -m companion.bench`` (or ``make bench``). The repository's tracked files are
copied to a temporary folder, so the working tree and its build cache are not touched. Figures:

* ``cold_build_s``: strict build with an empty execution cache (every notebook runs);
* ``nochange_rebuild_s``: the same build again with nothing changed;
* ``one_cell_edit_rebuild_s``: rebuild after editing one code cell of one chapter;
* ``html_total_bytes`` and ``largest_page_bytes`` (with its name);
* ``js_bytes_chart_page`` / ``js_bytes_plain_page``: bytes of JavaScript a page with charts and
  a page without charts load (local script files plus inline scripts), and the part of it
  that is chart code (``chart_js_bytes_*``).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from companion.sphinxext import VEGA_BUNDLE

ROOT = Path(__file__).resolve().parents[1]


def _copy_repo(dest: Path) -> None:
    files = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True,
                           check=True).stdout.decode().split("\0")
    for name in filter(None, files):
        src = ROOT / name
        if src.is_file():
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, target)


def _build(src: Path) -> float:
    jb = Path(sys.executable).with_name("jupyter-book")
    start = time.perf_counter()
    proc = subprocess.run([str(jb), "build", str(src), "-W", "-n", "--keep-going"],
                          cwd=src, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return round(elapsed, 2)


def _edit_one_code_cell(src: Path) -> str:
    for md in sorted((src / "book").rglob("*.md")):
        text = md.read_text(encoding="utf-8")
        match = re.search(r"```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)", text)
        if match:
            pos = match.end()
            md.write_text(text[:pos] + "# benchmark edit\n" + text[pos:], encoding="utf-8")
            return str(md.relative_to(src))
    raise SystemExit("no code cell found to edit")


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


def run(keep: Path | None = None) -> dict[str, object]:
    """Run the benchmark and return its figures."""
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "book"
        _copy_repo(src)
        figures: dict[str, object] = {"cold_build_s": _build(src)}
        figures["nochange_rebuild_s"] = _build(src)
        figures["edited_file"] = _edit_one_code_cell(src)
        figures["one_cell_edit_rebuild_s"] = _build(src)
        html_root = (src / "_build" / "html").resolve()
        pages = sorted(html_root.rglob("*.html"))
        figures["html_total_bytes"] = sum(p.stat().st_size for p in html_root.rglob("*")
                                          if p.is_file())
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
            str(p.relative_to(html_root)) for p in chapters if p.stat().st_size > 300_000)
        figures["pages"] = len(pages)
        figures["pages_with_charts"] = len(chart_pages)
        if keep:
            shutil.copytree(html_root, keep, dirs_exist_ok=True)
    return figures


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point: print the benchmark figures as JSON."""
    parser = argparse.ArgumentParser(prog="python -m companion.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--keep", type=Path, help="copy the built HTML here")
    args = parser.parse_args(argv)
    print(json.dumps(run(args.keep), indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
