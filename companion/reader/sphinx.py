"""Sphinx hooks for the course reader: the single-page build it is printed from, and its links.

* **Single-page build.** ``sphinx-exercise`` registers its own handlers for the ``singlehtml``
  builder, so Sphinx no longer falls back to the ``html`` handlers for that builder: every node
  rendered only for ``html`` (the book's hidden code cells, bibliography entries and article
  quotes, :mod:`companion.sphinxext` and :mod:`companion.quotes`) would stop the single-page
  build. When that builder starts, each ``html`` handler it lacks is given to it.
* **Links to the students' edition.** Every page's download menu offers the students' edition
  of the course reader, published beside the site (``pdf/`` under ``html.baseurl``).
"""

from __future__ import annotations

from typing import Any

#: Where the two editions are published, relative to the site's address.
PDF_FOLDER = "pdf"
#: File name of each edition of the course reader.
EDITION_FILES = {
    "students": "spheres-of-influence-students.pdf",
    "instructors": "spheres-of-influence-instructors.pdf",
}


def edition_url(base: str, edition: str) -> str:
    """Return the published address of ``edition`` of the course reader under the site ``base``."""
    return f"{base.rstrip('/')}/{PDF_FOLDER}/{EDITION_FILES[edition]}"


def _add_reader_button(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    base = app.config.html_baseurl
    if doctree is None or not base or app.builder.name != "html":
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            group["buttons"].append(
                {
                    "type": "link",
                    "url": edition_url(base, "students"),
                    "text": "course reader .pdf",
                    "icon": "fas fa-file-pdf",
                    "tooltip": "Download the whole book as a PDF (students' edition)",
                    "label": "download-reader-pdf-button",
                }
            )


def _share_html_handlers(app: Any) -> None:
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, pair in handlers.get("html", {}).items():
        single.setdefault(node, pair)


def setup(app: Any) -> dict[str, Any]:
    """Register the single-page renderings and the reader's download link."""
    app.connect("builder-inited", _share_html_handlers)
    app.connect("html-page-context", _add_reader_button, priority=503)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}
