"""Build the book's package as a wheel with its curated data inside, versioned with the edition.

Usage::

    python scripts/build_wheel.py [--out DIR]

The wheel (``spheres_of_influence-<edition>-py3-none-any.whl``, written to ``_build/wheels/``
unless ``--out`` says otherwise) holds the package ``companion`` and, as package data under
``companion/_data/``, the repository's ``data/`` folder: the datasets, their
``datapackage.json`` and the article texts. ``companion.data.find_data_dir`` finds the data
there when the package is installed outside the repository. The repository keeps its layout:
the files are copied into a temporary source tree, never into ``companion/``. Caches and editor
leftovers are not copied. The Pages workflow publishes the wheel under ``wheels/`` beside the
site, where a downloaded chapter's first cell installs it from.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from companion import editions  # noqa: E402
from companion.data import BOOK_FILES, PACKAGED_DATA  # noqa: E402
from companion.notebooks import wheel_name  # noqa: E402

#: Files and folders never copied into the wheel.
IGNORED = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".ipynb_checkpoints", ".DS_Store", "*~", "*.orig", "raw"
)


def build(out: Path, root: Path = ROOT) -> Path:
    """Build the wheel of the repository at ``root`` into ``out``; return its path."""
    edition = editions.read(root)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="wheel-") as tmp:
        src = Path(tmp) / "src"
        src.mkdir()
        for name in ("pyproject.toml", "EDITION", "README.md", "LICENSE"):
            shutil.copy2(root / name, src / name)
        shutil.copytree(root / "companion", src / "companion", ignore=IGNORED)
        shutil.copytree(root / "data", src / "companion" / PACKAGED_DATA, ignore=IGNORED)
        # The book's root files the package reads (companion.data.book_file): the chapters' order,
        # the site's address.
        for name in BOOK_FILES:
            shutil.copy2(root / name, src / "companion" / PACKAGED_DATA / name)
        subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", str(out), str(src)],
            check=True,
        )
    wheel = out / wheel_name(edition)
    if not wheel.is_file():
        raise SystemExit(f"build_wheel: pip wrote no {wheel.name} into {out}")
    return wheel


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "wheels", help="folder for the wheel")
    args = parser.parse_args(argv)
    print(build(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
