"""Helpers the test modules share: a browser page cut off from the network, and a CSV rewritten in place.

A test module takes them with ``from harness import offline_page, rewrite_csv`` (this folder is on
``sys.path`` while the tests run).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

Rows = list[dict[str, str]]


def offline_page(browser: Any, server: str, off_host: list[str], **context_options: Any) -> tuple[Any, Any]:
    """A new browser context and page that abort, and record in ``off_host``, every request off ``server``'s host.

    The context is 1280×900 with service workers blocked unless ``context_options`` say otherwise.
    """
    host = urlparse(server).netloc
    options = {"viewport": {"width": 1280, "height": 900}, "service_workers": "block", **context_options}
    context = browser.new_context(**options)

    def route(r: Any) -> None:
        parsed = urlparse(r.request.url)
        if parsed.scheme in ("data", "blob") or parsed.netloc == host:
            r.continue_()
        else:
            off_host.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    return context, context.new_page()


def read_csv_rows(path: Path) -> Rows:
    """The rows of the CSV file ``path``, as strings (read with the csv module, not the package)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def rewrite_csv(path: Path, change: Callable[[Rows], Rows]) -> None:
    """Rewrite the CSV file ``path``: ``change`` gets its rows as strings and returns the new rows."""
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")
