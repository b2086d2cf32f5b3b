"""Values and guards for the chapter "A golden opportunity" (NATO spending lines, Europe's and Russia's spending)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from companion import data, prose, tables, text
from companion.chapters import chapter_path
from companion.charts import FigureText

CHAPTER = "book/articles/golden-opportunity.md"
ARTICLE = "golden-opportunity"
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))  # names the chapter file and line
REARMING = ["DEU", "POL", "FRA", "GBR"]  # the four countries the chapter follows from 2014
SEVEN = 7.0  # the "about 7% of GDP" often said of Russia's military spending


def guidelines() -> tuple[float, float]:
    """NATO's 2% guideline and 5% target, as the dataset's metadata gives them."""
    lines = {g["name"]: g["share_of_gdp_pct"] for g in data.metadata("nato_defence_share")["guidelines"]}
    return float(lines["Defence Investment Pledge"]), float(lines["The Hague Summit commitment"])


def latest_allies(nato: pd.DataFrame) -> pd.DataFrame:
    """The allies' rows (aggregates excluded) for the table's last year."""
    allies = nato[~nato["is_aggregate"].astype(bool)]
    return allies[allies["year"] == allies["year"].max()].copy()


# --------------------------------------------------------------------------------------
# NATO: who reaches which line
# --------------------------------------------------------------------------------------


def share_figure(latest: pd.DataFrame, two: float, five: float) -> FigureText:
    """The allies' bar chart's texts: how many reach 2% and 5% by NATO's headline estimates."""
    head = latest["headline_share_of_gdp_pct"]
    last, n_allies = int(latest["year"].max()), len(latest)
    n2, n5 = int((head >= two).sum()), int((head >= five).sum())
    order = latest.sort_values("headline_share_of_gdp_pct", ascending=False)["ally"].tolist()
    reach = "none reaches" if n5 == 0 else prose.count(n5, "ally", "allies") + " reach"
    return FigureText(
        title=(
            f"{n2} of {n_allies} allies expected to reach {two:g}% of GDP in {last}; "
            f"{prose.count(n5, 'ally', 'allies').replace('no allies', 'none')} reached {five:g}%"
        ),
        subtitle=(
            f"Defence expenditure as a percentage of GDP, NATO estimates for {last}",
            "Bars: NATO's headline figures (June 2024); black ticks: the book's reference table",
        ),
        source="NATO, June 2024 estimates as reported; ticks: NATO reference table, edition unidentified",
        description=(
            f"Horizontal bar chart of {n_allies} NATO allies' defence spending in {last} as a share of GDP, "
            f"sorted from {order[0]} ({head.max():.2f}%) to {order[-1]} ({head.min():.2f}%). {n2} allies are "
            f"at or above the dashed {two:g}% line and {reach} the dashed {five:g}% line. Ticks show the "
            "reference table's slightly different values."
        ),
        caption=f"""NATO allies' defence spending in {last} (estimates) against the
{{term}}`NATO 2% guideline` and the {{term}}`NATO 5% target`, which was adopted only after the text
was written. The guideline values are read from the dataset's metadata.""",
    )


def count_figure(counts: pd.DataFrame, line: float) -> FigureText:
    """The count chart's texts for a spending ``line``; ``counts`` as :func:`counts_by_year` gives them."""
    table = counts[counts["table"] == "reference table"]
    head = counts[counts["table"] != "reference table"].iloc[0]
    first, last = table.iloc[0], table.iloc[-1]
    y0, y1, n0, n1 = (
        int(first.year),
        int(last.year),
        int(first.allies_at_or_above),
        int(last.allies_at_or_above),
    )
    n_head = int(head.allies_at_or_above)
    moved = prose.direction(n0, n1, words=("rose from", "fell from", "stayed the same, from"))
    caption = f"Number of allies at or above {line:g}% of GDP each year. "
    if n_head != n1:
        caption += f"""The reference table and NATO's headline
estimates for {y1} disagree for several allies near the line, so the two
counts differ"""
    else:
        caption += f"""The reference table and NATO's headline estimates for
{y1} give the same count, though their values differ for several allies"""
    return FigureText(
        title=f"Allies spending {line:g}% of GDP or more {moved} {n0} in {y0} to {n1} in {y1}",
        subtitle=(
            f"Number of NATO allies (of {int(head.allies_reporting)} with armed forces) spending at least "
            f"{line:g}% of GDP on defence",
            f"NATO's headline estimates for {y1} count {n_head}",
        ),
        source="NATO reference table 2014–2024e (edition unidentified); NATO June 2024 estimates",
        description=(
            f"Line chart of the number of allies at or above {line:g}% of GDP each year, {y0} to {y1}: "
            f"{n0} in the first year, {n1} in {y1} in the reference table, and {n_head} in NATO's headline "
            f"estimates for {y1}."
        ),
        caption=caption + " (see the note in the {doc}`../reference/data` appendix).",
    )


def counts_by_year(nato: pd.DataFrame, line: float) -> pd.DataFrame:
    """Allies at or above ``line`` each year in the reference table, plus the headline estimate's count."""
    by_year = tables.allies_at_or_above(line, nato=nato).assign(table="reference table")
    latest = latest_allies(nato)
    head = {
        "year": [int(latest["year"].max())],
        "allies_at_or_above": [int((latest["headline_share_of_gdp_pct"] >= line).sum())],
        "allies_reporting": [len(latest)],
        "table": ["NATO headline estimate, June 2024"],
    }
    return pd.concat([by_year, pd.DataFrame(head)])


# --------------------------------------------------------------------------------------
# Europe's and Russia's spending
# --------------------------------------------------------------------------------------


def growth_since(eu: pd.DataFrame, start: int) -> pd.DataFrame:
    """``eu`` with each country's change in constant-dollar spending since ``start``, per cent."""
    first = eu[eu["year"] == start].set_index("iso3")["usd_constant_2023_bn"]
    return eu.assign(
        growth_since_first_year_pct=(eu["usd_constant_2023_bn"] / eu["iso3"].map(first) - 1) * 100
    )


def europe_figure(eu: pd.DataFrame, countries: list[str]) -> FigureText:
    """The European spending chart's texts: who grew most from the first to the last year of ``eu``."""
    start, end = int(eu["year"].min()), int(eu["year"].max())
    by = eu.set_index(["iso3", "year"])["usd_constant_2023_bn"]
    first, last = by.xs(start, level="year"), by.xs(end, level="year")
    growth = (last / first - 1) * 100
    fastest = growth.idxmax()
    names = eu.drop_duplicates("iso3").set_index("iso3")["country"]
    names = names.map(lambda n: "the " + n if n.startswith("United") else n)
    fell = [names[c] for c in growth.index if growth[c] < 0]
    each = ", ".join(
        f"{names[c]} ({'up' if growth[c] >= 0 else 'down'} {abs(growth[c]):.0f}%)"
        for c in countries
        if c in growth
    )
    return FigureText(
        title=(
            f"Real military spending {prose.change(first[fastest], last[fastest], 0).replace(' per cent', '%')} "
            f"in {names[fastest]}, the most of the {len(names)} countries, {start}–{end}"
        ),
        subtitle="Military expenditure, billions of US dollars at constant 2023 prices and exchange rates",
        source="SIPRI Military Expenditure Database, 2025 release",
        description=(
            f"Line chart of military spending in constant 2023 dollars, {start} to {end}, for {each}"
            + (". All rise." if not fell else f". {prose.join(fell)} fell.")
        ),
        caption=f"""Military spending of {prose.join(names[c] for c in countries if c in names)} in constant 2023 dollars
(SIPRI's definition, which differs from NATO's). The table adds each country's change since
{start}.""",
    )


def russia_highest(rus: pd.DataFrame) -> str:
    """ "the highest share since the series for Russia begins in 1993", or "below its 2024 high of 7.1%"."""
    last = rus.loc[rus["year"].idxmax()]
    top = rus.loc[rus["share_of_gdp_pct"].idxmax()]
    if int(top.year) == int(last.year):
        return f"the highest share since the series for Russia begins in {int(rus.year.min())}"
    return f"below its {int(top.year)} high of {top.share_of_gdp_pct:.1f}%"


def russia_figure(rus: pd.DataFrame) -> FigureText:
    """Russia's burden chart's texts: the last year against its own record and the 7% line."""
    rus = rus.sort_values("year")
    last, y2021 = rus.iloc[-1], rus.set_index("year").loc[2021]
    y0, y1 = int(rus.year.min()), int(last.year)
    before = rus[rus["year"] < y1]
    prev = before.loc[before["share_of_gdp_pct"].idxmax()]
    pre22 = rus.loc[rus["year"] <= 2021, "share_of_gdp_pct"]
    share, estimate = float(last.share_of_gdp_pct), bool(last.sipri_estimate)
    new_high = share >= rus.share_of_gdp_pct.max()
    supported = 6.5 <= share < 7.5
    return FigureText(
        title=f"Russia's military burden reached {share:.1f}% of GDP in {y1}, "
        + (f"its highest since {y0}" if new_high else f"below its {int(prev.year)} high"),
        subtitle="Military expenditure as a share of GDP, percent",
        source="SIPRI Military Expenditure Database, 2025 release; most figures are SIPRI estimates",
        description=(
            f"Line chart of Russia's military spending as a share of GDP, {y0} to {y1}. It ranged between "
            f"{pre22.min():.1f}% and {pre22.max():.1f}% until 2021 ({y2021.share_of_gdp_pct:.1f}% that year), then "
            f"{prose.direction(y2021.share_of_gdp_pct, share, 1)} to {share:.1f}% in {y1}, "
            f"{prose.compare(share, SEVEN, 1, ('above', 'below', 'on'))} a dashed 7% line. "
            f"The previous high was {prev.share_of_gdp_pct:.1f}% in {int(prev.year)}."
        ),
        caption=f"""Russia's military spending as a share of GDP; the dashed line marks 7% for reference. The text
gives no figure for Russia's military effort. SIPRI's {"estimate" if estimate else "figure"} for {y1} is
{share:.2f}%, so a statement that Russia spends "about 7% of GDP" on its
military is {"supported" if supported else "not supported"} for that year{", as an estimate" if estimate else ""}; the book holds no SIPRI figure for {y1 + 1}.""",
    )


# --------------------------------------------------------------------------------------
# The chapter's values
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows, formatted as it shows them."""

    words: int
    read_min: int
    two: float
    five: float
    n_allies: int
    n2_head: int
    top_ally: str
    top_share: str
    first_year: int
    last_year: str
    n2_first: int
    n35_last: int
    n35_names: str
    share_figure: FigureText
    eu_from: int
    eu_to: int
    pol_growth: str
    deu_growth: str
    rus_year: int
    rus_burden_last: str
    rus_burden_2021: str
    rus_highest: str
    rus_real_growth: str
    russia_figure: FigureText


def values() -> Values:
    """Compute the chapter's values from the datasets, checking the statements they support."""
    n_words = text.words(data.article_text(ARTICLE))
    two, five = guidelines()
    nato = data.load("nato_defence_share")
    latest = latest_allies(nato)
    last_year = int(latest["year"].max())
    _guard(last_year == 2024, "published in June 2024", detail=f"the NATO table now ends in {last_year}")
    head, ref = latest["headline_share_of_gdp_pct"], latest["share_of_gdp_pct"]
    top = latest.loc[head.idxmax()]
    _guard(float(head.max()) < five and float(ref.max()) < five, "No ally reached 5%")
    _guard(int((ref >= 3.5).sum()) <= int((ref >= two).sum()) / 2, "drops sharply")
    two_by_year = tables.allies_at_or_above(two, nato=nato)
    core = latest[head >= 3.5].sort_values("headline_share_of_gdp_pct", ascending=False)

    milex = data.load("military_expenditure")
    rearm = tables.milex(REARMING, "constant", since=2014, frame=milex).set_index(["iso3", "year"])
    eu_to = int(rearm.index.get_level_values("year").max())
    spend = rearm["usd_constant_2023_bn"]
    growth = (spend.xs(eu_to, level="year") / spend.xs(2014, level="year") - 1) * 100
    _guard(
        growth.get("POL", 0) > 0 and growth.get("DEU", 0) > 0, "European spending had been rising well before"
    )
    _guard(growth.idxmax() == "POL", "Poland's growth is the largest of the original four")

    rus = milex[(milex["iso3"] == "RUS") & milex["share_of_gdp_pct"].notna()]
    last, y2021 = rus.loc[rus["year"].idxmax()], rus.set_index("year").loc[2021]
    rus_year = int(last.year)
    burden_up = float(last.share_of_gdp_pct) > float(y2021.share_of_gdp_pct) + 1
    _guard(burden_up, "Russia's military spending rose steeply after 2021")
    _guard(burden_up, "Russia's military burden rose sharply")
    _guard(burden_up, "a sign of effort more than of depletion")
    _guard(
        burden_up and float(last.usd_constant_2023_bn) > float(y2021.usd_constant_2023_bn),
        "the rise in spending, not a fall in GDP, drives the burden",
    )
    _guard(
        6.5 <= float(last.share_of_gdp_pct) < 7.5,
        "about 7% of its GDP on the military is supported",
        detail=f"SIPRI's {rus_year} figure is {float(last.share_of_gdp_pct):.2f}%",
    )
    rank = (
        milex[milex["year"] == rus_year].dropna(subset=["usd_current_bn"]).set_index("iso3")["usd_current_bn"]
    )
    _guard(
        rank["RUS"] < 0.75 * rank["CHN"] and rank["RUS"] < 0.75 * rank["USA"],
        "Russia ranked well behind the United States and China",
    )
    return Values(
        words=n_words,
        read_min=text.reading_minutes(n_words),
        two=two,
        five=five,
        n_allies=len(latest),
        n2_head=int((head >= two).sum()),
        top_ally=str(top.ally),
        top_share=prose.number(top.headline_share_of_gdp_pct, 2),
        first_year=int(two_by_year.year.min()),
        last_year=str(last_year),
        n2_first=int(two_by_year.iloc[0].allies_at_or_above),
        n35_last=len(core),
        n35_names=", ".join(core["ally"]),
        share_figure=share_figure(latest, two, five),
        eu_from=2014,
        eu_to=eu_to,
        pol_growth=prose.number(growth["POL"]),
        deu_growth=prose.number(growth["DEU"]),
        rus_year=rus_year,
        rus_burden_last=prose.number(last.share_of_gdp_pct, 1),
        rus_burden_2021=prose.number(y2021.share_of_gdp_pct, 1),
        rus_highest=russia_highest(rus),
        rus_real_growth=prose.number((last.usd_constant_2023_bn / y2021.usd_constant_2023_bn - 1) * 100),
        russia_figure=russia_figure(rus),
    )
