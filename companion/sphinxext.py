"""Sphinx extension for the book: offline chart libraries, a clean thebe config, page extras.

* **Offline charts.** The extension sets ``COMPANION_SURFACE=book`` before any notebook runs,
  so the kernels it starts render charts for the page (see :mod:`companion.charts`): a static
  SVG drawn at build time and the chart's spec in a ``<script type="application/json">``. At
  build time the Vega, Vega-Lite and Vega-Embed libraries are bundled into one script
  (``vl_convert.javascript_bundle``) with a small loader and written to ``_static``. Pages that
  hold a chart load it deferred, so it never blocks the page; when it runs, each static chart
  is replaced by the interactive one (tooltips), laid out to its container's width (fewer
  columns and wrapped titles on a phone, not a desktop drawing scaled down). Pages without
  charts load none of it.
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
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import re
from pathlib import Path
from typing import Any

VEGA_BUNDLE = "vega-offline.js"
CHART_CSS = "companion.css"

#: Markers that only the book's chart output puts into a page body.
_CHART_MARKERS = ('class="companion-chart"',)

# The snippet runs inside the bundle: it publishes the libraries as globals, tells Altair's
# loader which versions are present, and gives vega-embed's action menu an accessible name.
_SNIPPET = """
window.vega = vega;
window.vegaLite = vegaLite;
window.VEGA_DEBUG = Object.assign(window.VEGA_DEBUG || {}, %(versions)s);
// Vega gives every mark container an ARIA role; a container with no label and no title
// (an empty layer, an interval brush) carries nothing for assistive technology and is hidden.
function hideUnlabelledMarks(root) {
  root.querySelectorAll('g[role="graphics-symbol"]:not([aria-label]):not([aria-hidden])')
    .forEach(function (g) {
      if (!g.querySelector(":scope > title")) { g.setAttribute("aria-hidden", "true"); }
    });
}
var embedWithA11y = function (el, spec, opts) {
  return vegaEmbed(el, spec, opts).then(function (result) {
    var root = typeof el === "string" ? document.querySelector(el) : el;
    if (root) {
      root.querySelectorAll("details > summary").forEach(function (s) {
        if (!s.getAttribute("aria-label")) {
          s.setAttribute("aria-label", "Chart menu: save the chart as SVG or PNG");
        }
      });
      hideUnlabelledMarks(root);
      new MutationObserver(function () { hideUnlabelledMarks(root); })
        .observe(root, {subtree: true, childList: true});
    }
    return result;
  });
};
window.vegaEmbed = embedWithA11y;

// --- the book's charts: swap each static SVG for the interactive chart, fitted to its width ---
var ACTIONS_ROOM = 40;  // px kept free on the right of a chart for vega-embed's menu
var NARROW = 500;       // below this container width the menu overlaps the chart's corner
var measureCtx = document.createElement("canvas").getContext("2d");
function textWidth(text, fontSize, weight, font) {
  measureCtx.font = (weight || "normal") + " " + fontSize + "px " + (font || "sans-serif");
  return measureCtx.measureText(text).width;
}
// Break a title into lines that fit the width, measured in the chart's own font.
function wrapText(text, fontSize, width, weight, font) {
  var out = [];
  [].concat(text).forEach(function (line) {
    var cur = "";
    String(line).split(" ").forEach(function (w) {
      var next = cur ? cur + " " + w : w;
      if (cur && textWidth(next, fontSize, weight, font) > width) { out.push(cur); cur = w; }
      else { cur = next; }
    });
    if (cur) { out.push(cur); }
  });
  return out.length === 1 ? out[0] : out;
}
function fitTitle(node, width, font) {
  var t = node.title;
  width = width < NARROW ? width - ACTIONS_ROOM : width;
  if (!t) { return; }
  if (typeof t === "string" || Array.isArray(t)) { node.title = wrapText(t, 17, width, 600, font); return; }
  if (t.text) { t.text = wrapText(t.text, t.fontSize || 17, width, t.fontWeight || 600, font); }
  if (t.subtitle) { t.subtitle = wrapText(t.subtitle, t.subtitleFontSize || 13, width, "normal", font); }
}
function fitNode(node, width, shrink, font) {
  if (!node || typeof node !== "object") { return; }
  fitTitle(node, width, font);
  if (node.vconcat) { node.vconcat.forEach(function (c) { fitNode(c, width, shrink, font); }); return; }
  if (node.hconcat) {
    if (width < 560) { node.vconcat = node.hconcat; delete node.hconcat; fitNode(node, width, shrink, font); return; }
    node.hconcat.forEach(function (c) { fitNode(c, width / node.hconcat.length, shrink, font); });
    return;
  }
  if (node.concat) {
    if (width < 560) { node.columns = 1; }
    var share = node.columns === 1 ? 1 : node.concat.length;
    node.concat.forEach(function (c) { fitNode(c, width / share, shrink, font); });
    return;
  }
  if ((node.facet || node.repeat) && node.spec) {
    var inner = node.spec;
    // A row of column panels cannot wrap; a wrapped facet can, so narrow screens get one.
    if (node.facet && node.facet.column && !node.facet.row && width < 700) {
      node.facet = node.facet.column;
    }
    if (typeof inner.width === "number") {
      var per = inner.width + 50;
      var cols = Math.max(1, Math.floor(width / per));
      if (!node.columns || node.columns > cols) {
        node.columns = cols;
      }
      if (inner.width + 90 + shrink > width) { inner.width = Math.max(60, width - 90 - shrink); }
    }
    return;
  }
  if (typeof node.width === "number" && node.width + 90 + shrink > width) {
    node.width = Math.max(60, width - 90 - shrink);
  }
}
// On a narrow screen, long axis and legend labels are cut (with an ellipsis) rather than
// leaving too little room for the plot; the full label stays in the tooltip and data table.
function limitLabels(node, limit, width, font) {
  if (!node || typeof node !== "object") { return; }
  if (node.encoding) {
    Object.keys(node.encoding).forEach(function (k) {
      var ch = node.encoding[k];
      if (!ch || typeof ch !== "object") { return; }
      // A long axis title is broken into lines instead of widening the chart.
      if (typeof ch.title === "string" && textWidth(ch.title, 13, 500, font) > width * 0.9) {
        ch.title = wrapText(ch.title, 13, width * 0.9, 500, font);
      }
      ["axis", "legend"].forEach(function (part) {
        if (ch[part] && typeof ch[part] === "object") {
          ch[part].labelLimit = Math.min(ch[part].labelLimit || limit, limit);
          if (part === "legend" && ch.legend.orient && ch.legend.orient !== "bottom") {
            ch.legend.orient = "bottom";  // a legend beside the plot takes the plot's room
          }
          if (part === "legend" && ch.legend.columns > 1 && width < NARROW) { ch.legend.columns = 1; }
        }
      });
    });
  }
  ["layer", "vconcat", "hconcat", "concat"].forEach(function (key) {
    if (Array.isArray(node[key])) { node[key].forEach(function (c) { limitLabels(c, limit, width, font); }); }
  });
  if (node.spec) { limitLabels(node.spec, limit, width, font); }
}
function fittedSpec(spec, width, shrink) {
  var s = JSON.parse(JSON.stringify(spec));
  if (width < 700 || shrink > 0) {
    fitNode(s, width - 12, shrink, (s.config && s.config.font) || "sans-serif");
    s.config = s.config || {};
    s.config.legend = Object.assign({}, s.config.legend, {columns: width < 480 ? 1 : 2});
    var limit = Math.max(70, Math.round(width * 0.33));
    s.config.axis = Object.assign({}, s.config.axis, {labelLimit: limit});
    s.config.legend.labelLimit = limit;
    limitLabels(s, limit, width, (s.config && s.config.font) || "sans-serif");
  }
  return s;
}
function drawChart(box) {
  var data = JSON.parse(box.querySelector("script.companion-chart-spec").textContent);
  // On wide screens the embed keeps room on the right for its action menu; on narrow ones the
  // menu sits over the chart's top right corner (the stylesheet drops the room), so the chart
  // gets the whole width and only its titles keep clear of the menu.
  var full = box.clientWidth || box.parentNode.clientWidth || 680;
  var width = full >= NARROW ? full - ACTIONS_ROOM : full;
  if (box.dataset.drawnWidth && Math.abs(Number(box.dataset.drawnWidth) - width) < 8) { return; }
  box.dataset.drawnWidth = width;
  var target = box.querySelector(".companion-chart-live");
  if (!target) {
    target = document.createElement("div");
    target.className = "companion-chart-live";
    box.appendChild(target);
  }
  var attempt = function (shrink) {
    return embedWithA11y(target, fittedSpec(data.spec, width, shrink), data.embed).then(function (r) {
      var svg = target.querySelector("svg");
      var drawn = svg ? svg.getBoundingClientRect().width : 0;
      var natural = svg && svg.width && svg.width.baseVal ? svg.width.baseVal.value : drawn;
      if (natural > width + 1 && shrink < 600) { r.finalize(); return attempt(shrink + natural - width + 4); }
      return r;
    });
  };
  attempt(0).then(function () {
    box.classList.add("companion-chart-interactive");
  }).catch(function (err) {
    box.classList.remove("companion-chart-interactive");
    console.warn("chart kept static: " + err);
  });
}
// A chart becomes interactive when it comes near the screen, so a long page does not draw
// every chart at once before the reader can scroll; until then its static drawing shows.
function drawAll() {
  var boxes = Array.prototype.slice.call(document.querySelectorAll("div.companion-chart"));
  if (!("IntersectionObserver" in window)) { boxes.forEach(drawChart); return; }
  var watcher = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) { watcher.unobserve(entry.target); drawChart(entry.target); }
    });
  }, {rootMargin: "400px 0px"});
  boxes.forEach(function (box) { watcher.observe(box); });
}
if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", drawAll); }
else { drawAll(); }
var resizeTimer = null;
window.addEventListener("resize", function () {
  clearTimeout(resizeTimer);
  resizeTimer = setTimeout(function () {
    document.querySelectorAll("div.companion-chart[data-drawn-width]").forEach(drawChart);
  }, 250);
});
"""


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
    snippet = _SNIPPET % {"versions": json.dumps(altair_versions())}
    bundle = vlc.javascript_bundle(snippet=snippet, vl_version=f"v{vl_minor}")
    # A function scope keeps the bundle's top-level names (such as ``_``) out of the page's
    # global scope, where Sphinx's own scripts declare some of the same names.
    return f"(function () {{\n{bundle}\n}})();\n"


def bundle_loader(url: str) -> str:
    """Return the inline script that fetches the chart bundle at ``url`` once the page has loaded."""
    return (
        'window.addEventListener("load", function () { var s = document.createElement("script"); '
        f"s.src = {json.dumps(url)}; document.head.appendChild(s); }});"
    )


def page_has_chart(body: str) -> bool:
    """Say whether a rendered page body holds an Altair chart."""
    return any(marker in body for marker in _CHART_MARKERS)


def bundle_key() -> str:
    """Return a key naming the bundle's inputs (package versions and snippet), cheaply."""
    from importlib.metadata import version

    parts = [version("vl-convert-python"), version("altair"), _SNIPPET]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _write_bundle(app: Any) -> None:
    if app.builder.format != "html":
        return
    static = Path(app.outdir) / "_static"
    static.mkdir(parents=True, exist_ok=True)
    target = static / VEGA_BUNDLE
    header = f"/* vega-offline bundle {bundle_key()} */\n"
    # Bundling takes seconds; a rebuild reuses the file when its inputs have not changed.
    if target.exists():
        with target.open(encoding="utf-8") as fh:
            if fh.readline() == header:
                return
    target.write_text(header + build_bundle(), encoding="utf-8")


def _on_page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is None:
        return
    body = context.get("body", "")
    if page_has_chart(body):
        # The static charts are readable at once; the bundle that makes them interactive is
        # fetched only once the page has loaded, so it never competes with the first render.
        url = f"{context['pathto']('_static/' + VEGA_BUNDLE, 1)}?v={bundle_key()}"
        app.add_js_file(None, priority=900, body=bundle_loader(url))


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


def setup(app: Any) -> dict[str, Any]:
    """Register the book's Sphinx hooks."""
    # Kernels started by the build inherit this and render charts for the page.
    os.environ["COMPANION_SURFACE"] = "book"
    app.connect("env-updated", _dedupe_inline_scripts)
    app.connect("builder-inited", _write_bundle)
    app.connect("html-page-context", _on_page_context)
    app.connect("html-page-context", _add_student_notebook, priority=502)
    app.connect("html-page-context", _meta_description)
    app.connect("html-page-context", _defer_scripts)
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
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
