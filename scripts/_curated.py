"""Helpers shared by the derivation scripts: where the data folder is and how CSVs are written.

Every script rewrites one curated CSV from a publisher's file given on the command line. The
CSVs are written the same way each time (UTF-8, ``\\n`` line endings, no index, empty cells
for missing values) so that re-deriving an unchanged source gives a byte-identical file.
"""

from __future__ import annotations

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
