"""The course reader: the whole book as a PDF, in a students' and an instructors' edition.

Route: Sphinx's single-page HTML build of the book (``jupyter-book build --builder
singlehtml``), printed by Debian's headless Chromium through Playwright, both already used by
the tests; no LaTeX, no downloaded browser. The single page keeps what the site shows (the
static SVG charts drawn at build time, computed numbers, figure numbers, citations, glossary
links) and Chromium prints it as vector PDF with real text, a tagged structure and an outline
(bookmarks) from the headings. ``reader.js`` rebuilds the page as a book (cover, contents,
one named page per chapter for its running head, solutions kept or left out, links turned
into anchors of the PDF or addresses on the published site); ``reader.css`` sets it on A4.
The contents' page numbers take two prints: the first gives each chapter's page (read from
the PDF's named destinations with pypdf), the second carries them.

``python -m companion.reader`` (``make pdf``) writes both editions to ``_build/pdf/``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from companion.reader.sphinx import EDITION_FILES
from companion.serving import serve

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
#: Where ``make pdf`` writes the editions.
OUT = ROOT / "_build" / "pdf"
#: Width of the text block on A4 with reader.css's margins (210 mm - 2 x 15 mm), in CSS px.
TEXT_WIDTH_PX = round(180 / 25.4 * 96)
#: Width of the text block on a landscape A4 page (297 mm - 2 x 15 mm), in CSS px.
LANDSCAPE_WIDTH_PX = round(267 / 25.4 * 96)
#: Smallest chart text allowed on paper, in points.
MIN_CHART_PT = 7.0
#: Parts of the book only instructors get.
INSTRUCTOR_FOLDER = "book/instructors/"


@dataclass(frozen=True)
class Edition:
    """One edition of the reader: its name, its label on the cover, what it holds."""

    name: str
    label: str
    solutions: bool
    instructor_notes: bool

    @property
    def filename(self) -> str:
        """The PDF's file name."""
        return EDITION_FILES[self.name]


EDITIONS = (
    Edition("students", "Students' edition", solutions=False, instructor_notes=False),
    Edition("instructors", "Instructors' edition", solutions=True, instructor_notes=True),
)


@dataclass
class Printed:
    """What printing one edition gave."""

    edition: Edition
    path: Path
    pages: int
    bytes: int
    seconds: float
    chapters: dict[str, int] = field(default_factory=dict)
    charts: list[dict[str, Any]] = field(default_factory=list)
    unlinked: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        """The figures written beside the PDFs (``reader.json``) and read by the tests."""
        return {
            "edition": self.edition.name,
            "file": self.path.name,
            "pages": self.pages,
            "bytes": self.bytes,
            "seconds": round(self.seconds, 1),
            "chapters": self.chapters,
            "charts": self.charts,
            "unlinked": self.unlinked,
        }


class ReaderError(RuntimeError):
    """The reader cannot be made; the message says why."""


# --------------------------------------------------------------------------------------
# What the cover and the contents say: CITATION.cff, _config.yml, _toc.yml
# --------------------------------------------------------------------------------------


def load_yaml(path: Path) -> dict[str, Any]:
    """Read a YAML mapping, naming the file when it is not one."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise ReaderError(f"{path}: cannot read it: {exc}") from exc
    if not isinstance(data, dict):
        raise ReaderError(f"{path}: expected a mapping at the top level")
    return data


def cite(cff: dict[str, Any]) -> str:
    """Return the reference CITATION.cff asks for, as one line of text."""
    for key in ("title", "version", "date-released"):
        if not cff.get(key):
            raise ReaderError(f"CITATION.cff: '{key}' is missing; the cover needs it")
    authors = "; ".join(
        a.get("name") or " ".join(filter(None, (a.get("given-names"), a.get("family-names"))))
        for a in cff.get("authors", [])
    )
    year = str(cff["date-released"])[:4]
    where = cff.get("url") or cff.get("repository-code") or ""
    return f"{authors} ({year}). {cff['title']} (version {cff['version']}). {where}".strip()


def cover_text(root: Path, edition: Edition) -> dict[str, Any]:
    """Title, subtitle, edition line and facts for the cover, from CITATION.cff and _config.yml."""
    cff = load_yaml(root / "CITATION.cff")
    config = load_yaml(root / "_config.yml")
    citation = cite(cff)  # names a missing field before anything reads it
    title = str(config.get("title") or cff["title"])
    full = str(cff["title"])
    subtitle = full.split(":", 1)[1].strip() if full.startswith(title + ":") else ""
    released = dt.date.fromisoformat(str(cff["date-released"]))
    facts = [
        ["Version", f"{cff['version']}, released {released.day} {released:%B %Y}", None],
        ["Authors", "; ".join(a.get("name", "") for a in cff.get("authors", [])), None],
        ["Online", str(cff.get("url", "")), cff.get("url")],
        [
            "Licence",
            "Text and figures: CC BY 4.0. Code: " + str(cff.get("license", "")) + ". "
            "Quoted articles remain their publishers'; each dataset keeps its publisher's licence.",
            None,
        ],
        ["How to cite", citation, None],
    ]
    if edition.solutions:
        facts.insert(
            1,
            [
                "Contents",
                "Every chapter with the solutions to the exercises, and the instructor notes.",
                None,
            ],
        )
    else:
        facts.insert(1, ["Contents", "Every chapter, without the solutions to the exercises.", None])
    return {
        "title": title,
        "subtitle": subtitle,
        "edition": f"{edition.label} · version {cff['version']}",
        "facts": facts,
        "version": str(cff["version"]),
        "author": "; ".join(a.get("name", "") for a in cff.get("authors", [])),
        "subject": str(cff.get("abstract", "")).strip(),
        "keywords": ", ".join(str(k) for k in cff.get("keywords", [])),
        "url": str(cff.get("url", "")),
    }


def toc_parts(root: Path) -> tuple[str, list[dict[str, Any]]]:
    """The root document and the parts of ``_toc.yml`` (caption, documents) in order."""
    toc = load_yaml(root / "_toc.yml")
    parts = []
    for part in toc.get("parts", []):
        docs = [str(c["file"]) for c in part.get("chapters", [])]
        parts.append({"caption": part.get("caption", ""), "docs": docs})
    return str(toc["root"]), parts


# --------------------------------------------------------------------------------------
# The single-page build
# --------------------------------------------------------------------------------------


def build_singlehtml(root: Path, path_output: Path) -> Path:
    """Build the book's single page into ``path_output/_build/singlehtml``; return the page.

    With ``path_output`` the folder of an existing build (``make book``'s or ``make site``'s),
    Sphinx reuses its environment and the notebooks are not run again.
    """
    jb = Path(sys.executable).with_name("jupyter-book")
    cmd = [str(jb), "build", str(root), "--builder", "singlehtml", "-W", "-n", "--keep-going"]
    cmd += ["--path-output", str(path_output)]
    proc = subprocess.run(
        cmd, cwd=root, capture_output=True, text=True, env=dict(os.environ, PYTHONHASHSEED="0")
    )
    root_doc, _ = toc_parts(root)
    page = path_output / "_build" / "singlehtml" / f"{root_doc}.html"
    if proc.returncode != 0 or not page.exists():
        tail = "\n".join((proc.stdout + proc.stderr).splitlines()[-40:])
        raise ReaderError(f"the single-page build failed (exit {proc.returncode}):\n{tail}")
    return page


# --------------------------------------------------------------------------------------
# Printing
# --------------------------------------------------------------------------------------


def destination_pages(data: bytes) -> dict[str, int]:
    """Map each named destination of a PDF to its page number (1 = first page)."""
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages: dict[str, int] = {}
    for name, dest in reader.named_destinations.items():
        try:
            number = reader.get_destination_page_number(dest)
        except Exception:  # a destination without a page is no use to the contents
            continue
        if number is not None:
            pages[str(name).lstrip("/")] = number + 1
    return pages


#: Measures every chart's smallest text as printed (A4 text width), in points.
_CHART_TEXT = """([portrait, landscape]) => Array.from(document.querySelectorAll("div.companion-chart")).map((box) => {
  const svg = box.querySelector(".companion-chart-static svg");
  if (!svg) { return null; }
  const natural = svg.viewBox.baseVal && svg.viewBox.baseVal.width || svg.width.baseVal.value;
  const fig = box.closest("figure");
  const wide = fig && fig.classList.contains("reader-wide");
  const drawn = Math.min(natural, wide ? landscape : portrait);
  let smallest = Infinity;
  svg.querySelectorAll("text").forEach((t) => {
    const px = parseFloat(getComputedStyle(t).fontSize);
    if (px && t.textContent.trim()) { smallest = Math.min(smallest, px); }
  });
  return {id: fig ? fig.id : "", wide, natural, drawn, smallest_pt: smallest * drawn / natural * 0.75};
})"""


def _pdf_options() -> dict[str, Any]:
    return {
        "print_background": True,
        "prefer_css_page_size": True,
        "outline": True,
        "tagged": True,
    }


def print_edition(
    browser: Any, base_url: str, page_rel: str, root: Path, edition: Edition, out: Path
) -> Printed:
    """Print one edition of the single page at ``base_url + page_rel`` to ``out``."""
    start = time.perf_counter()
    root_doc, parts = toc_parts(root)
    cover = cover_text(root, edition)
    config = load_yaml(root / "_config.yml")
    site = str((config.get("html") or {}).get("baseurl") or cover["url"])
    drop = (
        []
        if edition.instructor_notes
        else [d for p in parts for d in p["docs"] if d.startswith(INSTRUCTOR_FOLDER)]
    )
    context = browser.new_context(viewport={"width": TEXT_WIDTH_PX, "height": 1100})
    host = base_url.split("/")[2]

    def route(r: Any) -> None:
        url = r.request.url
        if url.split("/")[2] != host or "vega-offline.js" in url:
            r.abort()  # the static charts are what prints; nothing leaves the machine
        else:
            r.continue_()

    context.route("**/*", route)
    page = context.new_page()
    try:
        page.goto(base_url + page_rel, wait_until="load")
        lang = str(config.get("language") or "en")
        title = f"{cover['title']}: course reader, {edition.label.lower()}"
        opts: dict[str, Any] = {
            "edition": edition.name,
            "solutions": edition.solutions,
            "dropDocs": drop,
            "rootPage": base_url + page_rel,
            "rootDoc": root_doc,
            "firstId": "",
            "siteBase": site,
            "parts": parts,
            "cover": cover,
            "lang": lang,
            "documentTitle": title,
        }
        opts["firstId"] = page.evaluate(
            "() => (document.querySelector('article.bd-article section') || {}).id || ''"
        )
        result = page.evaluate((HERE / "reader.js").read_text(encoding="utf-8"), opts)
        page.add_style_tag(content=(HERE / "reader.css").read_text(encoding="utf-8"))
        page.evaluate("() => document.fonts.ready.then(() => true)")
        page.emulate_media(media="print")
        charts = [c for c in page.evaluate(_CHART_TEXT, [TEXT_WIDTH_PX, LANDSCAPE_WIDTH_PX]) if c]
        # A chart whose text would print under 7 pt in the text width gets a landscape page.
        wide = [c["id"] for c in charts if c["smallest_pt"] < MIN_CHART_PT and c["id"]]
        if wide:
            page.evaluate(
                "(ids) => ids.forEach((id) => document.getElementById(id).classList.add('reader-wide'))", wide
            )
            charts = [c for c in page.evaluate(_CHART_TEXT, [TEXT_WIDTH_PX, LANDSCAPE_WIDTH_PX]) if c]
        small = [c for c in charts if c["smallest_pt"] < MIN_CHART_PT]
        if small:
            raise ReaderError(
                "chart text under 7 pt on A4: "
                + ", ".join(f"{c['id'] or '?'} ({c['smallest_pt']:.1f} pt)" for c in small)
            )
        headings = page.evaluate(
            "() => Array.from(document.querySelectorAll('h1, h2, h3, h4, h5, h6'))"
            ".map((h) => h.textContent.replace(/\\s+/g, ' ').trim())"
        )
        targets = [e["id"] for e in result["entries"]]
        numbers: dict[str, int] = {}
        data = b""
        for _attempt in range(3):
            data = page.pdf(**_pdf_options())
            found = destination_pages(data)
            missing = [t for t in targets if t not in found]
            if missing:
                raise ReaderError(
                    f"{edition.name}: no page found for {', '.join(missing)} in the printed PDF"
                )
            new = {t: found[t] for t in targets}
            if new == numbers:
                break
            numbers = new
            page.evaluate(
                "(nums) => document.querySelectorAll('.reader-toc-page').forEach("
                "(s) => { s.textContent = String(nums[s.dataset.target]); })",
                numbers,
            )
        else:
            raise ReaderError(f"{edition.name}: the contents' page numbers do not settle")
    finally:
        context.close()
    out.parent.mkdir(parents=True, exist_ok=True)
    pages = finish(data, out, cover, edition, lang, title, headings)
    return Printed(
        edition,
        out,
        pages,
        out.stat().st_size,
        time.perf_counter() - start,
        chapters={e["title"]: numbers[e["id"]] for e in result["entries"]},
        charts=[
            {"id": c["id"], "title": t["title"], "smallest_pt": round(c["smallest_pt"], 2)}
            for c, t in zip(charts, result["charts"], strict=False)
        ],
        unlinked=result["offSite"],
    )


def _squash(text: str) -> str:
    return "".join(text.split())


def fix_bookmarks(outlines: Any, headings: list[str]) -> int:
    """Give each bookmark its heading's own text; return how many were changed.

    Chromium takes a bookmark's title from the laid-out heading, and where a long heading
    breaks across lines the space at the break is lost ("limits ofa divided world").
    """
    from pypdf.generic import NameObject, TextStringObject

    proper = {_squash(h): h for h in headings}
    changed = 0
    item = outlines.get("/First") if outlines is not None else None
    while item is not None:
        item = item.get_object()
        title = str(item.get("/Title", ""))
        fixed = proper.get(_squash(title))
        if fixed and fixed != title:
            item[NameObject("/Title")] = TextStringObject(fixed)
            changed += 1
        changed += fix_bookmarks(item, headings)
        item = item.get("/Next")
    return changed


def finish(
    data: bytes,
    out: Path,
    cover: dict[str, Any],
    edition: Edition,
    lang: str,
    title: str,
    headings: list[str] | None = None,
) -> int:
    """Write the PDF with its metadata (title, author, subject, language); return its page count."""
    import io

    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject, TextStringObject

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(data)))
    writer.add_metadata(
        {
            "/Title": title,
            "/Author": cover["author"],
            "/Subject": cover["subject"],
            "/Keywords": cover["keywords"],
            "/Creator": f"companion.reader, version {cover['version']} ({edition.name})",
        }
    )
    writer._root_object[NameObject("/Lang")] = TextStringObject(lang)
    writer._root_object[NameObject("/PageMode")] = NameObject("/UseOutlines")
    if headings and "/Outlines" in writer._root_object:
        fix_bookmarks(writer._root_object["/Outlines"].get_object(), headings)
    with out.open("wb") as fh:
        writer.write(fh)
    return len(writer.pages)


def print_editions(
    page: Path, root: Path, out_dir: Path, editions: tuple[Edition, ...] = EDITIONS
) -> list[Printed]:
    """Print every edition of the single page ``page`` into ``out_dir``; write ``reader.json``."""
    if not CHROMIUM.exists():
        raise ReaderError(f"{CHROMIUM} is missing: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    root_doc, _ = toc_parts(root)
    folder = page.parents[len(Path(root_doc).parts) - 1]
    rel = page.relative_to(folder).as_posix()

    def one(edition: Edition, base: str) -> Printed:
        # Playwright's sync API serves one thread: each edition gets its own driver and browser.
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
            try:
                return print_edition(browser, base, rel, root, edition, out_dir / edition.filename)
            finally:
                browser.close()

    # The editions print side by side (two cores, two browsers).
    with serve(folder) as base, ThreadPoolExecutor(max_workers=len(editions)) as pool:
        printed = list(pool.map(lambda e: one(e, base), editions))
    (out_dir / "reader.json").write_text(
        json.dumps([p.summary() for p in printed], indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    return printed


def main(argv: list[str] | None = None) -> int:
    """``python -m companion.reader``: build the single page, print both editions."""
    parser = argparse.ArgumentParser(prog="python -m companion.reader", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the book's repository (default: this one)")
    parser.add_argument(
        "--build",
        type=Path,
        help="folder of the book build to reuse (its --path-output; default: the repository, "
        "i.e. make book's _build)",
    )
    parser.add_argument("--out", type=Path, help="where to write the PDFs (default: _build/pdf)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        root = args.root.resolve()
        page = build_singlehtml(root, (args.build or root).resolve())
        built = time.perf_counter() - started
        printed = print_editions(page, root, (args.out or root / "_build" / "pdf").resolve())
    except ReaderError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"single-page build: {built:.1f} s")
    for p in printed:
        print(f"{p.path}: {p.pages} pages, {p.bytes / 1e6:.1f} MB, printed in {p.seconds:.1f} s")
    return 0
