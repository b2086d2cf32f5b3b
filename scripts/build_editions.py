"""Add every edition of the book to a built site, each under ``editions/<edition>/``.

    python scripts/build_editions.py SITE [--cache DIR]

SITE is the built HTML of the current edition (the folder holding ``index.html``). Each git tag
``v<edition>`` older than the current edition is checked out, built with the same tools, and
copied to ``SITE/editions/<edition>/``; its pages carry a banner pointing to the current edition
(``companion.editions`` shows it when ``COMPANION_CURRENT_EDITION`` names a later edition). The
current edition is copied to ``SITE/editions/<current>/`` as it is, so a course can link to the
edition it teaches from before and after the next one appears. ``--cache`` keeps each earlier
edition's HTML between runs: a published edition never changes, so it is built once.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from companion import editions  # noqa: E402  (the repository's package, whatever is installed)


def tagged_editions(root: Path = ROOT) -> list[str]:
    """The editions that have a git tag, oldest first (tags that are not edition numbers are skipped)."""
    out = subprocess.run(["git", "tag", "--list", "v*"], cwd=root, capture_output=True, text=True, check=True)
    found = []
    for line in out.stdout.split():
        number = line[1:]
        try:
            editions.parse(number)
        except editions.EditionError:
            continue
        found.append(number)
    return sorted(found, key=editions.parse)


def build_edition(edition: str, current: str, base_url: str, out: Path, root: Path = ROOT) -> None:
    """Build the tagged ``edition`` into ``out`` (its HTML), bannered as earlier than ``current``."""
    jb = Path(sys.executable).with_name("jupyter-book")
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), editions.tag(edition)], cwd=root, check=True
        )
        try:
            env = dict(
                os.environ,
                COMPANION_CURRENT_EDITION=current,
                COMPANION_CURRENT_URL=base_url,
                PYTHONPATH=str(tree),  # the edition's own package, not this checkout's
                PYTHONHASHSEED="0",
            )
            subprocess.run(
                [str(jb), "build", str(tree), "--path-output", str(Path(tmp) / "out")], env=env, check=True
            )
            shutil.copytree(Path(tmp) / "out" / "_build" / "html", out)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root, check=False)


def main(argv: list[str] | None = None) -> int:
    """Add every edition to the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML of the current edition")
    parser.add_argument("--cache", type=Path, help="a folder that keeps earlier editions' HTML between runs")
    parser.add_argument(
        "--base-url", default="", help="the current edition's address (default: html.baseurl)"
    )
    args = parser.parse_args(argv)
    current = editions.read(ROOT)
    base_url = args.base_url or _baseurl()
    target = args.site / "editions"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for edition in tagged_editions():
        if editions.parse(edition) >= editions.parse(current):
            continue
        cached = args.cache / edition if args.cache else None
        if cached is None or not cached.exists():
            out = cached or Path(tempfile.mkdtemp()) / edition
            build_edition(edition, current, base_url, out)
            cached = out
        shutil.copytree(cached, target / edition)
        print(f"editions/{edition}/: edition {edition}, bannered as earlier than {current}")
    shutil.copytree(args.site, target / current, ignore=shutil.ignore_patterns("editions"))
    print(f"editions/{current}/: the current edition")
    return 0


def _baseurl() -> str:
    """The site's address from _config.yml."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return str(config.get("html", {}).get("baseurl", "/"))


if __name__ == "__main__":
    sys.exit(main())
