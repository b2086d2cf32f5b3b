"""Values and checks for the chapter "Fact-check" (book/methods/fact-check.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

import altair as alt
import pandas as pd

from companion import audit, claims, data, lab_references, prose, text
from companion.chapters import chapter_path
from companion.claims.loading import ROOT

CHAPTER = "book/methods/fact-check.md"
#: ``prose.guard`` for the statements of this chapter: a failure names its file and line.
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))

#: What each verdict means, as the verdict-scale table states it.
DEFINITIONS = {
    "supported": "The evidence available on the article's date agrees with the claim, including any hedge the claim makes (“roughly”, “less than”).",
    "approximately": "Right to within normal rounding or a loose phrasing: a round number, a paraphrased quotation, a date off by a few days.",
    "misleading": "Literally defensible, but it gives a false impression: true of one thing and not of the other it is paired with, or said in a different place or to a different person.",
    "contradicted": "The evidence says otherwise.",
    "unverified": "No reachable evidence either way. The note says what would settle it.",
}
#: One ledger row that shows each verdict.
EXAMPLES = {
    "supported": "sc-china-1987-share",
    "approximately": "sba-border-4000km",
    "misleading": "rk-never-have-started",
    "contradicted": "sc-cpc-77th",
    "unverified": "sc-nss-russia-10",
}
#: The verdicts' colours in the chart, in the order of claims.VERDICTS (Okabe–Ito, grey for unverified).
VERDICT_COLOURS = ["#009E73", "#56B4E9", "#E69F00", "#D55E00", "#999999"]
VERDICT_CHART_DESCRIPTION = (
    "Stacked horizontal bars, one per article, showing how many of its claims were "
    "judged supported, approximately right, misleading, contradicted or unverified."
)
VERDICT_TOOLTIP = [
    alt.Tooltip("article_id:N", title="Article"),
    alt.Tooltip("verdict_label:N", title="Verdict"),
    alt.Tooltip("claims:Q", title="Claims"),
]


def verdict_scale(ledger: pd.DataFrame) -> pd.DataFrame:
    """The verdict scale: each verdict's label, meaning, an example row, its number of claims and its ClaimReview rating."""
    by_id = ledger.set_index("claim_id")
    counts = ledger["verdict"].value_counts()
    rows = []
    for verdict in claims.VERDICTS:
        ex = by_id.loc[EXAMPLES[verdict]]
        found = ex["checked_value"] if pd.notna(ex["checked_value"]) else "nothing conclusive"
        rows.append(
            {
                "Verdict": claims.VERDICT_LABELS[verdict],
                "Meaning": DEFINITIONS[verdict],
                "Example from the ledger": f"“{ex['quote']}” — claimed {ex['claimed_value']}; found {found}",
                "Claims": int(counts.get(verdict, 0)),
                "ClaimReview rating": claims.VERDICT_RATINGS[verdict].get("ratingValue", "none (label only)"),
            }
        )
    return pd.DataFrame(rows)


def check_verdict_caption(ledger: pd.DataFrame) -> None:
    """Check the verdicts chart's caption: the articles it names for the most claims, unverified and contradicted ones."""
    per_article = ledger.groupby("article_id").size()
    unverified = ledger[ledger["verdict"] == "unverified"].groupby("article_id").size()
    _guard(
        per_article.idxmax() == "superpower-concessions" and unverified.idxmax() == "superpower-concessions",
        "The long *Superpower* essay makes the most checkable claims and has the most unverified ones",
    )
    npv = ledger[(ledger["article_id"] == "no-peace-without-victory") & (ledger["verdict"] == "contradicted")]
    _guard(
        (npv["claim_type"] == "attribution").sum() > len(npv) / 2,
        "Most of the contradicted claims in *No peace without victory* are its attributions",
    )


def verdicts_by_article(counts: pd.DataFrame) -> pd.DataFrame:
    """The verdict counts as a table: one row per article (book order), one column per verdict (scale order)."""
    order = [claims.VERDICT_LABELS[v] for v in claims.VERDICTS]
    wide = counts.pivot(index="article_id", columns="verdict_label", values="claims")
    wide = wide.reindex(index=list(claims.ARTICLE_ORDER), columns=order).reset_index()
    return wide.rename(columns={"article_id": "article"})


def nss_comparison(
    documents: pd.DataFrame, token_counts: pd.DataFrame, reported: pd.DataFrame
) -> pd.DataFrame:
    """The five terms the article counts in the 2025 strategy, as reported, beside the book's 2017 recount."""
    terms = list(reported["term"])
    rates = text.nss_rates(terms, documents=documents, token_counts=token_counts, reported=reported)
    rates = rates.round({"per_10k": 1})  # whole words, any case
    r25 = rates[rates["basis"] == text.REPORTED].set_index("term").loc[terms]
    r17 = rates[(rates["basis"] == text.COUNTED) & (rates["year"] == 2017)].set_index("term").loc[terms]
    return pd.DataFrame(
        {
            "term": terms,
            "2025 as reported": r25["count"].to_numpy(),
            "2025 per 10,000 words": r25["per_10k"].to_numpy(),
            "2017 recount": r17["count"].to_numpy(),
            "2017 per 10,000 words": r17["per_10k"].to_numpy(),
        }
    )


def crude_value(crude: pd.DataFrame, year: int = 2024) -> str:
    """China's crude imports from Russia in ``year`` (the year the article names), billion dollars, as the prose shows it."""
    full = crude[crude["period"] == "full_year"].dropna(subset=["value_usd_bn"]).set_index("year")
    value = float(full.loc[year, "value_usd_bn"])
    _guard(abs(value - 62) < 1, "The numbers fit dollars", f"the {year} value is {value:.1f} billion dollars")
    return f"{value:.1f}"


def check_caption_2019(crude: pd.DataFrame) -> None:
    """Check that the crude table still has no full-year 2019 value (the caption's 2019 figure)."""
    full = crude[crude["period"] == "full_year"].dropna(subset=["value_usd_bn"])
    _guard(2019 not in set(full["year"]), "The 2019 value in the caption was not checked")


#: Pages of the book that make no factual statements of their own, so the audit does not check them.
NOT_AUDITED = {
    "book/reference/bibliography": "the bibliography",
    "book/reference/corrections": "the corrections page",
    "book/reference/changelog": "the changelog",
    "book/reference/audit": "the audit table",
}


def toc_pages(toc_file: Path | None = None) -> list[str]:
    """Every page of the book, in the order of ``_toc.yml`` (``book/…`` without ``.md``)."""
    toc_file = toc_file or ROOT / "_toc.yml"
    return [doc.removesuffix(".md") for doc, _ in lab_references.toc_documents(toc_file.parent)]


def not_reached(rows: pd.DataFrame, pages: list[str]) -> str:
    """The sentence on the pages the audit has not reached, from the audit table and the table of contents."""
    missing = [p for p in pages if p not in set(rows["chapter"]) and p not in NOT_AUDITED]
    if not missing:
        return (
            "Every page that makes factual statements of its own now has checks in the table "
            f"({prose.join(list(NOT_AUDITED.values()))} make none); on the later "
            "pages the checks are a sample, not a reading of every sentence"
        )
    return "Not reached on this reading: " + prose.join([page_title(p) for p in missing])


def page_title(page: str) -> str:
    """A page's title, from the first heading of its file (the path when it has none)."""
    path = ROOT / f"{page}.md"
    lines = path.read_text(encoding="utf-8").splitlines() if path.is_file() else []
    return next((ln[2:].strip() for ln in lines if ln.startswith("# ")), page.removeprefix("book/"))


def unverified_share(ledger: pd.DataFrame) -> float:
    """The share of ledger rows marked unverified, in per cent, checked against the 8% the chapter promises."""
    share = 100 * float((ledger["verdict"] == "unverified").mean())
    _guard(share <= 8, "At most 8% of rows may be unverified", f"the share is {share:.1f}%")
    return share


def pending_sentence(figures: dict[str, int | str]) -> str:
    """What the audit's errors came to: all corrected, or how many wait (the rows say why)."""
    pending = int(figures["pending"])
    if pending == 0:
        return "none is left uncorrected"
    return f"{prose.count(pending, 'error')} {'waits' if pending == 1 else 'wait'} for a correction, and each row says why"


def china_vs_russia_early_1990s(gdp: pd.DataFrame) -> float:
    """China's GDP in the latest year over Russia's mean GDP of 1990–1993."""
    last = gdp[gdp["year"] == gdp["year"].max()].set_index("iso3")["gdp_usd_bn"]
    now = last["CHN"] / last["RUS"]
    _guard(
        8.5 <= now < 9.5,
        "China's economy is now about nine times Russia's at market rates",
        f"the ratio is {now:.1f}",
    )
    early = gdp[(gdp["iso3"] == "RUS") & gdp["year"].between(1990, 1993)]["gdp_usd_bn"].mean()
    ratio = float(last["CHN"] / early)
    _guard(ratio > 9, "far outside the range", f"the ratio is {ratio:.1f}")
    return ratio


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows."""

    n: int
    n_superpower_concessions: int
    n_golden_opportunity: int
    n_strategic_balancing_act: int
    n_no_peace_without_victory: int
    n_reverse_kissinger: int
    n_first_edition: int
    n_added: int
    n_sources: int
    n_computed: int
    n_strongest: int
    unverified_share: str
    n_corrections: int
    n_supported: int
    n_approximately: int
    n_misleading: int
    n_contradicted: int
    n_unverified: int
    nss_words_2025: str
    nss_words_2017: str
    nss_2017_trump: int
    crude_value: str
    crude_year: int
    china_vs_russia_early_1990s: str
    audit_checked: int
    audit_chapters: int
    audit_errors: int
    audit_rate: str
    audit_corrected: int
    audit_pending: str
    audit_not_reached: str


def values(data_dir: str | Path | None = None) -> Values:
    """Compute the chapter's values from the ledger and the datasets, checking the statements that do not follow them."""
    ledger = claims.ledger()
    check_verdict_caption(ledger)
    counts = ledger["verdict"].value_counts()
    by_article = ledger.groupby("article_id").size()
    first_edition = int(claims.verdict_before_after()["first_edition"].sum())
    corrections = claims.corrections()
    nss = text.nss_rates(
        ["Trump"],
        documents=data.load("nss_documents", data_dir),
        token_counts=data.load("nss_token_counts", data_dir),
        reported=data.load("nss_2025_reported", data_dir),
    )
    crude = data.load("china_crude_imports_from_russia", data_dir)
    check_caption_2019(crude)
    words_2025 = int(nss.loc[nss["basis"] == text.REPORTED, "words"].iloc[0])
    recount_2017 = nss[(nss["basis"] == text.COUNTED) & (nss["year"] == 2017)].iloc[0]
    share = unverified_share(ledger)
    audit_rows = audit.audit(data_dir)
    checked = audit.figures(audit_rows)
    return Values(
        n=len(ledger),
        n_superpower_concessions=int(by_article.get("superpower-concessions", 0)),
        n_golden_opportunity=int(by_article.get("golden-opportunity", 0)),
        n_strategic_balancing_act=int(by_article.get("strategic-balancing-act", 0)),
        n_no_peace_without_victory=int(by_article.get("no-peace-without-victory", 0)),
        n_reverse_kissinger=int(by_article.get("reverse-kissinger", 0)),
        n_first_edition=first_edition,
        n_added=len(ledger) - first_edition,
        n_sources=int(ledger.loc[ledger["source_id"].notna(), "source_id"].nunique()),
        n_computed=len(claims.computed_checks()),
        n_strongest=int(ledger["verdict"].isin(claims.NEGATIVE_VERDICTS).sum()),
        unverified_share=f"{share:.1f}",
        n_corrections=int((corrections["kind"] == "verdict").sum()),
        n_supported=int(counts.get("supported", 0)),
        n_approximately=int(counts.get("approximately", 0)),
        n_misleading=int(counts.get("misleading", 0)),
        n_contradicted=int(counts.get("contradicted", 0)),
        n_unverified=int(counts.get("unverified", 0)),
        nss_words_2025=f"{words_2025:,}",
        nss_words_2017=f"{int(recount_2017['words']):,}",
        nss_2017_trump=int(recount_2017["count"]),
        crude_value=crude_value(crude),
        crude_year=2024,
        china_vs_russia_early_1990s=f"{china_vs_russia_early_1990s(data.load('gdp', data_dir)):.0f}",
        audit_checked=int(checked["checked"]),
        audit_chapters=int(checked["chapters"]),
        audit_errors=int(checked["errors"]),
        audit_rate=str(checked["error_rate"]),
        audit_corrected=int(checked["corrected"]),
        audit_pending=pending_sentence(checked),
        audit_not_reached=not_reached(audit_rows, toc_pages()),
    )
