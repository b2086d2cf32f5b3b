"""Values and guards for the chapter "Putin's strategic balancing act" (China–Russia trade, GDP, spending)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import pandas as pd

from companion import data, prose, tables, text
from companion.chapters import chapter_path
from companion.charts import FigureText

CHAPTER = "book/articles/strategic-balancing-act.md"
ARTICLE = "strategic-balancing-act"
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))  # names the chapter file and line
BAND = (5.0, 9.0)  # the article's "five to nine times"


# --------------------------------------------------------------------------------------
# China–Russia trade
# --------------------------------------------------------------------------------------


def moves_in_a_row(trade: pd.DataFrame) -> tuple[str, int]:
    """The last year's move ("rose", "fell", "was unchanged") and how many years in a row it has lasted."""
    totals = trade.sort_values("year")["total_usd_bn"].tolist()
    if len(totals) < 2:
        raise ValueError("china_russia_trade: needs at least two years to say how trade moved")
    moves = [prose.direction(a, b, 1) for a, b in zip(totals, totals[1:])]
    run = 1
    while run < len(moves) and moves[-run - 1] == moves[-1]:
        run += 1
    return moves[-1], run


def trade_question(trade: pd.DataFrame) -> str:
    """The discussion question's opening, true of the last years' moves ("Do two years of decline weaken")."""
    move, run = moves_in_a_row(trade)
    if move == "rose":
        return "Does one more year of growth strengthen"
    if move == "fell":
        years = prose.count(run, "year", words=True)
        return f"{'Does' if run == 1 else 'Do'} {years} of decline weaken"
    return "Does a flat year change"


def trade_last_move(trade: pd.DataFrame) -> str:
    """How trade moved in the last year: "fell in 2025", "fell again in 2026", "rose in 2026"."""
    move, run = moves_in_a_row(trade)
    again = " again" if run > 1 and move != "was unchanged" else ""
    return f"{move}{again} in {int(trade['year'].max())}"


def trade_trend(trade: pd.DataFrame) -> str:
    """The trend sentence, ending with the fall from the peak when the last year is not the peak."""
    said = prose.trend(trade["year"], trade["total_usd_bn"], 1, "billion US dollars", "billion")
    peak, last = _peak_and_last(trade)
    if last.year != peak.year:
        fall = 100 * (1 - last.total_usd_bn / peak.total_usd_bn)
        said += f", {prose.number(fall, 1)} per cent below the peak"
    return said


def _peak_and_last(trade: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The rows of the peak year and of the last year."""
    return trade.loc[trade["total_usd_bn"].idxmax()], trade.loc[trade["year"].idxmax()]


def trade_summary(trade: pd.DataFrame) -> str:
    """The summary's phrase: "a new peak in 2026" or "a peak in 2024 and a lower total in 2025"."""
    peak, last = _peak_and_last(trade)
    if last.year == peak.year:
        return f"a new peak in {int(last.year)}"
    return f"a peak in {int(peak.year)} and a lower total in {int(last.year)}"


def trade_title(trade: pd.DataFrame) -> str:
    """The trade chart's title: the growth from the first year to the peak, and a lower last year."""
    peak, last = _peak_and_last(trade)
    first = trade.loc[trade["year"].idxmin()]
    growth = peak.total_usd_bn / first.total_usd_bn
    title = f"China–Russia trade grew {growth:.1f}-fold from {int(first.year)} to its {int(peak.year)} peak"
    return title + (f", and was lower in {int(last.year)}" if last.year != peak.year else "")


def trade_figure(trade: pd.DataFrame) -> FigureText:
    """The trade chart's title, subtitle, source, text alternative and caption."""
    return FigureText(
        title=trade_title(trade),
        subtitle="Total goods trade (China's exports plus imports), billions of US dollars, current prices",
        source="General Administration of Customs of China (GACC), as reported in the press",
        description=trade_description(trade),
        caption=f"China–Russia goods trade as reported by China's customs. {weak_caption(trade)}",
    )


def trade_description(trade: pd.DataFrame) -> str:
    """The trade chart's text alternative."""
    weak = " and ".join(str(int(y)) for y in trade.loc[~trade["exact"], "year"])
    trend = prose.trend(trade["year"], trade["total_usd_bn"], 1, "billion US dollars", "billion")
    return (
        f"Line chart of China–Russia goods trade from {int(trade.year.min())} to {int(trade.year.max())}. "
        f"Trade {trend}. The points for {weak} are hollow: they are not exact customs totals."
    )


def weak_caption(trade: pd.DataFrame) -> str:
    """The caption's sentence on the hollow points, with the prose's statements about them guarded."""
    lower = trade[trade["figure_basis"] == "gacc-lower-bound"]
    weak_years = trade.loc[~trade["exact"], "year"]
    _guard(
        list(weak_years) == [2018]
        and list(lower.year) == [2018]
        and float(lower.total_usd_bn.iloc[0]) == 107,
        "One of the points is weaker than the rest",
        detail="the weak points are now " + ", ".join(map(str, weak_years)),
    )
    _guard(len(weak_years) == 1 and weak_years.max() < 2020, "one early value is a rounded figure")
    r = lower.iloc[0]
    return f'The hollow point marks the weaker figure: {int(r.year)} ("over \\${r.total_usd_bn:g}bn", a lower bound).'


# --------------------------------------------------------------------------------------
# GDP: China against Russia (and any other economy)
# --------------------------------------------------------------------------------------


def country_name(iso3: str, gdp: pd.DataFrame) -> str:
    """The economy's name as the chapter writes it ("Russia" for the Russian Federation)."""
    names = gdp.loc[gdp["iso3"] == iso3, "country"]
    if names.empty:
        raise ValueError(f"gdp: no rows for iso3 {iso3!r}")
    return str(names.iloc[0]).replace("Russian Federation", "Russia")


def ratio_title(wide: pd.DataFrame, other: str) -> str:
    """The GDP-ratio chart's title for China against ``other`` (a country name), following the data."""
    last = wide.loc[wide["year"].idxmax()]
    y1 = int(last.year)
    behind = wide.loc[wide["ratio"] < 1, "year"]
    if last.ratio < 1:
        return f"China's economy was {last.ratio:.2f} times the size of that of {other} in {y1}"
    if behind.empty:
        return (
            f"China's economy was larger than that of {other} in every year, {last.ratio:.1f} times by {y1}"
        )
    return (
        f"China's economy overtook that of {other} in {int(behind.max()) + 1} "
        f"and was {last.ratio:.1f} times as large by {y1}"
    )


def ratio_figure(wide: pd.DataFrame, code: str, other: str) -> FigureText:
    """The GDP-ratio chart's texts for China against ``code`` (named ``other``), following the data."""
    y0, y1 = int(wide["year"].min()), int(wide["year"].max())
    last = float(wide.loc[wide["year"] == y1, "ratio"].iloc[0])
    band = code == "RUS"  # the band is the article's claim about Russia
    description = (
        f"Line chart of China's GDP divided by that of {other}, {y0} to {y1}, ending at {last:.1f} in {y1}. "
    )
    description += "A shaded band marks the range of five to nine times given in the article." if band else ""
    caption = f"China's GDP as a multiple of {other}'s, at market exchange rates."
    caption += (
        """ The shaded band is the article's
"five to nine times"; the World Bank's Russian series begins in the last years of the Soviet Union."""
        if band
        else f" The series runs from {y0} to {y1}."
    )
    return FigureText(
        title=ratio_title(wide, other),
        subtitle="Ratio of GDP in current US dollars (market exchange rates); dashed line = equal size",
        source="World Bank, World Development Indicators, GDP (current US$), NY.GDP.MKTP.CD",
        description=description,
        caption=caption,
    )


def early_multiples(rus: pd.DataFrame) -> pd.DataFrame:
    """China's GDP in the last year as a multiple of Russia's in each of 1990–1993 and in the last year."""
    rus = rus.set_index("year")
    y1 = int(rus.index.max())
    early = [y for y in range(1990, 1994) if y in rus.index]
    china_now = float(rus.loc[y1, "CHN"])
    rows = [
        {
            "comparison": f"China {y1} ÷ Russia {y}",
            "multiple": china_now / float(rus.loc[y, "RUS"]),
            "reading": "China today vs early 1990s",
        }
        for y in early
    ]
    rows.append(
        {
            "comparison": f"China {y1} ÷ Russia {y1}",
            "multiple": float(rus.loc[y1, "ratio"]),
            "reading": "China today vs Russia today",
        }
    )
    return pd.DataFrame(rows)


def multiples_figure(multiples: pd.DataFrame, last_year: int) -> FigureText:
    """The multiples chart's texts."""
    early = multiples.iloc[:-1]
    years = [int(c.rsplit(" ", 1)[1]) for c in early["comparison"]]
    return FigureText(
        title="Only the 'China today vs Russia today' reading falls inside five to nine",
        subtitle=f"China's {last_year} GDP as a multiple of Russia's GDP in each year; current US dollars",
        source="World Bank, World Development Indicators, NY.GDP.MKTP.CD (no USSR series exists there)",
        description=(
            f"Bar chart. China's {last_year} GDP is {early.multiple.min():.0f} to {early.multiple.max():.0f} "
            f"times Russia's GDP in {years[0]}–{years[-1]}, and {multiples.multiple.iloc[-1]:.1f} times "
            f"Russia's GDP in {last_year}. Only the last bar is inside the shaded band of five to nine times."
        ),
        caption="""The sentence tested two ways. Read literally (today's China against the early 1990s) the
multiples are far above the article's range even before allowing for the non-Russian Soviet
republics; read as today's China against today's Russia, the figure fits.""",
    )


# --------------------------------------------------------------------------------------
# The chapter's values
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows, formatted as it shows them."""

    words: str
    minutes: int
    trade_trend: str
    trade_last_move: str
    trade_question: str
    trade_summary: str
    trade_figure: FigureText
    last_year: int
    rus_first_year: int
    ratio_last: str
    crossover_year: int
    rus_over_chn_first: str
    rus_pct_usa: str
    rus_pct_chn: str
    vs_early90s_min: str
    vs_early90s_max: str
    early90s_range: str
    ussr_needed: str
    multiples_figure: FigureText
    milex_year: int
    milex_rus_pct_chn: str
    milex_rus_pct_usa: str


def values() -> Values:
    """Compute the chapter's values from the datasets, checking the statements they support."""
    n_words = text.words(data.article_text(ARTICLE))
    trade = tables.trade_figures()
    _guard(int(trade["year"].min()) == 2016, "Our customs series starts in 2016")
    pre = trade[trade["year"] <= 2021]
    _guard(int(pre.loc[pre["total_usd_bn"].idxmax(), "year"]) == 2021, "the last year is also the peak")

    gdp = data.load("gdp")
    rus = tables.gdp_ratio("CHN", "RUS", gdp)
    ru = rus.set_index("year")["ratio"]
    y1 = int(ru.index.max())
    rus_usa = tables.gdp_ratio("RUS", "USA", gdp).set_index("year")["ratio"]
    in_band = BAND[0] <= float(ru[y1]) <= BAND[1]
    _guard(in_band, "inside the article's range", detail=f"the {y1} ratio is {ru[y1]:.1f}")
    _guard(in_band, "fits China against Russia *today*", detail=f"the {y1} ratio is {ru[y1]:.1f}")
    _guard(ru.iloc[0] < 1 < ru[y1], "What the data allow us to say plainly")
    multiples = early_multiples(rus)
    early = multiples["multiple"].iloc[:-1]
    _guard(early.min() / BAND[1] > 2, "This reading does not fit the data")
    us_gdp = tables.gdp_ratio("CHN", "USA", gdp).set_index("year")["ratio"]
    _guard(
        2020 <= us_gdp.idxmax() <= 2023 and us_gdp.iloc[-1] < us_gdp.max(),
        "Against the United States the ratio rises towards one until the early 2020s and then falls back",
        detail=f"China/US peaks in {us_gdp.idxmax()}",
    )

    milex = data.load("military_expenditure")
    three = milex.dropna(subset=["usd_current_bn"]).query("iso3 in ['RUS', 'CHN', 'USA']")
    counts = three.groupby("year")["iso3"].nunique()
    my = int(counts[counts == 3].index.max())
    m = milex[milex["year"] == my].set_index("iso3")["usd_current_bn"]
    smaller = (m["RUS"] / m["CHN"] > 1 / ru[y1]) and (m["RUS"] / m["USA"] > rus_usa[y1])
    _guard(smaller, "In military spending the gap is smaller")
    _guard(smaller, "less so in military spending")

    early_years = [int(c.rsplit(" ", 1)[1]) for c in multiples["comparison"].iloc[:-1]]
    return Values(
        words=prose.number(n_words),
        minutes=text.reading_minutes(n_words),
        trade_trend=trade_trend(trade),
        trade_last_move=trade_last_move(trade),
        trade_question=trade_question(trade),
        trade_summary=trade_summary(trade),
        trade_figure=trade_figure(trade),
        last_year=y1,
        rus_first_year=int(ru.index.min()),
        ratio_last=prose.number(ru[y1], 1),
        crossover_year=int(ru[ru < 1].index.max()) + 1,
        rus_over_chn_first=prose.number(1 / ru.iloc[0], 1),
        rus_pct_usa=prose.number(100 * rus_usa[y1]),
        rus_pct_chn=prose.number(100 / ru[y1]),
        vs_early90s_min=prose.number(early.min()),
        vs_early90s_max=prose.number(early.max()),
        early90s_range=f"{early_years[0]}–{early_years[-1]}",
        ussr_needed=prose.number(early.min() / BAND[1], 1),
        multiples_figure=multiples_figure(multiples, y1),
        milex_year=my,
        milex_rus_pct_chn=prose.number(100 * m["RUS"] / m["CHN"]),
        milex_rus_pct_usa=prose.number(100 * m["RUS"] / m["USA"]),
    )
