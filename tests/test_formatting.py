"""companion.formatting: one way to show a missing value, a date and a number."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from companion import formatting as fmt


@pytest.mark.parametrize("value", [None, float("nan"), np.nan, pd.NaT, pd.NA])
def test_missing_values(value):
    assert fmt.is_missing(value)
    assert fmt.text(value, missing="not known") == "not known"
    assert fmt.iso_date(value) == ""
    assert fmt.number(value) == "\u2014"


@pytest.mark.parametrize("value", ["", "x", 0, 0.0, False, [1, 2], ["a"]])
def test_present_values_are_not_missing(value):
    assert not fmt.is_missing(value)


def test_blank_text_counts_as_missing_in_text():
    assert fmt.text("   ", missing="?") == "?"
    assert fmt.text("  a b  ") == "a b"


@pytest.mark.parametrize(
    "value",
    [
        pd.Timestamp("2026-02-24"),
        dt.date(2026, 2, 24),
        dt.datetime(2026, 2, 24, 13, 5),
        "2026-02-24T00:00:00",
    ],
)
def test_dates_read_as_iso(value):
    assert fmt.iso_date(value) == "2026-02-24"
    assert fmt.value_text(value) == ("2026-02-24" if not isinstance(value, str) else value)


def test_numbers():
    assert fmt.number(1234.5) == "1,234.50"
    assert fmt.number(3, decimals=0) == "3"
    assert fmt.value_text(12) == "12"
