"""Check that every off-site link of the built book, and every source URL, still answers.

Usage: ``python scripts/check_external_links.py [_build/html]``. Collects the ``http(s)`` links
of every built HTML page and the ``url`` column of ``data/sources.csv``, asks each address once
(HEAD, then GET where a server refuses HEAD), and prints every address that fails with the pages
or rows that cite it. Exits 1 when any link is broken. Run weekly by the publishing workflow;
never by the tests, which run with the network off.
"""

from __future__ import annotations

import argparse
import csv
import sys
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
USER_AGENT = "Mozilla/5.0 (compatible; spheres-of-influence-linkcheck)"
#: Statuses that say the page exists but the server will not serve this client.
ALIVE_STATUSES = frozenset({401, 403, 429})


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for key, value in attrs:
            if key in ("href", "src") and value and value.startswith(("http://", "https://")):
                self.found.append(value.split("#", 1)[0])


def site_links(site: Path) -> dict[str, set[str]]:
    """Map each off-site address in the built HTML to the pages that link to it."""
    cited: dict[str, set[str]] = defaultdict(set)
    for page in sorted(site.rglob("*.html")):
        parser = _Links()
        parser.feed(page.read_text(encoding="utf-8"))
        for url in parser.found:
            cited[url].add(str(page.relative_to(site)))
    return cited


def source_links(sources: Path) -> dict[str, set[str]]:
    """Map each URL of the sources table to the rows (``sources.csv:<line>``) that give it."""
    cited: dict[str, set[str]] = defaultdict(set)
    with sources.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        for row in reader:
            if row.get("url"):
                cited[row["url"]].add(f"{sources.name}:{reader.line_num}")
    return cited


def problem(url: str, timeout: float = 20.0) -> str | None:
    """None when ``url`` answers; otherwise what went wrong."""
    last = ""
    for method in ("HEAD", "GET"):
        request = urllib.request.Request(url, method=method, headers={"User-Agent": USER_AGENT})
        try:
            with urllib.request.urlopen(request, timeout=timeout):
                return None
        except urllib.error.HTTPError as exc:
            if exc.code in ALIVE_STATUSES:
                return None
            last = f"HTTP {exc.code}"
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            last = str(getattr(exc, "reason", exc))
    return last


def broken(cited: dict[str, set[str]], workers: int = 8) -> list[str]:
    """One line per failing address: the address, what failed and where it is cited."""
    urls = sorted(cited)
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(problem, urls))
    return [
        f"{url}: {why} (cited in {', '.join(sorted(cited[url]))})"
        for url, why in zip(urls, results)
        if why is not None
    ]


def merge(*maps: Iterable[tuple[str, set[str]]]) -> dict[str, set[str]]:
    merged: dict[str, set[str]] = defaultdict(set)
    for pairs in maps:
        for url, where in pairs:
            merged[url] |= where
    return merged


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("site", nargs="?", type=Path, default=REPO / "_build" / "html")
    parser.add_argument("--sources", type=Path, default=REPO / "data" / "sources.csv")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        parser.error(f"{args.site}: no built site (run `make book` first)")
    cited = merge(site_links(args.site).items(), source_links(args.sources).items())
    problems = broken(cited)
    for line in problems:
        print(line)
    print(f"{len(cited)} external addresses checked, {len(problems)} broken.")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
