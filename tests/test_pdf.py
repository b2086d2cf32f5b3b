"""The course reader (``make pdf``, :mod:`companion.reader`) read back from its two PDFs.

The PDFs are printed from the session's book build (``book_build``): its single-page build
reuses that build's environment, so no notebook runs twice. With ``PDF_BUILD`` naming a folder
that ``make pdf`` wrote (CI prints once, with ``make pdf BOOK_BUILD=_site``), the tests read
those PDFs instead. What the tests expect comes from the sources (``_toc.yml``, the chapters'
titles, ``CITATION.cff``) and from the site's own HTML (chart titles, solution text), never
from the reader's code.
"""

from __future__ import annotations

import html
import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import yaml

from companion import reader
from companion.reader import sphinx as _reader_sphinx  # noqa: F401  (reader.sphinx below)

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
TOC = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
DOCS = [str(c["file"]) for part in TOC["parts"] for c in part["chapters"]]
INSTRUCTOR_DOCS = [d for d in DOCS if d.startswith(reader.INSTRUCTOR_FOLDER)]
#: Sphinx prints typographic quotes and dashes where the sources type plain ones.
QUOTES = str.maketrans(
    {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u2014": "---", "\u2013": "--"}
)
RAW_MYST = ("{eval}", "{term}", "{numref}", "{cite}", "{cite:p}", "{cite:t}", "{doc}", "{ref}", "??")


def squash(text: str) -> str:
    """Text without any whitespace: line breaks in a PDF fall where the page puts them."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(QUOTES).replace("\u00ad", "")
    return re.sub(r"\s+", "", text)


def spaced(text: str) -> str:
    """Text with its whitespace runs made single spaces, quotes and ligatures as in ``squash``."""
    text = unicodedata.normalize("NFKC", html.unescape(text)).translate(QUOTES).replace("\u00ad", "")
    return " ".join(text.split())


def heading(doc: str) -> str:
    """The chapter's title as written in its source: the first level-1 heading."""
    for line in (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("# "):
            return re.sub(r"[*_`]", "", line[2:]).strip()
    raise AssertionError(f"{doc}.md has no level-1 heading")


def section_headings(doc: str) -> list[str]:
    """The chapter's level-2 headings as written in its source (outside code cells)."""
    out, fenced = [], False
    for line in (ROOT / f"{doc}.md").read_text(encoding="utf-8").splitlines():
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced and line.startswith("## "):
            out.append(re.sub(r"[*_`]|\{[a-z:]+\}", "", line[3:]).strip())
    return out


@dataclass
class Edition:
    """One printed edition, read with pypdf."""

    path: Path

    @cached_property
    def pdf(self):
        from pypdf import PdfReader

        return PdfReader(self.path)

    @cached_property
    def pages(self) -> list[str]:
        return [page.extract_text() or "" for page in self.pdf.pages]

    @cached_property
    def text(self) -> str:
        return "\n".join(self.pages)

    @cached_property
    def flat(self) -> str:
        return squash(self.text)

    def outline(self) -> list[tuple[int, str]]:
        """Every bookmark as (depth, title), in order."""
        out: list[tuple[int, str]] = []

        def walk(items, depth):
            for item in items:
                if isinstance(item, list):
                    walk(item, depth + 1)
                else:
                    out.append((depth, str(item.title)))

        walk(self.pdf.outline, 0)
        return out


@pytest.fixture(scope="session")
def editions(book_build, built_site, tmp_path_factory) -> dict[str, Edition]:
    """Both editions: from PDF_BUILD, or printed now from the session's build."""
    if os.environ.get("PDF_BUILD"):
        folder = Path(os.environ["PDF_BUILD"]).resolve()
    else:
        folder = tmp_path_factory.mktemp("pdf")
        page = reader.build_singlehtml(ROOT, built_site.parents[1])
        reader.print_editions(page, ROOT, folder)
    found = {e.name: folder / e.filename for e in reader.EDITIONS}
    missing = [str(p) for p in found.values() if not p.is_file()]
    if missing:
        pytest.fail(f"no course reader PDF at {', '.join(missing)}")
    return {name: Edition(path) for name, path in found.items()}


def site_pages(built_site: Path) -> list[Path]:
    return [built_site / f"{d}.html" for d in DOCS + [TOC["root"]]]


def solution_texts(built_site: Path) -> list[str]:
    """The opening words of every solution's body, as the site shows them."""
    out = []
    for page in site_pages(built_site):
        body = page.read_text(encoding="utf-8")
        for m in re.finditer(
            r'<div class="solution[^"]*"[^>]*>(.*?)<section[^>]*>(.*?)</section>', body, re.S
        ):
            words = squash(re.sub(r"<[^>]+>", " ", m.group(2)))
            assert words, f"{page.name}: an empty solution"
            out.append(words[:60])
    return out


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_every_chapter_is_there_under_its_title(editions, name):
    edition = editions[name]
    expected = [d for d in DOCS if name == "instructors" or d not in INSTRUCTOR_DOCS]
    missing = [heading(d) for d in expected + [TOC["root"]] if squash(heading(d)) not in edition.flat]
    assert missing == []


def opening_words(page: Path) -> str:
    """The first paragraph of a page of the site, squashed."""
    body = page.read_text(encoding="utf-8")
    article = body[body.index("<article") :]
    m = re.search(r"<p>(.*?)</p>", article, re.S)
    assert m, f"{page}: no paragraph"
    return squash(re.sub(r"<[^>]+>", "", m.group(1)))[:80]


def test_the_students_edition_leaves_out_the_instructor_notes(editions, built_site):
    assert INSTRUCTOR_DOCS
    for doc in INSTRUCTOR_DOCS:
        words = opening_words(built_site / f"{doc}.html")
        assert words not in editions["students"].flat
        assert words in editions["instructors"].flat
        assert squash(heading(doc)) not in [squash(t) for _, t in editions["students"].outline()]


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_contents_give_the_page_each_chapter_starts_on(editions, name):
    edition = editions[name]
    contents = next(i for i, text in enumerate(edition.pages[:5]) if "Contents" in text.splitlines()[:3])
    checked = 0
    for doc in DOCS + [TOC["root"]]:
        title = squash(heading(doc))
        m = re.search(re.escape(spaced(heading(doc))) + r" (\d+)(?= |$)", spaced(edition.pages[contents]))
        if m is None:
            assert name == "students" and doc in INSTRUCTOR_DOCS, f"{doc}: not in the contents"
            continue
        number = int(m.group(1))
        assert 1 <= number <= len(edition.pages), f"{doc}: page {number} does not exist"
        assert title in squash(edition.pages[number - 1]), f"{doc}: not on page {number}"
        checked += 1
    assert checked >= len(DOCS) - len(INSTRUCTOR_DOCS)


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_every_chapter_and_section_has_a_bookmark(editions, name):
    outline = editions[name].outline()
    titles = [spaced(t) for _, t in outline]
    expected = [d for d in DOCS if name == "instructors" or d not in INSTRUCTOR_DOCS]
    missing = []
    for doc in expected:
        for title in [heading(doc)] + section_headings(doc):
            if not any(spaced(title) in t for t in titles):  # words apart, as written
                missing.append(f"{doc}: {title}")
    assert missing == []
    top = [squash(t) for depth, t in outline if depth == 0]
    assert all(any(squash(heading(d)) in t for t in top) for d in expected), (
        "chapters are not top-level bookmarks"
    )


def chart_titles(built_site: Path) -> list[str]:
    """Every chart's title and source line, as the site's static drawings give them."""
    titles = []
    for page in site_pages(built_site):
        text = page.read_text(encoding="utf-8")
        # A drawing is inline or, on the site's pages, an image file the page links to.
        drawings = [text] + [
            (page.parent / src).read_text(encoding="utf-8")
            for src in re.findall(r'<img src="([^"]+\.svg)"', text)
            if "/_images/charts/" in "/" + src
        ]
        for drawing in drawings:
            for label in re.findall(r"aria-label=\"Title text '(.*?)'\"", drawing):
                titles.append(html.unescape(label))
    return titles


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_every_chart_is_printed_with_its_title_as_text(editions, built_site, name):
    titles = chart_titles(built_site)
    assert len(titles) >= 10
    missing = [t for t in titles if squash(t) not in editions[name].flat]
    assert missing == []


def shown_as_code(built_site: Path) -> dict[str, int]:
    """How often each raw token is shown on purpose, as code, on the site's pages."""
    counts = dict.fromkeys(RAW_MYST, 0)
    for page in site_pages(built_site):
        for code in re.findall(r"<code[^>]*>(.*?)</code>", page.read_text(encoding="utf-8"), re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", code))
            for token in RAW_MYST:
                counts[token] += text.count(token)
    return counts


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_no_raw_myst_and_no_unresolved_reference(editions, built_site, name):
    allowed = shown_as_code(built_site)
    found = {}
    for number, text in enumerate(editions[name].pages, start=1):
        for token in RAW_MYST:
            if token in text:
                found.setdefault(token, []).append(number)
    extra = {token: pages for token, pages in found.items() if len(pages) > allowed[token]}
    assert extra == {}


def test_solutions_are_only_in_the_instructors_edition(editions, built_site):
    solutions = solution_texts(built_site)
    assert solutions, "the site shows no solutions to look for"
    in_students = [s for s in solutions if s in editions["students"].flat]
    not_in_instructors = [s for s in solutions if s not in editions["instructors"].flat]
    assert in_students == []
    assert not_in_instructors == []
    assert "Solution to" not in editions["students"].text
    assert editions["instructors"].text.count("Solution to") >= len(solutions)


def _links(edition: Edition):
    from pypdf.generic import IndirectObject

    for number, page in enumerate(edition.pdf.pages, start=1):
        for annot in page.get("/Annots") or []:
            annot = annot.get_object() if isinstance(annot, IndirectObject) else annot
            if annot.get("/Subtype") == "/Link":
                yield number, annot


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_links_resolve(editions, name):
    edition = editions[name]
    destinations = {str(k) for k in edition.pdf.named_destinations}
    internal, broken = 0, []
    for number, annot in _links(edition):
        action = annot.get("/A")
        dest = annot.get("/Dest")
        if action is not None and action.get("/S") == "/URI":
            uri = str(action.get("/URI"))
            if not re.match(r"^(https?://|mailto:)", uri) or "127.0.0.1" in uri or "localhost" in uri:
                broken.append(f"page {number}: {uri}")
        elif action is not None and action.get("/S") == "/GoTo":
            dest = action.get("/D")
        if dest is not None:
            internal += 1
            if isinstance(dest, str) or hasattr(dest, "startswith"):
                if str(dest) not in destinations:
                    broken.append(f"page {number}: #{dest}")
    assert broken == []
    assert internal > 100, "internal links (contents, figures, glossary, citations) jump within the PDF"


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_cover_metadata_and_tags(editions, name):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    edition = editions[name]
    cover = squash(edition.pages[0])
    assert squash(f"version {cff['version']}") in cover
    assert squash(str(cff["title"])) in cover, "how to cite: the title CITATION.cff gives"
    assert "CCBY4.0" in cover and squash(cff["license"]) in cover
    meta = edition.pdf.metadata
    assert meta.title and name in meta.title.lower()
    assert meta.author == "; ".join(a["name"] for a in cff["authors"])
    root = edition.pdf.trailer["/Root"]
    assert str(root.get("/Lang")) == "en"
    assert root["/MarkInfo"]["/Marked"] is True or str(root["/MarkInfo"]["/Marked"]) == "True"
    assert "/StructTreeRoot" in root
    assert edition.pdf.outline, "no bookmarks"


@pytest.mark.parametrize("name", [e.name for e in reader.EDITIONS])
def test_pages_are_numbered(editions, name):
    edition = editions[name]
    unnumbered = []
    for number, text in enumerate(edition.pages[1:], start=2):
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        if str(number) not in lines:
            unnumbered.append(number)
    assert unnumbered == []


def _text_sizes(edition: Edition, first: int, last: int) -> list[tuple[float, str]]:
    sizes: list[tuple[float, str]] = []
    for page in edition.pdf.pages[first:last]:

        def visit(text, cm, tm, font, size, sizes=sizes):
            if text.strip():
                scale_tm = abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5
                scale_cm = abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5
                sizes.append((size * scale_tm * scale_cm, text.strip()))

        page.extract_text(visitor_text=visit)
    return sizes


def test_no_printed_text_is_under_7_points(editions):
    """Chart text included: the whole students' edition is read, run by run."""
    edition = editions["students"]
    sizes = _text_sizes(edition, 0, len(edition.pdf.pages))
    small = sorted({(round(s, 1), t[:40]) for s, t in sizes if s < 6.95})
    assert sizes and small == []


def test_the_site_links_the_published_editions(built_site):
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    base = config["html"]["baseurl"]
    students = reader.sphinx.edition_url(base, "students")
    intro = (built_site / f"{TOC['root']}.html").read_text(encoding="utf-8")
    assert f'href="{students}"' in intro and reader.sphinx.edition_url(base, "instructors") in intro
    for doc in DOCS:
        page = (built_site / f"{doc}.html").read_text(encoding="utf-8")
        assert "download-reader-pdf-button" in page and students in page, (
            f"{doc}: no link in the download menu"
        )


def test_the_workflow_prints_tests_and_publishes_both_editions():
    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    steps = [step for job in flow["jobs"].values() for step in job.get("steps", [])]
    runs = [step.get("run", "") for step in steps]
    printing = next(i for i, r in enumerate(runs) if "make pdf" in r)
    testing = next(i for i, s in enumerate(steps) if "bash .ci/run" in s.get("run", ""))
    publishing = next(i for i, r in enumerate(runs) if f"_site/_build/html/{reader.sphinx.PDF_FOLDER}" in r)
    upload = next(
        i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-pages-artifact")
    )
    assert printing < testing < publishing < upload
    assert "BOOK_BUILD=_site" in runs[printing]
    assert steps[testing]["env"]["PDF_BUILD"] == "_build/pdf"


def pdf_colours(edition: Edition) -> set[tuple[int, int, int]]:
    """Every RGB fill and stroke colour the PDF paints with, on pages and in their forms."""
    number = rb"(-?\d*\.?\d+)"
    operator = re.compile(number + rb"\s+" + number + rb"\s+" + number + rb"\s+(?:rg|RG)\b")
    colours: set[tuple[int, int, int]] = set()
    seen: set[int] = set()

    def scan(data: bytes) -> None:
        for m in operator.finditer(data):
            colours.add(tuple(round(float(m.group(i)) * 255) for i in (1, 2, 3)))  # type: ignore[misc]

    def forms(obj) -> None:
        resources = obj.get("/Resources")
        xobjects = resources.get_object().get("/XObject") if resources is not None else None
        for ref in xobjects.get_object().values() if xobjects else []:
            if getattr(ref, "idnum", None) in seen:
                continue
            seen.add(ref.idnum)
            form = ref.get_object()
            if form.get("/Subtype") == "/Form":
                scan(form.get_data())
                forms(form)

    for page in edition.pdf.pages:
        contents = page.get_contents()
        if contents is not None:
            scan(contents.get_data())
        forms(page)
    return colours


def test_charts_keep_the_palette(editions, built_site):
    from companion.charts import PALETTE

    used = set()
    for page in site_pages(built_site):
        body = page.read_text(encoding="utf-8").lower()
        used |= {c for c in PALETTE if f'"{c.lower()}"' in body}
    assert len(used) >= 3, "the site's charts use the palette"
    printed = pdf_colours(editions["students"])
    rgb = {c: tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in used}
    lost = [c for c, value in rgb.items() if value not in printed]
    assert lost == []
