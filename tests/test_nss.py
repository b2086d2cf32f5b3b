"""The National Security Strategy tables: re-derivation, agreement with count(), reported figures."""

from __future__ import annotations

import csv
import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from companion import text as T

REPO = Path(__file__).resolve().parent.parent
RAW = REPO.parent / "shared" / "data" / "raw" / "strategy_texts" / "nssdocs"
TEXTS = REPO / "data" / "texts"
TABLES = ["nss_documents.csv", "nss_token_counts.csv", "nss_repairs.csv", "nss_2025_reported.csv"]
SAMPLE_TERMS = [
    "Russia",
    "China",
    "hemisphere",
    "immigration",
    "Soviet",
    "USSR",
    "United",
    "confidence",
    "financial",
    "terrorism",
    "Pacific",
]

needs_raw = pytest.mark.skipif(not RAW.is_dir(), reason=f"raw NSS texts not present at {RAW}")


def _script():
    if str(REPO / "scripts") not in sys.path:  # the scripts import their shared helper, _curated
        sys.path.insert(0, str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location("derive_nss", REPO / "scripts" / "derive_nss.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


@needs_raw
def test_rederivation_equals_committed_tables(tmp_path: Path) -> None:
    derive = _script()
    assert derive.main([str(RAW), "--out-dir", str(tmp_path)]) == 0
    for name in TABLES:
        assert (tmp_path / name).read_bytes() == (TEXTS / name).read_bytes(), name


@needs_raw
def test_token_table_agrees_with_count_on_the_repaired_text() -> None:
    derive = _script()
    docs = derive.collect(RAW, [])
    vocab = derive.corpus_vocabulary(docs)
    table = pd.read_csv(TEXTS / "nss_token_counts.csv", keep_default_na=False)
    for doc in docs:
        repaired, _, _ = derive.repair(doc.text, vocab)
        got = T.count(repaired, SAMPLE_TERMS)
        rows = table[table.year == doc.year].set_index("token")["count"]
        for term in SAMPLE_TERMS:
            assert int(rows.get(term.lower(), 0)) == got[term], (doc.year, term)


@needs_raw
def test_token_table_differs_from_raw_counts_only_by_logged_repairs() -> None:
    derive = _script()
    docs = derive.collect(RAW, [])
    table = pd.read_csv(TEXTS / "nss_token_counts.csv", keep_default_na=False)
    repairs = pd.read_csv(TEXTS / "nss_repairs.csv", keep_default_na=False)
    for doc in docs:
        raw = T.count(doc.text, SAMPLE_TERMS)
        rows = table[table.year == doc.year].set_index("token")["count"]
        log = repairs[repairs.year == doc.year]
        for term in SAMPLE_TERMS:
            gained = Counter()
            for before, after, n in zip(log.before, log.after, log["count"]):
                delta = T.tokenize(after).count(term.lower()) - T.tokenize(before).count(term.lower())
                gained[term] += delta * n
            assert int(rows.get(term.lower(), 0)) == raw[term] + gained[term], (doc.year, term)


@needs_raw
def test_document_word_totals_are_the_token_table_sums() -> None:
    docs = pd.read_csv(TEXTS / "nss_documents.csv")
    sums = pd.read_csv(TEXTS / "nss_token_counts.csv", keep_default_na=False).groupby("year")["count"].sum()
    assert dict(zip(docs.year, docs.words)) == sums.to_dict()
    assert len(docs) == len(list(RAW.glob("*.txt")))


def test_extra_document_is_counted(tmp_path: Path) -> None:
    derive = _script()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "2017.txt").write_text("Russia and China. The hemisphere.", encoding="utf-8")
    extra = tmp_path / "nss2025.txt"
    extra.write_text("Russia\u2019s role in the Western Hemisphere; Russia-China ties.", encoding="utf-8")
    out = tmp_path / "out"
    assert derive.main([str(folder), "--extra", f"2025={extra}", "--out-dir", str(out)]) == 0
    docs = pd.read_csv(out / "nss_documents.csv")
    assert list(docs.year) == [2017, 2025]
    assert docs.set_index("year").loc[2025, "source_id"] == "whitehouse-nss-2025"
    tokens = pd.read_csv(out / "nss_token_counts.csv").set_index(["year", "token"])["count"]
    assert tokens[(2025, "russia")] == 2 and tokens[(2025, "hemisphere")] == 1


def test_bad_inputs_are_refused_with_file_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    derive = _script()
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "2017.txt").write_bytes(b"ok line\nbad \xff byte\n")
    assert derive.main([str(folder), "--out-dir", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "2017.txt, line 2, column 5" in err and "UTF-8" in err
    (folder / "2017.txt").write_text("fine", encoding="utf-8")
    (folder / "notes.txt").write_text("x", encoding="utf-8")
    assert derive.main([str(folder), "--out-dir", str(tmp_path / "o")]) == 2
    assert "notes.txt" in capsys.readouterr().err
    (folder / "notes.txt").unlink()
    assert derive.main([str(folder), "--extra", "2025", "--out-dir", str(tmp_path / "o")]) == 2
    assert "YEAR=PATH" in capsys.readouterr().err


def test_reported_2025_figures_are_marked_as_reported() -> None:
    with (TEXTS / "nss_2025_reported.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert {r["term"] for r in rows} >= {"Russia", "China", "hemisphere", "immigration"}
    assert all(r["basis"] == "reported, not recounted" for r in rows)
    assert all(r["year"] == "2025" for r in rows)


def test_every_source_id_is_in_sources() -> None:
    sources = set(pd.read_csv(REPO / "data" / "sources.csv")["source_id"])
    docs = pd.read_csv(TEXTS / "nss_documents.csv")
    reported = pd.read_csv(TEXTS / "nss_2025_reported.csv")
    used = (
        set(docs.source_id)
        | set(docs.publisher_source_id)
        | set(reported.count_source_id)
        | set(reported.words_source_id)
        | set(reported.document_source_id)
    )
    assert used <= sources, used - sources
