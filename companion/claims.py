"""The claims ledger: every checkable factual claim in the five articles, with its verdict.

The ledger is the dataset ``claims`` (``data/claims.csv``, described in
``data/datapackage.json``). One row is one claim: a verbatim quote from an article, what the
article claims, what we found, a verdict, how we checked it and the source we checked it
against (a ``source_id`` in the ``sources`` dataset).

Verdict scale (the ``verdict`` column; one of these exactly):

============== =====================================================================
supported      the evidence available on the article's date agrees with the claim
approximately  right to within normal rounding or a loose phrasing
misleading     literally defensible, but gives a false impression
contradicted   the evidence says otherwise
unverified     no reachable evidence either way; the note says what would settle it
============== =====================================================================

Each row is also published as schema.org ``ClaimReview`` JSON-LD (:func:`claim_review`), so
that search engines and fact-check aggregators can read the verdicts. The verdict maps to a
``reviewRating`` on a 1–5 scale (:data:`VERDICT_RATINGS`):

============== =========== ======================
verdict        ratingValue alternateName
============== =========== ======================
supported      5           Supported
approximately  4           Approximately right
misleading     2           Misleading
contradicted   1           Contradicted
unverified     (none)      Unverified
============== =========== ======================

3 is left unused on purpose: the scale has no "half true" verdict, and a reader of the number
alone should not mistake "misleading" for a midpoint. ``unverified`` is not a point on the
scale: its rating has no ``ratingValue`` at all (Google's rules keep a value inside
``worstRating``–``bestRating``), only the ``alternateName`` that says so.

Where our own datasets can check a claim, the checked value is computed by code
(:func:`computed_checks`), and a test compares each computed value with the ledger's
``checked_value`` column.

Every contradicted, misleading and approximately verdict carries a ``strongest_case``: the
strongest reading under which the article's statement would hold, and whether it does. Rows of
the same claim type that rest on the same source must share a verdict unless a row that differs
names, in its note, a row of the group with another verdict (:func:`consistency_problems`).

Every verdict changed after the first edition is logged in the ``corrections`` dataset
(:func:`corrections`), which the Corrections page shows (:func:`corrections_table`); each changed
row in the ledger tables links to its correction.
"""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

import pandas as pd
from IPython.display import HTML

from companion import formatting as fmt

__all__ = [
    "ARTICLE_ORDER",
    "REVIEWER",
    "VERDICTS",
    "VERDICT_LABELS",
    "VERDICT_RATINGS",
    "claim_review",
    "case_table",
    "claim_reviews",
    "claims_section",
    "computed_checks",
    "consistency_problems",
    "corrections",
    "corrections_problems",
    "corrections_table",
    "json_ld_script",
    "ledger",
    "ledger_explorer",
    "ledger_problems",
    "ledger_table",
    "verdict_before_after",
    "verdict_counts",
]

#: The verdicts, from best to worst supported; ``unverified`` last (it is not a judgement).
VERDICTS: tuple[str, ...] = ("supported", "approximately", "misleading", "contradicted", "unverified")

#: Label shown to readers (and used as ``alternateName`` in ClaimReview) for each verdict.
VERDICT_LABELS: dict[str, str] = {
    "supported": "Supported",
    "approximately": "Approximately right",
    "misleading": "Misleading",
    "contradicted": "Contradicted",
    "unverified": "Unverified",
}

#: A glyph shown before the label (decorative: hidden from screen readers; the label is the text).
_VERDICT_GLYPHS: dict[str, str] = {
    "supported": "\u2713",  # check mark
    "approximately": "\u2248",  # almost equal
    "misleading": "!",
    "contradicted": "\u2717",  # ballot x
    "unverified": "?",
}

_RATING_VALUES: dict[str, int | None] = {
    "supported": 5,
    "approximately": 4,
    "misleading": 2,
    "contradicted": 1,
    "unverified": None,  # not rated: no value on the scale
}

#: schema.org ``Rating`` for each verdict (see the module docstring for the mapping).
VERDICT_RATINGS: dict[str, dict[str, Any]] = {
    verdict: {
        "@type": "Rating",
        **({"ratingValue": _RATING_VALUES[verdict]} if _RATING_VALUES[verdict] is not None else {}),
        "bestRating": 5,
        "worstRating": 1,
        "alternateName": VERDICT_LABELS[verdict],
    }
    for verdict in VERDICTS
}

#: The organisation that publishes the reviews.
REVIEWER: dict[str, str] = {"@type": "Organization", "name": "Spheres of Influence companion"}

#: Where the article chapters live; a chapter's file name is its article id.
ARTICLE_CHAPTERS = "book/articles/"


def toc_article_order(toc_file: Path | None = None) -> tuple[str, ...]:
    """Article ids in the order their chapters appear in ``_toc.yml``."""
    import yaml

    toc_file = toc_file or Path(__file__).resolve().parents[1] / "_toc.yml"
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

#: Verdicts that must record the strongest reading under which the claim would hold.
NEGATIVE_VERDICTS: tuple[str, ...] = ("approximately", "misleading", "contradicted")

_COLUMNS = (
    "claim_id",
    "article_id",
    "quote",
    "claim_type",
    "claimed_value",
    "claimed_unit",
    "checked_value",
    "verdict",
    "check_method",
    "source_id",
    "note",
    "strongest_case",
    "added",
)


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def _load(name: str) -> pd.DataFrame:
    """Load one dataset through :mod:`companion.data` (validated)."""
    from companion import data

    return data.load(name)


def ledger() -> pd.DataFrame:
    """Return the claims ledger (validated), ordered by article and then as listed."""
    claims = _load("claims")
    order = {a: i for i, a in enumerate(ARTICLE_ORDER)}
    key = claims["article_id"].map(order).fillna(len(order))
    return claims.assign(_order=key).sort_values("_order", kind="stable").drop(columns="_order")


_text = fmt.text  # a cell as text, '' for missing values


def _articles_by_id() -> dict[str, dict[str, Any]]:
    """Return the ``articles`` dataset as a dict of row dicts keyed by article id."""
    articles = _load("articles")
    return {str(r["id"]): r for r in articles.to_dict("records")}


def _sources_by_id() -> dict[str, dict[str, Any]]:
    """Return the ``sources`` dataset as a dict of row dicts keyed by source id."""
    sources = _load("sources")
    return {str(r["source_id"]): r for r in sources.to_dict("records")}


def _read_resource(directory: Path, name: str) -> tuple[str, list[tuple[int, dict[str, str]]]]:
    """Return a resource's shown path and its rows as text, each with its editor line (header = 1)."""
    import csv

    from companion import data

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
    from companion import data

    return Path(data_dir) if data_dir is not None else data.DEFAULT_DATA_DIR


def ledger_problems(data_dir: str | Path | None = None) -> list[str]:
    """Check the ledger rules a table schema cannot express; return one message per problem.

    * ``source_id`` is required unless the verdict is ``unverified``;
    * every ``quote`` occurs verbatim in its article (:func:`companion.quotes.check_quote`);
    * a contradicted, misleading or approximately row records its ``strongest_case``;
    * an unverified row's ``check_method`` or ``note`` says what was searched ("searched") and
      its ``note`` says what record would settle it ("would settle");
    * rows of one claim type resting on one source share a verdict, unless the rows that differ
      say why (:func:`consistency_problems`).

    Messages name the file, the line as a text editor shows it (header = line 1), the column
    and the rule, like :func:`companion.data.validate`.
    """
    from companion import quotes

    directory = _directory(data_dir)
    try:
        shown, rows = _read_resource(directory, "claims")
    except LookupError as exc:
        return [str(exc)]
    problems: list[str] = []
    for line, row in rows:
        verdict = row.get("verdict", "")
        if verdict != "unverified" and not row.get("source_id"):
            problems.append(
                f"{shown}, line {line}, column source_id: a source is required "
                f"unless the verdict is unverified (verdict is {verdict!r})"
            )
        check = quotes.check_quote(row.get("article_id", ""), row.get("quote", ""), data_dir=directory)
        if not check.ok:
            problems.append(f"{shown}, line {line}, column quote: not verbatim: {check.message}")
        if verdict in NEGATIVE_VERDICTS and not row.get("strongest_case"):
            problems.append(
                f"{shown}, line {line}, column strongest_case: required for a {verdict} "
                f"verdict (the strongest reading under which the claim would hold)"
            )
        if verdict == "unverified":
            searched = "searched" in (row.get("check_method", "") + " " + row.get("note", "")).lower()
            settle = "would settle" in row.get("note", "").lower()
            if not (searched and settle):
                missing = " and ".join(
                    x
                    for x, ok in (("what was searched", searched), ("what would settle it", settle))
                    if not ok
                )
                problems.append(f"{shown}, line {line}, column note: an unverified claim must say {missing}")
    problems.extend(consistency_problems(directory, rows=(shown, rows)))
    return problems


def consistency_problems(
    data_dir: str | Path | None = None, *, rows: tuple[str, list[tuple[int, dict[str, str]]]] | None = None
) -> list[str]:
    """Rows of one claim type resting on one source must share a verdict unless the notes say why.

    Rows are grouped by ``claim_type`` and ``source_id`` (rows without a source are left out). In
    a group with more than one verdict, every row whose verdict is not the group's most common
    one (every row, if two verdicts are equally common) must name, in its ``note``, at least one
    row of the group with another verdict: that is where it says why it differs.
    """
    from collections import Counter, defaultdict

    shown, table = rows if rows is not None else _read_resource(_directory(data_dir), "claims")
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for line, row in table:
        if row.get("source_id"):
            groups[(row.get("claim_type", ""), row["source_id"])].append((line, row))
    problems: list[str] = []
    for (claim_type, source_id), members in sorted(groups.items()):
        counts = Counter(row["verdict"] for _, row in members)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        tie = ranked[0][1] == ranked[1][1]
        usual = ranked[0][0]
        for line, row in members:
            if not tie and row["verdict"] == usual:
                continue
            others = [r["claim_id"] for _, r in members if r["verdict"] != row["verdict"]]
            if any(
                re.search(rf"(?<![a-z0-9-]){re.escape(o)}(?![a-z0-9-])", row.get("note", "")) for o in others
            ):
                continue
            listed = ", ".join(
                f"{r['claim_id']} ({r['verdict']})" for _, r in members if r["verdict"] != row["verdict"]
            )
            problems.append(
                f"{shown}, line {line}, column verdict: {row['claim_id']} is "
                f"{row['verdict']} but other {claim_type} rows resting on source "
                f"{source_id} are rated otherwise ({listed}); its note must name one of "
                f"them and say why the verdicts differ"
            )
    return problems


# --------------------------------------------------------------------------------------
# ClaimReview
# --------------------------------------------------------------------------------------


_iso_date = fmt.iso_date  # a date cell as YYYY-MM-DD, '' when missing


@functools.lru_cache(maxsize=1)
def site_url() -> str:
    """Return the published site's address, ``html.baseurl`` in ``_config.yml`` (ends in ``/``)."""
    import yaml

    config_file = Path(__file__).resolve().parents[1] / "_config.yml"
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
    from companion import data

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


# --------------------------------------------------------------------------------------
# HTML tables
# --------------------------------------------------------------------------------------


def _verdict_html(verdict: str) -> str:
    glyph = _VERDICT_GLYPHS.get(verdict, "")
    label = VERDICT_LABELS.get(verdict, verdict)
    return (
        f'<span class="claim-verdict">'
        f'<span aria-hidden="true">{html.escape(glyph)}</span> {html.escape(label)}</span>'
    )


def _source_html(source_id: str, sources: Mapping[str, Mapping[str, Any]]) -> str:
    if not source_id:
        return "—"
    parts = []
    for sid in (s.strip() for s in source_id.split(";")):
        src = sources.get(sid)
        if src is None:
            parts.append(html.escape(sid))
            continue
        label = html.escape(_text(src.get("publisher")) or sid)
        url = _text(src.get("url"))
        if url:
            label = f'<a href="{html.escape(url, quote=True)}">{label}</a>'
        reliability = _text(src.get("reliability"))
        if reliability:
            label += f' <span class="source-class">({html.escape(reliability)})</span>'
        parts.append(label)
    return "; ".join(parts)


def _value_html(value: str, unit: str) -> str:
    text = " ".join(p for p in (value, unit) if p)
    return html.escape(text) if text else "—"


def _scroll(table: str, label: str) -> str:
    """Wrap a wide table in a keyboard-scrollable region."""
    return (
        f'<div class="claims-scroll" role="region" tabindex="0" aria-label="{html.escape(label)}">'
        f"{table}</div>"
    )


def ledger_table(
    claims: pd.DataFrame | None = None,
    *,
    caption: str = "Claims ledger",
    anchors: bool = True,
    show_article: bool = True,
    table_id: str = "claims-ledger",
    compact: bool = False,
    filterable: bool = False,
    notes_only: bool = False,
) -> str:
    """Return the ledger rows as an accessible HTML table (a string).

    ``compact`` drops method and source; ``notes_only`` replaces them with a column holding the
    note alone, leaving method, source and strongest case to the full ledger, to which each
    claim id links (the chapters' tables use it); ``filterable`` adds data-article.
    """
    claims = ledger() if claims is None else claims
    sources = _sources_by_id()
    head = ["Claim", "Claimed", "Checked", "Verdict", "How it was checked", "Source"]
    if compact:
        head = head[:4]
    elif notes_only:
        head = head[:4] + ["Note"]
    if show_article:
        head.insert(0, "Article")
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    fixes = _corrections_by_claim()
    rows = []
    for r in claims.to_dict("records"):
        cid = _text(r["claim_id"])
        verdict = _text(r["verdict"])
        note = _text(r.get("note"))
        strongest_case = _text(r.get("strongest_case"))
        method = html.escape(_text(r.get("check_method")))
        if note:
            method += f'<br><span class="claim-note">Note: {html.escape(note)}</span>'
        if strongest_case:
            method += (
                f'<br><span class="claim-strongest">Strongest case for the claim: '
                f"{html.escape(strongest_case)}</span>"
            )
        if anchors:
            ident = f'<a class="claim-id" href="#claim-{cid}">{html.escape(cid)}</a>'
            row_attr = f' id="claim-{html.escape(cid)}"'
        else:
            ident = (
                f'<a class="claim-id" href="{LEDGER_PAGE}#claim-{html.escape(cid)}">{html.escape(cid)}</a>'
            )
            row_attr = ""
        cells = [
            f'<th scope="row"><blockquote>{html.escape(_text(r["quote"]))}</blockquote>{ident}</th>',
            f"<td>{_value_html(_text(r.get('claimed_value')), _text(r.get('claimed_unit')))}</td>",
            f"<td>{html.escape(_text(r.get('checked_value'))) or '—'}</td>",
            f"<td>{_verdict_html(verdict)}{_correction_links(fixes.get(cid, []))}</td>",
        ]
        if notes_only:
            cells.append(f"<td>{html.escape(note) or '—'}</td>")
        elif not compact:
            cells += [f"<td>{method}</td>", f"<td>{_source_html(_text(r.get('source_id')), sources)}</td>"]
        if show_article:
            cells.insert(0, f"<td>{html.escape(_text(r['article_id']))}</td>")
        row_attr += f' data-verdict="{html.escape(verdict)}"'
        if filterable:  # the explorer's article filter reads this attribute
            row_attr += f' data-article="{html.escape(_text(r["article_id"]))}"'
        rows.append(f"<tr{row_attr}>{''.join(cells)}</tr>")
    return (
        f'<table class="claims-ledger" id="{html.escape(table_id)}">'
        f"<caption>{html.escape(caption)}</caption>"
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def claims_section(article_id: str) -> HTML:
    """Return one article's ledger rows as an HTML table plus their ClaimReview JSON-LD."""
    claims = ledger()
    if article_id not in set(_articles_by_id()):
        raise ValueError(f"unknown article id {article_id!r}; known ids: {', '.join(ARTICLE_ORDER)}")
    rows = claims[claims["article_id"] == article_id]
    if rows.empty:
        return HTML(f"<p>The ledger has no rows for {html.escape(article_id)} yet.</p>")
    counts = rows["verdict"].value_counts()
    summary = ", ".join(f"{VERDICT_LABELS[v].lower()}: {int(counts[v])}" for v in VERDICTS if v in counts)
    table = ledger_table(
        rows,
        caption=f"Claims checked in this article ({len(rows)}; {summary})",
        anchors=False,
        show_article=False,
        table_id=f"claims-{article_id}",
        notes_only=True,
    )
    note = (
        f'<p class="claims-more">Each claim id links to its row in the full ledger on the '
        f'<a href="{LEDGER_PAGE}">Fact-check</a> page, which gives how it was checked, the '
        f"source and, for each negative verdict, the strongest case for the claim, and explains "
        f"the verdict scale. A verdict changed since the first edition links to the "
        f'<a href="{CORRECTIONS_PAGE}">Corrections</a> page.</p>'
    )
    return HTML(
        _scroll(table, "Claims checked in this article")
        + note
        + json_ld_script(claim_reviews(rows, body=False))
    )


_FILTER_SCRIPT = """<script>
(function () {
  var table = document.getElementById("claims-ledger");
  if (!table) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var text = document.getElementById("claims-filter-text");
  var verdict = document.getElementById("claims-filter-verdict");
  var article = document.getElementById("claims-filter-article");
  var count = document.getElementById("claims-filter-count");
  var reset = document.getElementById("claims-filter-reset");
  var haystack = rows.map(function (r) { return r.textContent.toLowerCase(); });
  function apply() {
    var q = text.value.trim().toLowerCase(), v = verdict.value, a = article.value, shown = 0;
    rows.forEach(function (r, i) {
      var ok = (!q || haystack[i].indexOf(q) !== -1) &&
               (!v || r.getAttribute("data-verdict") === v) &&
               (!a || r.getAttribute("data-article") === a);
      r.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  function clear() { text.value = ""; verdict.value = ""; article.value = ""; apply(); }
  function reveal() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.hidden) { clear(); target.scrollIntoView(); }
  }
  text.addEventListener("input", apply);
  verdict.addEventListener("change", apply);
  article.addEventListener("change", apply);
  reset.addEventListener("click", clear);
  window.addEventListener("hashchange", reveal);
  apply();
})();
</script>"""


def ledger_explorer(claims: pd.DataFrame | None = None) -> HTML:
    """Return the whole ledger as a searchable, filterable HTML table with its ClaimReview JSON-LD."""
    claims = ledger() if claims is None else claims
    articles = _articles_by_id()
    verdict_options = "".join(f'<option value="{v}">{VERDICT_LABELS[v]}</option>' for v in VERDICTS)
    article_options = "".join(
        f'<option value="{a}">{html.escape(_text(articles[a].get("title")) or a)}</option>'
        for a in ARTICLE_ORDER
        if a in articles
    )
    controls = (
        '<form class="claims-filter" role="search" aria-label="Filter the claims ledger" '
        'onsubmit="return false;">'
        '<label for="claims-filter-text">Search quotes, values and notes'
        '<input id="claims-filter-text" type="search" autocomplete="off"></label>'
        '<label for="claims-filter-verdict">Verdict'
        f'<select id="claims-filter-verdict"><option value="">All verdicts</option>{verdict_options}'
        "</select></label>"
        '<label for="claims-filter-article">Article'
        f'<select id="claims-filter-article"><option value="">All articles</option>{article_options}'
        "</select></label>"
        '<button type="button" id="claims-filter-reset">Show all</button>'
        '</form><p id="claims-filter-count" aria-live="polite"></p>'
    )
    table = ledger_table(
        claims,
        caption=f"The claims ledger: {len(claims)} claims in five articles",
        anchors=True,
        show_article=True,
        table_id="claims-ledger",
        filterable=True,
    )
    return HTML(
        controls
        + _scroll(table, "The claims ledger")
        + json_ld_script(claim_reviews(claims))
        + _FILTER_SCRIPT
    )


def case_table(claim_ids: list[str], caption: str, table_id: str) -> HTML:
    """Return selected ledger rows, in the order given, as an HTML table linking to the full ledger."""
    claims = ledger().set_index("claim_id", drop=False)
    missing = [c for c in claim_ids if c not in claims.index]
    if missing:
        raise KeyError(f"no ledger rows for {', '.join(missing)}")
    rows = claims.loc[claim_ids]
    return HTML(
        ledger_table(rows, caption=caption, anchors=False, show_article=True, table_id=table_id, compact=True)
    )


def verdict_counts(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the number of claims per article and verdict (long format, zeros included)."""
    claims = ledger() if claims is None else claims
    grid = pd.MultiIndex.from_product([ARTICLE_ORDER, VERDICTS], names=["article_id", "verdict"])
    counts = claims.groupby(["article_id", "verdict"]).size().reindex(grid, fill_value=0)
    out = counts.rename("claims").reset_index()
    out["verdict_label"] = out["verdict"].map(VERDICT_LABELS)
    return out


# --------------------------------------------------------------------------------------
# Corrections
# --------------------------------------------------------------------------------------


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


def _correction_links(fixes: Sequence[Mapping[str, Any]], page: str = CORRECTIONS_PAGE) -> str:
    """Return the 'corrected' note shown under a changed verdict (empty when there is none)."""
    if not fixes:
        return ""
    links = ", ".join(
        f'<a href="{page}#correction-{html.escape(_text(f["correction_id"]))}">'
        f"was {html.escape(VERDICT_LABELS.get(_text(f['old']), _text(f['old'])).lower())} "
        f"({html.escape(_iso_date(f['date']))})</a>"
        for f in fixes
    )
    return f'<br><span class="claim-corrected">Corrected: {links}</span>'


def corrections_problems(data_dir: str | Path | None = None) -> list[str]:
    """Check the corrections rules a table schema cannot express; return one message per problem.

    * a ``verdict`` correction names a ``claim_id``; its ``old`` and ``new`` are two different
      verdicts; the latest correction of a claim has as ``new`` the ledger's current verdict, and
      each earlier one's ``new`` is the next one's ``old``;
    * an ``annotation`` correction leaves ``claim_id`` empty and names a ``chapter``.

    Messages name the file, the line, the column and the rule.
    """
    directory = _directory(data_dir)
    try:
        shown, rows = _read_resource(directory, "corrections")
        _, claims_rows = _read_resource(directory, "claims")
    except LookupError as exc:
        return [str(exc)]
    current = {r["claim_id"]: r["verdict"] for _, r in claims_rows}
    problems: list[str] = []
    chains: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in rows:
        kind, cid = row.get("kind", ""), row.get("claim_id", "")
        if kind == "verdict":
            if not cid:
                problems.append(
                    f"{shown}, line {line}, column claim_id: a verdict correction must name a claim"
                )
                continue
            for col in ("old", "new"):
                if row.get(col) not in VERDICTS:
                    problems.append(
                        f"{shown}, line {line}, column {col}: {row.get(col)!r} is not a verdict; "
                        f"expected one of {', '.join(VERDICTS)}"
                    )
            if row.get("old") == row.get("new"):
                problems.append(f"{shown}, line {line}, column new: the new verdict equals the old one")
            chains.setdefault(cid, []).append((line, row))
        elif kind == "annotation":
            if cid:
                problems.append(
                    f"{shown}, line {line}, column claim_id: an annotation correction names "
                    f"a chapter, not a claim (found {cid!r})"
                )
            if not row.get("chapter"):
                problems.append(
                    f"{shown}, line {line}, column chapter: an annotation correction must "
                    f"name the chapter it changed"
                )
    for cid, chain in chains.items():
        for (_, earlier), (line, later) in zip(chain, chain[1:]):
            if later.get("old") != earlier.get("new"):
                problems.append(
                    f"{shown}, line {line}, column old: {later.get('old')!r} does not follow "
                    f"the previous correction of {cid}, which set {earlier.get('new')!r}"
                )
        line, last = chain[-1]
        if cid in current and last.get("new") != current[cid]:
            problems.append(
                f"{shown}, line {line}, column new: {last.get('new')!r} is not the ledger's "
                f"current verdict for {cid} ({current[cid]!r})"
            )
    return problems


def verdict_before_after() -> pd.DataFrame:
    """Count the verdicts of the first edition and of the ledger now.

    The first edition is the rows added on the first day any row was added, each with the
    ``old`` verdict of its first correction (or its current verdict when it has none). Rows
    added later count only in the current column.
    """
    claims = ledger()
    first_day = claims["added"].min()
    fixes = _corrections_by_claim()
    first = claims[claims["added"] == first_day]
    first_verdicts = [
        (_text(fixes[c][0]["old"]) if c in fixes else v) for c, v in zip(first["claim_id"], first["verdict"])
    ]
    before = pd.Series(first_verdicts).value_counts()
    now = claims["verdict"].value_counts()
    out = pd.DataFrame(
        {
            "verdict": list(VERDICTS),
            "label": [VERDICT_LABELS[v] for v in VERDICTS],
            "first_edition": [int(before.get(v, 0)) for v in VERDICTS],
            "now": [int(now.get(v, 0)) for v in VERDICTS],
        }
    )
    out["change"] = out["now"] - out["first_edition"]
    return out


_ROLE = re.compile(r"\{(?P<role>[\w:-]+)\}`(?P<body>[^`]*)`")


def _role_text(match: re.Match[str]) -> str:
    role, body = match.group("role"), match.group("body")
    shown = re.sub(r"\s*<[^>]*>$", "", body).strip() or body
    if role.startswith("cite"):
        return "(" + ", ".join(k.strip() for k in body.split(",")) + ")"
    if role == "doc" and "<" not in body:
        return shown.rsplit("/", 1)[-1]
    return shown


def plain_myst(text: str) -> str:
    """Return MyST prose as plain text: roles become their text, emphasis marks are dropped."""
    text = _ROLE.sub(_role_text, text)
    return re.sub(r"(\*\*|\*|`)", "", text)


def corrections_table(frame: pd.DataFrame | None = None) -> HTML:
    """Return the corrections as an accessible HTML table, newest first, each row with an anchor."""
    frame = corrections() if frame is None else frame
    sources = _sources_by_id()
    claims = ledger().set_index("claim_id")
    head = ["Correction", "Date", "What changed", "Before", "After", "Why", "Source"]
    ths = "".join(f'<th scope="col">{h}</th>' for h in head)
    rows = []
    for r in frame.sort_values(["date", "correction_id"], ascending=False, kind="stable").to_dict("records"):
        ident = html.escape(_text(r["correction_id"]))
        cid = _text(r.get("claim_id"))
        chapter = _text(r.get("chapter"))
        if cid:
            what = f'Verdict on claim <a href="{LEDGER_PAGE}#claim-{html.escape(cid)}">{html.escape(cid)}</a>'
            if cid in claims.index:
                what += f" ({html.escape(_text(claims.loc[cid, 'article_id']))})"
            old = _verdict_html(_text(r["old"]))
            new = _verdict_html(_text(r["new"]))
        else:
            target = chapter.removeprefix("book/")
            what = (
                f'Annotation in <a href="../{html.escape(target)}.html">{html.escape(chapter)}</a>'
                if chapter
                else "Annotation"
            )
            old = html.escape(plain_myst(_text(r["old"])))
            new = html.escape(plain_myst(_text(r["new"])))
        cells = [
            f'<th scope="row"><a class="correction-id" href="#correction-{ident}">{ident}</a></th>',
            f"<td>{html.escape(_iso_date(r['date']))}</td>",
            f"<td>{what}</td>",
            f"<td>{old}</td>",
            f"<td>{new}</td>",
            f"<td>{html.escape(_text(r['reason']))}</td>",
            f"<td>{_source_html(_text(r.get('source_id')), sources)}</td>",
        ]
        rows.append(
            f'<tr id="correction-{ident}" data-kind="{html.escape(_text(r["kind"]))}">{"".join(cells)}</tr>'
        )
    table = (
        f'<table class="claims-ledger" id="corrections-log">'
        f"<caption>Corrections since the first edition ({len(frame)})</caption>"
        f"<thead><tr>{ths}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )
    return HTML(_scroll(table, "Corrections since the first edition"))


# --------------------------------------------------------------------------------------
# Computed checks
# --------------------------------------------------------------------------------------


class _Datasets:
    """Load each dataset at most once during one call of :func:`computed_checks`."""

    def __init__(self) -> None:
        self._frames: dict[str, pd.DataFrame] = {}

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._frames:
            self._frames[name] = _load(name)
        return self._frames[name]

    def article_date(self, article_id: str) -> date:
        """Return the date an article appeared (the ``date`` or, failing it, ``original_date``)."""
        row = self["articles"].set_index("id").loc[article_id]
        for col in ("date", "original_date"):
            value = _iso_date(row.get(col))
            if value:
                return date.fromisoformat(value)
        raise ValueError(f"article {article_id!r} has no date in the articles dataset")


def _gdp(d: _Datasets, iso3: str, year: int) -> float:
    gdp = d["gdp"]
    hit = gdp.loc[(gdp["iso3"] == iso3) & (gdp["year"] == year), "gdp_usd_bn"]
    if hit.empty or pd.isna(hit.iloc[0]):
        raise ValueError(f"gdp dataset: no value for {iso3} {year}")
    return float(hit.iloc[0])


def _value(frame: pd.DataFrame, column: str, **where: Any) -> float:
    mask = pd.Series(True, index=frame.index)
    for col, val in where.items():
        mask &= frame[col] == val
    hit = frame.loc[mask, column]
    if hit.empty or pd.isna(hit.iloc[0]):
        raise ValueError(f"no {column} where {where}")
    return float(hit.iloc[0])


def _age_on(born: date, on: date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _years_between(start: date, end: date) -> float:
    """Years from ``start`` to ``end`` (days / 365.25)."""
    return (end - start).days / 365.25


def _whole_years(start: date, end: date) -> int:
    """Full years elapsed from ``start`` to ``end``."""
    return _age_on(start, end)


_END_OF_WWII_YEAR = 1945


def _fixed_date(d: _Datasets, date_id: str) -> date:
    """A fixed date from the ``reference_dates`` dataset (each row cites its source)."""
    dates = d["reference_dates"].set_index("date_id")["date"]
    if date_id not in dates.index:
        raise ValueError(
            f"reference_dates dataset: no row with date_id {date_id!r}; known ids: {', '.join(dates.index)}"
        )
    return pd.Timestamp(dates[date_id]).date()


def _event_date(d: _Datasets, title_contains: str) -> date:
    """Date of the one event in the events dataset whose title contains ``title_contains``."""
    events = d["events"]
    hit = events[events["title"].str.contains(title_contains, regex=False)]
    if len(hit) != 1:
        raise ValueError(
            f"events dataset: expected one event titled like {title_contains!r}, found {len(hit)}"
        )
    return pd.Timestamp(hit["date"].iloc[0]).date()


def _latest_gdp_year(d: _Datasets) -> int:
    return int(d["gdp"]["year"].max())


def _gdp_rank(d: _Datasets, iso3: str, year: int) -> int:
    """Rank of ``iso3`` by GDP in ``year`` among the economies in the gdp dataset (World excluded)."""
    from companion import data

    return data.gdp_rank(iso3, year, d["gdp"])


def _rank_among(d: _Datasets, iso3: str, among: tuple[str, ...], year: int) -> int:
    """Rank of ``iso3`` by GDP in ``year`` among the economies ``among`` (1 = largest)."""
    values = sorted(((_gdp(d, code, year), code) for code in among), reverse=True)
    return [code for _, code in values].index(iso3) + 1


def _milex(d: _Datasets, iso3: str, year: int) -> float:
    return _value(d["military_expenditure"], "usd_current_bn", iso3=iso3, year=year)


def _trade_total(d: _Datasets, year: int) -> float:
    return _value(d["china_russia_trade"], "total_usd_bn", year=year)


def _crude_value(d: _Datasets, year: int) -> float:
    """Full-year value of China's crude imports from Russia, billions of US dollars."""
    return _value(d["china_crude_imports_from_russia"], "value_usd_bn", year=year, period="full_year")


def _checks() -> dict[str, Callable[[_Datasets], Any]]:
    """Return the computed checks, keyed by claim id."""
    sc = "superpower-concessions"
    rk = "reverse-kissinger"
    return {
        # Ages and anniversaries, from the article's date in the articles dataset.
        "sc-trump-turns-80": lambda d: d.article_date(sc).year - _fixed_date(d, "trump-born").year,
        "sc-putin-74": lambda d: _age_on(_fixed_date(d, "putin-born"), d.article_date(sc)),
        "sc-90-years": lambda d: _whole_years(_fixed_date(d, "churchill-broadcast"), d.article_date(sc)),
        "sc-quarter-century": lambda d: round(
            _years_between(_fixed_date(d, "putin-acting-president"), d.article_date(sc)), 1
        ),
        "sc-year-passed": lambda d: round(
            _years_between(_event_date(d, "First Putin–Trump phone call"), d.article_date(sc)), 1
        ),
        "sc-prc-77th": lambda d: (
            d.article_date(sc).year - _event_date(d, "People's Republic of China proclaimed").year
        ),
        "sc-cpc-77th": lambda d: d.article_date(sc).year - _fixed_date(d, "cpc-founded").year,
        "sc-later-than-nato": lambda d: (
            (
                _event_date(d, "People's Republic of China proclaimed")
                - _event_date(d, "North Atlantic Treaty signed")
            ).days
        ),
        "go-nearly-three-years": lambda d: round(
            _years_between(
                _event_date(d, "full-scale invasion of Ukraine"), _event_date(d, "Pope Francis' funeral")
            ),
            1,
        ),
        "rk-80-years": lambda d: d.article_date(rk).year - _END_OF_WWII_YEAR,
        # The article's own numbers.
        "sc-population-doubled": lambda d: round(900 / 550, 2),
        # GDP (World Bank, current US$).
        "sc-china-second-largest": lambda d: _gdp_rank(d, "CHN", _latest_gdp_year(d)),
        "sc-china-1987-rank": lambda d: _gdp_rank(d, "CHN", 1987),
        "sc-china-two-thirds-us": lambda d: round(
            _gdp(d, "CHN", _latest_gdp_year(d)) / _gdp(d, "USA", _latest_gdp_year(d)), 2
        ),
        "sc-china-1987-share": lambda d: round(100 * _gdp(d, "CHN", 1987) / _gdp(d, "WLD", 1987), 1),
        "sba-five-to-nine-times": lambda d: round(
            _gdp(d, "CHN", _latest_gdp_year(d)) / _gdp(d, "RUS", _latest_gdp_year(d)), 1
        ),
        "sba-weakest-player": lambda d: _rank_among(d, "RUS", ("USA", "CHN", "RUS"), _latest_gdp_year(d)),
        # Military expenditure (SIPRI, current US$).
        "sc-us-far-greater-resources": lambda d: round(_milex(d, "USA", 2024) / _milex(d, "RUS", 2024), 1),
        # China–Russia trade (China Customs totals).
        "rk-trade-flourished": lambda d: round(_trade_total(d, 2024) / _trade_total(d, 2021), 2),
        # China's crude imports from Russia (China Customs values, as reported).
        "rk-crude-62bn-2024": lambda d: round(_crude_value(d, 2024), 1),
        "rk-crude-two-thirds-2021": lambda d: round(_crude_value(d, 2021) / _crude_value(d, 2024), 2),
        "rk-oil-caption-currency": lambda d: round(_crude_value(d, 2024), 1),
    }


def computed_checks(only: list[str] | None = None) -> dict[str, Any]:
    """Compute the checked value of every claim our datasets can check, keyed by claim id."""
    checks = _checks()
    wanted = list(checks) if only is None else only
    unknown = [c for c in wanted if c not in checks]
    if unknown:
        raise KeyError(f"no computed check for {', '.join(unknown)}")
    d = _Datasets()
    return {cid: checks[cid](d) for cid in wanted}
