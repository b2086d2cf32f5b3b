"""Copy the five article texts into data/articles/ and recount the ``words`` column of articles.csv.

Usage::

    python scripts/derive_articles.py SEEDS_DIR [--out-dir DATA_DIR]

SEEDS_DIR holds the texts as received (``000_*.txt`` … ``004_*.txt``). Each is copied
byte for byte to ``<DATA_DIR>/articles/<id>.txt``; nothing in the text is changed. The
descriptive columns of ``articles.csv`` (titles, outlets, dates, originals) are curated by hand
from the provenance notes; this script only rewrites ``words``, the number of words in the
whole file (furniture included) by the book's counting rules, :func:`companion.text.words`, the
same rule as every other word count in the book.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import pandas as pd

from _curated import DATA, resource_path, write_csv
from companion import text as book_text

NAME = "articles"

#: Seed file prefix → article id (fixed by the project's contract).
SEED_IDS = {
    "000": "superpower-concessions",
    "001": "golden-opportunity",
    "002": "strategic-balancing-act",
    "003": "no-peace-without-victory",
    "004": "reverse-kissinger",
}


def word_count(text: str) -> int:
    """Count the words of ``text`` by the book's rules (:func:`companion.text.words`)."""
    return book_text.words(text)


def derive(seeds_dir: Path, out_dir: Path) -> pd.DataFrame:
    """Copy each seed to ``out_dir/articles/<id>.txt`` and return articles.csv with fresh counts."""
    table = pd.read_csv(resource_path(NAME), dtype=str, keep_default_na=False)
    for prefix, article_id in SEED_IDS.items():
        matches = sorted(seeds_dir.glob(f"{prefix}_*.txt"))
        if len(matches) != 1:
            raise SystemExit(f"expected one file {prefix}_*.txt in {seeds_dir}, found {len(matches)}")
        target = out_dir / "articles" / f"{article_id}.txt"
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(matches[0], target)
        words = word_count(target.read_bytes().decode("utf-8"))
        if article_id not in set(table["id"]):
            raise SystemExit(f"articles.csv has no row for {article_id!r}")
        table.loc[table["id"] == article_id, "words"] = str(words)
    return table


def main(argv: list[str] | None = None) -> int:
    """Copy the texts and rewrite articles.csv; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("seeds_dir", type=Path, help="folder with 000_*.txt … 004_*.txt")
    parser.add_argument(
        "--out-dir", type=Path, default=DATA, help="data folder to write into (default: data/)"
    )
    args = parser.parse_args(argv)
    table = derive(args.seeds_dir, args.out_dir)
    write_csv(table, args.out_dir / resource_path(NAME).relative_to(DATA))
    return 0


if __name__ == "__main__":
    sys.exit(main())
