"""Values for the corrections page (book/reference/corrections.md): the log's counts and dates."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from companion import claims

CHAPTER = "book/reference/corrections.md"


def before_after(counts: pd.DataFrame) -> pd.DataFrame:
    """The verdict counts of the first edition and now, as the page's table shows them."""
    columns = {"label": "Verdict", "first_edition": "First edition", "now": "Now", "change": "Change"}
    return counts.rename(columns=columns)[list(columns.values())]


@dataclass(frozen=True)
class Values:
    """Every value the page's prose shows."""

    first_date: str
    first_edition: int
    now: int
    n: int
    latest: str
    n_verdict: int
    n_annotation: int


def values_of(log: pd.DataFrame, counts: pd.DataFrame, ledger: pd.DataFrame) -> Values:
    """The page's values from the corrections log, the verdict counts before and after, and the ledger."""
    return Values(
        first_date=ledger["added"].min().strftime("%-d %B %Y"),
        first_edition=int(counts["first_edition"].sum()),
        now=int(counts["now"].sum()),
        n=len(log),
        latest=str(log["date"].max().date()),
        n_verdict=int((log["kind"] == "verdict").sum()),
        n_annotation=int((log["kind"] == "annotation").sum()),
    )


def values() -> Values:
    """Compute the page's values from the repository's ledger and corrections log."""
    return values_of(claims.corrections(), claims.verdict_before_after(), claims.ledger())
