"""schema.org ``ClaimReview`` JSON-LD for the ledger's rows (Google's fact-check structured data)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urljoin

import pandas as pd

from companion import data
from companion.claims.loading import LEDGER_PAGE, _articles_by_id, ledger
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
    row: Mapping[str, Any], article: Mapping[str, Any] | None = None, *, page: str = LEDGER_PAGE
) -> dict[str, Any]:
    """Return the schema.org ClaimReview (as a JSON-ready dict) for one ledger row.

    Follows Google's fact-check structured-data documentation: an absolute ``url`` on the
    book's own site (:func:`site_url`; ``page`` is relative to a chapter page), the review's
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


def claim_reviews(claims: pd.DataFrame | None = None, *, body: bool = True) -> list[dict[str, Any]]:
    """Return the ClaimReview dicts for ``claims`` (default: the whole ledger), each article described once."""
    claims = ledger() if claims is None else claims
    articles = _articles_by_id()
    reviews = [claim_review(r, articles.get(_text(r["article_id"]))) for r in claims.to_dict("records")]
    if not body:  # the review's text is on the ledger page that each review's url names
        for review in reviews:
            review.pop("reviewBody", None)
    return _share_appearances(reviews, [_text(a) for a in claims["article_id"]])


def _share_appearances(reviews: list[dict[str, Any]], article_ids: list[str]) -> list[dict[str, Any]]:
    """Give each article's appearance a blank-node ``@id``; describe it in full once, then refer to it by id."""
    described: set[str] = set()
    for review, article_id in zip(reviews, article_ids, strict=True):
        appearance = review["itemReviewed"].get("appearance")
        if appearance is None:
            continue
        node = f"_:article-{article_id}"
        if node in described:
            review["itemReviewed"]["appearance"] = {"@id": node, "@type": appearance["@type"]}
        else:
            review["itemReviewed"]["appearance"] = {"@id": node, **appearance}
            described.add(node)
    return reviews


def json_ld_script(reviews: list[dict[str, Any]]) -> str:
    """Return a ``<script type="application/ld+json">`` element holding ``reviews``."""
    payload = json.dumps(reviews, ensure_ascii=False, separators=(",", ":"))
    # "<" is escaped so that no text in a quote can close the script element early.
    payload = payload.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">\n{payload}\n</script>'
