"""Sphinx extension for the book: offline chart libraries, a clean thebe config, page extras.

* **Offline charts.** The extension sets ``COMPANION_SURFACE=book`` before any notebook runs,
  so the kernels it starts render charts for the page (see :mod:`companion.charts`): a static
  SVG drawn at build time and the chart's spec in a ``<script type="application/json">``. The
  static drawing is moved out of the page into an image file (``_images/charts/``) that the
  page shows as an ``<img>`` with the chart's description as its text alternative; drawings
  after the first load lazily. At build time the Vega, Vega-Lite and Vega-Embed libraries are
  bundled with the book's chart code (``static/chart-embed.js``) into one script
  (``vl_convert.javascript_bundle``) written to ``_static``. Pages that hold a chart fetch it
  only when the reader first scrolls, points, touches or types (``static/chart-loader.js``,
  inline); each static chart is then replaced, as it comes near the screen, by the
  interactive one (tooltips), laid out to its container's width (fewer columns and wrapped
  titles on a phone, not a desktop drawing scaled down). Pages without charts load none of it.
* **Numbered chart figures.** :func:`companion.charts.show` emits a chart and then its caption
  as a Markdown output that starts with a marker naming the figure. A transform wraps the two
  in a real figure node with that name, so ``{numref}`` and figure numbering work as for any
  figure.
* **Article quotes as epigraphs.** ``{epigraph}`` with ``:class: article-quote <article-id>``
  is the article-quote directive (checked verbatim at build time) under a name that
  JupyterLab's MyST renderer also draws as a quotation. Other epigraphs are unchanged.
* **Inline scripts emitted twice.** Extensions such as sphinx-thebe and sphinx-togglebutton
  register inline scripts (``app.add_js_file(None, body=...)``) after the builder is set up.
  Sphinx 7 stores those in the builder with ``filename=None`` and, when it prepares writing,
  adds the registry's copy again with ``filename=''``; the two no longer compare equal, so
  each page carries the script twice (``const THEBE_JS_URL`` redeclared: a SyntaxError in
  the browser). Before writing, the builder's list is normalised to ``''`` and de-duplicated,
  so Sphinx's own de-duplication works.
* **Valid HTML.** Output that the Nu Html Checker rejects is fixed where it is made: the
  summary of a hidden code cell holds ``<span>`` labels (a ``<summary>`` admits phrasing
  content only, not ``<p>``); the section ids that sphinx-exercise gives every exercise and
  solution body (``exercise-content``, ``solution-content``, repeated on a page) are made
  unique; pandas' ``<style scoped>`` block and ``border="1"`` in a displayed DataFrame are
  dropped (``companion.css`` carries the same rules once); the root ``index.html`` redirect
  is a complete document with a title.
* **Page description.** Every page gets ``<meta name="description">`` drawn from its own first
  paragraph of prose, trimmed to :data:`DESCRIPTION_LENGTH` characters at a word boundary.
* **Critical path.** The theme loads Sphinx's search scripts (``searchtools.js``,
  ``language_data.js``, ``searchindex.js``, 150 KB) in ``<head>`` of every page for a
  search-as-you-type box the book does not enable; ``templates/pydata/layout.html`` drops
  them (the search page loads its own, deferred, ``templates/pydata/search.html``) and drops
  the 1.45 MB Font Awesome script: the theme's stylesheet already draws the same icons from
  its web fonts. The theme's and extensions' own scripts that wait for the document anyway
  (:data:`DEFERRED_SCRIPTS`) load with ``defer``: they run in the same order, after parsing.
  The ten stylesheets a page would wait for (one reaching ``basic.css`` through an
  ``@import``) become one: those the page needs (:data:`STYLESHEET_MARKERS`), combined and
  stripped of rules nothing in the site can match (:mod:`companion.stylesheets`), about 22 KB
  gzipped; ``documentation_options.js`` is inlined; the thebe scripts and stylesheet go
  when the book's launch buttons leave thebe off.
* **Build time.** Jupyter Book asks Sphinx for one process; the extension reads (and so
  executes) the chapters with one process per core (``BOOK_JOBS`` to choose), ordered so the
  readers finish together, and writes serially. The build's kernels start with
  ``kernel_startup.py``, which spares each of them optional imports (1.5 s), and share a folder
  where each dataset validated clean is recorded (``companion.data``), so a dataset is
  validated once per build, not once per chapter that loads it. The chart bundle is written by
  a background process while the pages are written. Each reading process runs its chapters in
  one warm kernel, reset to a fresh kernel's state between chapters (:mod:`companion.warm_kernels`).
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import posixpath
import re
from pathlib import Path
from typing import Any

VEGA_BUNDLE = "vega-offline.js"
CHART_CSS = "companion.css"

#: Markers that only the book's chart output puts into a page body.
_CHART_MARKERS = ('class="companion-chart"',)

#: The book's chart code, bundled with the Vega libraries (see the file's header).
EMBED_JS = Path(__file__).parent / "static" / "chart-embed.js"
#: The small inline script that fetches the bundle (its URL in the script's ``data-bundle``).
LOADER_JS = Path(__file__).parent / "static" / "chart-loader.js"


def altair_versions() -> dict[str, str]:
    """Return the library versions Altair's HTML output asks for, keyed as its loader keys them."""
    import altair as alt

    return {
        "vega_version": str(alt.VEGA_VERSION),
        "vegalite_version": str(alt.VEGALITE_VERSION),
        "vegaembed_version": str(alt.VEGAEMBED_VERSION),
    }


def build_bundle() -> str:
    """Return one classic script holding Vega, Vega-Lite and Vega-Embed for offline pages."""
    import altair as alt
    import vl_convert as vlc

    vl_minor = ".".join(str(alt.VEGALITE_VERSION).split(".")[:2])
    snippet = f"var ALTAIR_VERSIONS = {json.dumps(altair_versions())};\n" + EMBED_JS.read_text(
        encoding="utf-8"
    )
    bundle = vlc.javascript_bundle(snippet=snippet, vl_version=f"v{vl_minor}")
    # A function scope keeps the bundle's top-level names (such as ``_``) out of the page's
    # global scope, where Sphinx's own scripts declare some of the same names.
    return f"(function () {{\n{bundle}\n}})();\n"


def bundle_loader() -> str:
    """Return the inline script that fetches the chart bundle named by its ``data-bundle``."""
    return LOADER_JS.read_text(encoding="utf-8").strip()


_STATIC_CHART = re.compile(
    r'<div class="companion-chart-static">(?P<svg><svg\b(?P<attrs>[^>]*)>.*?</svg>)</div>'
    r'(?P<script><script type="application/json" class="companion-chart-spec">(?P<spec>.*?)</script>)',
    re.S,
)
#: Where the static chart drawings go inside the built site.
CHART_IMAGES = "_images/charts"


def _chart_alt(spec_json: str) -> str:
    spec = json.loads(spec_json).get("spec", {})
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if isinstance(text, list):
        text = " ".join(map(str, text))
    return str(spec.get("description") or text or "Chart")


def static_charts_as_images(body: str, outdir: Path, url_of: Any) -> str:
    """Move each chart's static SVG drawing out of the page into an image file the page links to.

    The drawing is the largest part of a chart page's HTML; as an ``<img>`` (with the chart's
    description as its text alternative and its size, so nothing moves when it arrives) it is
    fetched on its own, compressed and cached, and the drawings below the first chart load
    only when the reader scrolls near them. ``url_of`` turns a path inside the site into a URL
    relative to the page.
    """
    count = 0

    def replace(match: re.Match[str]) -> str:
        nonlocal count
        svg = match.group("svg")
        digest = hashlib.sha256(svg.encode("utf-8")).hexdigest()[:16]
        target = outdir / CHART_IMAGES / f"{digest}.svg"
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(svg, encoding="utf-8")
        size = dict(re.findall(r'\s(width|height)="(\d+(?:\.\d+)?)"', match.group("attrs")))
        dims = "".join(f' {k}="{round(float(v))}"' for k, v in sorted(size.items(), reverse=True))
        lazy = ' loading="lazy"' if count else ""
        count += 1
        alt = html.escape(_chart_alt(match.group("spec")))
        src = url_of(f"{CHART_IMAGES}/{digest}.svg")
        image = f'<img src="{src}" alt="{alt}"{dims}{lazy} decoding="async" />'
        return f'<div class="companion-chart-static">{image}</div>{match.group("script")}'

    return _STATIC_CHART.sub(replace, body)


def page_has_chart(body: str) -> bool:
    """Say whether a rendered page body holds an Altair chart."""
    return any(marker in body for marker in _CHART_MARKERS)


def bundle_key() -> str:
    """Return a key naming the bundle's inputs (package versions and snippet), cheaply."""
    from importlib.metadata import version

    parts = [version("vl-convert-python"), version("altair"), EMBED_JS.read_text(encoding="utf-8")]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _bundle_header() -> str:
    return f"/* vega-offline bundle {bundle_key()} */\n"


def _bundle_is_fresh(target: Path) -> bool:
    if not target.exists():
        return False
    with target.open(encoding="utf-8") as fh:
        return fh.readline() == _bundle_header()


def write_bundle_file(target: Path) -> None:
    """Write the chart bundle to ``target`` unless the file there was made from the same inputs."""
    # Bundling takes seconds; a rebuild reuses the file when its inputs have not changed.
    if _bundle_is_fresh(target):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(_bundle_header() + build_bundle(), encoding="utf-8")


def _write_bundle(app: Any) -> None:
    if app.builder.format == "html":
        write_bundle_file(Path(app.outdir) / "_static" / VEGA_BUNDLE)


def _start_bundle(app: Any, env: Any = None) -> None:
    """Write the chart bundle in a background process while the pages are written.

    Bundling (about 4 s of CPU, with Altair's import) is needed only by the finished site; in
    the main process it held up the build. It starts once the chapters are read: while they
    are, every core runs a reader and its kernel, whereas the pages are written by the main
    process alone, which leaves the other cores free. The process runs at a lower priority,
    so it takes what CPU the build leaves; :func:`_finish_bundle` waits for it.
    """
    if app.builder.format != "html":
        return
    import subprocess
    import sys

    target = Path(app.outdir) / "_static" / VEGA_BUNDLE
    if _bundle_is_fresh(target):
        return
    code = "import sys, pathlib, companion.sphinxext as s; s.write_bundle_file(pathlib.Path(sys.argv[1]))"
    app.builder.companion_bundle = subprocess.Popen(
        [sys.executable, "-c", code, str(target)], preexec_fn=lambda: os.nice(5)
    )


def _finish_bundle(app: Any, exception: Exception | None) -> None:
    job = getattr(app.builder, "companion_bundle", None)
    if job is not None and job.wait() != 0 and exception is None:
        from sphinx.errors import ExtensionError

        raise ExtensionError(f"writing the chart bundle {VEGA_BUNDLE} failed (exit {job.returncode})")


def _on_page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None:
        return
    body = context.get("body", "")
    if page_has_chart(body) and app.builder.format == "html":
        context["body"] = body = _chart_downloads(app, pagename, context, body)
    # The single-page build (the course reader) keeps each drawing inline: it is printed, and
    # its one page sits at another depth than the pages the drawings' links are made for.
    if page_has_chart(body) and app.builder.name == "html":
        context["body"] = body = static_charts_as_images(
            body, Path(app.outdir), lambda name: context["pathto"](name, 1)
        )
    if page_has_chart(body):
        # The static charts are readable at once; the bundle that makes them interactive is
        # fetched only once the page has loaded, so it never competes with the first render.
        url = f"{context['pathto']('_static/' + VEGA_BUNDLE, 1)}?v={bundle_key()}"
        app.add_js_file(None, priority=900, body=bundle_loader(), **{"data-bundle": url})


def _chart_downloads(app: Any, pagename: str, context: dict[str, Any], body: str) -> str:
    """Give each chart an anchor, its download links (HTML build) and a citation (see companion.downloads)."""
    from companion import downloads

    labels = app.env.get_domain("std").labels
    writer = getattr(app.builder, "companion_downloads", None)
    return downloads.add_to_page(
        body,
        cite=_citation(app),
        docname_of=lambda name: labels.get(name, (pagename,))[0],
        url_of=(lambda path: context["pathto"](path, 1)) if writer is not None else None,
        write=writer,
    )


def _citation(app: Any) -> Any:
    """The book's title, edition and address for the "Cite this chart" lines (``CITATION.cff`` and
    ``EDITION``; a project without them, such as a test's small build, cites its own name and release)."""
    from companion import downloads

    if (Path(app.confdir) / "CITATION.cff").is_file():
        return downloads.citation(Path(app.confdir), app.config.html_baseurl)
    return downloads.Citation(app.config.project, app.config.release, app.config.html_baseurl or "")


def _start_downloads(app: Any) -> None:
    if app.builder.name == "html":
        from companion import downloads

        app.builder.companion_downloads = downloads.Writer(Path(app.outdir))


def _finish_downloads(app: Any, exception: Exception | None) -> None:
    writer = getattr(app.builder, "companion_downloads", None)
    if writer is not None:
        from companion import downloads

        writer.finish(downloads.package_descriptor(_citation(app)) if writer.resources else None)


#: Stylesheets a page needs only when its body holds one of these markers (by file name, or
#: prefix for myst-nb's hashed name); the others are needed everywhere.
STYLESHEET_MARKERS: dict[str, tuple[str, ...]] = {
    "pygments.css": ('class="highlight',),
    "copybutton.css": ('class="highlight',),
    "togglebutton.css": ("toggle", "dropdown"),
    "mystnb.": ("cell", "output"),
    "sphinx-design.min.css": ("sd-",),
    "exercise.css": ("exercise", "solution"),
    "sphinx-thebe.css": ("thebe",),
}
#: Scripts only the interactive-code (thebe) launch button uses; the book turns it off.
_THEBE_SCRIPTS = ("sphinx-thebe.js",)
_THEBE_INLINE = "THEBE_JS_URL"
#: Where the combined stylesheets go, inside ``_static``.
COMBINED_DIR = "styles"
#: The theme's icon fonts (Font Awesome), inside ``_static``.
ICON_FONTS = "vendor/fontawesome/webfonts"


def stylesheet_needed(name: str, body: str) -> bool:
    """Say whether a page whose body is ``body`` needs the stylesheet ``name`` (a ``_static`` path)."""
    base = name.rsplit("/", 1)[-1]
    for key, markers in STYLESHEET_MARKERS.items():
        if base == key or (key.endswith(".") and base.startswith(key)):
            return any(marker in body for marker in markers)
    return True


def theme_stylesheets() -> list[str]:
    """The stylesheets pydata-sphinx-theme writes into every page ahead of Sphinx's (``_static`` paths)."""
    import pydata_sphinx_theme  # type: ignore[import-untyped]

    macros = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    text = (macros / "webpack-macros.html").read_text(encoding="utf-8")
    block = text[text.index("head_pre_assets") : text.index("endmacro", text.index("head_pre_assets"))]
    return re.findall(r"pathto\('_static/([^']+\.css)'", block)


def _thebe_enabled(app: Any) -> bool:
    options = app.config.html_theme_options or {}
    return bool((options.get("launch_buttons") or {}).get("thebe"))


def _one_stylesheet(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page one combined stylesheet (written when the build finishes) for the blocking ones."""
    if app.builder.format != "html" or app.config.html_theme not in (
        "sphinx_book_theme",
        "pydata_sphinx_theme",
    ):
        return
    body = context.get("body", "")
    thebe = _thebe_enabled(app)
    blocking: list[Any] = []
    others: list[Any] = []
    for css in context.get("css_files", []):
        media = css.attributes.get("media", "all")
        (blocking if media in ("all", "screen", "") else others).append(css)
    names = theme_stylesheets() + [
        str(css.filename).split("?")[0].removeprefix("_static/")
        for css in blocking
        if stylesheet_needed(str(css.filename), body if thebe or "thebe" not in str(css.filename) else "")
    ]
    key = hashlib.sha256("\n".join(names).encode()).hexdigest()[:12]
    target = f"{COMBINED_DIR}/book-{key}.css"
    app.builder.companion_stylesheets[target] = names
    context["css_files"] = others
    context["companion_stylesheet"] = context["pathto"]("_static/" + target, 1)
    if not thebe:
        context["script_files"] = [
            js
            for js in context.get("script_files", [])
            if str(getattr(js, "filename", "") or "").split("?")[0].rsplit("/", 1)[-1] not in _THEBE_SCRIPTS
            and _THEBE_INLINE not in str(js.attributes.get("body", ""))
        ]


def _init_stylesheets(app: Any) -> None:
    app.builder.companion_stylesheets = {}


def _documentation_options_inline(static: Path) -> tuple[re.Pattern[str], str]:
    body = (static / "documentation_options.js").read_text(encoding="utf-8").strip()
    tag = re.compile(r'<script src="(?:\.\./)*_static/documentation_options\.js(?:\?v=[0-9a-f]+)?"></script>')
    return tag, f"<script>{body}</script>"


def _write_stylesheets(app: Any, exception: Exception | None) -> None:
    """Write each combined stylesheet, stripped of rules nothing in the site can match; point the pages at it.

    Every page's markup and every script's strings count as used names, so a class that a
    script adds later keeps its rules. ``documentation_options.js`` (a dozen settings that the
    page's own inline scripts need at once, so it could not be deferred) is inlined.
    """
    wanted = getattr(app.builder, "companion_stylesheets", None)
    if exception is not None or app.builder.format != "html" or not wanted:
        return
    from companion import stylesheets

    out = Path(app.outdir)
    static = out / "_static"
    pages = sorted(out.rglob("*.html"))
    used: set[str] = set()
    texts = {}
    for page in pages:
        texts[page] = page.read_text(encoding="utf-8")
        used |= stylesheets.markup_names(texts[page])
    for script in static.rglob("*.js"):
        used |= stylesheets.script_words(script.read_text(encoding="utf-8", errors="replace"))
    if not _thebe_enabled(app):
        # The theme's script names the launch button (thebe-launch-button) only to add it when
        # the interactive-code launch is on; with it off, no page shows one or its styles.
        used = stylesheets.without_prefix(used, "thebe")
    digests = {}
    # Each source stylesheet is parsed and stripped once; the pages' combinations join them.
    stripped: dict[str, str] = {}
    for target, names in wanted.items():
        for name in names:
            if name not in stripped:
                place = f"{COMBINED_DIR}/book.css"  # every combination lives in this folder
                stripped[name] = stylesheets.drop_unused(stylesheets.combine(static, [name], place), used)
        css = "\n".join(stripped[name] for name in names)
        (static / target).write_text(css, encoding="utf-8")
        digests[target] = hashlib.sha256(css.encode()).hexdigest()[:12]
    # The icon fonts (275 KB, fetched by every first visit, often before the first paint) keep
    # only the icons the combined stylesheets can still show.
    icons = set().union(
        *(stylesheets.icon_codepoints((static / t).read_text(encoding="utf-8")) for t in wanted)
    )
    for font in sorted(static.glob(f"{ICON_FONTS}/*.woff2")):
        stylesheets.subset_font(font, icons)
    options_tag, options_inline = _documentation_options_inline(static)
    link = re.compile(
        r'(<link rel="stylesheet" href="(?:\.\./)*_static/('
        + re.escape(COMBINED_DIR)
        + r'/book-[0-9a-f]+\.css))"'
    )
    for page, text in texts.items():
        new = link.sub(lambda m: f'{m.group(1)}?v={digests.get(m.group(2), "0")}"', text)
        new = options_tag.sub(options_inline, new)
        if new != text:
            page.write_text(new, encoding="utf-8")


STUDENT_SUFFIX = ".student.ipynb"


def _add_student_notebook(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Write the page's student notebook (no solutions) and offer it in the download menu."""
    if doctree is None or app.builder.format != "html" or not context.get("ipynb_source"):
        return
    source = Path(app.env.doc2path(pagename))
    if "{exercise}" not in source.read_text(encoding="utf-8"):
        return
    from companion.notebooks import write_student_notebook

    name = f"{pagename}{STUDENT_SUFFIX}"
    write_student_notebook(source, Path(app.outdir) / "_sources" / name)
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].insert(
                1,
                {
                    "type": "link",
                    "url": f"{context['pathto']('_sources', 1)}/{name}",
                    "text": "student .ipynb",
                    "icon": "fas fa-user-graduate",
                    "tooltip": "Download the notebook without the solutions",
                    "label": "download-student-notebook-button",
                },
            )


def _prepare_downloaded_notebooks(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Give the page's downloadable notebooks (executed and student) the setup cell that installs the book's package."""
    if doctree is None or app.builder.format != "html" or not context.get("ipynb_source"):
        return
    from companion.notebooks import bibliography, prepare_download

    if not hasattr(app, "_companion_works"):
        app._companion_works = {}
        for bib in app.config.bibtex_bibfiles:
            app._companion_works.update(bibliography(Path(app.srcdir) / bib))
    # Each figure label as the site's {numref} shows it ("Fig. 2"), naming the page when it is another.
    fmt = app.config.numfig_format.get("figure", "Fig. %s")
    figures, elsewhere = {}, {}
    for label, (docname, labelid, title) in app.env.get_domain("std").labels.items():
        number = app.env.toc_fignumbers.get(docname, {}).get("figure", {}).get(labelid)
        if number:
            text = fmt % ".".join(map(str, number))
            if docname != pagename:
                text += f" of “{app.env.titles[docname].astext()}”"
            figures[label] = text
        elif docname != pagename and title:
            elsewhere[label] = title
    for docname, title in app.env.titles.items():  # {doc} roles name a page by its path
        if docname != pagename:
            for path in (posixpath.relpath(docname, posixpath.dirname(pagename) or "."), "/" + docname):
                elsewhere.setdefault(path, title.astext())
    chapter = Path(app.env.doc2path(pagename)).relative_to(app.srcdir).as_posix()
    for name in (f"{pagename}.ipynb", f"{pagename}{STUDENT_SUFFIX}"):
        path = Path(app.outdir) / "_sources" / name
        if path.is_file():
            prepare_download(path, chapter, app.srcdir, app._companion_works, figures, elsewhere)


#: Longest page description, in characters (search engines show about 155).
DESCRIPTION_LENGTH = 155

#: Pages Sphinx generates without a source document, described by what they hold.
_GENERATED_DESCRIPTIONS = {
    "genindex": "Index of the terms used in {project}.",
    "search": "Search the full text of {project}.",
}

#: pandas' DataFrame HTML: a ``<style scoped>`` block of ``.dataframe`` rules and ``border="1"``.
_PANDAS_STYLE = re.compile(r"<style scoped>\s*(?:\.dataframe[^{}]*\{[^{}]*\}\s*)+</style>\s*")
_PANDAS_BORDER = re.compile(r'(<table)\s+border="1"(\s+class="dataframe)')


def trim_description(text: str, limit: int = DESCRIPTION_LENGTH) -> str:
    """Collapse white space in ``text`` and cut it at a word boundary to at most ``limit`` characters."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.–—-")
    return cut + "…"


def first_paragraph(doctree: Any) -> str:
    """Return the text of the first paragraph of prose in ``doctree`` ('' when it has none).

    Paragraphs inside admonitions, tables, figures, quotes (an article's words are not the
    page's), lists, footnotes, cell output, navigation and similar furniture are skipped: they
    do not say what the page is about.
    """
    from docutils import nodes

    skip = (
        nodes.Admonition,
        nodes.table,
        nodes.figure,
        nodes.block_quote,
        nodes.list_item,
        nodes.footnote,
        nodes.citation,
        nodes.topic,
        nodes.sidebar,
        nodes.field_list,
        nodes.definition_list,
        nodes.raw,
        nodes.caption,
        nodes.legend,
        nodes.line_block,
    )
    for para in doctree.findall(nodes.paragraph):
        parent, furniture = para.parent, False
        while parent is not None:
            classes = parent.get("classes", []) if isinstance(parent, nodes.Element) else []
            if (
                isinstance(parent, skip)
                or parent.tagname == "article_quote"
                or "cell_output" in classes
                or "toctree-wrapper" in classes
            ):
                furniture = True
                break
            parent = parent.parent
        text = " ".join(para.astext().split())
        # A sentence ending in a colon introduces what follows (a list, a quote): not a summary.
        if not furniture and len(text) >= 40 and not text.endswith(":"):
            return text
    return ""


def page_description(doctree: Any, pagename: str, project: str) -> str:
    """Return the page's description: its first paragraph, or for generated pages what they hold."""
    if doctree is not None:
        text = first_paragraph(doctree)
        if text:
            return trim_description(text)
    template = _GENERATED_DESCRIPTIONS.get(pagename)
    return template.format(project=project) if template else ""


#: Scripts that only act once the document is parsed (each waits for DOMContentLoaded or checks
#: ``document.readyState``), so ``defer`` changes when they download, not what they do; order
#: among deferred scripts is kept. ``documentation_options.js`` stays: inline scripts use it.
DEFERRED_SCRIPTS = (
    "doctools.js",
    "sphinx_highlight.js",
    "clipboard.min.js",
    "copybutton.js",
    "scripts/sphinx-book-theme.js",
    "togglebutton.js",
    "design-tabs.js",
)


def _defer_scripts(app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any) -> None:
    from sphinx.builders.html._assets import _JavaScript

    files = context.get("script_files")
    if not files:
        return
    for i, js in enumerate(files):
        name = str(getattr(js, "filename", js) or "").split("?")[0]
        if name.removeprefix("_static/") in DEFERRED_SCRIPTS and "async" not in js.attributes:
            files[i] = _JavaScript(js.filename, priority=js.priority, **{**js.attributes, "defer": "defer"})


def _book_title(app: Any) -> str:
    return app.config.html_title or app.config.project


def _meta_description(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    tags = context.get("metatags", "")
    if 'name="description"' in tags:
        return
    description = page_description(doctree, pagename, _book_title(app))
    if description:
        tag = f'<meta name="description" content="{html.escape(description)}" />\n'
        context["metatags"] = tags + tag


def _fix_invalid_html(app: Any, doctree: Any, docname: str) -> None:
    """Fix, in the doctree, markup the Nu Html Checker rejects (see the module docstring)."""
    from docutils import nodes

    seen: dict[str, int] = {}
    for section in doctree.findall(nodes.section):
        ids = section.get("ids", [])
        if ids not in (["exercise-content"], ["solution-content"]):
            continue
        owner = section.parent
        while owner is not None and not (isinstance(owner, nodes.Element) and owner.get("ids")):
            owner = owner.parent
        base = ids[0]
        if owner is not None:
            new = f"{owner['ids'][0]}-{base.split('-')[1]}"
        else:
            seen[base] = seen.get(base, 0) + 1
            new = f"{base}-{seen[base]}"
        section["ids"] = [new]
    for raw in doctree.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        text = raw.astext()
        fixed = _PANDAS_BORDER.sub(r"\1\2", _PANDAS_STYLE.sub("", text))
        if fixed != text:
            raw.replace(raw[0], nodes.Text(fixed))


_REDIRECT = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1" />
<title>{title}</title>
{description}{canonical}
<meta http-equiv="refresh" content="0; url={target}" />
</head>
<body>
<p><a href="{target}">{title}</a></p>
</body>
</html>
"""


def _write_root_redirect(app: Any, exception: Exception | None) -> None:
    """Write the root ``index.html`` redirect as a complete page (title, description, link).

    Jupyter Book and sphinx-external-toc write a one-line ``<meta http-equiv="Refresh">`` stub
    when no ``index.html`` exists; this runs first, so they find one and leave it.
    """
    if exception is not None or app.builder.format != "html" or app.config.root_doc == "index":
        return
    target = f"{app.config.root_doc}.html"
    page = Path(app.outdir) / target
    if not page.is_file():
        return
    built = page.read_text(encoding="utf-8")
    match = re.search(r'<meta name="description" content="[^"]*" />\n?', built)
    lang = app.config.language or "en"
    base = app.config.html_baseurl
    canonical = (
        f'<link rel="canonical" href="{html.escape(base.rstrip("/") + "/" + target)}" />\n' if base else ""
    )
    (Path(app.outdir) / "index.html").write_text(
        _REDIRECT.format(
            lang=html.escape(lang),
            title=html.escape(_book_title(app)),
            description=match.group(0) if match else "",
            canonical=canonical,
            target=target,
        ),
        encoding="utf-8",
    )


def _dedupe_inline_scripts(app: Any, env: Any) -> None:
    from sphinx.builders.html._assets import _JavaScript

    files = getattr(app.builder, "_js_files", None)
    if files is None:
        return
    unique: list[Any] = []
    for js in files:
        if js.filename is None:
            js = _JavaScript("", priority=js.priority, **js.attributes)
        if js not in unique:
            unique.append(js)
    files[:] = unique


def _visit_hidden_cell_input(self: Any, node: Any) -> None:
    """Open a hidden code cell as ``<details>`` whose summary is named by its visible text."""
    from html import escape

    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>\n')
    self.body.append("</summary>\n")


def _visit_citation(self: Any, node: Any) -> None:
    """Open a bibliography entry as a list item of the surrounding citation list."""
    if not isinstance(node.previous_sibling(), type(node)):
        self.body.append('<div role="list" class="citation-list">\n')
    self.body.append(self.starttag(node, "div", classes=[node.tagname], role="listitem"))


def _depart_citation(self: Any, node: Any) -> None:
    self.body.append("</div>\n")
    if not isinstance(node.next_node(descend=False, siblings=True), type(node)):
        self.body.append("</div>\n")


_CAPTION_MARKER = re.compile(r"^<!-- companion-figure: (?P<name>[\w.:-]+) -->\s*$")


def _is_bundle(node: Any) -> bool:
    from docutils import nodes

    return isinstance(node, nodes.container) and node.get("nb_element") == "mime_bundle"


def _caption_name(bundle: Any) -> str | None:
    """The figure name if this output bundle is a chart caption emitted by ``charts.show``."""
    from docutils import nodes

    for box in bundle.children:
        if box.get("mime_type") == "text/markdown" and box.children:
            first = box.children[0]
            if isinstance(first, nodes.raw):
                m = _CAPTION_MARKER.match(first.astext().strip())
                if m:
                    return m.group("name")
    return None


def make_chart_figures(document: Any) -> int:
    """Wrap each chart output and the caption output after it in a named, numbered figure."""
    from docutils import nodes

    made = 0
    for bundle in list(document.findall(_is_bundle)):
        name = _caption_name(bundle)
        if name is None:
            continue
        parent = bundle.parent
        index = parent.index(bundle)
        chart = parent.children[index - 1] if index > 0 else None
        if (
            chart is None
            or not _is_bundle(chart)
            or "companion-chart" not in chart.astext()
            and not any('class="companion-chart"' in r.astext() for r in chart.findall(nodes.raw))
        ):
            raise ValueError(f"figure {name!r}: its caption does not follow a chart output")
        box = next(b for b in bundle.children if b.get("mime_type") == "text/markdown")
        body = [n for n in box.children[1:] if not isinstance(n, nodes.raw)]
        if not body or not isinstance(body[0], nodes.paragraph):
            raise ValueError(f"figure {name!r}: the caption must start with a paragraph")
        figure = nodes.figure(classes=["companion-figure"])
        figure.source, figure.line = bundle.source, bundle.line
        parent.remove(bundle)
        chart.replace_self(figure)
        figure += chart
        caption = nodes.caption(body[0].rawsource, "", *body[0].children)
        caption.source, caption.line = bundle.source, bundle.line
        figure += caption
        if body[1:]:
            figure += nodes.legend("", *body[1:])
        figure["names"].append(nodes.fully_normalize_name(name))
        document.note_explicit_target(figure, figure)
        made += 1
    return made


def _chart_figures_transform() -> type:
    from sphinx.transforms import SphinxTransform

    class ChartFigures(SphinxTransform):
        """Turn ``charts.show`` output into numbered figures that ``{numref}`` can name."""

        default_priority = 210

        def apply(self, **kwargs: Any) -> None:
            make_chart_figures(self.document)

    return ChartFigures


def _add_static_path(app: Any, config: Any) -> None:
    here = Path(__file__).parent
    config.html_static_path.append(str(here / "static"))
    config.templates_path.insert(0, str(here / "templates"))
    # Page layout overrides written for the book's theme (built on pydata-sphinx-theme); a
    # project on another theme (the tests' small builds use alabaster) keeps its own layout.
    if config.html_theme in ("sphinx_book_theme", "pydata_sphinx_theme"):
        config.templates_path.insert(0, str(here / "templates" / "pydata"))
    # The theme's colour mode: follow the reader's system setting (charts keep a white card).
    config.html_context.setdefault("default_mode", "auto")


#: Environment variable: how many processes read (and so execute) the chapters at once.
JOBS_ENV = "BOOK_JOBS"

#: Extensions Jupyter Book loads that do not declare whether they are safe for parallel
#: reading (Sphinx then reads serially, with a warning that ``-W`` turns into an error).
#: ``sphinx_multitoc_numbering`` only replaces how section numbers are assigned, which Sphinx
#: does in the main process after merging what the readers found; ``sphinx_jupyterbook_latex``
#: only adds transforms that change each document's own tree (for LaTeX output).
_READ_SAFE_UNDECLARED = ("sphinx_multitoc_numbering", "sphinx_jupyterbook_latex")


def reading_jobs() -> int:
    """How many processes read the chapters: ``$BOOK_JOBS``, else one per CPU core."""
    value = os.environ.get(JOBS_ENV, "").strip()
    if value:
        if not value.isdigit() or int(value) < 1:
            raise ValueError(f"{JOBS_ENV}={value!r}: expected a whole number of processes, 1 or more")
        return int(value)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def _read_in_parallel(app: Any, config: Any) -> None:
    """Read, and so execute, the chapters in parallel: each reader runs its chapters' kernels.

    Jupyter Book's command line always asks Sphinx for one process. Reading is where the time
    goes (every chapter's notebook runs as it is read), so the extension raises it to
    :func:`reading_jobs`; writing stays serial (:func:`_write_serially`).
    """
    if app.parallel <= 1:
        app.parallel = reading_jobs()


def notebook_weight(source: str) -> int:
    """A rough cost of reading a page: its code cells, plus a kernel start if it has any."""
    cells = source.count("```{code-cell}")
    return cells + 6 if cells else 0


def balanced_order(weights: dict[str, int], sizes: list[int], workers: int) -> list[str]:
    """Order documents so that Sphinx's parallel readers finish together.

    Sphinx cuts the list into consecutive chunks of ``sizes`` and reads ``workers`` chunks at a
    time. The chunks that wait for a free worker take the lightest documents; the others share
    the rest, heaviest first, each to the chunk with the least work that still has room.
    """
    order = sorted(weights, key=lambda d: (weights[d], d))
    chunks: list[list[str]] = [[] for _ in sizes]
    for i in range(workers, len(sizes)):
        chunks[i], order = order[: sizes[i]], order[sizes[i] :]
    loads = [0] * len(sizes)
    for doc in reversed(order):
        free = [i for i in range(min(workers, len(sizes))) if len(chunks[i]) < sizes[i]]
        best = min(free, key=lambda i: (loads[i], i))
        chunks[best].append(doc)
        loads[best] += weights[doc]
    return [doc for chunk in chunks for doc in chunk]


def _balance_reading(app: Any, env: Any, docnames: list[str]) -> None:
    """Before a parallel read, mark known-safe extensions and balance the readers' chunks."""
    from sphinx.util.parallel import make_chunks

    for name in _READ_SAFE_UNDECLARED:  # loaded by Jupyter Book after the configuration
        ext = app.extensions.get(name)
        if ext is not None and ext.parallel_read_safe is None:
            ext.parallel_read_safe = True
    if app.parallel <= 1 or len(docnames) <= 5:
        return
    weights = {}
    for doc in docnames:
        path = Path(env.doc2path(doc))
        weights[doc] = notebook_weight(path.read_text(encoding="utf-8")) if path.is_file() else 0
    sizes = [len(chunk) for chunk in make_chunks(docnames, app.parallel)]
    docnames[:] = balanced_order(weights, sizes, app.parallel)


def _write_serially(app: Any, env: Any) -> None:
    app.parallel = 1


def _cache_bibtex_plugin_lookups() -> None:
    """Look up each pybtex plugin among the installed packages once per build, not once per citation.

    pybtex finds its styles and backends through entry points: every lookup scans the metadata
    of every installed distribution (JupyterLab's dependencies included). sphinxcontrib-bibtex
    looks one up for each citation it resolves, which made resolving the book's citations the
    slowest step of writing the pages. The installed packages do not change during a build.
    """
    import functools

    import pybtex.plugin  # type: ignore[import-untyped]

    lookup = pybtex.plugin.entry_points
    if getattr(lookup, "companion_cached", False):
        return

    @functools.lru_cache(maxsize=None)
    def cached(**selection: str) -> tuple[Any, ...]:
        return tuple(lookup(**selection))

    def entry_points(**selection: str) -> tuple[Any, ...]:
        return cached(**selection)

    entry_points.companion_cached = True  # type: ignore[attr-defined]
    pybtex.plugin.entry_points = entry_points


#: The IPython startup file of the build's kernels (see the file).
KERNEL_STARTUP = Path(__file__).parent / "kernel_startup.py"


def kernel_env() -> dict[str, str]:
    """Environment for the kernels the build starts: the book surface and an IPython profile
    folder holding only :data:`KERNEL_STARTUP` (so a reader's own IPython profile stays out).
    The folder is removed when the process that made it (the build) exits."""
    import atexit
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="companion-ipython-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    startup = folder / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-companion.py").write_text(KERNEL_STARTUP.read_text(encoding="utf-8"), encoding="utf-8")
    # The kernels record each dataset they validated clean here (keyed by a digest of its
    # bytes and schema), so a dataset that several chapters load is validated once per build.
    validated = folder / "validated"
    return {"COMPANION_SURFACE": "book", "IPYTHONDIR": str(folder), "COMPANION_VALIDATED_DIR": str(validated)}


def setup(app: Any) -> dict[str, Any]:
    """Register the book's Sphinx hooks."""
    app.connect("config-inited", _read_in_parallel)
    app.connect("env-before-read-docs", _balance_reading)
    app.connect("env-updated", _write_serially, priority=900)
    # Kernels started by the build inherit these: they render charts for the page, and start
    # with the build's IPython startup file.
    os.environ.update(kernel_env())
    # Each reading process runs its chapters one after another in one warm kernel.
    __import__("companion.warm_kernels").warm_kernels.install()
    __import__("companion.build_profile").build_profile.setup(app)  # with $BOOK_BUILD_PROFILE
    _cache_bibtex_plugin_lookups()
    app.connect("env-updated", _dedupe_inline_scripts)
    app.connect("env-updated", _start_bundle)
    app.connect("build-finished", _finish_bundle, priority=100)  # before the stylesheets read _static
    app.connect("html-page-context", _on_page_context)
    app.connect("builder-inited", _start_downloads)
    app.connect("build-finished", _finish_downloads)
    app.connect("html-page-context", _add_student_notebook, priority=502)
    app.connect("html-page-context", _prepare_downloaded_notebooks, priority=503)
    app.connect("html-page-context", _meta_description)
    app.connect("html-page-context", _defer_scripts)
    app.connect("html-page-context", _one_stylesheet, priority=900)
    app.connect("builder-inited", _init_stylesheets)
    app.connect("build-finished", _write_stylesheets, priority=800)  # after myst-nb writes its CSS
    app.connect("doctree-resolved", _fix_invalid_html)
    app.connect("build-finished", _write_root_redirect, priority=400)
    app.add_css_file(CHART_CSS)
    app.add_css_file("print.css", media="print")
    # myst-nb labels the summary of a hidden cell "Toggle hidden content" while it shows
    # "Show code cell source": a mismatch between visible text and accessible name.
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True, html=(_visit_hidden_cell_input, depart_HideCellInput))
    # docutils gives bibliography entries role="doc-biblioentry" inside role="list"; that
    # role is deprecated and is not a list item, so the list has no valid children.
    from docutils import nodes

    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.connect("config-inited", _add_static_path)
    app.add_transform(_chart_figures_transform())
    __import__("companion.quotes").quotes.setup_sphinx(app)  # article-quote directive
    __import__("companion.selfcheck").selfcheck.setup_sphinx(app)  # self-check script and style
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
