"""Re-derive every curated CSV from the publishers' files and compare it with the committed file.

The publishers' files are not part of the repository. They are looked for in
``<repo>/../shared/data/raw`` (and the article texts in ``<repo>/../shared/seeds``); where that
folder is absent the tests are skipped with a reason, since there is nothing to re-derive from.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from companion.derivations import DERIVATIONS

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"
SCRIPTS = ROOT / "scripts"
SHARED = ROOT.parent / "shared"
RAW = SHARED / "data" / "raw"
SEEDS = SHARED / "seeds"

needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"publishers' files not available at {RAW}")
needs_seeds = pytest.mark.skipif(
    not SEEDS.is_dir(), reason=f"article texts as received not available at {SEEDS}"
)

#: The datasets derived from one publisher's file into one CSV (the map is companion.derivations).
SINGLE = {name: d for name, d in DERIVATIONS.items() if d.out_flag == "--out"}


def stored_copy(name: str) -> Path:
    """The stored copy of the publisher's file that dataset ``name`` is derived from."""
    return SHARED / DERIVATIONS[name].stored_copy


#: The article ids and the seed file prefixes they come from (the project's contract).
SEED_IDS = {
    "000": "superpower-concessions",
    "001": "golden-opportunity",
    "002": "strategic-balancing-act",
    "003": "no-peace-without-victory",
    "004": "reverse-kissinger",
}


def committed_path(name: str) -> Path:
    """The committed CSV of resource ``name``, as declared in datapackage.json."""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    return DATA / next(r["path"] for r in package["resources"] if r["name"] == name)


def run_script(*args: str) -> None:
    """Run a derivation script from the scripts folder; fail with its output on error."""
    proc = subprocess.run([sys.executable, *args], cwd=SCRIPTS, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@needs_raw
@pytest.mark.parametrize("name", sorted(SINGLE))
def test_rederived_csv_equals_committed(name: str, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.csv"
    run_script(SINGLE[name].script, str(stored_copy(name)), "--out", str(out))
    assert out.read_bytes() == committed_path(name).read_bytes()


def test_every_derived_resource_has_a_script() -> None:
    """Each resource whose note says a script derives it is mapped to that script."""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    paths = {res["path"]: res["name"] for res in package["resources"]}
    by_path = {path: d.script for d in DERIVATIONS.values() for path in d.writes}
    for res in package["resources"]:
        for d in DERIVATIONS.values():
            if f"scripts/{d.script}" in res.get("note", ""):
                assert by_path.get(res["path"]) == d.script, res["name"]
    for d in DERIVATIONS.values():
        assert set(d.writes) <= set(paths), f"{d.script} writes files that datapackage.json does not describe"


def test_every_derivation_script_is_mapped_and_follows_the_skeleton() -> None:
    """Each scripts/derive_*.py is in DERIVATIONS under its NAME and has derive() and main() -> int."""
    scripts = {p.name: p for p in SCRIPTS.glob("derive_*.py")}
    assert sorted(scripts) == sorted(d.script for d in DERIVATIONS.values())
    for name, d in DERIVATIONS.items():
        tree = ast.parse(scripts[d.script].read_text(encoding="utf-8"))
        assigned = {
            t.id: n.value
            for n in tree.body
            if isinstance(n, ast.Assign)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        assert isinstance(assigned.get("NAME"), ast.Constant) and assigned["NAME"].value == name, d.script
        functions = {n.name: n for n in tree.body if isinstance(n, ast.FunctionDef)}
        assert "derive" in functions, f"{d.script} has no derive()"
        main = functions.get("main")
        assert main is not None and ast.unparse(main.returns) == "int", f"{d.script}: main() -> int"
        assert "if __name__ == '__main__':\n    sys.exit(main())" in ast.unparse(tree), d.script
        if d.out_flag == "--out":  # one CSV: the shared command line, _curated.run
            assert "run(" in ast.unparse(main), f"{d.script}: main() should call _curated.run"


def test_refresh_accepts_every_refreshable_dataset_and_its_aliases() -> None:
    sys.path.insert(0, str(SCRIPTS))
    import refresh

    assert sorted(refresh.DATASETS) == sorted(n for n, d in DERIVATIONS.items() if d.refreshable)
    for name, d in refresh.DATASETS.items():
        for alias in d.aliases:
            assert refresh.ALIASES[alias] == name


def test_the_data_page_lists_each_derivation_as_mapped() -> None:
    """The Data page's table of re-derivation commands names the script the map gives for each dataset."""
    page = (ROOT / "book" / "reference" / "data.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| `python (derive_\w+\.py) \w+` \|", page, flags=re.M))
    assert rows, "book/reference/data.md has no table of re-derivation commands"
    listed = {
        n: d.script for n, d in DERIVATIONS.items() if n != "nss"
    }  # the NSS tables have their own chapter
    assert rows == listed


@needs_seeds
def test_article_texts_are_byte_identical_with_the_seeds() -> None:
    for prefix, article_id in SEED_IDS.items():
        (seed,) = SEEDS.glob(f"{prefix}_*.txt")
        assert (DATA / "articles" / f"{article_id}.txt").read_bytes() == seed.read_bytes(), article_id


@needs_seeds
def test_rederived_articles_equal_committed(tmp_path: Path) -> None:
    run_script("derive_articles.py", str(SEEDS), "--out-dir", str(tmp_path))
    assert (tmp_path / "texts" / "articles.csv").read_bytes() == committed_path("articles").read_bytes()
    for article_id in SEED_IDS.values():
        rel = Path("articles") / f"{article_id}.txt"
        assert (tmp_path / rel).read_bytes() == (DATA / rel).read_bytes()


def test_sipri_script_refuses_a_workbook_without_the_countries(tmp_path: Path) -> None:
    """A file that is not SIPRI's workbook stops the script with a message, not a traceback."""
    import openpyxl

    book = openpyxl.Workbook()
    for title in ("Current US$", "Constant (2023) US$", "Share of GDP", "Regional totals"):
        book.create_sheet(title)
    bad = tmp_path / "not-sipri.xlsx"
    book.save(bad)
    proc = subprocess.run(
        [sys.executable, "derive_sipri.py", str(bad), "--out", str(tmp_path / "out.csv")],
        cwd=SCRIPTS,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "no header row" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out.csv").exists()


@needs_raw
def test_gdp_script_refuses_a_table_that_would_misrank_china(tmp_path: Path) -> None:
    """If an economy left out of the table was larger than China in 1987, the script stops."""
    import pandas as pd

    raw = pd.read_csv(stored_copy("gdp"), dtype=str, keep_default_na=False)
    year = raw["Year"] == "1987"
    china = float(raw.loc[year & (raw["Country Code"] == "CHN"), "Value"].iloc[0])
    # Switzerland is not in the table; in this broken copy its 1987 GDP exceeds China's.
    raw.loc[year & (raw["Country Code"] == "CHE"), "Value"] = repr(china * 1.01)
    broken = tmp_path / "gdp.csv"
    raw.to_csv(broken, index=False)
    proc = subprocess.run(
        [sys.executable, "derive_gdp.py", str(broken), "--out", str(tmp_path / "out.csv")],
        cwd=SCRIPTS,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "Switzerland (CHE)" in proc.stderr and "1987" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out.csv").exists()


@needs_raw
def test_crude_supplement_fills_only_empty_cells(tmp_path: Path) -> None:
    """A supplementary figure never replaces one the compiled table has; the note records it."""
    import pandas as pd

    supplement = pd.read_csv(SCRIPTS / "inputs" / "gacc_crude_press_supplement.csv", dtype=str)
    compiled = pd.read_csv(stored_copy("china_crude_imports_from_russia"))
    kept = compiled.loc[
        (compiled["year"] == 2023) & (compiled["period"] == "full_year"), "russia_crude_value_usd_bn"
    ]
    assert kept.notna().all()
    # A broken copy: a second report of 2023 with a different value, from a page already in sources.csv.
    extra = dict(supplement.iloc[0], year="2023", value_usd_bn="99.9", volume_mt="")
    broken = tmp_path / "supplement.csv"
    pd.concat([supplement, pd.DataFrame([extra])]).to_csv(broken, index=False)
    out = tmp_path / "crude.csv"
    run_script(
        "derive_crude.py",
        str(stored_copy("china_crude_imports_from_russia")),
        "--supplement",
        str(broken),
        "--out",
        str(out),
    )
    derived = pd.read_csv(out, dtype={"supplement_source_id": str}, keep_default_na=False)
    row = derived.loc[(derived["year"] == 2023) & (derived["period"] == "full_year")].iloc[0]
    assert float(row["value_usd_bn"]) == float(kept.iloc[0])
    assert row["supplement_source_id"] == ""
    assert "99.9" in row["note"]
    filled = derived.loc[derived["supplement_source_id"] != ""]
    assert not filled.empty and filled["note"].str.contains("Filled in from").all()


@needs_raw
def test_crude_supplement_with_an_unknown_page_is_refused(tmp_path: Path) -> None:
    import pandas as pd

    supplement = pd.read_csv(SCRIPTS / "inputs" / "gacc_crude_press_supplement.csv", dtype=str)
    supplement.loc[0, "source_url"] = "https://example.org/not-in-sources"
    broken = tmp_path / "supplement.csv"
    supplement.to_csv(broken, index=False)
    proc = subprocess.run(
        [
            sys.executable,
            "derive_crude.py",
            str(stored_copy("china_crude_imports_from_russia")),
            "--supplement",
            str(broken),
            "--out",
            str(tmp_path / "out.csv"),
        ],
        cwd=SCRIPTS,
        capture_output=True,
        text=True,
    )
    assert proc.returncode != 0
    assert "line 2" in proc.stderr and "https://example.org/not-in-sources" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "out.csv").exists()
