"""Values for the chapter "Where these texts come from" (book/methods/where-texts-come-from.md)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import altair as alt
import pandas as pd

from companion import claims, data, prose, quotes
from companion.chapters import chapter_path

CHAPTER = "book/methods/where-texts-come-from.md"

#: Edits the Metro Observer rewrite made to Graham's essay: (Graham's words, the rewrite's, what the edit does).
GRAHAM_EDITS = [
    (
        "These suppositions are absolute fantasy.",
        "these assumptions regarding the potential for a U.S.-Russia rapprochement are largely fantasy",
        "A flat rejection becomes a hedged one.",
    ),
    (
        "Fifteen years ago, China became Russia’s leading trading partner",
        "Over the last fifteen years, China has emerged as Russia’s leading trading partner",
        "A dated event becomes a gradual process.",
    ),
    (
        "The Kremlin will not abandon those benefits",
        "The Kremlin is unlikely to abandon these benefits",
        "A firm prediction becomes a probability.",
    ),
    (
        "this status quo will endure beyond Trump’s term as president",
        "this status quo will likely persist beyond Trump’s presidency",
        "Another hedge added.",
    ),
    (
        "the deep-seated anti-Russian animosity within the American foreign-policy establishment",
        "the entrenched anti-Russian sentiments within the American foreign-policy establishment",
        "A synonym swap that keeps the meaning.",
    ),
]
WORD_FOR_WORD, REWORDED, NOT_TRACED = (
    "Dugin's post, word for word",
    "Dugin's post, reworded",
    "Not traced (unverified)",
)
#: Where the quotations were found, in the chart's order, and their colours (Okabe–Ito, grey for not traced).
SOURCE_ORDER = [WORD_FOR_WORD, REWORDED, NOT_TRACED]
SOURCE_COLOURS = ["#D55E00", "#E69F00", "#999999"]
DUGIN_DESCRIPTION = (
    "Horizontal bars, one per speaker the article names. The quotations given to a "
    "military strategist, a senior official, a defence analyst, a military source, a US "
    "diplomat and a military commander are all found in Dugin's post; those given to a "
    "senior adviser and a political analyst go back, reworded, to his statements of 19 and 21 May."
)
DUGIN_TOOLTIP = [
    alt.Tooltip("attributed_to:N", title="Attributed to"),
    alt.Tooltip("actually_from:N", title="Actually from"),
    alt.Tooltip("quotations:Q", title="Quotations"),
]


def rewrite_comparison(article: str = "strategic-balancing-act") -> pd.DataFrame:
    """Graham's words beside the rewrite's, each rewrite checked verbatim against the article's text."""
    rows = []
    for original, rewrite, comment in GRAHAM_EDITS:
        check = quotes.check_quote(article, rewrite)
        if not check.ok:  # the rewrite's side of the table must be verbatim
            raise ValueError(check.message)
        rows.append(
            {
                "Graham, The National Interest (14 April 2025)": f"“{original}”",
                "Rewrite, Metro Observer (19 April 2025)": f"“{rewrite}”",
                "What the edit does": comment,
            }
        )
    return pd.DataFrame(rows)


def actual_source(verdict: str, checked_value: object) -> str:
    """Where an attributed quotation was found: the rule follows the ledger's verdict and checked value."""
    if verdict == "unverified":
        return NOT_TRACED
    if str(checked_value).startswith("not in the post"):
        return REWORDED
    return WORD_FOR_WORD


def attributions(ledger: pd.DataFrame) -> pd.DataFrame:
    """The quotations *No peace without victory* attributes, with the speaker it names and where they were found."""
    npv = ledger[
        (ledger["article_id"] == "no-peace-without-victory")
        & (ledger["claim_type"] == "attribution")
        & ledger["quote"].str.contains("“")  # quotations, not paraphrased arguments
    ].copy()
    npv["actually_from"] = [actual_source(v, c) for v, c in zip(npv["verdict"], npv["checked_value"])]
    npv["attributed_to"] = npv["claimed_value"].str.replace(r" \(same speaker\)$", "", regex=True)
    return npv


def dugin_chart(summary: pd.DataFrame, speakers: list[str]) -> alt.Chart:
    """Stacked bars of quotations per speaker named (in the order of ``speakers``), coloured by where they were found."""
    return (
        alt.Chart(summary, height=260)
        .mark_bar()
        .encode(
            y=alt.Y("attributed_to:N", title=None, sort=speakers, axis=alt.Axis(labelLimit=320)),
            x=alt.X("quotations:Q", title="Quotations", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "actually_from:N",
                title="Actually from",
                sort=SOURCE_ORDER,
                legend=alt.Legend(labelLimit=300),
                scale=alt.Scale(domain=SOURCE_ORDER, range=SOURCE_COLOURS),
            ),
            order=alt.Order("actually_from:N", sort="ascending"),
        )
    )


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows."""

    n_rewrite: int
    n_translation: int
    n_original: int
    npv_n: int
    npv_traced: int
    rk_captions: int


def values(data_dir: str | Path | None = None) -> Values:
    """Compute the chapter's values from the articles table, the ledger and the furniture table."""
    kinds = data.load("articles", data_dir)["kind"].value_counts()
    rewrites, translations = int(kinds.get("rewrite", 0)), int(kinds.get("translation", 0))
    where = chapter_path(CHAPTER)
    prose.guard(translations == 1, "is a translation; the other", chapter=where)
    prose.guard(
        rewrites + translations == 3,
        "Three of the five texts are rewrites or translations of an identifiable original",
        chapter=where,
    )
    npv = attributions(claims.ledger())
    furniture = data.load("article_furniture", data_dir)
    rk = furniture[furniture["article_id"] == "reverse-kissinger"]
    return Values(
        n_rewrite=rewrites,
        n_translation=translations,
        n_original=int(kinds.get("original", 0)),
        npv_n=len(npv),
        npv_traced=int((npv["actually_from"] != NOT_TRACED).sum()),
        rk_captions=int((rk["kind"] == "caption").sum()),
    )
