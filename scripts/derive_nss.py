"""Derive the National Security Strategy word tables from a folder of plain-text NSS documents.

Usage::

    python scripts/derive_nss.py ../shared/data/raw/strategy_texts/nssdocs [--extra 2025=nss2025.txt]
        [--out-dir data/texts]

The folder holds one UTF-8 file per document, named ``<year>.txt`` (the cleaned texts of
GitHub ``devincornell/nssdocs``, ``docs/<year>.txt``). ``--extra YEAR=PATH`` adds a document
the folder lacks (the 2022 or 2025 strategy, e.g. converted from the official PDF with
``pdftotext -layout``), so a reader with the PDF can recount. The raw texts are never copied
into the repository; only these derived tables are:

``nss_documents.csv``
    one row per document: year, president, title, word count (the book's tokenizer, after
    the two repairs below), word count before repair, the number of repairs of each kind,
    the number of suspected run-together words (measured, not repaired) per 10,000 words,
    the SHA-256 of the input file, and the source ids.
``nss_token_counts.csv``
    year, token, count: every token of every document, made by :func:`companion.text.tokenize`
    (lower case, possessives dropped, hyphenated compounds split). Any single word can be
    counted from it; multi-word terms ("Soviet Union") cannot.
``nss_repairs.csv``
    year, rule, before, after, count: every change the repairs made, so that their effect on
    any count can be checked.
``nss_2025_reported.csv``
    the 2025 figures as *reported* (counts from article ``superpower-concessions``, length
    from a published commentary), marked ``reported, not recounted``.

Repairs (rules and tests in :mod:`companion.text`): "fi"/"fl" ligature splits are joined
(``confi dence``); words run together at a capital are split when both parts are common
words of the corpus (``withRussia``). Words run together in lower case (``ourpeople``) are
counted as suspects but left alone.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from _curated import DATA
from companion import text as T
from companion.derivations import DERIVATIONS

NAME = "nss"

#: Presidents and the titles under which the documents were published.
DOCUMENTS: dict[int, tuple[str, str]] = {
    1987: ("Ronald Reagan", "National Security Strategy of the United States"),
    1988: ("Ronald Reagan", "National Security Strategy of the United States"),
    1990: ("George H. W. Bush", "National Security Strategy of the United States"),
    1991: ("George H. W. Bush", "National Security Strategy of the United States"),
    1993: ("George H. W. Bush", "National Security Strategy of the United States"),
    1994: ("Bill Clinton", "A National Security Strategy of Engagement and Enlargement"),
    1995: ("Bill Clinton", "A National Security Strategy of Engagement and Enlargement"),
    1996: ("Bill Clinton", "A National Security Strategy of Engagement and Enlargement"),
    1997: ("Bill Clinton", "A National Security Strategy for a New Century"),
    1998: ("Bill Clinton", "A National Security Strategy for a New Century"),
    1999: ("Bill Clinton", "A National Security Strategy for a New Century"),
    2000: ("Bill Clinton", "A National Security Strategy for a Global Age"),
    2002: ("George W. Bush", "The National Security Strategy of the United States of America"),
    2006: ("George W. Bush", "The National Security Strategy of the United States of America"),
    2010: ("Barack Obama", "National Security Strategy"),
    2015: ("Barack Obama", "National Security Strategy"),
    2017: ("Donald J. Trump", "National Security Strategy of the United States of America"),
    2022: ("Joseph R. Biden", "National Security Strategy"),
    2025: ("Donald J. Trump", "National Security Strategy of the United States of America"),
}

#: Source ids (rows of data/sources.csv) for the texts and their publisher.
FOLDER_SOURCE = "nssdocs-cleaned-texts"
PUBLISHER_SOURCE = "whitehouse-nss-1987-2017"
EXTRA_SOURCE = {2022: "whitehouse-nss-2022", 2025: "whitehouse-nss-2025"}

#: A word must occur this often in the corpus before a run-together at a capital is split.
CAPITAL_SPLIT_MIN_COUNT = 5

#: The 2025 figures as reported (not recounted): term and count from the article
#: ``superpower-concessions``; length from the commentary (timesexaminer.com, 2025-12-09).
REPORTED_2025 = [("Russia", 10), ("hemisphere", 24), ("China", 21), ("immigration", 13), ("Trump", 27)]
REPORTED_2025_WORDS = 9660
REPORTED_COUNT_SOURCE = "article-superpower-concessions"
REPORTED_WORDS_SOURCE = "timesexaminer-nss-2025-commentary"
REPORTED_BASIS = "reported, not recounted"

DOC_COLUMNS = [
    "year",
    "president",
    "title",
    "words",
    "words_unrepaired",
    "ligature_joins",
    "capital_splits",
    "runtogether_suspects",
    "runtogether_per_10k",
    "sha256",
    "source_id",
    "publisher_source_id",
]


class InputError(Exception):
    """An input file or argument is unusable; the message names the file and the rule."""


@dataclass(frozen=True)
class Document:
    """One input document: year, path, raw text and the file's SHA-256."""

    year: int
    path: Path
    text: str
    sha256: str
    source_id: str
    publisher_source_id: str


def read_text(path: Path) -> tuple[str, str]:
    """Read a UTF-8 text file; return its text and SHA-256, or raise InputError naming line and column."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise InputError(
            f"{path}, line {line}, column {column}: not valid UTF-8 "
            f"(byte {raw[exc.start]:#04x}); texts must be UTF-8"
        ) from None
    if not text.strip():
        raise InputError(f"{path}: the file is empty")
    return text, hashlib.sha256(raw).hexdigest()


def _year(name: str, where: str) -> int:
    if not re.fullmatch(r"\d{4}", name):
        raise InputError(f"{where}: the year must be four digits, got {name!r}")
    year = int(name)
    if year not in DOCUMENTS:
        known = ", ".join(str(y) for y in DOCUMENTS)
        raise InputError(f"{where}: {year} is not a National Security Strategy year ({known})")
    return year


def collect(folder: Path, extras: list[str]) -> list[Document]:
    """Read the folder's ``<year>.txt`` files and the ``YEAR=PATH`` extras."""
    if not folder.is_dir():
        raise InputError(f"{folder}: no such folder")
    docs: dict[int, Document] = {}
    for path in sorted(folder.glob("*.txt")):
        year = _year(path.stem, str(path))
        text, digest = read_text(path)
        docs[year] = Document(year, path, text, digest, FOLDER_SOURCE, PUBLISHER_SOURCE)
    if not docs:
        raise InputError(f"{folder}: no <year>.txt files")
    for spec in extras:
        if "=" not in spec:
            raise InputError(f"--extra {spec!r}: expected YEAR=PATH, e.g. 2025=nss2025.txt")
        name, _, file = spec.partition("=")
        year = _year(name, f"--extra {spec!r}")
        if year in docs:
            raise InputError(f"--extra {spec!r}: {year} is already in {folder}")
        if year not in EXTRA_SOURCE:
            raise InputError(f"--extra {spec!r}: only {sorted(EXTRA_SOURCE)} can be added")
        path = Path(file)
        if not path.is_file():
            raise InputError(f"--extra {spec!r}: no such file {path}")
        text, digest = read_text(path)
        docs[year] = Document(year, path, text, digest, EXTRA_SOURCE[year], EXTRA_SOURCE[year])
    return [docs[y] for y in sorted(docs)]


@dataclass
class Derived:
    """The derived tables, as lists of rows."""

    documents: list[dict[str, object]]
    tokens: list[tuple[int, str, int]]
    repairs: list[tuple[int, str, str, str, int]]


def repair(text: str, vocabulary: Counter[str]) -> tuple[str, list[tuple[str, str]], list[tuple[str, str]]]:
    """Apply the two repairs in order; return the text and the two logs."""
    joined, lig_log = T.repair_ligatures(text)
    split, cap_log = T.split_joined_capitals(joined, vocabulary, CAPITAL_SPLIT_MIN_COUNT)
    return split, lig_log, cap_log


def corpus_vocabulary(docs: list[Document]) -> Counter[str]:
    """Return token counts over all documents, before any repair."""
    vocab: Counter[str] = Counter()
    for doc in docs:
        vocab.update(T.tokenize(doc.text))
    return vocab


def derive(docs: list[Document]) -> Derived:
    """Tokenise, repair and count every document."""
    vocab = corpus_vocabulary(docs)
    repaired: dict[int, tuple[str, list[tuple[str, str]], list[tuple[str, str]]]] = {
        d.year: repair(d.text, vocab) for d in docs
    }
    counts = {year: Counter(T.tokenize(text)) for year, (text, _, _) in repaired.items()}
    repaired_vocab: Counter[str] = Counter()
    for c in counts.values():
        repaired_vocab.update(c)
    documents, tokens, repairs = [], [], []
    for doc in docs:
        text, lig_log, cap_log = repaired[doc.year]
        c = counts[doc.year]
        n_words = sum(c.values())
        suspects = T.joined_word_suspects(c, repaired_vocab)
        president, title = DOCUMENTS[doc.year]
        documents.append(
            {
                "year": doc.year,
                "president": president,
                "title": title,
                "words": n_words,
                "words_unrepaired": T.words(doc.text),
                "ligature_joins": len(lig_log),
                "capital_splits": len(cap_log),
                "runtogether_suspects": len(suspects),
                "runtogether_per_10k": round(T.per_10k(len(suspects), n_words), 1),
                "sha256": doc.sha256,
                "source_id": doc.source_id,
                "publisher_source_id": doc.publisher_source_id,
            }
        )
        for token, n in sorted(c.items(), key=lambda kv: (-kv[1], kv[0])):
            tokens.append((doc.year, token, n))
        for rule, log in (("ligature join", lig_log), ("capital split", cap_log)):
            for (before, after), n in sorted(Counter(log).items()):
                repairs.append((doc.year, rule, before, after, n))
    return Derived(documents, tokens, repairs)


def _write(path: Path, header: list[str], rows: list[list[object]] | list[tuple]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(rows)


def write(derived: Derived, out_dir: Path) -> list[Path]:
    """Write the four tables into ``out_dir``; return their paths."""
    paths = [
        out_dir / name
        for name in ("nss_documents.csv", "nss_token_counts.csv", "nss_repairs.csv", "nss_2025_reported.csv")
    ]
    _write(paths[0], DOC_COLUMNS, [[row[c] for c in DOC_COLUMNS] for row in derived.documents])
    _write(paths[1], ["year", "token", "count"], derived.tokens)
    _write(paths[2], ["year", "rule", "before", "after", "count"], derived.repairs)
    _write(
        paths[3],
        [
            "year",
            "term",
            "count",
            "words",
            "basis",
            "count_source_id",
            "words_source_id",
            "document_source_id",
        ],
        [
            [
                2025,
                term,
                n,
                REPORTED_2025_WORDS,
                REPORTED_BASIS,
                REPORTED_COUNT_SOURCE,
                REPORTED_WORDS_SOURCE,
                EXTRA_SOURCE[2025],
            ]
            for term, n in REPORTED_2025
        ],
    )
    return paths


def main(argv: list[str] | None = None) -> int:
    """Run the derivation from the command line; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", type=Path, help="folder of <year>.txt NSS texts")
    parser.add_argument(
        "--extra",
        action="append",
        default=[],
        metavar="YEAR=PATH",
        help="add a document missing from the folder (2022 or 2025)",
    )
    parser.add_argument(
        "--out-dir",
        type=Path,
        default=DATA / DERIVATIONS[NAME].out_dir,
        help="folder to write the four tables into",
    )
    args = parser.parse_args(argv)
    try:
        docs = collect(args.folder, args.extra)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    for path in write(derive(docs), args.out_dir):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
