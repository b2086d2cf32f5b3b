"""The values of book/reference/corrections.md, worked out from the CSV files and from hand-made logs."""

from __future__ import annotations

import pandas as pd
from datacopy import read

from companion.chapters import corrections


def test_values_on_the_repository():
    log, ledger = read("corrections.csv"), read("claims.csv")
    v = corrections.values()
    assert v.n == len(log)
    assert (v.n_verdict, v.n_annotation) == (
        sum(r["kind"] == "verdict" for r in log),
        sum(r["kind"] == "annotation" for r in log),
    )
    assert v.latest == max(r["date"] for r in log)
    assert v.now == len(ledger)
    first_day = min(r["added"] for r in ledger)
    assert v.first_edition == sum(r["added"] == first_day for r in ledger)
    assert v.first_date == pd.Timestamp(first_day).strftime("%-d %B %Y")


def test_values_of_a_hand_made_log():
    log = pd.DataFrame(
        {
            "kind": ["verdict", "annotation", "verdict"],
            "date": pd.to_datetime(["2026-01-05", "2026-02-01", "2026-01-20"]),
        }
    )
    counts = pd.DataFrame(
        {"label": ["Supported", "Unverified"], "first_edition": [3, 2], "now": [5, 1], "change": [2, -1]}
    )
    ledger = pd.DataFrame({"added": pd.to_datetime(["2025-12-01", "2026-01-02"])})
    v = corrections.values_of(log, counts, ledger)
    assert (v.n, v.n_verdict, v.n_annotation, v.latest) == (3, 2, 1, "2026-02-01")
    assert (v.first_edition, v.now, v.first_date) == (5, 6, "1 December 2025")
    assert list(corrections.before_after(counts).columns) == ["Verdict", "First edition", "Now", "Change"]
