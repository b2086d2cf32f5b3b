"""Sphinx extension for the book: offline chart libraries, a clean thebe config, page extras.

* **Offline charts.** At build time the Vega, Vega-Lite and Vega-Embed libraries are bundled
  into one script (``vl_convert.javascript_bundle``) and written to ``_static``. Pages that
  hold an Altair chart load it in ``<head>`` before any chart script runs. The bundle also
  fills ``window.VEGA_DEBUG`` with the versions Altair asks for, so Altair's own loader
  finds the libraries present and never reaches for a CDN. Pages without charts load none
  of it. In JupyterLab the chart output is unchanged and uses its usual loader.
* **Inline scripts emitted twice.** Extensions such as sphinx-thebe and sphinx-togglebutton
  register inline scripts (``app.add_js_file(None, body=...)``) after the builder is set up.
  Sphinx 7 stores those in the builder with ``filename=None`` and, when it prepares writing,
  adds the registry's copy again with ``filename=''``; the two no longer compare equal, so
  each page carries the script twice (``const THEBE_JS_URL`` redeclared: a SyntaxError in
  the browser). Before writing, the builder's list is normalised to ``''`` and de-duplicated,
  so Sphinx's own de-duplication works.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

VEGA_BUNDLE = "vega-offline.js"
CHART_CSS = "companion.css"

#: Markers that only Altair chart output puts into a page body.
_CHART_MARKERS = ("vega-embed", "altair-viz-")

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
window.vegaEmbed = function (el, spec, opts) {
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


def _on_page_context(app: Any, pagename: str, templatename: str,
                     context: dict[str, Any], doctree: Any) -> None:
    if doctree is None:
        return
    body = context.get("body", "")
    if page_has_chart(body):
        # Classic, blocking script in <head>: it must run before the charts' inline scripts.
        app.add_js_file(VEGA_BUNDLE, priority=100)


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
    self.body.append(f'<p class="collapsed admonition-title">{escape(node["prompt_show"])}</p>\n')
    self.body.append(f'<p class="expanded admonition-title">{escape(node["prompt_hide"])}</p>\n')
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


def _add_static_path(app: Any, config: Any) -> None:
    here = Path(__file__).parent
    config.html_static_path.append(str(here / "static"))
    config.templates_path.insert(0, str(here / "templates"))
    # The theme's colour mode: follow the reader's system setting (charts keep a white card).
    config.html_context.setdefault("default_mode", "auto")


def setup(app: Any) -> dict[str, Any]:
    """Register the book's Sphinx hooks."""
    app.connect("env-updated", _dedupe_inline_scripts)
    app.connect("builder-inited", _write_bundle)
    app.connect("html-page-context", _on_page_context)
    app.add_css_file(CHART_CSS)
    app.add_css_file("print.css", media="print")
    # myst-nb labels the summary of a hidden cell "Toggle hidden content" while it shows
    # "Show code cell source": a mismatch between visible text and accessible name.
    from myst_nb.sphinx_ import HideCodeCellNode, depart_HideCellInput

    app.add_node(HideCodeCellNode, override=True,
                 html=(_visit_hidden_cell_input, depart_HideCellInput))
    # docutils gives bibliography entries role="doc-biblioentry" inside role="list"; that
    # role is deprecated and is not a list item, so the list has no valid children.
    from docutils import nodes

    app.add_node(nodes.citation, override=True, html=(_visit_citation, _depart_citation))
    app.connect("config-inited", _add_static_path)
    __import__("companion.quotes").quotes.setup_sphinx(app)  # article-quote directive
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
