"""Values and guards for the chapter 'A "reverse Kissinger"?' (China–Russia trade, crude oil, a lost caption)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial

import pandas as pd

from companion import data, prose, tables, text
from companion.chapters import chapter_path
from companion.charts import FigureText
from companion.claims import ledger

CHAPTER = "book/articles/reverse-kissinger.md"
ARTICLE = "reverse-kissinger"
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))  # names the chapter file and line
BASE = 2021  # the last full year before the full-scale invasion
CAPTION = re.compile(r"from £(\d+) billion in (\d{4}) to £(\d+) billion in (\d{4})")
BODY = re.compile(r"buying \$(\d+) billion worth in (\d{4})")
CAPTION_SERIES = "caption (printed in £, read as US$)"
SERIES = [CAPTION_SERIES, "body text (US$)", "our data (customs, US$)"]


# --------------------------------------------------------------------------------------
# China–Russia trade: the chart the translation lost
# --------------------------------------------------------------------------------------


def trade_by_direction(trade: pd.DataFrame) -> pd.DataFrame:
    """One row per year and flow: China's exports and imports where the split is reported, else the total."""
    parts = []
    for row in trade.itertuples():
        if pd.notna(row.exports_usd_bn) and pd.notna(row.imports_usd_bn):
            parts.append((row.year, "China's exports to Russia", row.exports_usd_bn, row.figure_basis))
            parts.append((row.year, "China's imports from Russia", row.imports_usd_bn, row.figure_basis))
        else:
            parts.append((row.year, "Total (split not reported)", row.total_usd_bn, row.figure_basis))
    return pd.DataFrame(parts, columns=["year", "flow", "usd_bn", "figure_basis"])


def trade_figure(trade: pd.DataFrame, sources: pd.DataFrame) -> FigureText:
    """The rebuilt trade chart's texts: growth from 2021 to the peak, the flagged years, the publishers."""
    t = trade.set_index("year")["total_usd_bn"]
    peak = int(t.idxmax())
    _guard(t[peak] > t[BASE] and peak > BASE, "trade grew from")
    _guard(
        t[peak] > t[BASE],
        "The customs data bear out the article's picture of growing trade and oil flows",
        detail=f"trade no longer peaks after {BASE}",
    )
    flagged = ", ".join(str(int(y)) for y in trade.loc[~trade["exact"], "year"])
    split = trade.dropna(subset=["exports_usd_bn", "imports_usd_bn"])
    surplus = int((split["imports_usd_bn"] > split["exports_usd_bn"]).sum())
    publishers = sorted(sources.set_index("source_id").loc[trade["source_id"].unique(), "publisher"])
    trend = prose.trend(trade.year, trade.total_usd_bn, 0, "billion US dollars", "billion")
    return FigureText(
        title=f"China–Russia trade grew {t[peak] / t[BASE]:.1f}-fold from {BASE} to its {peak} peak",
        subtitle=(
            "Goods trade, billions of US dollars, current prices; split by direction where reported",
            f"Paler bars ({flagged}): not exact customs totals; see the table's notes",
        ),
        source="China's customs (GACC) as reported by " + "; ".join(publishers),
        description=(
            f"Bar chart of China–Russia trade by year, {trade.year.min()}–{trade.year.max()}. Trade {trend}. "
            f"For the years where the direction is reported ({', '.join(str(int(y)) for y in split['year'])}), "
            "bars are split into China's exports to and imports from Russia; China imported more than it "
            f"exported in {surplus} of them."
        ),
        caption="""A reconstruction of the chart the original feature showed ("Data Source: China Customs"). The
years with an export/import split are those for which the press reported one; for the others only
the total is known.""",
    )


# --------------------------------------------------------------------------------------
# Crude oil
# --------------------------------------------------------------------------------------


def full_years(crude: pd.DataFrame) -> pd.DataFrame:
    """The full-year rows of the crude table that have a volume (part-year rows stay in the table only)."""
    return crude[crude["period"] == "full_year"].dropna(subset=["volume_mbd"])


def crude_change(first: float, last: float) -> str:
    """ "a rise of 36 per cent", "a fall of 5 per cent" or "no change", compared as the prose shows the volumes."""
    move = prose.direction(first, last, 2)
    if move not in ("rose", "fell"):
        return "no change"
    pct = abs(100 * (last / first - 1))
    return f"{'a rise' if move == 'rose' else 'a fall'} of {pct:.0f} per cent"


def value_sentence(value: pd.Series, tonnes: pd.Series) -> str:
    """What the dollar values (by year) say about the article's 2024 and 2021 figures."""
    if 2024 in value and 2021 in value:
        said = (
            f"Our sources give {value[2024]:.1f} billion dollars for 2024 and {value[2021]:.1f} billion for "
            f"2021, which is {100 * value[2021] / value[2024]:.0f} per cent of the 2024 value."
        )
        if 2024 in tonnes and 2021 in tonnes:
            per_t = {y: 1000 * value[y] / tonnes[y] for y in (2021, 2024)}
            said += (
                " The value is a smaller share than the volume because a tonne was worth less in 2021: "
                f"about {per_t[2021]:,.0f} dollars, against {per_t[2024]:,.0f} in 2024 (value divided by "
                "tonnes, from the same table)."
            )
        return said
    if 2024 in value:
        return (
            f"Our sources give {value[2024]:.1f} billion dollars for 2024 but no value for 2021, so only "
            "the first figure can be compared."
        )
    return (
        f"For full years our sources give a dollar value only for {', '.join(map(str, value.index))} "
        f"({', '.join(f'{v:.1f}' for v in value)} billion), so neither the 2024 figure nor the 2021 "
        "comparison can be confirmed from our data."
    )


def crude_figure(crude: pd.DataFrame) -> FigureText:
    """The crude chart's texts: the change in volume, the years with a dollar value, part years left out."""
    vol = full_years(crude)
    v0, v1 = vol.iloc[0], vol.iloc[-1]
    y0, y1 = int(v0.year), int(v1.year)
    shown = [int(y) for y in vol["year"]]
    valued = [y for y in shown if y in set(vol.dropna(subset=["value_usd_bn"])["year"])]
    part = prose.years(crude.loc[crude["period"] != "full_year", "year"])
    if valued == shown:
        years_valued = "a dollar value for every year shown"
    else:
        years_valued = (
            f"a dollar value only for {', '.join(map(str, valued))}"
            if valued
            else "no dollar value for any year shown"
        )
    change = prose.change(v0.volume_mbd, v1.volume_mbd, 0).replace(" per cent", "%")
    trend = prose.trend(vol.year, vol.volume_mbd, 2, "million barrels a day", "million")
    caption = f"""The second chart of the original feature, rebuilt from customs volumes. The original charted
values in dollars; our sources give a volume and {years_valued} (in the
tooltips and the data table)"""
    caption += (
        f""", and figures for parts of {part} that are not comparable with full
years."""
        if part
        else "."
    )
    return FigureText(
        title=f"China's crude imports from Russia {change} in volume, {y0}–{y1}",
        subtitle="Crude oil imported by China from Russia, million barrels a day (annual average)",
        source="China's customs (GACC) as reported by MEES, Reuters and TASS; see the data table for each year",
        description=(
            f"Bar chart of China's crude oil imports from Russia by year, {y0} to {y1}. Imports {trend}. "
            + (f"Part-year figures for {part} are not drawn." if part else "")
        ),
        caption=caption,
    )


# --------------------------------------------------------------------------------------
# The caption that changed currency
# --------------------------------------------------------------------------------------


def caption_points(page_text: str, crude: pd.DataFrame) -> pd.DataFrame:
    """The caption's two figures, the body's 2024 figure and our full-year dollar values, as year, usd_bn, series."""
    m, b = CAPTION.search(page_text), BODY.search(page_text)
    if m is None or b is None:
        raise ValueError(f"{ARTICLE}: the caption or the body's 2024 figure is no longer in the article text")
    said = pd.DataFrame(
        [
            {"year": int(m[2]), "usd_bn": float(m[1]), "series": CAPTION_SERIES},
            {"year": int(m[4]), "usd_bn": float(m[3]), "series": CAPTION_SERIES},
            {"year": int(b[2]), "usd_bn": float(b[1]), "series": "body text (US$)"},
        ]
    )
    full = crude[crude["period"] == "full_year"].dropna(subset=["value_usd_bn"])
    ours = full.rename(columns={"value_usd_bn": "usd_bn"}).assign(series=SERIES[2])[
        ["year", "usd_bn", "series"]
    ]
    return pd.concat([said, ours], ignore_index=True)


def missing_years(points: pd.DataFrame) -> pd.DataFrame:
    """The years from the caption's first to the last point that have no value in our data."""
    have = set(points.loc[points["series"] == SERIES[2], "year"])
    years = range(int(points["year"].min()), int(points["year"].max()) + 1)
    return pd.DataFrame({"year": [y for y in years if y not in have], "note": "no value in our data"})


@dataclass(frozen=True)
class CaptionCheck:
    """What the data can say about the caption's two years."""

    y0: str
    y1: str
    start_in_data: bool
    start_sentence: str
    end_sentence: str
    verdict: str
    summary_tail: str
    figure: FigureText


def caption_check(points: pd.DataFrame, first_volume_year: int) -> CaptionCheck:
    """Check the caption's start and end years against our dollar values (``points`` from :func:`caption_points`)."""
    cap = points[points["series"] == CAPTION_SERIES]
    (y0, c0), (y1, c1) = [(int(r.year), r.usd_bn) for r in cap.itertuples()]
    body = points[points["series"] == SERIES[1]].iloc[0]
    ours = points[points["series"] == SERIES[2]].set_index("year")["usd_bn"]
    checkable = [y for y in (y0, y1) if y in ours.index]
    missing = [y for y in (y0, y1) if y not in ours.index]
    if y0 in ours.index:
        start = f"has a value in our data: {ours[y0]:.1f} billion dollars"
    else:
        start = (
            f"is **not in our data**; our crude series begins in {first_volume_year}, and no customs "
            f"figure for {y0} was found in the press reports we traced"
        )
    if not checkable:
        verdict = "neither of its figures can be checked against our data"
    elif len(checkable) == 1:
        verdict = f"only its {checkable[0]} figure can be checked against our data"
    else:
        verdict = "both of its figures can be checked against our data"
    title = (
        "Neither caption figure can be confirmed"
        if len(missing) == 2
        else "One caption figure cannot be confirmed"
        if missing
        else "Both caption years have a value in our data"
    )
    figure = FigureText(
        title=title + (f": no value in our data for {' or '.join(map(str, missing))}" if missing else ""),
        subtitle="Value of China's crude oil imports from Russia, billions of US dollars (the caption's £ read as US$)",
        source="Article text (caption and body); China's customs (GACC) as reported in the press",
        description=(
            f"Point chart. The caption gives {c0:g} for {y0} and {c1:g} for {y1}; the body text gives "
            f"{body.usd_bn:g} billion dollars for {int(body.year)}. Our data hold a value only for "
            f"{', '.join(str(int(y)) for y in sorted(ours.index))}; the other years are marked as missing."
        ),
        caption="""The caption's two figures (circles) and the body text's 2024 figure (diamond) beside the
dollar values in our data (squares). Years without a value in our data are labelled. The figures
typed in the article are read from its text, not copied by hand.""",
    )
    return CaptionCheck(
        y0=str(y0),
        y1=str(y1),
        start_in_data=y0 in ours.index,
        start_sentence=start,
        end_sentence=(
            f"has a dollar value in our data: {ours[y1]:.1f} billion"
            if y1 in ours.index
            else "has a volume but no dollar value in our sources"
        ),
        verdict=verdict,
        summary_tail=f": our data do have a {y0} figure"
        if y0 in ours.index
        else f": there is no {y0} figure in our data at all",
        figure=figure,
    )


# --------------------------------------------------------------------------------------
# The chapter's values
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows, formatted as it shows them."""

    words: str
    minutes: int
    trade_2021: str
    trade_peak: str
    trade_peak_year: int
    imports_share_2022: str
    trade_figure: FigureText
    crude_first_mbd: str
    crude_first_year: int
    crude_last_mbd: str
    crude_last_year: int
    crude_change: str
    crude_first_pct_of_last: str
    value_sentence: str
    crude_figure: FigureText
    ledger_2024: str
    ledger_2024_verdict: str
    ledger_2021: str
    ledger_2021_verdict: str
    caption: CaptionCheck


def values() -> Values:
    """Compute the chapter's values from the datasets, checking the statements they support."""
    n_words = text.words(data.article_text(ARTICLE))
    trade = tables.trade_figures()
    t = trade.set_index("year")["total_usd_bn"]
    r22 = trade.set_index("year").loc[2022]
    crude = data.load("china_crude_imports_from_russia")
    vol = full_years(crude)
    v0, v1 = vol.iloc[0], vol.iloc[-1]
    _guard(v1.volume_mbd > v0.volume_mbd, "The volumes in our customs series bear out the direction")
    vbd = vol.set_index("year")["volume_mbd"]  # the article's two years, whatever the series' ends
    full = crude[crude["period"] == "full_year"]
    value = full.dropna(subset=["value_usd_bn"]).set_index("year")["value_usd_bn"]
    tonnes = full.dropna(subset=["volume_mt"]).set_index("year")["volume_mt"]
    caption = caption_check(
        caption_points(data.article_text(ARTICLE, include_furniture=True), crude), int(v0.year)
    )
    _guard(
        not caption.start_in_data,
        "the 2019 figure was not checked anywhere",
        detail=f"the data now have a {caption.y0} value",
    )
    checked = ledger().set_index("claim_id")
    return Values(
        words=prose.number(n_words),
        minutes=text.reading_minutes(n_words),
        trade_2021=prose.number(t[BASE]),
        trade_peak=prose.number(t.max()),
        trade_peak_year=int(t.idxmax()),
        imports_share_2022=prose.number(100 * r22.imports_usd_bn / r22.total_usd_bn),
        trade_figure=trade_figure(trade, data.load("sources")),
        crude_first_mbd=prose.number(v0.volume_mbd, 2),
        crude_first_year=int(v0.year),
        crude_last_mbd=prose.number(v1.volume_mbd, 2),
        crude_last_year=int(v1.year),
        crude_change=crude_change(v0.volume_mbd, v1.volume_mbd),
        crude_first_pct_of_last=prose.number(100 * vbd[2021] / vbd[2024]),
        value_sentence=value_sentence(value, tonnes),
        crude_figure=crude_figure(crude),
        ledger_2024=str(checked.loc["rk-crude-62bn-2024", "checked_value"]),
        ledger_2024_verdict=str(checked.loc["rk-crude-62bn-2024", "verdict"]),
        ledger_2021=str(checked.loc["rk-crude-two-thirds-2021", "checked_value"]),
        ledger_2021_verdict=str(checked.loc["rk-crude-two-thirds-2021", "verdict"]),
        caption=caption,
    )
