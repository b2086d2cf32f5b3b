"""schema.org ``ClaimReview`` JSON-LD for the ledger's rows (Google's fact-check structured data).

Google's rules: a ClaimReview is published on one page only (not repeated on other pages of the
site), and its ``url`` is that page's address, with an anchor for the claim. Each claim's review
is therefore published once, on its article's chapter page, naming the claim's row there; the
Fact-check page shows the whole ledger without repeating the reviews.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import pandas as pd

from companion import data
from companion.claims.loading import _articles_by_id, ledger
from companion.claims.verdicts import REVIEWER, VERDICT_RATINGS, VERDICTS
from companion.formatting import iso_date as _iso_date
from companion.formatting import text as _text


@functools.lru_cache(maxsize=1)
def site_url() -> str:
    """Return the published site's address, ``html.baseurl`` in ``_config.yml`` (ends in ``/``)."""
    import yaml

    config_file = data.book_file("_config.yml")
    config = yaml.safe_load(config_file.read_text(encoding="utf-8")) or {}
    base = _text((config.get("html") or {}).get("baseurl"))
    if not base.startswith(("https://", "http://")):
        raise ValueError(
            f"{config_file}: html.baseurl must be the site's absolute address (https://...), got {base!r}"
        )
    return base.rstrip("/") + "/"


@functools.lru_cache(maxsize=1)
def review_date() -> str:
    """Return the date the ledger's reviews were published: the data package's ``created`` day."""
    package = data.DEFAULT_DATA_DIR / data.PACKAGE_FILE
    created = _text(data.package().get("created"))
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}(T.*)?", created):
        raise ValueError(f"{package}: 'created' must be an ISO 8601 datetime, got {created!r}")
    return created[:10]


#: A chapter page's folder inside the site (every chapter sits at ``book/<part>/``).
_CHAPTER_DIR = "book/articles/"


def _claim_text(quote: str) -> str:
    """The claim as reviewed: the quote with its spacing normalised (no space before punctuation)."""
    return re.sub(r"\s+([,.;:!?])", r"\1", " ".join(quote.split()))


def _rating(verdict: str) -> dict[str, Any]:
    """The verdict's Rating; a value outside worstRating..bestRating is left out (the label stays)."""
    rating = dict(VERDICT_RATINGS[verdict])
    value = rating.get("ratingValue")
    if value is not None and not rating["worstRating"] <= value <= rating["bestRating"]:
        del rating["ratingValue"]
    return rating


def claim_review(
    row: Mapping[str, Any], article: Mapping[str, Any] | None = None, *, page: str | None = None
) -> dict[str, Any]:
    """Return the schema.org ClaimReview (as a JSON-ready dict) for one ledger row.

    Follows Google's fact-check structured-data documentation: an absolute ``url`` naming the
    claim's row on the one page that publishes the review (``page``, relative to a chapter page;
    by default the claim's article chapter, ``<article_id>.html``) on the book's own site
    (:func:`site_url`), the review's
    ``datePublished`` (:func:`review_date`), an ``author`` with ``name`` and ``url``, a
    ``reviewRating`` whose ``ratingValue`` lies inside ``worstRating``-``bestRating`` or is
    absent (an unverified claim carries only its label, ``alternateName``), and an
    ``itemReviewed`` Claim with its ``appearance`` (the article's address, where known) and,
    for a rewrite of a known original, ``firstAppearance`` (the original's address).
    """
    verdict = _text(row.get("verdict"))
    if verdict not in VERDICT_RATINGS:
        raise ValueError(
            f"claim {row.get('claim_id')!r}: unknown verdict {verdict!r}; "
            f"expected one of {', '.join(VERDICTS)}"
        )
    claim_id = _text(row.get("claim_id"))
    if not claim_id:
        raise ValueError("claim_review(): the row has no claim_id")
    site = site_url()
    page = page or f"{_text(row.get('article_id'))}.html"
    item: dict[str, Any] = {"@type": "Claim"}
    if article:
        published = _iso_date(article.get("date"))
        if published:
            item["datePublished"] = published
        byline = _text(article.get("byline"))
        if byline:
            item["author"] = {"@type": "Person", "name": byline}
        url = _text(article.get("url_as_found"))
        title = _text(article.get("title"))
        if url or title:
            appearance: dict[str, Any] = {"@type": "CreativeWork"}
            if url:
                appearance["url"] = url
            if title:
                appearance["headline"] = title
            item["appearance"] = appearance
        original = _text(article.get("original_url"))
        if original and _text(article.get("kind")) == "rewrite":
            first: dict[str, Any] = {"@type": "CreativeWork", "url": original}
            first_date = _iso_date(article.get("original_date"))
            if first_date:
                first["datePublished"] = first_date
            item["firstAppearance"] = first
    review: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": f"{urljoin(site + _CHAPTER_DIR, page)}#claim-{claim_id}",
        "claimReviewed": _claim_text(_text(row.get("quote"))),
        "datePublished": review_date(),
        "author": {**REVIEWER, "url": site},
        "reviewRating": _rating(verdict),
        "itemReviewed": item,
    }
    body = _text(row.get("check_method"))
    if body:
        review["reviewBody"] = body
    return review


def claim_reviews(
    claims: pd.DataFrame | None = None, *, body: bool = True, page: str | None = None
) -> list[dict[str, Any]]:
    """Return the ClaimReview dicts for ``claims`` (default: the whole ledger), each a whole review.

    ``page`` (relative to a chapter page) is the page whose rows the reviews' ``url`` names;
    by default each claim's article chapter (``<article_id>.html``), the one page that
    publishes its review. ``body=False`` leaves out ``reviewBody`` (the text is in the table).
    """
    claims = ledger() if claims is None else claims
    articles = _articles_by_id()
    reviews = [
        claim_review(
            r,
            articles.get(_text(r["article_id"])),
            page=page or f"{_text(r['article_id'])}.html",
        )
        for r in claims.to_dict("records")
    ]
    if not body:
        for review in reviews:
            review.pop("reviewBody", None)
    return reviews


def review_graph(reviews: list[dict[str, Any]], article_ids: list[str]) -> dict[str, Any]:
    """Return ``reviews`` as one compact JSON-LD graph: one ``@context``, each shared node described once.

    The publisher, each article (the claims' ``appearance``) and each article's author are
    described in full where they first occur and referred to by a blank-node ``@id`` after that.
    """
    described: set[str] = set()

    def share(node: dict[str, Any], ident: str) -> dict[str, Any]:
        if ident in described:
            return {"@id": ident}
        described.add(ident)
        return {"@id": ident, **node}

    graph = []
    for review, article_id in zip(reviews, article_ids, strict=True):
        review = {k: v for k, v in review.items() if k != "@context"}
        review["author"] = share(review["author"], "_:publisher")
        item = review["itemReviewed"] = dict(review["itemReviewed"])
        if "appearance" in item:
            item["appearance"] = share(item["appearance"], f"_:article-{article_id}")
        if "author" in item:
            item["author"] = share(item["author"], f"_:byline-{article_id}")
        graph.append(review)
    return {"@context": "https://schema.org", "@graph": graph}


def json_ld_script(reviews: list[dict[str, Any]] | dict[str, Any]) -> str:
    """Return a ``<script type="application/ld+json">`` element holding ``reviews`` (compact JSON)."""
    payload = json.dumps(reviews, ensure_ascii=False, separators=(",", ":"))
    # "<" is escaped so that no text in a quote can close the script element early.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{payload}</script>'
