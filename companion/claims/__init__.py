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

The package is split by concern; every name below is importable from ``companion.claims``:

* :mod:`~companion.claims.verdicts`: the verdict scale, labels and ratings;
* :mod:`~companion.claims.loading`: the ledger, the corrections and the datasets around them;
* :mod:`~companion.claims.rules`: the rules a table schema cannot express;
* :mod:`~companion.claims.review`: ClaimReview JSON-LD;
* :mod:`~companion.claims.pages`: the HTML tables of the chapters and the Corrections page;
* :mod:`~companion.claims.explorer`: the Fact-check page's filterable ledger
  (its script is ``companion/static/claims-filter.js``);
* :mod:`~companion.claims.counts`: verdict counts;
* :mod:`~companion.claims.computed`: checked values computed from our datasets.
"""

from __future__ import annotations

from companion.claims.computed import _checks, _Datasets, computed_checks
from companion.claims.counts import verdict_before_after, verdict_counts
from companion.claims.explorer import ledger_explorer
from companion.claims.loading import (
    ARTICLE_CHAPTERS,
    ARTICLE_ORDER,
    CORRECTIONS_PAGE,
    LEDGER_PAGE,
    corrections,
    ledger,
    toc_article_order,
)
from companion.claims.pages import case_table, claims_section, corrections_table, ledger_table, plain_myst
from companion.claims.review import (
    claim_review,
    claim_reviews,
    json_ld_script,
    review_date,
    review_graph,
    site_url,
)
from companion.claims.rules import consistency_problems, corrections_problems, ledger_problems
from companion.claims.verdicts import NEGATIVE_VERDICTS, REVIEWER, VERDICT_LABELS, VERDICT_RATINGS, VERDICTS

__all__ = [
    "ARTICLE_CHAPTERS",
    "ARTICLE_ORDER",
    "CORRECTIONS_PAGE",
    "LEDGER_PAGE",
    "NEGATIVE_VERDICTS",
    "REVIEWER",
    "VERDICTS",
    "VERDICT_LABELS",
    "VERDICT_RATINGS",
    "case_table",
    "claim_review",
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
    "plain_myst",
    "review_date",
    "review_graph",
    "site_url",
    "toc_article_order",
    "verdict_before_after",
    "verdict_counts",
    # Used by the tests of the computed checks (a dataset can be swapped for an edited copy).
    "_Datasets",
    "_checks",
]
