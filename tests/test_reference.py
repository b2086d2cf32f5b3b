"""Tests for the reader apparatus: events dataset, glossary, bibliography file and print stylesheet."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from companion import data, sphinxext

ROOT = Path(__file__).resolve().parents[1]
GLOSSARY = ROOT / "book" / "reference" / "glossary.md"
BIBFILE = ROOT / "references.bib"

#: Longest run of consecutive words an event description may share with an article.
MAX_SHARED_WORDS = 8


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower().replace("’", "'"))


def _shingles(words: list[str], n: int) -> set[tuple[str, ...]]:
    return {tuple(words[i : i + n]) for i in range(len(words) - n + 1)}


def test_events_cite_only_known_articles() -> None:
    events = data.load("events")
    known = set(data.load("articles")["id"])
    cited = {i for ids in events["article_ids"] for i in ids.split(";")}
    assert cited <= known, f"events cite unknown article ids: {sorted(cited - known)}"


def test_every_article_has_dated_events() -> None:
    events = data.load("events")
    cited = Counter(i for ids in events["article_ids"] for i in ids.split(";"))
    missing = sorted(set(data.load("articles")["id"]) - set(cited))
    assert not missing, f"no event in the events dataset mentions: {missing}"


def test_event_prose_is_our_own() -> None:
    events = data.load("events")
    article_shingles: set[tuple[str, ...]] = set()
    for article_id in data.load("articles")["id"]:
        text = data.article_text(article_id, include_furniture=True)
        article_shingles |= _shingles(_words(text), MAX_SHARED_WORDS + 1)
    copied = []
    for row in events.itertuples():
        overlap = _shingles(_words(f"{row.title} {row.description}"), MAX_SHARED_WORDS + 1)
        if overlap & article_shingles:
            copied.append((row.date.date().isoformat(), row.title))
    assert not copied, f"event text repeats more than {MAX_SHARED_WORDS} words of an article: {copied}"


def test_event_sources_are_web_pages() -> None:
    events = data.load("events")
    bad = events.loc[~events["source_url"].str.match(r"https?://[^\s/]+\.[^\s/]+/?"), "title"]
    assert bad.empty, f"events without a usable source_url: {list(bad)}"


def test_bibliography_keys_are_unique() -> None:
    keys = re.findall(r"^@\w+\{([^,\s]+),", BIBFILE.read_text(encoding="utf-8"), flags=re.M)
    duplicates = sorted(k for k, n in Counter(keys).items() if n > 1)
    assert keys, "references.bib holds no entries"
    assert not duplicates, f"duplicate keys in references.bib: {duplicates}"


def _glossary_entries() -> list[list[str]]:
    """Return the glossary's entries, each as its list of term names."""
    text = GLOSSARY.read_text(encoding="utf-8")
    body = text.split("```{glossary}", 1)[1].split("\n```", 1)[0]
    entries: list[list[str]] = []
    current: list[str] = []
    for line in body.splitlines():
        if not line.strip() or line.startswith(":"):
            continue
        if line.startswith(" "):
            if current:
                entries.append(current)
                current = []
        else:
            current.append(line.strip())
    return entries


def test_glossary_terms_are_unique_and_defined() -> None:
    entries = _glossary_entries()
    names = [name.lower() for entry in entries for name in entry]
    duplicates = sorted(n for n, c in Counter(names).items() if c > 1)
    assert len(entries) >= 30, f"the glossary defines only {len(entries)} terms"
    assert not duplicates, f"glossary terms defined twice: {duplicates}"


class _RecordingApp:
    """Stand-in for a Sphinx application that records what the extension registers."""

    def __init__(self) -> None:
        self.css: list[tuple[str, dict[str, Any]]] = []

    def add_css_file(self, filename: str, **attributes: Any) -> None:
        self.css.append((filename, attributes))

    def __getattr__(self, name: str) -> Any:
        return lambda *args, **kwargs: None


def test_print_stylesheet_is_registered_for_print_only() -> None:
    app = _RecordingApp()
    sphinxext.setup(app)
    registered = dict(app.css)
    assert "print.css" in registered, "print.css is not registered by companion.sphinxext"
    assert registered["print.css"].get("media") == "print"
    assert (Path(sphinxext.__file__).parent / "static" / "print.css").is_file()


@pytest.mark.parametrize("selector", [".bd-sidebar-primary", ".bd-header-article", ".prev-next-area"])
def test_print_stylesheet_hides_navigation(selector: str) -> None:
    css = (Path(sphinxext.__file__).parent / "static" / "print.css").read_text(encoding="utf-8")
    hidden_block = css.split("display: none !important;")[0]
    assert selector in hidden_block, f"{selector} is not hidden in print"
