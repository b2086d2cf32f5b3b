"""The derivation scripts' shared helper: which script derives which dataset, and how they run.

Every ``derive_*.py`` script has the same skeleton::

    \"\"\"What it derives, from which publisher's file (Usage:: ...).\"\"\"
    from _curated import run, ...
    NAME = "<dataset>"                        # a key of DERIVATIONS below
    ...                                       # small helpers, one job each
    def derive(raw: Path, ...) -> pd.DataFrame:
        \"\"\"The curated table, in its schema's column order.\"\"\"
    def main(argv: list[str] | None = None) -> int:
        return run(NAME, __doc__, derive, "<what RAW is>", argv=argv)
    if __name__ == "__main__":
        sys.exit(main())

:func:`run` reads the publisher's file named on the command line (plus any options the script
declares), calls ``derive`` and writes the CSV to the path ``datapackage.json`` gives (or to
``--out``). The two scripts that write more than one file (``derive_nss.py``,
``derive_articles.py``) take ``--out-dir`` instead and write their files themselves.

:data:`companion.derivations.DERIVATIONS` is the one place that says which script derives which
dataset, what it reads and what it writes; this helper, ``scripts/refresh.py`` and
``tests/test_derivations.py`` read it.

The CSVs are written the same way each time (UTF-8, ``\\n`` line endings, no index, empty cells
for missing values) so that re-deriving an unchanged source gives a byte-identical file.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from companion import data

REPO = Path(__file__).resolve().parent.parent
DATA = REPO / "data"


def resource_path(name: str, data_dir: Path = DATA) -> Path:
    """Return the CSV path of resource ``name`` as declared in ``datapackage.json``."""
    for res in data.package(data_dir)["resources"]:
        if res["name"] == name:
            return data_dir / res["path"]
    raise SystemExit(f"datapackage.json has no resource named {name!r}")


def schema_fields(name: str, data_dir: Path = DATA) -> list[str]:
    """Return the column names of resource ``name``, in schema order."""
    for res in data.package(data_dir)["resources"]:
        if res["name"] == name:
            return [f["name"] for f in res["schema"]["fields"]]
    raise SystemExit(f"datapackage.json has no resource named {name!r}")


def source_ids_by_url(data_dir: Path = DATA) -> dict[str, str]:
    """Map each URL in ``sources.csv`` to its source_id."""
    sources = pd.read_csv(data_dir / "sources.csv", dtype=str, keep_default_na=False)
    return {row.url: row.source_id for row in sources.itertuples() if row.url}


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` as a curated CSV (UTF-8, LF line endings, empty cells for missing values)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n", encoding="utf-8", na_rep="")


@dataclass(frozen=True)
class Option:
    """A file option a script takes besides the publisher's file (passed to ``derive`` after it, in order)."""

    flag: str
    default: Path
    help: str


def run(
    name: str,
    doc: str | None,
    derive: Callable[..., pd.DataFrame],
    raw_help: str,
    *,
    options: tuple[Option, ...] = (),
    argv: list[str] | None = None,
) -> int:
    """Parse the command line, derive dataset ``name`` from the file it names, write the CSV; return 0."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("raw", type=Path, help=raw_help)
    dests = [f"option_{i}" for i in range(len(options))]
    for option, dest in zip(options, dests, strict=True):
        parser.add_argument(option.flag, dest=dest, type=Path, default=option.default, help=option.help)
    parser.add_argument(
        "--out", type=Path, default=None, help="output CSV (default: the path in datapackage.json)"
    )
    args = parser.parse_args(argv)
    extra = [getattr(args, dest) for dest in dests]
    write_csv(derive(args.raw, *extra), args.out or resource_path(name))
    return 0
