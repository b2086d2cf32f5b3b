"""Add every edition of the book to a built site, each under ``editions/<edition>/``.

    python scripts/build_editions.py SITE [--cache DIR]

SITE is the built HTML of the current edition (the folder holding ``index.html``). Each git tag
``v<edition>`` older than the current edition is checked out, built with the same tools, and
copied to ``SITE/editions/<edition>/``; its pages carry a banner pointing to the current edition
(``companion.editions`` shows it when ``COMPANION_CURRENT_EDITION`` names a later edition). The
current edition is copied to ``SITE/editions/<current>/`` as it is, so a course can link to the
edition it teaches from before and after the next one appears. ``--cache`` keeps each earlier
edition's HTML between runs: a published edition never changes, so it is built once.

An earlier edition's downloadable notebooks install that edition's own wheel (their first cell names
its address, ``<baseurl>wheels/<the edition's wheel>``): each one is built from its tag with the
tag's own ``scripts/build_wheel.py`` (kept in ``--cache``'s ``wheels/``) and published where its
notebooks look for it. An edition older than the wheels has no such cell and gets none.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
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


@contextmanager
def checkout(edition: str, root: Path = ROOT) -> Iterator[Path]:
    """The tagged ``edition``'s files, in a temporary git worktree while the block runs."""
    with tempfile.TemporaryDirectory() as tmp:
        tree = Path(tmp) / "tree"
        subprocess.run(
            ["git", "worktree", "add", "--detach", str(tree), editions.tag(edition)], cwd=root, check=True
        )
        try:
            yield tree
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(tree)], cwd=root, check=False)


def build_edition(edition: str, current: str, base_url: str, out: Path, root: Path = ROOT) -> None:
    """Build the tagged ``edition`` into ``out`` (its HTML), bannered as earlier than ``current``."""
    jb = Path(sys.executable).with_name("jupyter-book")
    with checkout(edition, root) as tree, tempfile.TemporaryDirectory() as tmp:
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


def edition_wheel(edition: str, folder: Path) -> Path | None:
    """The wheel of ``edition`` in ``folder``, if one is there."""
    return next(iter(sorted(folder.glob(f"*-{edition}-py3-none-any.whl"))), None)


def build_wheel(edition: str, out: Path, root: Path = ROOT) -> Path | None:
    """Build the tagged ``edition``'s wheel into ``out`` with the tag's own ``scripts/build_wheel.py``.

    ``None`` when the tag has no such script (an edition older than the wheels).
    """
    with checkout(edition, root) as tree:
        script = tree / "scripts" / "build_wheel.py"
        if not script.is_file():
            return None
        env = dict(os.environ, PYTHONPATH=str(tree))
        subprocess.run([sys.executable, str(script), "--out", str(out)], cwd=tree, env=env, check=True)
    wheel = edition_wheel(edition, out)
    if wheel is None:
        raise SystemExit(
            f"build_editions: the tag {editions.tag(edition)} built no wheel of edition {edition}"
        )
    return wheel


#: The wheel address in a downloadable notebook's setup cell (``companion.notebooks``).
_WHEEL_URL = re.compile(r'os\.environ\.get\("\w+", "(?P<url>[^"]+\.whl)"\)')


def wheel_urls(html: Path) -> set[str]:
    """The wheel addresses that the downloadable notebooks of the built edition ``html`` install from."""
    found: set[str] = set()
    for notebook in sorted((html / "_sources").rglob("*.ipynb")):
        cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
        for cell in cells:
            if cell.get("cell_type") == "code" and "setup" in cell.get("metadata", {}).get("tags", []):
                source = cell["source"] if isinstance(cell["source"], str) else "".join(cell["source"])
                found.update(m["url"] for m in _WHEEL_URL.finditer(source))
    return found


def publish_wheel(site: Path, html: Path, wheel: Path | None, base_url: str, edition: str) -> list[Path]:
    """Copy ``wheel`` into ``site`` wherever the notebooks of ``edition`` (built into ``html``) look for it."""
    placed = []
    base = base_url.rstrip("/") + "/"
    for url in sorted(wheel_urls(html)):
        if not url.startswith(base):
            raise SystemExit(f"editions/{edition}: its notebooks install {url}, which is not under {base}")
        if wheel is None or url.rsplit("/", 1)[-1] != wheel.name:
            have = wheel.name if wheel else "no wheel"
            raise SystemExit(f"editions/{edition}: its notebooks install {url}, but its tag built {have}")
        target = site / url[len(base) :]
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(wheel, target)
        placed.append(target)
    return placed


def main(argv: list[str] | None = None) -> int:
    """Add every edition to the site."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, help="the built HTML of the current edition")
    parser.add_argument("--cache", type=Path, help="a folder that keeps earlier editions' HTML between runs")
    parser.add_argument(
        "--base-url", default="", help="the current edition's address (default: html.baseurl)"
    )
    args = parser.parse_args(argv)
    add_editions(args.site, args.base_url or _baseurl(), args.cache)
    return 0


def add_editions(site: Path, base_url: str, cache: Path | None = None, root: Path = ROOT) -> None:
    """Add every edition of the repository at ``root`` to the built ``site``, with earlier editions' wheels."""
    current = editions.read(root)
    target = site / "editions"
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    wheels = cache / "wheels" if cache else Path(tempfile.mkdtemp()) / "wheels"
    wheels.mkdir(parents=True, exist_ok=True)
    for edition in tagged_editions(root):
        if editions.parse(edition) >= editions.parse(current):
            continue
        cached = cache / edition if cache else None
        if cached is None or not cached.exists():
            out = cached or Path(tempfile.mkdtemp()) / edition
            build_edition(edition, current, base_url, out, root)
            cached = out
        shutil.copytree(cached, target / edition)
        print(f"editions/{edition}/: edition {edition}, bannered as earlier than {current}")
        wheel = edition_wheel(edition, wheels) or build_wheel(edition, wheels, root)
        for path in publish_wheel(site, cached, wheel, base_url, edition):
            print(f"{path.relative_to(site).as_posix()}: the wheel edition {edition}'s notebooks install")
    shutil.copytree(site, target / current, ignore=shutil.ignore_patterns("editions"))
    print(f"editions/{current}/: the current edition")


def _baseurl() -> str:
    """The site's address from _config.yml."""
    import yaml

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    return str(config.get("html", {}).get("baseurl", "/"))


if __name__ == "__main__":
    sys.exit(main())
