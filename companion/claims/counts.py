"""Counts of verdicts: per article, and in the first edition against now."""

from __future__ import annotations

import pandas as pd

from companion.claims.loading import ARTICLE_ORDER, _corrections_by_claim, ledger
from companion.claims.verdicts import VERDICT_LABELS, VERDICTS
from companion.formatting import text as _text


def verdict_counts(claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the number of claims per article and verdict (long format, zeros included)."""
    claims = ledger() if claims is None else claims
    grid = pd.MultiIndex.from_product([ARTICLE_ORDER, VERDICTS], names=["article_id", "verdict"])
    counts = claims.groupby(["article_id", "verdict"]).size().reindex(grid, fill_value=0)
    out = counts.rename("claims").reset_index()
    out["verdict_label"] = out["verdict"].map(VERDICT_LABELS)
    return out


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
