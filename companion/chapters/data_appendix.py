"""Values and checks for the data appendix (book/reference/data.md).

"What could not be found" lists gaps in the tables; each gap is checked against the tables, so a
new release that fills one stops the build at the sentence to rewrite.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pandas as pd

from companion import data, prose
from companion.chapters import chapter_path

CHAPTER = "book/reference/data.md"
#: ``prose.guard`` for the statements of this chapter: a failure names its file and line.
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))


def _bn(value: float) -> str:
    """Billions as the appendix writes them: 916.0 -> "916", 1234.5 -> "1,234"."""
    return format(float(value), ",.0f")


def _pct(value: float) -> str:
    """A share as the appendix writes it, to two decimals."""
    return format(float(value), ".2f")


@dataclass(frozen=True)
class Milex:
    """SIPRI's figures for the United States and Poland that the appendix quotes."""

    usa_2014_current: str
    usa_2014_constant: str
    usa_2024_current: str
    usa_2024_constant: str
    usa_2024_sipri_share: str
    pol_2024_sipri_share: str
    n_sipri_estimates: int


def milex_figures(milex: pd.DataFrame) -> Milex:
    """SIPRI's current- and constant-price spending and shares of GDP that the appendix quotes."""
    _guard(
        int(milex["year"].max()) == 2024,
        "the book uses the April 2025 release, so its last year is 2024",
        f"the table's last year is {int(milex['year'].max())}",
    )
    m = milex.set_index(["iso3", "year"])
    return Milex(
        usa_2014_current=_bn(m.loc[("USA", 2014), "usd_current_bn"]),
        usa_2014_constant=_bn(m.loc[("USA", 2014), "usd_constant_2023_bn"]),
        usa_2024_current=_bn(m.loc[("USA", 2024), "usd_current_bn"]),
        usa_2024_constant=_bn(m.loc[("USA", 2024), "usd_constant_2023_bn"]),
        usa_2024_sipri_share=_pct(m.loc[("USA", 2024), "share_of_gdp_pct"]),
        pol_2024_sipri_share=_pct(m.loc[("POL", 2024), "share_of_gdp_pct"]),
        n_sipri_estimates=int(milex["sipri_estimate"].fillna(False).astype(bool).sum()),
    )


@dataclass(frozen=True)
class Nato:
    """The NATO table's and NATO's headline 2024 figures that the appendix compares."""

    usa_2024_table: str
    usa_2024_headline: str
    pol_2024_table: str
    pol_2024_headline: str
    n_disagree: int
    guideline_low: str
    guideline_high: str


def nato_figures(nato: pd.DataFrame, guidelines: list[float]) -> Nato:
    """The NATO table's figures for 2024 beside NATO's headline estimates, and the guidelines (% of GDP)."""
    last = nato[nato["year"] == nato["year"].max()]
    _guard(int(nato["year"].max()) == 2024 and last["is_estimate"].all(), "2024 stays an estimate here")
    n = nato.set_index(["ally", "year"])
    disagree = nato.loc[nato["year"].eq(2024) & nato["note"].fillna("").ne("")]
    return Nato(
        usa_2024_table=_pct(n.loc[("United States", 2024), "share_of_gdp_pct"]),
        usa_2024_headline=_pct(n.loc[("United States", 2024), "headline_share_of_gdp_pct"]),
        pol_2024_table=_pct(n.loc[("Poland", 2024), "share_of_gdp_pct"]),
        pol_2024_headline=_pct(n.loc[("Poland", 2024), "headline_share_of_gdp_pct"]),
        n_disagree=len(disagree),
        guideline_low=format(min(guidelines), "g"),
        guideline_high=format(max(guidelines), "g"),
    )


@dataclass(frozen=True)
class Trade:
    """The trade series' years and its two totals that are not what they seem."""

    first: int
    last: int
    total_2018: str
    total_2020: str
    split_years: str


def trade_figures(trade: pd.DataFrame) -> Trade:
    """The trade series' span, its 2018 floor and 2020 customs total, and the years with an export/import split."""
    basis = trade.set_index("year")["figure_basis"]
    _guard(
        list(trade.loc[basis.ne("gacc").to_numpy(), "year"]) == [2018],
        "One total is not what it seems",
        detail="the totals flagged in figure_basis are now for "
        + ", ".join(map(str, trade.loc[basis.ne("gacc").to_numpy(), "year"])),
    )
    _guard(basis.get(2018) == "gacc-lower-bound", 'For 2018 the report said only "exceeding"')
    _guard(basis.get(2020) == "gacc", "For 2020 the compiled table had only the rounded")
    t = trade.set_index("year")
    split = trade.dropna(subset=["exports_usd_bn", "imports_usd_bn"])["year"].astype(str)
    return Trade(
        first=int(trade["year"].min()),
        last=int(trade["year"].max()),
        total_2018=format(float(t.loc[2018, "total_usd_bn"]), ".0f"),
        total_2020=format(float(t.loc[2020, "total_usd_bn"]), ".2f"),
        split_years=" and ".join(split),
    )


@dataclass(frozen=True)
class Crude:
    """The crude-oil table's full years and part-year figures."""

    first: int
    last: int
    n_partial: int
    partial_years: str


def crude_span(crude: pd.DataFrame) -> Crude:
    """The crude-oil table's first and last full year, and its part-year figures."""
    full = crude[crude["period"] == "full_year"]
    partial = crude[crude["period"] != "full_year"]
    return Crude(
        first=int(full["year"].min()),
        last=int(full["year"].max()),
        n_partial=len(partial),
        partial_years=prose.years(partial["year"]),
    )


def check_gaps(crude: pd.DataFrame, nss_years: set[int], gdp_last: int) -> None:
    """Check the gaps "What could not be found" lists in the crude-oil, strategy-text and GDP tables."""
    _guard(min(nss_years) == 1987 and max(nss_years) == 2017, "The strategy-text tables cover 1987–2017")
    volumes = crude[(crude["period"] == "full_year") & crude["volume_mt"].notna()]
    _guard(
        not set(volumes["year"]) & {2019, 2020, 2025},
        "crude-oil volumes for 2019 and 2020 and the full-year 2025 volume",
    )
    _guard(gdp_last == 2023, "ends in 2023", f"the GDP table's last year is {gdp_last}")


@dataclass(frozen=True)
class Values:
    """Every value the appendix's prose shows, by table."""

    n_datasets: int
    milex: Milex
    nato: Nato
    trade: Trade
    crude: Crude


def values(data_dir: str | Path | None = None) -> Values:
    """Compute the appendix's values from the tables, checking the statements that do not follow them."""
    milex = milex_figures(data.load("military_expenditure", data_dir))
    guidelines = [g["share_of_gdp_pct"] for g in data.metadata("nato_defence_share", data_dir)["guidelines"]]
    nato = nato_figures(data.load("nato_defence_share", data_dir), guidelines)
    trade = trade_figures(data.load("china_russia_trade", data_dir))
    crude = data.load("china_crude_imports_from_russia", data_dir)
    nss_years = set(data.load("nss_documents", data_dir)["year"])
    check_gaps(crude, nss_years, int(data.load("gdp", data_dir)["year"].max()))
    return Values(
        n_datasets=len(data.catalogue(data_dir)),
        milex=milex,
        nato=nato,
        trade=trade,
        crude=crude_span(crude),
    )
