"""The values of book/methods/fact-check.md, worked out from the CSV files, and its guards."""

from __future__ import annotations

from collections import Counter

import pandas as pd
import pytest
from datacopy import DataCopy, read, stopped_at

from companion import prose
from companion.chapters import fact_check

CHAPTER = "book/methods/fact-check.md"


LEDGER = read("claims.csv")
VERDICTS = Counter(r["verdict"] for r in LEDGER)


@pytest.fixture(scope="module")
def v() -> fact_check.Values:
    return fact_check.values()


def test_ledger_counts(v):
    articles = Counter(r["article_id"] for r in LEDGER)
    assert v.n == len(LEDGER)
    assert (v.n_superpower_concessions, v.n_reverse_kissinger) == (
        articles["superpower-concessions"],
        articles["reverse-kissinger"],
    )
    assert (v.n_supported, v.n_approximately, v.n_misleading, v.n_contradicted, v.n_unverified) == (
        VERDICTS["supported"],
        VERDICTS["approximately"],
        VERDICTS["misleading"],
        VERDICTS["contradicted"],
        VERDICTS["unverified"],
    )
    # The strongest counter-case is recorded for the three negative verdicts the chapter names.
    assert v.n_strongest == VERDICTS["approximately"] + VERDICTS["misleading"] + VERDICTS["contradicted"]
    assert v.unverified_share == f"{100 * VERDICTS['unverified'] / len(LEDGER):.1f}"
    assert v.n_sources == len({r["source_id"] for r in LEDGER if r["source_id"]})
    first_day = min(r["added"] for r in LEDGER)
    assert v.n_added == sum(r["added"] != first_day for r in LEDGER)
    assert v.n_corrections == sum(r["kind"] == "verdict" for r in read("corrections.csv"))


def test_figures_from_the_datasets(v):
    crude = {
        r["year"]: r for r in read("trade/china_crude_imports_from_russia.csv") if r["period"] == "full_year"
    }
    assert (v.crude_year, v.crude_value) == (2024, f"{float(crude['2024']['value_usd_bn']):.1f}")
    gdp = {(r["iso3"], r["year"]): float(r["gdp_usd_bn"]) for r in read("economy/gdp.csv") if r["gdp_usd_bn"]}
    last = max(int(y) for _, y in gdp)
    early = sum(gdp[("RUS", str(y))] for y in range(1990, 1994)) / 4
    assert v.china_vs_russia_early_1990s == f"{gdp[('CHN', str(last))] / early:.0f}"
    trump = [r for r in read("texts/nss_token_counts.csv") if r["year"] == "2017" and r["token"] == "trump"]
    assert v.nss_2017_trump == sum(int(r["count"]) for r in trump) == 2
    assert v.nss_words_2025 == "9,660"  # the length the Times Examiner commentary reports


def test_a_2019_crude_figure_stops_at_the_sentence_that_says_it_was_not_checked(tmp_path):
    data_copy = DataCopy.of(tmp_path)

    def add_2019(rows):
        template = next(r for r in rows if r["year"] == "2021" and r["period"] == "full_year")
        return [dict(template, year="2019", value_usd_bn="37.0", note=""), *rows]

    data_copy.edit("trade/china_crude_imports_from_russia.csv", add_2019)
    with pytest.raises(prose.StatementFailed) as failed:
        fact_check.values(data_copy.folder)
    assert stopped_at(failed.value, CHAPTER) == "The 2019 value in the caption was not checked"


def test_a_crude_value_that_is_not_62_billion_stops_at_the_dollar_sentence():
    crude = pd.DataFrame({"year": [2023, 2024], "period": ["full_year"] * 2, "value_usd_bn": [60.6, 70.0]})
    with pytest.raises(prose.StatementFailed) as failed:
        fact_check.crude_value(crude)
    assert stopped_at(failed.value, CHAPTER) == "The numbers fit dollars"


def test_the_gdp_ratio_guards():
    def gdp(chn: float) -> pd.DataFrame:
        rows = [("RUS", y, 100.0) for y in range(1990, 1994)] + [("RUS", 2023, 2000.0), ("CHN", 2023, chn)]
        return pd.DataFrame(rows, columns=["iso3", "year", "gdp_usd_bn"])

    assert round(fact_check.china_vs_russia_early_1990s(gdp(18_000.0))) == 180
    with pytest.raises(prose.StatementFailed) as failed:
        fact_check.china_vs_russia_early_1990s(gdp(24_000.0))  # twelve times Russia's
    assert (
        stopped_at(failed.value, CHAPTER)
        == "China's economy is now about nine times Russia's at market rates"
    )


def test_the_verdict_caption_follows_the_ledger():
    def ledger(*rows: tuple[str, str, str]) -> pd.DataFrame:
        return pd.DataFrame(rows, columns=["article_id", "verdict", "claim_type"])

    sc, npv = "superpower-concessions", "no-peace-without-victory"
    fact_check.check_verdict_caption(
        ledger(
            (sc, "unverified", "number"), (sc, "supported", "number"), (npv, "contradicted", "attribution")
        )
    )
    with pytest.raises(prose.StatementFailed) as failed:
        fact_check.check_verdict_caption(
            ledger((sc, "unverified", "number"), (npv, "unverified", "number"), (npv, "unverified", "date"))
        )
    assert stopped_at(failed.value, CHAPTER).startswith("The long *Superpower* essay")
    with pytest.raises(prose.StatementFailed) as failed:
        fact_check.check_verdict_caption(
            ledger((sc, "unverified", "number"), (sc, "supported", "x"), (npv, "contradicted", "number"))
        )
    assert stopped_at(failed.value, CHAPTER).startswith("Most of the contradicted claims")


def test_verdict_scale_and_table_follow_the_scale_order():
    ledger = pd.DataFrame(read("claims.csv"))
    ledger["checked_value"] = ledger["checked_value"].replace("", None)
    scale = fact_check.verdict_scale(ledger)
    assert list(scale["Verdict"]) == [
        "Supported",
        "Approximately right",
        "Misleading",
        "Contradicted",
        "Unverified",
    ]
    assert list(scale["ClaimReview rating"]) == [5, 4, 2, 1, "none (label only)"]
    assert list(scale["Claims"]) == [VERDICTS[k] for k in fact_check.EXAMPLES]
    assert scale.loc[4, "Example from the ledger"].endswith("found nothing conclusive")


def test_audit_figures_follow_the_audit_file(v):
    rows = read("audit/annotation_audit.csv")
    errors = [r for r in rows if r["result"] != "confirmed"]
    pending = [r for r in errors if not r["correction_id"]]
    assert (v.audit_checked, v.audit_errors) == (len(rows), len(errors))
    assert v.audit_rate == f"{100 * len(errors) / len(rows):.1f}"
    assert (v.audit_pending == "none is left uncorrected") == (not pending)


def test_pending_errors_are_counted_in_words():
    assert fact_check.pending_sentence({"pending": 0}) == "none is left uncorrected"
    assert fact_check.pending_sentence({"pending": 1}).startswith("one error waits for a correction")
    assert fact_check.pending_sentence({"pending": 3}).startswith("three errors wait")


def test_pages_not_reached_come_from_the_table_of_contents(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: R\n    chapters:\n"
        "      - file: book/reference/glossary\n      - file: book/reference/bibliography\n",
        encoding="utf-8",
    )
    pages = fact_check.toc_pages(toc)
    assert pages == ["book/intro", "book/reference/glossary", "book/reference/bibliography"]
    audited = pd.DataFrame({"chapter": ["book/intro"]})
    assert fact_check.not_reached(audited, pages) == "Not reached on this reading: Glossary"
    everything = pd.DataFrame({"chapter": ["book/intro", "book/reference/glossary"]})
    assert fact_check.not_reached(everything, pages).startswith("Every page that makes factual statements")


def test_an_unverified_share_over_8_per_cent_stops_at_the_rule():
    rows = read("claims.csv")
    assert fact_check.unverified_share(pd.DataFrame(rows)) == pytest.approx(
        100 * sum(r["verdict"] == "unverified" for r in rows) / len(rows)
    )
    too_many = pd.DataFrame({"verdict": ["unverified"] * 9 + ["supported"] * 91})
    with pytest.raises(prose.StatementFailed) as failed:
        fact_check.unverified_share(too_many)
    assert stopped_at(failed.value, CHAPTER) == "At most 8% of rows may be unverified"
