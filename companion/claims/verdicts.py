"""The verdict scale of the claims ledger: verdicts, their labels and their schema.org ratings.

See :mod:`companion.claims` for the scale and how each verdict maps to a ``reviewRating``.
"""

from __future__ import annotations

from typing import Any

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


#: A glyph shown before the label (decorative: drawn by companion/static/companion.css, ``.v-<verdict>``,
#: out of what screen readers read; the label is the text).
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


#: Verdicts that must record the strongest reading under which the claim would hold.
NEGATIVE_VERDICTS: tuple[str, ...] = ("approximately", "misleading", "contradicted")
