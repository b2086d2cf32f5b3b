"""Values and guards for the chapter "Superpower concessions" (NSS word rates, GDP ratios, military spending)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from companion import data, prose, tables, text
from companion.chapters import chapter_path
from companion.charts import FigureText

CHAPTER = "book/articles/superpower-concessions.md"
ARTICLE = "superpower-concessions"
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))  # names the chapter file and line
TERMS = ["Russia", "hemisphere", "China", "immigration", "Trump"]
COUNTED, REPORTED = "counted by the book", "reported, not recounted"
TWO_THIRDS = 200 / 3
ESSAY_YEAR = 2026  # the essay's "today"


def china_as_percent_of(code: str, label: str, gdp: pd.DataFrame | None = None) -> pd.DataFrame:
    """Year, China's GDP, the other economy's GDP and China's as a percentage of it (columns named by ``label``)."""
    columns = ["year", "china_usd_bn", f"{label}_usd_bn", f"china_pct_of_{label}"]
    frame = tables.gdp_ratio("CHN", code, gdp).set_axis(columns, axis=1)
    frame[columns[-1]] *= 100
    return frame


# --------------------------------------------------------------------------------------
# The National Security Strategies
# --------------------------------------------------------------------------------------


def nss_title(rate25: float, rate17: float, as_much: bool) -> str:
    """The NSS chart's title: did Russia get as much, more or less of the 2025 text as of 2017's, per word?"""
    if as_much:
        return "Per word, Russia got as much of the 2025 strategy as of 2017's"
    return f"Per word, Russia got {'more' if rate25 > rate17 else 'less'} of the 2025 strategy than of 2017's"


def nss_figure(five: pd.DataFrame) -> FigureText:
    """The NSS chart's texts, from the five terms' rates (:func:`companion.text.nss_rates`)."""
    counted = five[five["basis"] == COUNTED]
    first, last = int(counted.year.min()), int(counted.year.max())
    r17 = counted[counted["year"] == 2017].set_index("term")["per_10k"]
    r25 = five[five["basis"] == REPORTED].set_index("term")["per_10k"]
    return FigureText(
        title=nss_title(r25["Russia"], r17["Russia"], as_much(r25["Russia"], r17["Russia"])),
        subtitle=(
            "Occurrences per 10,000 words in US National Security Strategies, whole words, any case",
            f"Blue: {first}–{last}, counted by the book; orange diamonds: 2025, as reported by the article (not recounted)",
        ),
        source=f"White House NSS texts {first}–{last} (cleaned: devincornell/nssdocs); 2025: as reported",
        description=(
            "Five small line charts, one per word (Russia, hemisphere, China, immigration, Trump), of mentions "
            f"per 10,000 words in each US National Security Strategy from {first} to {last}, with the 2025 values "
            f"reported by the article as hollow diamonds. Russia: {r17['Russia']:.1f} in 2017, "
            f"{r25['Russia']:.1f} reported for 2025. Hemisphere: {r17['hemisphere']:.1f} in 2017, "
            f"{r25['hemisphere']:.1f} reported for 2025."
        ),
        caption="""How often five words occur in US National Security Strategies, per 10,000 words. The 2025 values
(hollow diamonds) are **reported, not recounted**: the counts are the article's and the length
of the document comes from a single commentary {cite:p}`scruggs2025nss`, not confirmed elsewhere; the book holds no copy of the 2025 text. Before 1992
the strategies speak of the "Soviet Union", so "Russia" is near zero.""",
    )


def as_much(rate25: float, rate17: float) -> bool:
    """Whether the 2025 rate is "about as much" as the 2017 one (within a factor of 1.25 either way)."""
    return 0.8 <= rate25 / rate17 <= 1.25


# --------------------------------------------------------------------------------------
# GDP
# --------------------------------------------------------------------------------------


def ratio_shape(ratio: pd.DataFrame) -> str:
    """ "it peaked at 76% in 2021 and has fallen since", or where it reached its highest."""
    last, peak = ratio.iloc[-1], ratio.loc[ratio["china_pct_of_us"].idxmax()]
    if int(peak.year) < int(last.year) and round(float(last.china_pct_of_us)) < round(
        float(peak.china_pct_of_us)
    ):
        return f"it peaked at {peak.china_pct_of_us:.0f}% in {int(peak.year)} and has fallen since"
    return f"it reached its highest, {peak.china_pct_of_us:.0f}%, in {int(peak.year)}"


def implied_years(years: set[int]) -> str:
    """Whether the essay's implied years, 2024 and 2025, are in the GDP data."""
    absent = [y for y in (2024, 2025) if y not in years]
    if len(absent) == 2:
        return "are not in the data"
    return (
        f"are only partly in the data: there is no figure for {absent[0]}"
        if absent
        else "are both in the data"
    )


def ratio_figure(ratio: pd.DataFrame) -> FigureText:
    """The China/US GDP chart's texts: the last year against two-thirds, the peak, the data's lag."""
    last, peak = ratio.iloc[-1], ratio.loc[ratio["china_pct_of_us"].idxmax()]
    y1 = int(last.year)
    pct = float(last.china_pct_of_us)
    near = 60 <= pct <= 73
    tenth = int(ratio.loc[ratio.china_pct_of_us >= 10, "year"].min())
    if int(peak.year) != y1:
        shape = (
            f"rose to a peak of {peak.china_pct_of_us:.0f}% in {int(peak.year)} and was {pct:.0f}% in {y1}. "
        )
    else:
        shape = f"and rose to {pct:.0f}% in {y1}, its highest. "
    return FigureText(
        title=f"China's economy was {pct:.0f}% the size of the US's in {y1}, "
        + ("close to two-thirds" if near else f"{prose.compare(pct, TWO_THIRDS)} two-thirds"),
        subtitle="China's GDP as a percentage of US GDP, both in current US dollars at market exchange rates",
        source="World Bank, GDP (current US$), NY.GDP.MKTP.CD",
        description=(
            f"Line chart, {int(ratio.year.min())} to {int(ratio.year.max())}. China's GDP stayed below 10% of US "
            f"GDP until {tenth}, " + shape + "A dashed line marks two-thirds."
        ),
        caption=f"""China's GDP as a share of US GDP, {y1} and before, against the
essay's "roughly two-thirds". The data end {prose.count(ESSAY_YEAR - y1, "year")} before the essay's "today".""",
    )


def share_figure(share: pd.DataFrame) -> FigureText:
    """China's share of world GDP: 1987 against the article's 2% line."""
    s87 = float(share.set_index("year").loc[1987, "china_pct_of_world"])
    side = prose.compare(s87, 2, 2, ("above", "under", "on"))
    return FigureText(
        title=f"In 1987 China produced {s87:.1f}% of world GDP, {side} the article's 2% line",
        subtitle="China's GDP as a percentage of world GDP, current US dollars at market exchange rates",
        source="World Bank, GDP (current US$), NY.GDP.MKTP.CD, China and World",
        description=(
            f"Line chart of China's share of world GDP, {int(share.year.min())} to {int(share.year.max())}. It was "
            f"{s87:.2f}% in 1987 (highlighted), {side} a dashed 2% line, and "
            f"{share.china_pct_of_world.iloc[-1]:.1f}% in {int(share.year.iloc[-1])}."
        ),
        caption="""China's share of world GDP; 1987, the year the essay cites, is highlighted.""",
    )


def first_year_at_or_above(ratio: pd.Series, level: float) -> int:
    """The first year ``ratio`` (indexed by year) reaches ``level``."""
    years = ratio.index[ratio >= level]
    if len(years) == 0:
        raise ValueError(f"the ratio never reaches {level}")
    return int(years.min())


# --------------------------------------------------------------------------------------
# Military spending
# --------------------------------------------------------------------------------------


def milex_figure(three: pd.DataFrame) -> FigureText:
    """The three powers' spending chart's texts: the US against China and Russia combined, Russia since 2021."""
    latest = int(three["year"].max())
    now = three[three["year"] == latest].set_index("iso3")
    rus21 = float(
        three.loc[(three["iso3"] == "RUS") & (three["year"] == 2021), "usd_constant_2023_bn"].iloc[0]
    )
    combined = now.loc["USA", "usd_current_bn"] / now.loc[["CHN", "RUS"], "usd_current_bn"].sum()
    const = now["usd_constant_2023_bn"]
    return FigureText(
        title=f"In {latest} the US spent {combined:.1f} times as much on its military as China and Russia combined",
        subtitle=(
            "Military expenditure, billions of US dollars at constant 2023 prices and exchange rates",
            f"(the ratio in the title uses current dollars of {latest})",
        ),
        source="SIPRI Military Expenditure Database, 2025 release; China and Russia are SIPRI estimates",
        description=(
            f"Line chart, {int(three.year.min())} to {latest}, of military spending in constant 2023 dollars. "
            f"In {latest}: United States {const['USA']:,.0f} billion, China {const['CHN']:,.0f} billion, Russia "
            f"{const['RUS']:,.0f} billion. Russia's spending {prose.change(rus21, const['RUS'], 0)} "
            f"from 2021 to {latest}."
        ),
        caption="""Military spending of the United States, China and Russia in constant 2023 dollars, which remove
US inflation so that years can be compared. The figures in the prose, and the title's ratio, are
in current dollars, the prices of each year; both columns are in the table.""",
    )


# --------------------------------------------------------------------------------------
# The chapter's values
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Nss:
    """What the prose says about the strategies' word rates."""

    nss25_words: str
    nss17_words: str
    russia17_n: int
    russia17_rate: str
    russia25_rate: str
    hemi25_rate: str
    hemi_max_before: str
    nss_first: int
    nss_last: int
    nss_figure: FigureText


@dataclass(frozen=True)
class Gdp:
    """What the prose says about China's GDP against the United States' and the world's."""

    ratio_last: str
    ratio_last_year: int
    ratio_peak_year: int
    ratio_shape: str
    implied_years: str
    ratio_figure: FigureText
    half_year: int
    twothirds_year: int
    overtake_japan: int
    share_1987: str
    rank_1987: str
    ahead_1987: str
    share_figure: FigureText


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows, formatted as it shows them."""

    words: str
    read_min: int
    nss: Nss
    gdp: Gdp
    chn_rus: str
    milex_year: int
    usa_milex: str
    rus_milex: str
    usa_rus: str
    chn_rus_milex: str
    milex_figure: FigureText


def nss_values(five: pd.DataFrame) -> Nss:
    """The word-rate values, with the statements about them guarded."""
    counted = five[five["basis"] == COUNTED]
    r17 = counted[counted["year"] == 2017].set_index("term")
    r25 = five[five["basis"] == REPORTED].set_index("term")
    ru = counted[counted["term"] == "Russia"].set_index("year")["per_10k"]
    china = counted[counted["term"] == "China"].set_index("year")["per_10k"]
    rate25, rate17 = float(r25.loc["Russia", "per_10k"]), float(r17.loc["Russia", "per_10k"])
    much = as_much(rate25, rate17)
    relative_fell = rate25 / float(r25.loc["China", "per_10k"]) < rate17 / float(china[2017])
    _guard(
        much and all(rate25 > ru.get(y, float("inf")) for y in (2010, 2015)),
        "Russia gets about as much of the 2025 text as of the 2017 one, and more than in the strategies of 2010 and 2015",
    )
    hemi25, hemi17 = float(r25.loc["hemisphere", "per_10k"]), float(r17.loc["hemisphere", "per_10k"])
    _guard(much and hemi25 >= 3 * hemi17, "Russia's rate is close to its 2017 rate")
    _guard(
        counted.loc[counted["term"] == "Trump", "per_10k"].max() < 1 and r25["per_10k"].idxmax() == "Trump",
        "the earlier texts in the corpus hardly contain, is the most frequent of the five",
    )
    _guard(relative_fell, "Russia's share did fall between the 2017 text and the essay's count")
    _guard(much and relative_fell, "share of the text as in 2017, though less relative to China")
    hemi = counted[counted["term"] == "hemisphere"]["per_10k"]
    return Nss(
        nss25_words=prose.number(r25.loc["Russia", "words"]),
        nss17_words=prose.number(r17.loc["Russia", "words"]),
        russia17_n=int(r17.loc["Russia", "count"]),
        russia17_rate=prose.number(rate17, 1),
        russia25_rate=prose.number(rate25, 1),
        hemi25_rate=prose.number(hemi25, 1),
        hemi_max_before=prose.number(hemi.max(), 1),
        nss_first=int(counted.year.min()),
        nss_last=int(counted.year.max()),
        nss_figure=nss_figure(five),
    )


def gdp_values(gdp: pd.DataFrame) -> Gdp:
    """The GDP values, with the statements about them guarded."""
    ratio = china_as_percent_of("USA", "us", gdp)
    last, peak = ratio.iloc[-1], ratio.loc[ratio["china_pct_of_us"].idxmax()]
    y1, pct = int(last.year), float(last.china_pct_of_us)
    two_thirds = 60 <= pct <= 73
    _guard(two_thirds, "That is close to two-thirds", detail=f"the {y1} ratio is {pct:.0f}%")
    _guard(two_thirds, "two-thirds of the US figure in the latest year of the data")
    _guard(int(peak.year) < y1, "the ratio fell after")
    third_years = ratio.loc[ratio["china_pct_of_us"] >= TWO_THIRDS, "year"]
    _guard(not third_years.empty and third_years.min() >= y1 - 6, "only true of the last few years")
    share = china_as_percent_of("WLD", "world", gdp)
    s87 = float(share.set_index("year").loc[1987, "china_pct_of_world"])
    _guard(s87 < 2, "The share is right")
    _guard(s87 < 2, "China's share of world GDP in 1987 was indeed under 2%")
    ranking = tables.gdp_ranking(1987, gdp)
    rank = tables.gdp_rank("CHN", 1987, gdp)
    _guard(rank > 8, "The rank is not, on the series the book holds")
    _guard(rank > 8, 'the rank of "eighth" in 1987 is not supported by the same data')
    _guard(int(gdp.loc[gdp["iso3"] == "BRA", "year"].min()) == 1989, "none for Brazil before 1989")
    ahead = [
        n.replace("United States", "the United States").replace("United Kingdom", "the United Kingdom")
        for n in ranking["country"].iloc[: rank - 1]
    ]
    by_year = ratio.set_index("year")["china_pct_of_us"] / 100
    japan = tables.gdp_ratio("CHN", "JPN", gdp).set_index("year")["ratio"]
    return Gdp(
        ratio_last=prose.number(pct),
        ratio_last_year=y1,
        ratio_peak_year=int(peak.year),
        ratio_shape=ratio_shape(ratio),
        implied_years=implied_years(set(ratio["year"].astype(int))),
        ratio_figure=ratio_figure(ratio),
        half_year=first_year_at_or_above(by_year, 0.5),
        twothirds_year=first_year_at_or_above(by_year, 2 / 3),
        overtake_japan=int(japan[japan > 1].index.min()),
        share_1987=prose.number(s87, 2),
        rank_1987=text.ordinal(rank),
        ahead_1987=text.and_join(ahead),
        share_figure=share_figure(share),
    )


def values() -> Values:
    """Compute the chapter's values from the datasets, checking the statements they support."""
    n_words = text.words(data.article_text(ARTICLE))
    gdp = data.load("gdp")
    gdp_said = gdp_values(gdp)
    y1 = gdp_said.ratio_last_year
    chn_rus = tables.gdp_ratio("CHN", "RUS", gdp).set_index("year")["ratio"]
    three = tables.milex(["USA", "CHN", "RUS"], "constant")
    latest = int(three["year"].max())
    now = three[three["year"] == latest].set_index("iso3")
    spend = now["usd_current_bn"]
    _guard(chn_rus[y1] > 1 and spend["CHN"] > spend["RUS"], "The economic figures support the asymmetry")
    _guard(
        now.loc["RUS", "share_of_gdp_pct"] > 1.5 * now.loc["CHN", "share_of_gdp_pct"],
        "Russia spent a far larger {term}`share of GDP`",
    )
    more = spend["USA"] > spend[["CHN", "RUS"]].sum()
    _guard(more, "more than China and Russia together")
    _guard(more, "States spends more on its military than China and Russia together")
    return Values(
        words=prose.number(n_words),
        read_min=text.reading_minutes(n_words),
        nss=nss_values(text.nss_rates(TERMS, "word")),
        gdp=gdp_said,
        chn_rus=prose.number(chn_rus[y1], 1),
        milex_year=latest,
        usa_milex=prose.number(spend["USA"]),
        rus_milex=prose.number(spend["RUS"]),
        usa_rus=prose.number(spend["USA"] / spend["RUS"], 1),
        chn_rus_milex=prose.number(spend["CHN"] / spend["RUS"], 1),
        milex_figure=milex_figure(three),
    )
