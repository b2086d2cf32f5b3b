"""Tests of the evidence layer (companion.data) and of the committed datasets.

Every bad-input test starts from a copy of the real ``data/`` folder in a temporary directory,
breaks one committed file in one place, and checks that ``validate``, ``load`` and the command
line all refuse it with a message naming the file, the editor line, the column and the rule.
"""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from companion import data
from companion import text as book_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A fresh copy of the repository's data folder, named ``data`` like the original."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def package() -> dict:
    """The committed datapackage.json, read directly."""
    return json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))


def resource_path(name: str) -> str:
    """The path of resource ``name`` relative to data/, read directly from datapackage.json."""
    return next(r["path"] for r in package()["resources"] if r["name"] == name)


def read_lines(path: Path) -> list[str]:
    """Lines of a CSV file without their line endings."""
    return path.read_text(encoding="utf-8").split("\n")


def write_lines(path: Path, lines: list[str]) -> None:
    """Write lines back with LF endings."""
    path.write_text("\n".join(lines), encoding="utf-8")


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    """Replace one cell of a CSV file (line counted as in an editor, header = 1)."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    col = rows[0].index(column)
    rows[line - 1][col] = value
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


def cli(data_dir: Path) -> subprocess.CompletedProcess[str]:
    """Run ``python -m companion.data validate --data-dir DIR``."""
    return subprocess.run(
        [sys.executable, "-m", "companion.data", "validate", "--data-dir", str(data_dir)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )


def assert_refused(data_dir: Path, name: str, expected: str, capsys: pytest.CaptureFixture[str]) -> None:
    """Check that validate(), load() and the command line all report ``expected`` for ``name``."""
    problems = data.validate(data_dir)
    assert expected in problems, "\n".join(problems)
    with pytest.raises(data.DataError) as excinfo:
        data.load(name, data_dir)
    assert expected in excinfo.value.problems
    assert "Traceback" not in str(excinfo.value)
    capsys.readouterr()
    assert data.main(["validate", "--data-dir", str(data_dir)]) == 1
    assert expected in capsys.readouterr().out.splitlines()


# --------------------------------------------------------------------------------------
# The committed data
# --------------------------------------------------------------------------------------


def test_committed_data_is_valid() -> None:
    assert data.validate() == []


def test_cli_accepts_committed_data() -> None:
    result = cli(DATA)
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip().startswith("All ")


def test_every_resource_has_required_metadata() -> None:
    for res in package()["resources"]:
        for key in ("name", "path", "title", "schema", "sources", "licenses"):
            assert res.get(key), f"resource {res.get('name')!r} lacks {key!r}"
        assert res["schema"].get("primaryKey"), f"resource {res['name']!r} has no primary key"
        for field in res["schema"]["fields"]:
            assert field.get("type"), f"{res['name']}.{field['name']} has no type"
            assert field.get("description") or field.get("unit"), (
                f"{res['name']}.{field['name']} is undocumented"
            )


def test_datapackage_is_pretty_printed() -> None:
    text = (DATA / "datapackage.json").read_text(encoding="utf-8")
    assert text == json.dumps(json.loads(text), indent=2, ensure_ascii=False) + "\n"


def test_every_cited_source_id_exists() -> None:
    known = set(pd.read_csv(DATA / "sources.csv", dtype=str)["source_id"])
    for res in package()["resources"]:
        for fk in res["schema"].get("foreignKeys", []):
            if fk["reference"]["resource"] != "sources":
                continue
            for col in fk["fields"]:
                cited = pd.read_csv(DATA / res["path"], dtype=str, keep_default_na=False)[col]
                unknown = {c for c in cited if c} - known
                assert not unknown, f"{res['name']}.{col} cites unknown sources {unknown}"


# --------------------------------------------------------------------------------------
# Bad input: one test per case in the issue
# --------------------------------------------------------------------------------------


def test_text_in_a_number_column(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("military_expenditure")
    set_cell(data_copy / rel, 3, "usd_current_bn", "n/a")
    expected = f'data/{rel}, line 3, column usd_current_bn: "n/a" is not a number'
    assert_refused(data_copy, "military_expenditure", expected, capsys)


IMG = '<img src="x.png" alt="">'


@pytest.mark.parametrize(
    ("name", "column"),
    [("claims", "note"), ("events", "description"), ("sources", "title")],
)
def test_html_markup_in_a_text_field(
    name: str, column: str, data_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Markup in a text field is refused by name (the pages would otherwise drop it unseen)."""
    rel = resource_path(name)
    set_cell(data_copy / rel, 3, column, f"Before {IMG} after.")
    expected = (
        f"data/{rel}, line 3, column {column}: HTML markup {IMG!r} is not allowed in a text field "
        "(pages show data as plain text); write the text itself"
    )
    assert_refused(data_copy, name, expected, capsys)


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b>",
        "a <br/> b",
        "x</p>",
        "<!-- note -->",
        "Tom &amp; Jerry",
        "&#60;",
        '<custom-el data-x="1">',
    ],
)
def test_markup_is_found(text: str) -> None:
    assert data.find_markup(text)


@pytest.mark.parametrize("text", ["docs/<year>.txt", "a < b and c > d", "R&D; spending", "3<4", "AT&T"])
def test_plain_text_is_not_markup(text: str) -> None:
    assert data.find_markup(text) is None


def test_negative_value(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("china_russia_trade")
    set_cell(data_copy / rel, 4, "total_usd_bn", "-107.0")
    expected = f"data/{rel}, line 4, column total_usd_bn: -107.0 is below the minimum 0"
    assert_refused(data_copy, "china_russia_trade", expected, capsys)


def test_percentage_over_100(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("military_expenditure")
    set_cell(data_copy / rel, 10, "share_of_gdp_pct", "340.5")
    expected = f"data/{rel}, line 10, column share_of_gdp_pct: 340.5 is above the maximum 100"
    assert_refused(data_copy, "military_expenditure", expected, capsys)


def test_duplicate_primary_key(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("gdp")
    path = data_copy / rel
    lines = read_lines(path)
    lines.insert(6, lines[5])  # line 6 repeated as line 7
    write_lines(path, lines)
    key = lines[5].split(",")
    expected = f"data/{rel}, line 7, column iso3, year: duplicate primary key iso3={key[0]}, year={key[2]} (first on line 6)"
    assert_refused(data_copy, "gdp", expected, capsys)


def test_missing_required_column(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("gdp")
    path = data_copy / rel
    frame = pd.read_csv(path, dtype=str, keep_default_na=False).drop(columns=["gdp_usd_bn"])
    frame.to_csv(path, index=False, lineterminator="\n")
    expected = f"data/{rel}, line 1, column gdp_usd_bn: required column is missing from the header"
    assert_refused(data_copy, "gdp", expected, capsys)


def test_unknown_extra_column(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("china_russia_trade")
    path = data_copy / rel
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    frame["comment"] = ""
    frame.to_csv(path, index=False, lineterminator="\n")
    expected = (
        f"data/{rel}, line 1, column comment: unknown column (not in the schema of 'china_russia_trade')"
    )
    assert_refused(data_copy, "china_russia_trade", expected, capsys)


def test_empty_file(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("china_crude_imports_from_russia")
    (data_copy / rel).write_bytes(b"")
    expected = f"data/{rel}, line 1: file is empty (a header line and data are required)"
    assert_refused(data_copy, "china_crude_imports_from_russia", expected, capsys)


def test_file_that_is_not_utf8(data_copy: Path) -> None:
    rel = resource_path("sources")
    path = data_copy / rel
    line = 5
    lines = path.read_bytes().split(b"\n")
    publisher = next(csv.reader([lines[line - 1].decode("utf-8")]))[1]
    # Append a Latin-1 encoded "é" (byte 0xE9) to the publisher cell of that line.
    lines[line - 1] = lines[line - 1].replace(
        publisher.encode("utf-8"), publisher.encode("utf-8") + b" caf\xe9", 1
    )
    path.write_bytes(b"\n".join(lines))
    expected = (
        f"data/{rel}, line {line}, column publisher: not valid UTF-8 text (byte e9); save the file as UTF-8"
    )
    problems = data.validate(data_copy)
    assert expected in problems, "\n".join(problems)
    with pytest.raises(data.DataError) as excinfo:
        data.load("china_russia_trade", data_copy)  # refers to sources, so it is refused too
    assert expected in excinfo.value.problems
    result = cli(data_copy)
    assert result.returncode == 1 and expected in result.stdout.splitlines()


def test_unknown_source_id(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rel = resource_path("china_russia_trade")
    set_cell(data_copy / rel, 4, "source_id", "no-such-source")
    expected = f"data/{rel}, line 4, column source_id: \"no-such-source\" is not a known source_id in the 'sources' dataset"
    assert_refused(data_copy, "china_russia_trade", expected, capsys)


def test_unknown_dataset_name() -> None:
    with pytest.raises(data.DataError) as excinfo:
        data.load("no_such_dataset")
    message = str(excinfo.value)
    assert "no_such_dataset" in message
    for res in package()["resources"]:
        assert res["name"] in message


# --------------------------------------------------------------------------------------
# More refusals: nothing is coerced, and every resource is covered
# --------------------------------------------------------------------------------------


def test_validation_never_changes_a_file(data_copy: Path) -> None:
    rel = resource_path("military_expenditure")
    set_cell(data_copy / rel, 3, "usd_current_bn", "1,5")
    before = (data_copy / rel).read_bytes()
    assert data.validate(data_copy)
    assert (data_copy / rel).read_bytes() == before


def test_row_with_extra_cell(data_copy: Path) -> None:
    rel = resource_path("gdp")
    path = data_copy / rel
    lines = read_lines(path)
    lines[3] = lines[3] + ",999"
    write_lines(path, lines)
    problems = data.validate(data_copy)
    assert any(p.startswith(f"data/{rel}, line 4") and "more cells than the header" in p for p in problems), (
        problems
    )


def test_header_without_rows(data_copy: Path) -> None:
    rel = resource_path("gdp")
    path = data_copy / rel
    path.write_text(read_lines(path)[0] + "\n", encoding="utf-8")
    assert f"data/{rel}, line 2: file has a header but no data rows" in data.validate(data_copy)


def test_boolean_column_rejects_other_words(data_copy: Path) -> None:
    rel = resource_path("nato_defence_share")
    set_cell(data_copy / rel, 2, "is_estimate", "maybe")
    assert f'data/{rel}, line 2, column is_estimate: "maybe" is not true or false' in data.validate(data_copy)


def test_furniture_must_point_at_a_known_article(data_copy: Path) -> None:
    rel = resource_path("article_furniture")
    set_cell(data_copy / rel, 2, "article_id", "no-such-article")
    expected = f"data/{rel}, line 2, column article_id: \"no-such-article\" is not a known id in the 'articles' dataset"
    assert expected in data.validate(data_copy)


def test_a_new_resource_is_validated_without_code_changes(data_copy: Path) -> None:
    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    gdp = next(r for r in descriptor["resources"] if r["name"] == "gdp")
    extra = json.loads(json.dumps(gdp))
    extra["name"], extra["path"] = "gdp_second_copy", "economy/gdp_second_copy.csv"
    descriptor["resources"].append(extra)
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    shutil.copyfile(data_copy / gdp["path"], data_copy / extra["path"])
    assert data.validate(data_copy) == []
    assert "gdp_second_copy" in set(data.catalogue(data_copy)["name"])
    set_cell(data_copy / extra["path"], 2, "gdp_usd_bn", "lots")
    assert (
        'data/economy/gdp_second_copy.csv, line 2, column gdp_usd_bn: "lots" is not a number'
        in data.validate(data_copy)
    )


def test_missing_file_is_reported(data_copy: Path) -> None:
    rel = resource_path("gdp")
    (data_copy / rel).unlink()
    assert any(p.startswith(f"data/{rel}: file not found") for p in data.validate(data_copy))


# --------------------------------------------------------------------------------------
# load(): dtypes and missing values
# --------------------------------------------------------------------------------------


def test_load_gives_schema_dtypes() -> None:
    milex = data.load("military_expenditure")
    assert milex["year"].dtype == "int64"
    for col in ("usd_current_bn", "usd_constant_2023_bn", "share_of_gdp_pct"):
        assert milex[col].dtype == "float64"
    assert pd.api.types.is_string_dtype(milex["iso3"])
    nato = data.load("nato_defence_share")
    assert nato["is_estimate"].dtype == bool
    articles = data.load("articles")
    assert pd.api.types.is_datetime64_any_dtype(articles["date"])
    assert articles["words"].dtype == "int64"


def test_load_keeps_missing_values_missing() -> None:
    milex = data.load("military_expenditure").set_index(["iso3", "year"])
    raw = pd.read_csv(DATA / resource_path("military_expenditure"), dtype=str, keep_default_na=False)
    raw_empty = (raw["usd_current_bn"] == "").sum()
    assert milex["usd_current_bn"].isna().sum() == raw_empty
    # Russia 1990: SIPRI's workbook shows 0 in current US$, recorded as missing, not zero.
    assert pd.isna(milex.loc[("RUS", 1990), "usd_current_bn"])
    assert (milex["usd_current_bn"].dropna() > 0).all()


def test_load_reads_codes_like_na_as_text(data_copy: Path) -> None:
    rel = resource_path("gdp")
    set_cell(data_copy / rel, 2, "country", "NA")
    assert data.load("gdp", data_copy)["country"].iloc[0] == "NA"


def test_trade_flags_are_in_the_data() -> None:
    trade = data.load("china_russia_trade").set_index("year")
    assert trade.loc[2018, "figure_basis"] == "gacc-lower-bound"
    assert trade.loc[2020, "figure_basis"] == "gacc"  # China's customs, reported 14 January 2021
    assert trade.loc[2020, "total_usd_bn"] == 107.76
    assert "Putin" in trade.loc[2020, "note"]  # the note names the rounded figure it replaced
    assert trade.loc[2019, "figure_basis"] == "gacc"


def test_partial_crude_years_are_marked() -> None:
    crude = data.load("china_crude_imports_from_russia")
    assert set(crude.loc[crude["year"] < 2025, "period"]) == {"full_year"}
    partial = crude.loc[crude["period"] != "full_year"]
    assert len(partial) > 0
    assert partial["note"].str.contains("Part year").all()


# --------------------------------------------------------------------------------------
# catalogue()
# --------------------------------------------------------------------------------------


def test_catalogue_lists_every_dataset_with_its_row_count() -> None:
    cat = data.catalogue()
    assert list(cat.columns[:7]) == ["name", "title", "publisher", "coverage", "licence", "rows", "path"]
    resources = package()["resources"]
    assert list(cat["name"]) == [r["name"] for r in resources]
    for res, row in zip(resources, cat.itertuples(), strict=True):
        with (DATA / res["path"]).open(encoding="utf-8", newline="") as f:
            records = sum(1 for _ in csv.reader(f)) - 1
        assert row.rows == records, res["name"]
        assert row.title == res["title"]
        assert row.path == f"data/{res['path']}"
        assert (ROOT / row.path).is_file()
        assert row.licence


def test_catalogue_coverage_comes_from_the_data() -> None:
    cat = data.catalogue().set_index("name")
    gdp = pd.read_csv(DATA / resource_path("gdp"))
    assert cat.loc["gdp", "coverage"] == f"{gdp['year'].min()}–{gdp['year'].max()}"


# --------------------------------------------------------------------------------------
# Articles and furniture
# --------------------------------------------------------------------------------------


def test_article_files_and_word_counts() -> None:
    articles = pd.read_csv(DATA / resource_path("articles"), dtype=str, keep_default_na=False)
    assert set(articles["id"]) == {p.stem for p in (DATA / "articles").glob("*.txt")}
    for row in articles.itertuples():
        text = (DATA / row.file).read_bytes().decode("utf-8")
        assert int(row.words) == book_text.words(text), row.id


def test_article_text_with_furniture_is_the_file() -> None:
    for path in (DATA / "articles").glob("*.txt"):
        assert data.article_text(path.stem, include_furniture=True) == path.read_text(encoding="utf-8")


def test_article_text_drops_exactly_the_marked_lines() -> None:
    furniture = pd.read_csv(DATA / resource_path("article_furniture"), dtype=str, keep_default_na=False)
    for article_id, rows in furniture.groupby("article_id"):
        lines = (
            (DATA / "articles" / f"{article_id}.txt").read_text(encoding="utf-8").splitlines(keepends=True)
        )
        marked = {int(n) for n in rows["line"]}
        for n in marked:
            assert lines[n - 1].startswith(rows.loc[rows["line"] == str(n), "text_start"].iloc[0])
        kept = [line for i, line in enumerate(lines, start=1) if i not in marked]
        assert data.article_text(article_id) == "".join(kept)


def test_known_furniture_is_marked() -> None:
    body = data.article_text("golden-opportunity")
    assert "Did you enjoy this article?" not in body
    assert "Categorized in:" not in body
    body = data.article_text("superpower-concessions")
    assert "Trump finds something attractive—perhaps even admirable—in Putin." not in body
    assert "he finds something appealing—perhaps even admirable—in the former KGB officer" in body
    body = data.article_text("reverse-kissinger")
    assert "Data Source: China Customs" not in body
    assert "£37 billion" not in body
    assert "$62 billion worth in 2024" in body


def test_stale_furniture_line_is_refused(data_copy: Path) -> None:
    rel = resource_path("article_furniture")
    set_cell(data_copy / rel, 2, "line", "2")  # superpower-concessions line 2 is blank, not the headline
    with pytest.raises(data.DataError) as excinfo:
        data.article_text("superpower-concessions", data_dir=data_copy)
    assert "furniture line 2 of 'superpower-concessions'" in str(excinfo.value)


def test_unknown_article_id() -> None:
    with pytest.raises(data.DataError, match="no-such-article"):
        data.article_text("no-such-article")


# --------------------------------------------------------------------------------------
# Sanity checks against facts known independently of this code
# --------------------------------------------------------------------------------------


def test_usa_is_the_largest_spender_in_2024() -> None:
    milex = data.load("military_expenditure")
    countries = milex.loc[(milex["year"] == 2024) & (milex["iso3"] != "WLD")]
    assert countries.loc[countries["usd_current_bn"].idxmax(), "iso3"] == "USA"
    world = milex.loc[(milex["year"] == 2024) & (milex["iso3"] == "WLD"), "usd_current_bn"].iloc[0]
    assert countries["usd_current_bn"].sum() < world


def test_constant_2023_prices_equal_current_prices_in_2023() -> None:
    milex = data.load("military_expenditure")
    y2023 = milex.loc[(milex["year"] == 2023) & milex["usd_current_bn"].notna()]
    assert len(y2023) >= 12
    assert (y2023["usd_current_bn"] - y2023["usd_constant_2023_bn"]).abs().max() < 1e-6


def test_shares_are_percentages_not_fractions() -> None:
    milex = data.load("military_expenditure").set_index(["iso3", "year"])
    # Ukraine at war spends about a third of its GDP on the military; the US about 3-4 %.
    assert 20 < milex.loc[("UKR", 2024), "share_of_gdp_pct"] < 50
    assert 2 < milex.loc[("USA", 2024), "share_of_gdp_pct"] < 5


def test_china_russia_trade_grew_from_2021_to_2024() -> None:
    trade = data.load("china_russia_trade").set_index("year")
    assert trade.loc[2024, "total_usd_bn"] > trade.loc[2021, "total_usd_bn"]


def test_trade_split_adds_up_where_known() -> None:
    trade = data.load("china_russia_trade").dropna(subset=["exports_usd_bn", "imports_usd_bn"])
    assert len(trade) >= 2
    gap = (trade["exports_usd_bn"] + trade["imports_usd_bn"] - trade["total_usd_bn"]).abs()
    assert (gap < 0.05).all()


def test_us_and_chinese_gdp_below_world_gdp() -> None:
    gdp = data.load("gdp").pivot(index="year", columns="iso3", values="gdp_usd_bn")
    assert (gdp["USA"] < gdp["WLD"]).all()
    assert gdp.loc[2023, "USA"] > gdp.loc[2023, "CHN"] > gdp.loc[2023, "RUS"]


def test_poland_leads_nato_headline_2024() -> None:
    nato = data.load("nato_defence_share")
    head = nato.loc[(nato["year"] == 2024) & ~nato["is_aggregate"]].dropna(
        subset=["headline_share_of_gdp_pct"]
    )
    assert head.loc[head["headline_share_of_gdp_pct"].idxmax(), "ally"] == "Poland"
    assert len(head) == 31  # every ally with armed forces (Iceland has none)


# --------------------------------------------------------------------------------------
# metadata() and fields()
# --------------------------------------------------------------------------------------


def test_fields_match_the_csv_header() -> None:
    for res in package()["resources"]:
        with (DATA / res["path"]).open(encoding="utf-8", newline="") as f:
            header = next(csv.reader(f))
        assert list(data.fields(res["name"])["name"]) == header, res["name"]


def test_nato_guidelines_are_metadata_not_rows() -> None:
    guidelines = data.metadata("nato_defence_share")["guidelines"]
    assert {g["share_of_gdp_pct"] for g in guidelines} == {2.0, 5.0}
    nato = data.load("nato_defence_share")
    assert set(nato["ally"]) & {g["name"] for g in guidelines} == set()


def test_metadata_of_unknown_dataset() -> None:
    with pytest.raises(data.DataError, match="available datasets"):
        data.metadata("no_such_dataset")


def test_package_is_the_descriptor_and_reports_a_broken_one(data_copy):
    assert data.package() == package()
    (data_copy / "datapackage.json").write_text('{"resources": [', encoding="utf-8")
    with pytest.raises(data.DataError, match=r"data/datapackage.json, line 1: invalid JSON"):
        data.package(data_copy)


def test_a_file_changed_after_validation_is_validated_again(data_copy: Path) -> None:
    """Validation keeps results per file content: the same folder, changed, is checked afresh."""
    assert data.validate(data_copy) == []
    rel = resource_path("military_expenditure")
    set_cell(data_copy / rel, 3, "usd_current_bn", "n/a")
    assert f'data/{rel}, line 3, column usd_current_bn: "n/a" is not a number' in data.validate(data_copy)
    ref = resource_path("sources")
    lines = read_lines(data_copy / ref)
    write_lines(data_copy / ref, [line for line in lines if not line.startswith("wikipedia-ccp,")])
    assert any("wikipedia-ccp" in p for p in data.validate(data_copy)), "a removed source must be missed"


def test_the_data_folder_is_the_repository_s_beside_the_package_else_the_installed_copy(
    tmp_path: Path,
) -> None:
    """One finder for both layouts: a clone (``<repo>/data``) and an installed wheel (``companion/_data``)."""
    assert data.DEFAULT_DATA_DIR == Path(data.__file__).resolve().parent.parent / "data"
    clone = tmp_path / "clone"
    (clone / "companion").mkdir(parents=True)
    (clone / "data").mkdir()
    (clone / "data" / data.PACKAGE_FILE).write_text("{}", encoding="utf-8")
    (clone / "_toc.yml").write_text("root: intro\n", encoding="utf-8")
    assert data.find_data_dir(clone / "companion") == clone / "data"
    assert data.book_file("_toc.yml", clone / "companion") == clone / "_toc.yml"
    site = tmp_path / "site-packages"
    (site / "companion" / data.PACKAGED_DATA).mkdir(parents=True)
    (site / "companion" / data.PACKAGED_DATA / data.PACKAGE_FILE).write_text("{}", encoding="utf-8")
    (site / "companion" / data.PACKAGED_DATA / "_toc.yml").write_text("root: intro\n", encoding="utf-8")
    assert data.find_data_dir(site / "companion") == site / "companion" / data.PACKAGED_DATA
    assert (
        data.book_file("_toc.yml", site / "companion") == site / "companion" / data.PACKAGED_DATA / "_toc.yml"
    )
    # Neither layout: messages name the repository's folder, where a contributor would look.
    assert data.find_data_dir(tmp_path / "bare" / "companion") == tmp_path / "bare" / "data"


def test_an_installed_copy_of_the_data_loads_like_the_repository_s(tmp_path: Path) -> None:
    installed = tmp_path / "companion" / data.PACKAGED_DATA
    shutil.copytree(data.DEFAULT_DATA_DIR, installed)
    found = data.find_data_dir(tmp_path / "companion")
    assert found == installed
    pd.testing.assert_frame_equal(data.load("china_russia_trade", found), data.load("china_russia_trade"))
