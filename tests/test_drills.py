"""Data-update drills: change a dataset the way a new release would and check what the book says.

Each drill copies the repository to a temporary folder (without .venv, _build, node_modules),
edits one curated table as a publisher's new release might (a new last year that is a new
peak, a new last year that falls again, a year the prose calls missing that arrives, a value
that flips a comparison), runs only the chapters that use the table as notebooks (jupytext +
nbclient, importing ``companion`` from the copy), and asserts one of two outcomes:

* the sentences the chapter generates from the data are true of the changed data (checked
  here against the edit, not against the chapter's own code), or
* the run stops at a guard whose message names the chapter file and line of the statement,
  and that line of the copied chapter holds the statement.

The figures written by the drills are made up for the test and exist only in the temporary copy.
"""

from __future__ import annotations

import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import refresh  # noqa: E402

from companion import data, prose  # noqa: E402
from companion.chapters import counting_words, data_appendix, fact_check  # noqa: E402
from harness import read_csv_rows, rewrite_csv  # noqa: E402

pytestmark = pytest.mark.drill

IGNORE = shutil.ignore_patterns(
    ".venv",
    "_build",
    "node_modules",
    ".git",
    ".pytest_cache",
    "__pycache__",
    ".jupyter_cache",
    ".ipynb_checkpoints",
)
GUARD_MESSAGE = re.compile(
    r"^StatementFailed: (?P<file>book/[\w/.-]+\.md):(?P<lines>\d+(?:, \d+)*): "
    r"the statement \"(?P<statement>.+?)\" no longer holds"
)


# --------------------------------------------------------------------------------------
# Harness
# --------------------------------------------------------------------------------------


def copy_repo(tmp_path: Path) -> Path:
    """Copy the repository (sources, data, book) into ``tmp_path/repo``."""
    dest = tmp_path / "repo"
    shutil.copytree(ROOT, dest, ignore=IGNORE)
    return dest


def edit_csv(repo: Path, rel: str, edit: Callable[[list[dict[str, str]]], list[dict[str, str]]]) -> None:
    """Rewrite ``data/<rel>`` in the copy: ``edit`` gets the rows as strings and returns the new rows."""
    rewrite_csv(repo / "data" / rel, edit)


def add_row(template: dict[str, str], **changes: str) -> dict[str, str]:
    """A copy of ``template`` with ``changes`` (notes cleared, since they describe the template's year)."""
    row = dict(template)
    if "note" in row:
        row["note"] = ""
    row.update(changes)
    return row


def run(repo: Path, *chapters: str) -> dict[str, refresh.ChapterRun]:
    """Validate the copy's data, then run the named chapters of the copy as notebooks."""
    problems = refresh.validate(repo)
    assert problems == [], "the drill's edit does not validate:\n" + "\n".join(problems)
    return refresh.run_chapters([repo / c for c in chapters], repo, workers=min(2, len(chapters)))


def said(result: refresh.ChapterRun) -> str:
    """Everything a chapter run generated (values and displayed texts), as one string."""
    return "\n".join([*result.values.values(), *result.texts.values()])


def guard_stop(result: refresh.ChapterRun, repo: Path) -> tuple[str, int, str]:
    """The guard a run stopped at, as (file, line, statement), checked against the copy's source.

    A build stops at a chapter's first error, so only the first counts; later cells of the
    notebook run may fail only because the stopped cell did not finish.
    """
    assert result.errors, f"{result.chapter}: expected the run to stop at a guard, but it raised nothing"
    first = result.errors[0]
    m = GUARD_MESSAGE.match(first)
    assert m, f"{result.chapter}: the first error is not a guard naming file and line: {first[:400]}"
    line = int(m["lines"].split(",")[0])
    assert m["file"] == result.chapter, (
        f"the guard names {m['file']}, not the chapter that ran ({result.chapter})"
    )
    prose_lines, _ = prose._find_in(repo / m["file"], m["statement"])
    assert line in prose_lines, f"{m['file']}:{line} does not hold the statement {m['statement']!r}"
    return m["file"], line, m["statement"]


def no_errors(result: refresh.ChapterRun) -> None:
    """Fail with the chapter's errors, if it raised any."""
    assert result.errors == [], f"{result.chapter} stopped: " + "\n".join(e[:400] for e in result.errors)


# --------------------------------------------------------------------------------------
# The refresh command, end to end, on a publisher's file with one more year
# --------------------------------------------------------------------------------------

RAW_TRADE = (
    ROOT.parent
    / "shared"
    / "data"
    / "raw"
    / "china_russia_trade"
    / "gacc_china_russia_trade_annual_from_news.csv"
)


@pytest.mark.skipif(not RAW_TRADE.is_file(), reason=f"publisher's file not available at {RAW_TRADE}")
def test_refresh_reports_what_a_new_trade_year_changes(tmp_path):
    """make refresh on a raw table with a 2026 row: the report shows the new row and the intro's new wording."""
    repo = copy_repo(tmp_path)
    raw = tmp_path / "raw-trade.csv"
    shutil.copyfile(RAW_TRADE, raw)

    def new_peak(rows):
        template = next(r for r in rows if r["year"] == "2025" and r["period"] == "full_year")
        return rows + [
            dict(
                template,
                year="2026",
                total_usd_bn="251.3",
                total_yoy_pct="",
                key_statement_paraphrased="Drill row: a new peak.",
            )
        ]

    rewrite_csv(raw, new_peak)
    status, report = refresh.refresh(
        "trade",
        raw,
        repo,
        [repo / "book" / "intro.md"],
        do_build=False,
        report=tmp_path / "report.md",
        workers=1,
    )
    text = report.read_text(encoding="utf-8")
    assert status == 0, text
    assert "`data/trade/china_russia_trade.csv`: 1 line(s) added, 0 removed" in text
    assert "+2026," in text
    section = text.split("### `book/intro.md`", 1)[1]
    changed = [line for line in section.splitlines() if line.startswith("| `")]
    assert changed, text
    # Every changed row names 2026 or 251 on the new side, and the intro no longer says trade fell.
    assert any("2026" in line.rsplit("|", 2)[-2] for line in changed), text
    assert not any("fell" in line.rsplit("|", 2)[-2] for line in changed), text


# --------------------------------------------------------------------------------------
# Helpers that read the unedited tables, so expectations are worked out here, not by the chapters
# --------------------------------------------------------------------------------------


def rows_of(rel: str) -> list[dict[str, str]]:
    """The rows of a committed curated CSV, as strings."""
    return read_csv_rows(ROOT / "data" / rel)


def scaled(row: dict[str, str], year: int, factor: float, columns: tuple[str, ...]) -> dict[str, str]:
    """A copy of ``row`` for ``year`` with the numeric ``columns`` multiplied by ``factor``."""
    new = add_row(row, year=str(year))
    for c in columns:
        if new.get(c):
            new[c] = f"{float(new[c]) * factor:.6f}"
    return new


# --------------------------------------------------------------------------------------
# China–Russia trade
# --------------------------------------------------------------------------------------

TRADE = "trade/china_russia_trade.csv"


def append_trade_year(repo: Path, year: int, total: float) -> None:
    """A new full year of customs trade (no export/import split), as the press would report it."""

    def edit(rows):
        template = next(r for r in rows if r["year"] == "2025")
        return rows + [add_row(template, year=str(year), total_usd_bn=f"{total}")]

    edit_csv(repo, TRADE, edit)


def test_drill_trade_new_last_year_is_a_new_peak(tmp_path):
    """2026 at 251.3: every trend sentence ends on a new high and none says that trade fell."""
    repo = copy_repo(tmp_path)
    append_trade_year(repo, 2026, 251.3)
    runs = run(
        repo,
        "book/intro.md",
        "book/articles/strategic-balancing-act.md",
        "book/articles/reverse-kissinger.md",
        "book/reference/data.md",
    )
    for r in runs.values():
        no_errors(r)
    assert runs["book/reference/data.md"].values["v.trade.last"] == "2026"
    intro = runs["book/intro.md"]
    assert (
        intro.values["v.trend"]
        == "rose from 70 billion US dollars in 2016 to 251 billion in 2026, its highest"
    )
    assert "between 2016 and 2026" in intro.texts["chart 1 title"]
    assert "fell" not in said(intro)
    sba = runs["book/articles/strategic-balancing-act.md"]
    assert sba.values["v.trade_trend"] == (
        "rose from 69.5 billion US dollars in 2016 to 251.3 billion in 2026, its highest"
    )
    assert sba.values["v.trade_last_move"] == "rose in 2026"
    assert sba.values["v.trade_question"] == "Does one more year of growth strengthen"
    assert sba.values["v.trade_summary"] == "a new peak in 2026"
    assert "lower in" not in sba.texts["chart 1 title"] and "2026 peak" in sba.texts["chart 1 title"]
    rk = runs["book/articles/reverse-kissinger.md"]
    assert rk.values["v.trade_peak"] == "251" and rk.values["v.trade_peak_year"] == "2026"
    assert "to its 2026 peak" in rk.texts["chart 1 title"]


def test_drill_trade_new_last_year_falls_again(tmp_path):
    """2026 at 210.0, below 2025: the peak stays in 2024 and the fall runs to 2026."""
    repo = copy_repo(tmp_path)
    append_trade_year(repo, 2026, 210.0)
    runs = run(repo, "book/intro.md", "book/articles/strategic-balancing-act.md")
    for r in runs.values():
        no_errors(r)
    assert runs["book/intro.md"].values["v.trend"] == (
        "rose from 70 billion US dollars in 2016 to a peak of 245 billion in 2024, then fell to 210 billion in 2026"
    )
    sba = runs["book/articles/strategic-balancing-act.md"]
    # 210.0 is 14.2 per cent below the 2024 peak of 244.81.
    assert sba.values["v.trade_trend"].endswith(
        "then fell to 210.0 billion in 2026, 14.2 per cent below the peak"
    )
    # 2026 is the second fall in a row (2025 was the first): not "one year of decline".
    assert sba.values["v.trade_last_move"] == "fell again in 2026"
    assert sba.values["v.trade_question"] == "Do two years of decline weaken"
    assert sba.values["v.trade_summary"] == "a peak in 2024 and a lower total in 2026"
    assert sba.texts["chart 1 title"].endswith("and was lower in 2026")


# --------------------------------------------------------------------------------------
# China's crude imports from Russia: a year the prose calls missing arrives
# --------------------------------------------------------------------------------------


def test_drill_crude_gains_the_year_the_prose_calls_missing(tmp_path):
    """A 2019 full-year row: the caption check now finds both years, and the one typed claim stops the run."""
    repo = copy_repo(tmp_path)

    def edit(rows):
        template = next(r for r in rows if r["year"] == "2021" and r["period"] == "full_year")
        new = add_row(
            template,
            year="2019",
            volume_mt="77.6",
            value_usd_bn="37.0",
            volume_mbd="1.55",
            supplement_source_id="",
        )
        return [new, *rows]

    edit_csv(repo, "trade/china_crude_imports_from_russia.csv", edit)
    runs = run(
        repo, "book/articles/reverse-kissinger.md", "book/methods/fact-check.md", "book/reference/data.md"
    )
    rk = runs["book/articles/reverse-kissinger.md"]
    # The chapter's values stop at the guard, before the page shows any of them; the caption
    # check's new wording for a 2019 row is unit-tested in tests/chapters/test_reverse_kissinger.py.
    assert guard_stop(rk, repo)[2] == "the 2019 figure was not checked anywhere"
    assert "not in our data" not in said(rk)
    fc = runs["book/methods/fact-check.md"]
    assert guard_stop(fc, repo)[2] == "The 2019 value in the caption was not checked"
    crude = data.load("china_crude_imports_from_russia", repo / "data")
    assert fact_check.crude_value(crude) == "62.4"  # still the 2024 value the article names
    appendix = runs["book/reference/data.md"]
    assert (
        guard_stop(appendix, repo)[2] == "crude-oil volumes for 2019 and 2020 and the full-year 2025 volume"
    )
    assert data_appendix.crude_span(crude).first == 2019


# --------------------------------------------------------------------------------------
# Military spending: a new SIPRI year in which Russia's burden falls back
# --------------------------------------------------------------------------------------

MILEX_NUMBERS = ("usd_current_bn", "usd_constant_2023_bn", "share_of_gdp_pct")


def test_drill_military_spending_new_year_below_the_peak(tmp_path):
    """SIPRI adds 2025 (every country +5 per cent; Russia's burden 6.8%, below 2024's 7.05%)."""
    repo = copy_repo(tmp_path)

    def edit(rows):
        new = []
        for r in rows:
            if r["year"] == "2024":
                row = scaled(r, 2025, 1.05, MILEX_NUMBERS)
                if r["iso3"] == "RUS":
                    row["share_of_gdp_pct"] = "6.8"
                new.append(row)
        return rows + new

    edit_csv(repo, "defence/military_expenditure.csv", edit)
    runs = run(
        repo,
        "book/articles/golden-opportunity.md",
        "book/articles/superpower-concessions.md",
        "book/reference/data.md",
    )
    assert guard_stop(runs.pop("book/reference/data.md"), repo)[2] == (
        "the book uses the April 2025 release, so its last year is 2024"
    )
    for r in runs.values():
        no_errors(r)
    go = runs["book/articles/golden-opportunity.md"]
    rus_2024 = next(
        float(r["share_of_gdp_pct"])
        for r in rows_of("defence/military_expenditure.csv")
        if r["iso3"] == "RUS" and r["year"] == "2024"
    )
    assert go.values["v.rus_year"] == "2025"
    assert go.values["v.rus_highest"] == f"below its 2024 high of {rus_2024:.1f}%"
    title = next(v for k, v in go.texts.items() if v.startswith("Russia's military burden"))
    assert title == "Russia's military burden reached 6.8% of GDP in 2025, below its 2024 high"
    assert "highest since" not in said(go)
    assert any("the book holds no SIPRI figure for 2026" in v for v in go.texts.values())
    assert any("6.8% in 2025, below a dashed 7% line" in v for v in go.texts.values())
    sc = runs["book/articles/superpower-concessions.md"]
    assert sc.values["v.milex_year"] == "2025"


# --------------------------------------------------------------------------------------
# NATO: an edited value flips a comparison (an ally crosses 2%)
# --------------------------------------------------------------------------------------


def test_drill_nato_ally_crosses_two_per_cent(tmp_path):
    """Spain's 2024 estimate revised from below 2% to 2.10%: counts, title and sort order follow."""
    base = [
        r
        for r in rows_of("defence/nato_defence_share.csv")
        if r["year"] == "2024" and r["is_aggregate"] == "false"
    ]
    spain = next(r for r in base if r["iso3"] == "ESP")
    assert float(spain["headline_share_of_gdp_pct"]) < 2 and float(spain["share_of_gdp_pct"]) < 2
    head_before = sum(float(r["headline_share_of_gdp_pct"]) >= 2 for r in base)
    ref_before = sum(float(r["share_of_gdp_pct"]) >= 2 for r in base)
    rest = {r["ally"]: float(r["headline_share_of_gdp_pct"]) for r in base if r["iso3"] != "ESP"}
    lowest = min(rest.values())
    lowest_allies = [a for a, v in rest.items() if v == lowest]  # a tie is possible (and happens)
    repo = copy_repo(tmp_path)

    def edit(rows):
        for r in rows:
            if r["iso3"] == "ESP" and r["year"] == "2024":
                r["headline_share_of_gdp_pct"], r["share_of_gdp_pct"] = "2.10", "2.05"
        return rows

    edit_csv(repo, "defence/nato_defence_share.csv", edit)
    go = run(repo, "book/articles/golden-opportunity.md")["book/articles/golden-opportunity.md"]
    no_errors(go)
    assert go.values["v.n2_head"] == str(head_before + 1)
    assert go.texts["chart 1 title"].startswith(
        f"{head_before + 1} of {len(base)} allies expected to reach 2%"
    )
    assert any(f"to {a} ({lowest:.2f}%)" in go.texts["chart 1 description"] for a in lowest_allies)
    assert "to Spain" not in go.texts["chart 1 description"]
    assert go.texts["chart 2 title"].endswith(f"to {ref_before + 1} in 2024")


# --------------------------------------------------------------------------------------
# GDP: the World Bank adds 2024, one of the two years the prose calls missing
# --------------------------------------------------------------------------------------


def test_drill_gdp_gains_one_of_the_missing_years(tmp_path):
    """Every economy's 2024 GDP at 1.04 times 2023: the 'latest year' moves and 2025 alone is missing."""
    repo = copy_repo(tmp_path)

    def edit(rows):
        return rows + [scaled(r, 2024, 1.04, ("gdp_usd_bn",)) for r in rows if r["year"] == "2023"]

    edit_csv(repo, "economy/gdp.csv", edit)
    runs = run(
        repo,
        "book/articles/superpower-concessions.md",
        "book/articles/strategic-balancing-act.md",
        "book/reference/data.md",
    )
    assert guard_stop(runs.pop("book/reference/data.md"), repo)[2] == "ends in 2023"
    for r in runs.values():
        no_errors(r)
    sc = runs["book/articles/superpower-concessions.md"]
    assert sc.values["v.gdp.ratio_last_year"] == "2024"
    assert sc.values["v.gdp.implied_years"] == "are only partly in the data: there is no figure for 2025"
    assert any("The data end two years before the essay" in v for v in sc.texts.values())
    assert sc.values["v.gdp.ratio_shape"] == "it peaked at 76% in 2021 and has fallen since"
    sba = runs["book/articles/strategic-balancing-act.md"]
    assert sba.values["v.last_year"] == "2024"


# --------------------------------------------------------------------------------------
# NSS word counts: the 2022 strategy, which the prose says is missing, is added
# --------------------------------------------------------------------------------------


def test_drill_nss_gains_the_2022_strategy(tmp_path):
    """A 2022 document (a copy of 2017's counts, as a stand-in): ranges and the missing-year note follow; the
    heading that names 1987–2017 stops the run."""
    repo = copy_repo(tmp_path)

    def documents(rows):
        template = next(r for r in rows if r["year"] == "2017")
        return rows + [add_row(template, year="2022", president="Joseph R. Biden", sha256="0" * 64)]

    def tokens(rows):
        return rows + [dict(r, year="2022") for r in rows if r["year"] == "2017"]

    edit_csv(repo, "texts/nss_documents.csv", documents)
    edit_csv(repo, "texts/nss_token_counts.csv", tokens)
    runs = run(
        repo,
        "book/methods/counting-words.md",
        "book/articles/superpower-concessions.md",
        "book/reference/data.md",
    )
    assert guard_stop(runs["book/reference/data.md"], repo)[2] == "The strategy-text tables cover 1987–2017"
    cw = runs["book/methods/counting-words.md"]
    assert guard_stop(cw, repo)[2] == "## Mentions per 10,000 words, 1987–2017 and 2025"
    # The chapter stops before it shows its values; the phrases it would show follow the new data.
    docs = data.load("nss_documents", repo / "data")
    assert counting_words.docs_phrase(docs) == "eighteen National Security Strategies from 1987 to 2022"
    caption = counting_words.rates_caption(docs)
    assert "2022 is missing" not in caption and "1987–2022 (recounted)" in caption
    sc = runs["book/articles/superpower-concessions.md"]
    no_errors(sc)
    assert sc.values["v.nss.nss_last"] == "2022"
    assert any("1987–2022" in v for v in sc.texts.values())


# --------------------------------------------------------------------------------------
# The refresh script's parts
# --------------------------------------------------------------------------------------


def test_eval_names_are_read_in_order_of_first_use():
    source = "A {eval}`rk_a` and {eval}`v.peak_year`, then {eval}`rk_a` again; `not_eval` and {term}`x`."
    assert refresh.eval_names(source) == ["rk_a", "v.peak_year"]


def test_guard_failures_are_read_from_a_coloured_build_log():
    log = (
        '\x1b[31mStatementFailed\x1b[39m: book/intro.md:52: the statement "Trade fell" no longer holds '
        "for the data. Rewrite it, or generate it from the data.\nother line\n"
    )
    assert refresh.guard_failures(log) == [
        'book/intro.md:52: the statement "Trade fell" no longer holds for the data. Rewrite it, or generate it from the data.'
    ]
    assert refresh.guard_failures("no guard here") == []


def test_long_changes_are_shown_as_the_changed_words():
    old = " ".join(["word"] * 100 + ["2021–2025", "7"] + ["tail"] * 100)
    new = old.replace("2021–2025 7", "2019–2025 8")
    short_old, short_new = refresh.short_change(old, new)
    assert "2021–2025 7" in short_old and "2019–2025 8" in short_new
    assert len(short_old) < 120 and len(short_new) < 120
    assert refresh.short_change("a rose", "a fell") == ("a rose", "a fell")


def test_report_lists_guards_from_the_build_log_and_keeps_the_log(tmp_path):
    log = 'StatementFailed: book/a.md:3: the statement "trade fell" no longer holds for the data.\n'
    report = tmp_path / "r.md"
    refresh.write_report(report, "trade", "raw.csv", ["- none"], {}, [], (1, log))
    text = report.read_text(encoding="utf-8")
    guards = text.split("## Guards that fail", 1)[1].split("##", 1)[0]
    assert 'book/a.md:3: the statement "trade fell"' in guards
    assert "FAILED (exit 1)" in text and "names 1 failing guard" in text
    assert (tmp_path / "r.build.log").read_text(encoding="utf-8") == log
