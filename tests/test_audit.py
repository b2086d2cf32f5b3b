"""The audit of the annotations: its figures, its links to the corrections and its table."""

from __future__ import annotations

import csv

from companion import audit, data


def _raw(name: str) -> list[dict[str, str]]:
    """Read a dataset's CSV with the csv module, independently of companion.data."""
    res = next(r for r in data.package()["resources"] if r["name"] == name)
    with open(data.DEFAULT_DATA_DIR / res["path"], encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_figures_agree_with_a_recount_of_the_file():
    rows = _raw("annotation_audit")
    errors = [r for r in rows if r["result"] != "confirmed"]
    fixed = [r for r in errors if r["correction_id"]]
    got = audit.figures()
    assert got["checked"] == len(rows)
    assert got["errors"] == len(errors)
    assert got["corrected"] == len(fixed)
    assert got["pending"] == len(errors) - len(fixed)
    assert got["error_rate"] == f"{100 * len(errors) / len(rows):.1f}"
    assert got["chapters"] == len({r["chapter"] for r in rows})


def test_every_chapter_of_the_book_that_makes_factual_statements_is_audited():
    chapters = {r["chapter"] for r in _raw("annotation_audit")}
    articles = {f"book/articles/{a}" for a in (r["id"] for r in _raw("articles"))}
    assert articles <= chapters, sorted(articles - chapters)
    assert "book/intro" in chapters


def test_each_error_is_corrected_in_its_chapter_or_says_why_not():
    corrections = {r["correction_id"]: r for r in _raw("corrections")}
    for row in _raw("annotation_audit"):
        if row["result"] == "confirmed":
            assert not row["correction_id"], row["audit_id"]
            continue
        if not row["correction_id"]:
            assert "not yet corrected" in row["note"].lower(), row["audit_id"]
            continue
        fix = corrections[row["correction_id"]]
        assert fix["date"] >= "2026-12-04" or fix["kind"] == "verdict", row["audit_id"]
        if fix["kind"] == "annotation":
            assert fix["chapter"] == row["chapter"], row["audit_id"]


def test_by_chapter_sums_to_the_figures():
    table = audit.by_chapter()
    got = audit.figures()
    assert int(table["checked"].sum()) == got["checked"]
    assert int(table["errors"].sum()) == got["errors"]
    assert int(table["corrected"].sum()) == got["corrected"]


def test_table_escapes_text_and_links_corrections():
    rows = audit.audit().head(2).copy()
    rows.loc[rows.index[0], "statement"] = "<script>alert(1)</script>"
    rows.loc[rows.index[1], "correction_id"] = "c001"
    html = audit.table_html(rows)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert 'href="../reference/corrections.html#correction-c001"' in html


def test_reliability_counts_cover_every_source_and_every_sourced_verdict():
    counts = audit.reliability_counts()
    sources = _raw("sources")
    assert list(counts["reliability"]) == list(audit.RELIABILITY_CLASSES)
    assert int(counts["sources"].sum()) == len(sources)
    sourced = [r for r in _raw("claims") if r["source_id"]]
    assert int(counts["ledger_rows"].sum()) == len(sourced)


def test_reliability_enum_matches_the_package():
    field = next(
        f
        for r in data.package()["resources"]
        if r["name"] == "sources"
        for f in r["schema"]["fields"]
        if f["name"] == "reliability"
    )
    assert tuple(field["constraints"]["enum"]) == audit.RELIABILITY_CLASSES


def test_a_bad_result_is_refused(tmp_path):
    import shutil

    copy = tmp_path / "data"
    shutil.copytree(data.DEFAULT_DATA_DIR, copy)
    path = copy / "audit" / "annotation_audit.csv"
    text = path.read_text(encoding="utf-8").replace(",confirmed,", ",probably fine,", 1)
    path.write_text(text, encoding="utf-8")
    try:
        data.load("annotation_audit", data_dir=copy)
    except data.DataError as err:
        assert "annotation_audit.csv" in str(err) and "result" in str(err)
    else:  # pragma: no cover - the test fails here
        raise AssertionError("an unknown result was accepted")


def test_the_errors_table_holds_every_error_and_nothing_else():
    rows = _raw("annotation_audit")
    expected = [r["audit_id"] for r in rows if r["result"] != "confirmed"]
    assert list(audit.errors()["audit_id"]) == expected
    html = audit.table_html(audit.errors(), caption="Errors <found>")
    assert html.count('<tr id="audit-') == len(expected)
    assert "<caption>Errors &lt;found&gt;</caption>" in html
    assert audit.table_html().count('<tr id="audit-') == len(rows)


def test_a_check_against_an_article_names_the_article_not_its_unknown_outlet():
    rows = audit.audit()
    rows = rows[rows["source_id"] == "article-no-peace-without-victory"].head(1)
    title = next(r["title"] for r in _raw("sources") if r["source_id"] == "article-no-peace-without-victory")
    html = audit.table_html(rows)
    assert "Outlet not identified" not in html
    assert f"The article as received, “{title}”" in html
