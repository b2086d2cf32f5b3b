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

import csv
import io
import re
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import refresh  # noqa: E402

from companion import prose  # noqa: E402

pytestmark = pytest.mark.drill

IGNORE = shutil.ignore_patterns(".venv", "_build", "node_modules", ".git", ".pytest_cache", "__pycache__",
                                ".jupyter_cache", ".ipynb_checkpoints")
GUARD_MESSAGE = re.compile(r"^StatementFailed: (?P<file>book/[\w/.-]+\.md):(?P<lines>\d+(?:, \d+)*): "
                           r"the statement \"(?P<statement>.+?)\" no longer holds")


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
    path = repo / "data" / rel
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = list(reader.fieldnames or [])
        rows = list(reader)
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    writer.writerows(edit(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


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


def guard_stops(result: refresh.ChapterRun, repo: Path) -> list[tuple[str, int, str]]:
    """The guards a run stopped at, as (file, line, statement); each is checked against the copy's source."""
    stops = []
    for error in result.errors:
        m = GUARD_MESSAGE.match(error)
        assert m, f"{result.chapter}: an error that is not a guard naming file and line: {error[:400]}"
        line = int(m["lines"].split(",")[0])
        prose_lines, _ = prose._find_in(repo / m["file"], m["statement"])
        assert line in prose_lines, f"{m['file']}:{line} does not hold the statement {m['statement']!r}"
        stops.append((m["file"], line, m["statement"]))
    return stops


def no_errors(result: refresh.ChapterRun) -> None:
    """Fail with the chapter's errors, if it raised any."""
    assert result.errors == [], f"{result.chapter} stopped: " + "\n".join(e[:400] for e in result.errors)


# --------------------------------------------------------------------------------------
# The refresh command, end to end, on a publisher's file with one more year
# --------------------------------------------------------------------------------------

RAW_TRADE = ROOT.parent / "shared" / "data" / "raw" / "china_russia_trade" / "gacc_china_russia_trade_annual_from_news.csv"


@pytest.mark.skipif(not RAW_TRADE.is_file(), reason=f"publisher's file not available at {RAW_TRADE}")
def test_refresh_reports_what_a_new_trade_year_changes(tmp_path):
    """make refresh on a raw table with a 2026 row: the report shows the new row and the intro's new wording."""
    repo = copy_repo(tmp_path)
    with RAW_TRADE.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields, rows = list(reader.fieldnames or []), list(reader)
    template = next(r for r in rows if r["year"] == "2025" and r["period"] == "full_year")
    rows.append(dict(template, year="2026", total_usd_bn="251.3", total_yoy_pct="",
                     key_statement_paraphrased="Drill row: a new peak."))
    raw = tmp_path / "raw-trade.csv"
    with raw.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    status, report = refresh.refresh("trade", raw, repo, [repo / "book" / "intro.md"], do_build=False,
                                     report=tmp_path / "report.md", workers=1)
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
    (ROOT / "_build").mkdir(exist_ok=True)
    shutil.copy(report, ROOT / "_build" / "drill-report-trade.md")
