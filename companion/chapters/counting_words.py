"""Values and checks for the chapter "Counting words in strategy documents" (book/methods/counting-words.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import altair as alt
import pandas as pd

from companion import charts, data, prose, text
from companion.chapters import chapter_path

CHAPTER = "book/methods/counting-words.md"
#: ``prose.guard`` for the statements of this chapter: a failure names its file and line.
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))
ARTICLE = "superpower-concessions"

#: The four words of the article the repairs tables follow.
KEYWORDS = ("russia", "china", "hemisphere", "immigration")
#: Real words that contain a keyword; they are not hidden mentions.
REAL_WORDS = frozenset({"russian", "russians", "prussia", "indochina", "hemispheres"})
RECOUNTED, REPORTED = "recounted from the text", "reported, not recounted"
#: The tooltip of both rate charts.
RATE_TOOLTIP = [
    alt.Tooltip("series:N", title="Word"),
    alt.Tooltip("year:Q", format="d", title="Year"),
    alt.Tooltip("count:Q", title="Mentions"),
    alt.Tooltip("words:Q", format=",", title="Document length (words)"),
    alt.Tooltip("per_10k:Q", format=".1f", title="Per 10,000 words"),
    alt.Tooltip("basis:N", title="Basis"),
]
#: The tooltip of the extraction-damage chart.
DAMAGE_TOOLTIP = [
    alt.Tooltip("year:O", title="Year"),
    alt.Tooltip("runtogether_per_10k:Q", format=".1f", title="Suspects per 10,000 words"),
    alt.Tooltip("runtogether_suspects:Q", title="Suspected run-together words"),
    alt.Tooltip("capital_splits:Q", title="Splits at a capital (repaired)"),
    alt.Tooltip("ligature_joins:Q", title="Ligature joins (repaired)"),
]


def _thousands(n: float) -> str:
    """1234 -> "1,234"."""
    return format(int(n), ",.0f")


def docs_phrase(docs: pd.DataFrame) -> str:
    """ "seventeen National Security Strategies from 1987 to 2017", from the documents table."""
    first, last = int(docs["year"].min()), int(docs["year"].max())
    return f"{prose.number_word(len(docs))} National Security Strategies from {first} to {last}"


def series(tokens: pd.DataFrame) -> dict[str, list[str]]:
    """The five series of the rate charts: name -> the tokens counted for it."""
    soviet = sorted(t for t in tokens["token"].unique() if t.startswith("soviet") and t.isalpha())
    return {
        "Russia": ["russia"],
        "Soviet or USSR": [*soviet, "ussr", "u.s.s.r."],
        "China": ["china"],
        "hemisphere": ["hemisphere"],
        "immigration": ["immigration"],
    }


def rates(docs: pd.DataFrame, tokens: pd.DataFrame, reported: pd.DataFrame) -> pd.DataFrame:
    """Mentions and mentions per 10,000 words of each series, recounted (1987–) and reported (2025)."""
    frame = text.nss_rates(
        series(tokens),
        counted_label=RECOUNTED,
        reported_label=REPORTED,
        documents=docs,
        token_counts=tokens,
        reported=reported,
    )
    return frame.rename(columns={"term": "series"})


def rates_caption(docs: pd.DataFrame) -> str:
    """The caption of the rates chart: the years recounted, and 2022 named as missing while it is."""
    first, last = int(docs["year"].min()), int(docs["year"].max())
    missing = "" if 2022 in set(docs["year"]) else "; 2022 is missing because its text could not be obtained"
    return (
        'Mentions per 10,000 words of Russia, the Soviet Union, China, "hemisphere" and "immigration" in\n'
        f"the US National Security Strategies, {first}–{last} (recounted), and in 2025 (counts reported by "
        "the article, length by a single commentary,\nhollow diamonds). Each panel has its own vertical "
        f"scale. Years without a strategy are not shown{missing}."
    )


def rate(counts: pd.DataFrame, name: str, year: int) -> float:
    """Mentions per 10,000 words of series ``name`` in ``year``."""
    return float(counts.loc[(counts["series"] == name) & (counts["year"] == year), "per_10k"].iloc[0])


def mentions(counts: pd.DataFrame, name: str, year: int) -> int:
    """Mentions of series ``name`` in ``year``."""
    return int(counts.loc[(counts["series"] == name) & (counts["year"] == year), "count"].iloc[0])


def damage_title(docs: pd.DataFrame) -> str:
    """The damage chart's title: how many documents (at 100 or more suspects per 10,000) carry most suspects."""
    high = docs[docs["runtogether_per_10k"] >= 100]
    carry = high["runtogether_suspects"].sum() > docs["runtogether_suspects"].sum() / 2
    return (
        f"{prose.number_word(len(high)).capitalize()} documents carry "
        f"{'most' if carry else 'a minority'} of the run-together words"
    )


def keyword_repairs(repairs: pd.DataFrame) -> pd.DataFrame:
    """The repairs that created one of the four keywords."""
    return repairs[repairs["after"].str.lower().apply(lambda s: any(k in text.tokenize(s) for k in KEYWORDS))]


def repairs_of(made: pd.DataFrame, keyword: str) -> int:
    """How many occurrences of ``keyword`` the repairs created."""
    return int(made[made["after"].str.lower().apply(lambda s: keyword in text.tokenize(s))]["count"].sum())


def hidden_mentions(tokens: pd.DataFrame) -> pd.DataFrame:
    """Tokens that contain a keyword but are neither the keyword nor a real word such as *Russian*."""
    hides = tokens["token"].apply(
        lambda t: any(k in t for k in KEYWORDS) and t not in REAL_WORDS and t not in KEYWORDS
    )
    return tokens[hides]


def rates_chart(counts: pd.DataFrame) -> alt.FacetChart:
    """Five small line charts of mentions per 10,000 words, recounted years filled, 2025 hollow."""
    order = list(dict.fromkeys(counts["series"]))
    shapes = alt.Scale(domain=[RECOUNTED, REPORTED], range=["circle", "diamond"])
    base = alt.Chart().encode(
        x=alt.X(
            "year:Q", title=None, scale=alt.Scale(domain=[1985, 2027]), axis=alt.Axis(format="d", tickCount=5)
        ),
        y=alt.Y("per_10k:Q", title="per 10,000 words"),
        color=alt.Color(
            "series:N", scale=alt.Scale(domain=order, range=list(charts.PALETTE[:5])), legend=None
        ),
        tooltip=RATE_TOOLTIP,
    )
    recounted = alt.datum.basis == RECOUNTED
    shape = alt.Shape("basis:N", scale=shapes, title=None)
    line = base.transform_filter(recounted).mark_line(strokeWidth=2)
    dots = base.transform_filter(recounted).mark_point(filled=True, size=45).encode(shape=shape)
    hollow = (
        base.transform_filter(~recounted)
        .mark_point(filled=False, size=160, strokeWidth=2.5)
        .encode(shape=shape)
    )
    header = alt.Header(labelFontSize=14, labelAnchor="start", labelFontWeight="bold")
    return (
        alt.layer(line, dots, hollow, data=counts)
        .properties(width=270, height=150)
        .facet(facet=alt.Facet("series:N", sort=order, title=None, header=header), columns=2)
        .resolve_scale(y="independent")
    )


def raw_rate_chart(counts: pd.DataFrame) -> alt.HConcatChart:
    """Raw mentions and mentions per 10,000 words side by side, for the word chosen in a menu."""
    order = list(dict.fromkeys(counts["series"]))
    pick = alt.param(name="cw_word", value="Russia", bind=alt.binding_select(options=order, name="Word: "))
    fill = alt.Scale(domain=[RECOUNTED, REPORTED], range=[charts.PALETTE[0], "#ffffff"])
    bars = (
        alt.Chart(counts)
        .transform_filter("datum.series == cw_word")
        .mark_bar(strokeWidth=1.5)
        .encode(
            x=alt.X("year:O", title=None),
            color=alt.Color("basis:N", title=None, scale=fill),
            stroke=alt.value(charts.PALETTE[0]),
            tooltip=RATE_TOOLTIP,
        )
        .properties(width=290, height=200)
    )
    raw = bars.encode(y=alt.Y("count:Q", title="mentions")).properties(title="Mentions")
    norm = bars.encode(y=alt.Y("per_10k:Q", title="per 10,000 words")).properties(title="Per 10,000 words")
    return alt.hconcat(raw, norm).add_params(pick)


def kwic_table(lines: pd.DataFrame) -> pd.io.formats.style.Styler:
    """A keyword-in-context listing styled for reading: the keyword bold, its left context right-aligned."""
    return (
        lines.style.hide(axis="index")
        .set_properties(**{"white-space": "pre", "font-family": "monospace", "font-size": "0.85em"})
        .set_properties(subset=["left"], **{"text-align": "right"})
        .set_properties(subset=["match"], **{"font-weight": "bold"})
    )


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose, titles and captions show."""

    docs_phrase: str
    n_docs_word: str
    short_words: str
    short_year: int
    long_words: str
    long_year: int
    damage_title: str
    damage_description: str
    repair_russia: int
    repair_china: int
    hidden_total: int
    rates_subtitle: list[str]
    rates_description: str
    rates_caption: str
    words_2025: str
    words_2017: str
    ru_2025_rate: str
    ru_2017_rate: str
    ru_2017_n: int
    ru_2015_rate: str
    cn_2025_rate: str
    cn_2017_rate: str
    hs_2025_rate: str
    hs_2017_rate: str
    im_2025_rate: str
    im_2017_rate: str
    ru_2000_n: int
    ru_2000_rate: str
    raw_rate_description: str
    kwic_n: int


def values(data_dir: str | Path | None = None) -> Values:
    """Compute the chapter's values from the NSS tables and the article, checking the statements that do not follow them."""
    docs = data.load("nss_documents", data_dir)
    tokens = data.load("nss_token_counts", data_dir)
    reported = data.load("nss_2025_reported", data_dir)
    repairs = data.load("nss_repairs", data_dir)
    first, last = int(docs["year"].min()), int(docs["year"].max())
    words_2017 = int(docs.loc[docs["year"] == 2017, "words"].iloc[0])
    shortest, longest = docs.loc[docs["words"].idxmin()], docs.loc[docs["words"].idxmax()]

    made = keyword_repairs(repairs)
    late90s = made[made["year"].between(1995, 1999)]["count"].sum()
    _guard(late90s >= 0.8 * made["count"].sum(), "almost all in 1995–1999")

    counts = rates(docs, tokens, reported)
    order = list(dict.fromkeys(counts["series"]))

    def r(name: str, year: int) -> float:
        return rate(counts, name, year)

    _guard(first == 1987 and last == 2017, "## Mentions per 10,000 words, 1987–2017 and 2025")
    _guard(first == 1987 and last == 2017, "the 1987–2017 figures are recounted")
    w25 = int(reported["words"].iloc[0])
    _guard(w25 < words_2017 / 2, "less than half the length of the 2017 strategy")
    ru25, ru17, ru15 = r("Russia", 2025), r("Russia", 2017), r("Russia", 2015)
    _guard(abs(ru25 / ru17 - 1) < 0.1 and ru25 > 1.5 * ru15, "almost exactly the 2017 rate of")
    _guard(
        abs(ru25 / ru17 - 1) < 0.25 and ru25 / r("China", 2025) < ru17 / r("China", 2017),
        "Russia receives about as much attention as it did in 2017",
    )
    hs_before = counts[(counts["series"] == "hemisphere") & (counts["basis"] == RECOUNTED)]["per_10k"].max()
    _guard(r("hemisphere", 2025) > 2 * hs_before, "The hemisphere rate is far above any earlier strategy")
    _guard(
        all(r(w, 2025) > r(w, 2017) for w in ("hemisphere", "China", "immigration")),
        "it is a rise in attention to the Western Hemisphere, China and immigration rather than a fall in "
        "attention to Russia",
    )
    trump17 = int(tokens.loc[(tokens["year"] == 2017) & (tokens["token"] == "trump"), "count"].sum())
    trump25 = list(reported.loc[reported["term"] == "Trump", "count"])
    _guard(
        trump17 == 2 and trump25 == [27], "contains the word *Trump* only twice, against 27 reported for 2025"
    )
    ru_raw = counts[(counts["series"] == "Russia") & (counts["basis"] == RECOUNTED)].set_index("year")
    lengths = docs.set_index("year").loc[ru_raw.index, "words"]
    shorter_higher = ru_raw[
        (lengths < docs["words"].max()).to_numpy() & (ru_raw["per_10k"] > r("Russia", 2000)).to_numpy()
    ]
    _guard(
        int(longest["year"]) == 2000 and int(ru_raw["count"].idxmax()) == 2000 and len(shorter_higher) >= 2,
        "The 2000 strategy, the longest in the series, mentions Russia",
    )

    russia = counts[counts["series"] == "Russia"].set_index("year")
    essay = data.article_text(ARTICLE, data_dir=data_dir)
    return Values(
        docs_phrase=docs_phrase(docs),
        n_docs_word=prose.number_word(len(docs)),
        short_words=_thousands(shortest["words"]),
        short_year=int(shortest["year"]),
        long_words=_thousands(longest["words"]),
        long_year=int(longest["year"]),
        damage_title=damage_title(docs),
        damage_description=(
            "Bar chart of suspected run-together words per 10,000 words in each National Security "
            f"Strategy, {first} to {last}: "
            + ", ".join(f"{y}: {v:.0f}" for y, v in zip(docs["year"], docs["runtogether_per_10k"]))
            + "."
        ),
        repair_russia=repairs_of(made, "russia"),
        repair_china=repairs_of(made, "china"),
        hidden_total=int(hidden_mentions(tokens)["count"].sum()),
        rates_subtitle=[
            "Mentions per 10,000 words in US National Security Strategies; each panel has its own scale",
            f"Filled dots: recounted by the book ({first}–{last}). Hollow diamonds: 2025, reported, not recounted",
        ],
        rates_description=(
            f"Five small line charts of mentions per 10,000 words in the strategies of {first} to {last}, "
            "with a hollow diamond for 2025 as reported. "
            + " ".join(
                f"{name}: {r(name, 1987):.1f} in 1987, {r(name, 2017):.1f} in 2017"
                + (f", {r(name, 2025):.1f} reported for 2025." if name != "Soviet or USSR" else ".")
                for name in order
            )
        ),
        rates_caption=rates_caption(docs),
        words_2025=_thousands(w25),
        words_2017=_thousands(words_2017),
        ru_2025_rate=f"{ru25:.1f}",
        ru_2017_rate=f"{ru17:.1f}",
        ru_2017_n=mentions(counts, "Russia", 2017),
        ru_2015_rate=f"{ru15:.1f}",
        cn_2025_rate=f"{r('China', 2025):.1f}",
        cn_2017_rate=f"{r('China', 2017):.1f}",
        hs_2025_rate=f"{r('hemisphere', 2025):.1f}",
        hs_2017_rate=f"{r('hemisphere', 2017):.1f}",
        im_2025_rate=f"{r('immigration', 2025):.1f}",
        im_2017_rate=f"{r('immigration', 2017):.1f}",
        ru_2000_n=mentions(counts, "Russia", 2000),
        ru_2000_rate=f"{r('Russia', 2000):.1f}",
        raw_rate_description=(
            "Two bar charts for the word chosen in the menu (Russia by default): raw mentions by "
            "year on the left, mentions per 10,000 words on the right. For Russia the raw count "
            f"peaks in {int(russia['count'].idxmax())}, the rate in {int(russia['per_10k'].idxmax())}; "
            f"2025 as reported is {mentions(counts, 'Russia', 2025)} mentions, {ru25:.1f} per 10,000 words."
        ),
        kwic_n=len(text.kwic(essay, "hemisphere", width=38, match="prefix")),
    )
