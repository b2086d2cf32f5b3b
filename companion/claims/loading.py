"""Loading the ledger and the datasets around it: claims, corrections, articles, sources.

Also the book's order of articles (read from ``_toc.yml``) and where the ledger and Corrections
pages live relative to a chapter page.
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pandas as pd

from companion import data
from companion.formatting import text as _text

#: The repository's root folder (``_toc.yml`` and ``_config.yml`` sit there).
ROOT = Path(__file__).resolve().parents[2]


#: Where the article chapters live; a chapter's file name is its article id.
ARTICLE_CHAPTERS = "book/articles/"


def toc_article_order(toc_file: Path | None = None) -> tuple[str, ...]:
    """Article ids in the order their chapters appear in ``_toc.yml``."""
    import yaml

    toc_file = toc_file or data.book_file("_toc.yml")
    found: list[str] = []

    def walk(entries: list[dict[str, Any]]) -> None:
        for entry in entries:
            doc = str(entry.get("file", ""))
            if doc.startswith(ARTICLE_CHAPTERS):
                found.append(doc[len(ARTICLE_CHAPTERS) :].removesuffix(".md"))
            for key in ("parts", "chapters", "sections"):
                walk(entry.get(key) or [])

    walk([yaml.safe_load(toc_file.read_text(encoding="utf-8")) or {}])
    if not found:
        raise ValueError(f"{toc_file}: no chapter under {ARTICLE_CHAPTERS}")
    return tuple(found)


#: Article ids in the book's order (the order of the chapters in ``_toc.yml``).
ARTICLE_ORDER: tuple[str, ...] = toc_article_order()


#: Where the ledger page lives, relative to any chapter page (all sit two folders deep).
LEDGER_PAGE = "../methods/fact-check.html"


#: Where the Corrections page lives, relative to any chapter page.
CORRECTIONS_PAGE = "../reference/corrections.html"


def _load(name: str) -> pd.DataFrame:
    """Load one dataset through :mod:`companion.data` (validated)."""
    return data.load(name)


def ledger() -> pd.DataFrame:
    """Return the claims ledger (validated), ordered by article and then as listed."""
    claims = _load("claims")
    order = {a: i for i, a in enumerate(ARTICLE_ORDER)}
    key = claims["article_id"].map(order).fillna(len(order))
    return claims.assign(_order=key).sort_values("_order", kind="stable").drop(columns="_order")


def _articles_by_id() -> dict[str, dict[str, Any]]:
    """Return the ``articles`` dataset as a dict of row dicts keyed by article id."""
    articles = _load("articles")
    return {str(r["id"]): r for r in articles.to_dict("records")}


def _sources_by_id() -> dict[str, dict[str, Any]]:
    """Return the ``sources`` dataset as a dict of row dicts keyed by source id."""
    sources = _load("sources")
    return {str(r["source_id"]): r for r in sources.to_dict("records")}


def corrections() -> pd.DataFrame:
    """Return the corrections dataset (validated), in the order the corrections were made."""
    return _load("corrections").sort_values("correction_id", kind="stable").reset_index(drop=True)


def _corrections_by_claim() -> dict[str, list[dict[str, Any]]]:
    """Return the verdict corrections keyed by claim id, oldest first."""
    out: dict[str, list[dict[str, Any]]] = {}
    for r in corrections().to_dict("records"):
        cid = _text(r.get("claim_id"))
        if cid:
            out.setdefault(cid, []).append(r)
    return out


def _read_resource(directory: Path, name: str) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """Return a resource's shown path and its rows as text, each with its editor line (header = 1)."""
    res = next((r for r in data.package(directory)["resources"] if r.get("name") == name), None)
    if res is None:
        raise LookupError(f"{directory.name}/{data.PACKAGE_FILE}: no resource named {name!r}")
    rows: list[tuple[int, dict[str, str]]] = []
    with open(directory / res["path"], encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        start = 2
        for row in reader:
            rows.append((start, {k: (v or "").strip() for k, v in row.items() if k is not None}))
            start = reader.line_num + 1
    return f"{directory.name}/{res['path']}", rows


def _directory(data_dir: str | Path | None) -> Path:
    """Return the data folder: ``data_dir`` or the repository's ``data/``."""
    return Path(data_dir) if data_dir is not None else data.DEFAULT_DATA_DIR
