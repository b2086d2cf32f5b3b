"""The package's layout: the files a plain install must carry, and the modules' imports."""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "companion"


def test_every_data_file_of_the_package_is_declared_as_package_data():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"
    ]["companion"]
    files = [
        p.relative_to(PACKAGE).as_posix()
        for p in PACKAGE.rglob("*")
        if p.is_file() and p.suffix not in {".py", ".pyc"} and "__pycache__" not in p.parts
    ]
    assert any(f.endswith(".js") for f in files), "the package's scripts live in .js files"
    missing = [f for f in files if not any(fnmatch.fnmatchcase(f, g) for g in declared)]
    assert missing == [], f"not in [tool.setuptools.package-data] of pyproject.toml: {missing}"


def test_the_claims_filter_is_written_from_its_script_file():
    from companion import claims

    script = (PACKAGE / "static" / "claims-filter.js").read_text(encoding="utf-8")
    page = claims.ledger_explorer().data
    assert f"<script>\n{script}</script>" in page
    assert 'getElementById("claims-filter-text")' in script
