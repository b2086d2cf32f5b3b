"""Tokenising and counting words: the rules every word count in the book follows.

The functions here are small on purpose, so a reader can check each rule against the
tests in ``tests/test_text.py`` and reproduce any count in the book.

Rules
-----
1. **Case.** Matching is case-insensitive: every token is lower-cased (``China`` = ``china``).
2. **Quote marks.** Typographic and straight apostrophes and quotation marks are
   equivalent: ``’ ‘ ʼ ′`` count as ``'`` and ``“ ” „ ″`` as ``"``, in texts and in search
   terms alike (``Russia’s`` = ``Russia's``, ``don’t`` = ``don't``).
3. **Tokens.** A token is a run of letters and digits, which may contain apostrophes
   (``don't``). Everything else separates tokens: spaces, line breaks, punctuation,
   hyphens and dashes. So a hyphenated compound counts its parts: ``Russia-Ukraine`` gives
   the tokens ``russia`` and ``ukraine``.
4. **Possessives.** A final ``'s`` or a final apostrophe is dropped: ``Russia's`` is the
   token ``russia`` and ``allies'`` is ``allies``. (``it's`` therefore becomes ``it``: the
   rule cannot tell a contraction from a possessive, and no search term in the book is
   affected.)
5. **Abbreviations with full stops** are one token that keeps its stops: ``U.S.``,
   ``U.N.``, ``e.g.`` (two or more single letters, each followed by a stop). ``U.S.`` is
   therefore not the same token as ``us``.
6. **Numbers** with thousands separators or decimals are one token: ``9,660`` and ``3.4``.
   ``words()`` counts them as words, as a word processor does.
7. **Whole words** (``match="word"``): a term matches a token only when they are equal,
   so ``Russian`` and ``Prussia`` do not count for ``Russia``.
8. **Prefixes** (``match="prefix"``): a term also matches tokens that *begin* with it
   (``Russian``, ``Russians``), never tokens that merely contain it (``Prussia``). In a
   multi-word term only the last word is matched as a prefix.
9. **Multi-word terms** (``National Security Strategy``) match a run of consecutive tokens
   separated by whitespace only: any run of spaces or a line break, but not a full stop,
   comma or other punctuation, which would join two sentences or clauses.

Counts are *occurrences*: a term found twice in a sentence counts twice. Overlapping
occurrences of different terms are each counted by :func:`count`; :func:`mention_table`
resolves overlaps between the aliases of entities (longest alias first).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Literal, NamedTuple

import pandas as pd

from companion import data

Match = Literal["word", "prefix"]

#: Characters read as an apostrophe / single quote, and as a double quote.
APOSTROPHES = "\u2019\u2018\u02bc\u2032\u201b`\u00b4"
DOUBLE_QUOTES = "\u201c\u201d\u201e\u2033\u201f"
_QUOTE_TABLE = str.maketrans({**{c: "'" for c in APOSTROPHES}, **{c: '"' for c in DOUBLE_QUOTES}})

_L = r"[^\W\d_]"  # a letter (any script)
_W = r"[^\W_]"  # a letter or digit
_TOKEN_RE = re.compile(
    rf"(?:{_L}\.){{2,}}"  # abbreviations: U.S., U.N., e.g.
    rf"|\d+(?:[.,]\d+)+{_W}*"  # numbers with separators: 9,660  3.4
    rf"|{_W}+(?:'{_W}+)*'?"  # words, with inner apostrophes and an optional final one
)


class Token(NamedTuple):
    """One token: its normalised form and its character span in the text."""

    text: str
    start: int
    end: int


class Concordance(NamedTuple):
    """One keyword-in-context line: left context, the match as printed, right context."""

    left: str
    match: str
    right: str


def normalise_quotes(text: str) -> str:
    """Replace typographic apostrophes and quotation marks by straight ones (same length), for
    tokenising and counting. Quote checks use :func:`companion.quotes.verbatim_form` instead."""
    return text.translate(_QUOTE_TABLE)


def _normalise_token(raw: str) -> str:
    token = raw.lower()
    if token.endswith("'s") and len(token) > 2:
        token = token[:-2]
    elif token.endswith("'"):
        token = token[:-1]
    return token


def tokens(text: str) -> list[Token]:
    """Return the tokens of ``text`` with their character spans (rules 1–6)."""
    plain = normalise_quotes(text)
    out: list[Token] = []
    for m in _TOKEN_RE.finditer(plain):
        token = _normalise_token(m.group())
        if token:
            out.append(Token(token, m.start(), m.end()))
    return out


def tokenize(text: str) -> list[str]:
    """Split ``text`` into lower-case tokens following the module's rules."""
    return [t.text for t in tokens(text)]


def words(text: str) -> int:
    """Return the number of tokens (words and numbers) in ``text``."""
    return len(tokens(text))


#: The reading speed the chapters' reading times assume, in words a minute.
READING_RATE = 230


def reading_minutes(n_words: int, rate: int = READING_RATE) -> int:
    """Return the whole minutes, rounded up, that reading ``n_words`` words takes at ``rate`` words a minute."""
    if n_words < 0 or rate <= 0:
        raise ValueError(f"reading_minutes(): need words >= 0 and a positive rate, got {n_words!r}, {rate!r}")
    return -(-n_words // rate)


def per_10k(count: int | float, words: int | float) -> float:
    """Return ``count`` per 10,000 words of a text ``words`` long."""
    return per(count, words, 10_000)


def per(count: int | float, words: int | float, base: int = 1_000) -> float:
    """Return ``count`` per ``base`` words of a text ``words`` long."""
    if words <= 0:
        raise ValueError(f"per(): the text length must be positive, got {words!r} words")
    if count < 0:
        raise ValueError(f"per(): a count cannot be negative, got {count!r}")
    return float(count) * base / float(words)


def _term_tokens(term: str) -> list[str]:
    parts = tokenize(term)
    if not parts:
        raise ValueError(f"count(): the term {term!r} contains no word to count")
    return parts


def _token_matches(token: str, wanted: str, prefix: bool) -> bool:
    return token.startswith(wanted) if prefix else token == wanted


def find(
    text: str,
    term: str,
    match: Match = "word",
    *,
    _toks: list[Token] | None = None,
    _plain: str | None = None,
) -> list[tuple[int, int]]:
    """Return the character spans of every occurrence of ``term`` in ``text`` (rules 7–9)."""
    if match not in ("word", "prefix"):
        raise ValueError(f"match must be 'word' or 'prefix', got {match!r}")
    toks = tokens(text) if _toks is None else _toks
    plain = normalise_quotes(text) if _plain is None else _plain
    wanted = _term_tokens(term)
    n = len(wanted)
    spans: list[tuple[int, int]] = []
    for i in range(len(toks) - n + 1):
        ok = True
        for j, w in enumerate(wanted):
            last = j == n - 1
            if not _token_matches(toks[i + j].text, w, match == "prefix" and last):
                ok = False
                break
            if j and not plain[toks[i + j - 1].end : toks[i + j].start].isspace():
                ok = False
                break
        if ok:
            spans.append((toks[i].start, toks[i + n - 1].end))
    return spans


def count(text: str, terms: str | Iterable[str], match: Match = "word") -> dict[str, int]:
    """Count each term in ``text``; keys are the terms exactly as given."""
    if isinstance(terms, str):
        terms = [terms]
    toks = tokens(text)
    plain = normalise_quotes(text)
    return {term: len(find(text, term, match, _toks=toks, _plain=plain)) for term in terms}


def kwic(text: str, term: str, width: int = 60, match: Match = "word") -> list[Concordance]:
    """Return one keyword-in-context line per occurrence of ``term`` (contexts ``width`` characters)."""
    if width < 0:
        raise ValueError(f"kwic(): width must be zero or more, got {width!r}")
    out: list[Concordance] = []
    for start, end in find(text, term, match):
        left = " ".join(text[max(0, start - 3 * width) : start].split())
        right = " ".join(text[end : end + 3 * width].split())
        if text[max(0, start - 1) : start].isspace() and left:
            left += " "
        if text[end : end + 1].isspace() and right:
            right = " " + right
        out.append(
            Concordance(
                left[-width:] if width else "",
                " ".join(text[start:end].split()),
                right[:width] if width else "",
            )
        )
    return out


def _truthy(value: object) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true") or value == 1


def mention_table(texts: Mapping[str, str], aliases: pd.DataFrame, match: Match = "word") -> pd.DataFrame:
    """Count entity mentions per text from an alias table (columns ``entity``, ``alias``).

    Each occurrence is counted once: where aliases overlap (``Vladimir Putin`` contains
    ``Putin``), the longest alias wins and the shorter one is not counted again. An alias
    whose ``case_sensitive`` column is true must match with its exact capitalisation
    (``US`` the country, not the pronoun ``us``). Returns one row per text and entity:
    ``text_id, entity, mentions, words, per_1k`` (plus the alias table's ``kind`` column
    when it has one).
    """
    missing = {"entity", "alias"} - set(aliases.columns)
    if missing:
        raise ValueError(f"mention_table(): the alias table lacks the column(s) {sorted(missing)}")
    exact = (
        aliases["case_sensitive"].map(_truthy)
        if "case_sensitive" in aliases.columns
        else pd.Series(False, index=aliases.index)
    )
    triples = list(zip(aliases["entity"], aliases["alias"], exact))
    entities = list(dict.fromkeys(aliases["entity"]))
    rows = []
    for text_id, text in texts.items():
        toks = tokens(text)
        plain = normalise_quotes(text)
        found: list[tuple[int, int, str]] = []
        for entity, alias, case_sensitive in triples:
            wanted = " ".join(normalise_quotes(alias).split())
            for start, end in find(text, alias, match, _toks=toks, _plain=plain):
                if case_sensitive and " ".join(plain[start:end].split()) != wanted:
                    continue
                found.append((start, end, entity))
        # Longest span first; keep a span only when it overlaps none already kept.
        found.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
        kept: list[tuple[int, int, str]] = []
        for span in found:
            if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
                kept.append(span)
        n_words = len(toks)
        for entity in entities:
            n = sum(1 for k in kept if k[2] == entity)
            rows.append(
                {
                    "text_id": text_id,
                    "entity": entity,
                    "mentions": n,
                    "words": n_words,
                    "per_1k": per(n, n_words, 1_000) if n_words else float("nan"),
                }
            )
    table = pd.DataFrame(rows, columns=["text_id", "entity", "mentions", "words", "per_1k"])
    if "kind" in aliases.columns:
        kinds = aliases.drop_duplicates("entity").set_index("entity")["kind"]
        table["kind"] = table["entity"].map(kinds)
    return table


# --- Repairing text extracted from PDFs -----------------------------------------------------
#
# Two kinds of extraction damage are repaired, each by one stated rule that reports how many
# changes it made (so no count changes silently):
#
# * **Ligature splits.** PDF extraction may break the "fi" and "fl" ligatures, leaving a space:
#   ``confi dence``, ``fi nancial``, ``infl uence``. Rule: a word ending in ``fi`` or ``fl``
#   followed by one space and a lower-case letter is joined to the next word. (A real word
#   ending in "fi" or "fl", such as "hi-fi", would be over-joined; the corpus check in
#   scripts/derive_nss.py lists every join.)
# * **Words run together at a capital.** Removed line breaks glue a word to the next one:
#   ``theUnited``, ``withRussia``, ``SovietUnion``. Rule: a word whose letters after the first
#   are lower case, directly followed by a capital and lower-case letters (``xxYyy``), is
#   split there *only if* both parts are common words of the corpus
#   (each occurs as a token at least ``min_count`` times). OCR errors such as ``reqUires``
#   are left alone, because "req" and "uires" are not words of the corpus.
#
# Words run together in lower case (``ourpeople``, ``thehemispheric``) are *not* repaired:
# :func:`joined_word_suspects` measures them instead.

_LIGATURE_RE = re.compile(r"\b([^\W\d_]*f[il]) ([a-z][^\W\d_]*)")
_CAMEL_RE = re.compile(r"\b([A-Za-z][a-z]*)([A-Z][a-z]+)\b")


def repair_ligatures(text: str) -> tuple[str, list[tuple[str, str]]]:
    """Join words broken after an "fi"/"fl" ligature (``confi dence``); return the text and a log of (before, after)."""
    log: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        after = m.group(1) + m.group(2)
        log.append((m.group(0), after))
        return after

    return _LIGATURE_RE.sub(fix, text), log


def split_joined_capitals(
    text: str, vocabulary: Mapping[str, int], min_count: int = 5
) -> tuple[str, list[tuple[str, str]]]:
    """Split ``theUnited`` into ``the United`` when both parts are common corpus words; return the text and a log."""
    log: list[tuple[str, str]] = []

    def fix(m: re.Match[str]) -> str:
        left, right = m.group(1), m.group(2)
        if vocabulary.get(left.lower(), 0) >= min_count and vocabulary.get(right.lower(), 0) >= min_count:
            log.append((m.group(0), f"{left} {right}"))
            return f"{left} {right}"
        return m.group(0)

    return _CAMEL_RE.sub(fix, text), log


def joined_word_suspects(
    counts: Mapping[str, int], vocabulary: Mapping[str, int], min_part: int = 20, min_length: int = 6
) -> dict[str, tuple[str, str]]:
    """Find tokens that look like two common words run together (``ourpeople``).

    A token is a suspect when it occurs only once in the corpus (``vocabulary``), is made of
    letters only, is at least ``min_length`` long, and splits into two parts of two or more
    letters that each occur at least ``min_part`` times in the corpus. Returns
    ``{token: (left, right)}``. This is a measure, not a repair: rare real compounds
    ("warplanes") can be flagged too, and run-togethers of rare words are missed.
    """
    out: dict[str, tuple[str, str]] = {}
    for token in counts:
        if len(token) < min_length or not token.isalpha() or vocabulary.get(token, 0) != 1:
            continue
        for cut in range(2, len(token) - 1):
            left, right = token[:cut], token[cut:]
            if vocabulary.get(left, 0) >= min_part and vocabulary.get(right, 0) >= min_part:
                out[token] = (left, right)
                break
    return out


COUNTED = "counted by the book"
REPORTED = "reported, not recounted"


def nss_rates(
    terms: Iterable[str] | Mapping[str, Iterable[str]],
    match: Match = "word",
    *,
    counted_label: str = COUNTED,
    reported_label: str = REPORTED,
    documents: pd.DataFrame | None = None,
    token_counts: pd.DataFrame | None = None,
    reported: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """Return mentions and mentions per 10,000 words of each term in every US National Security Strategy."""
    documents = data.load("nss_documents") if documents is None else documents
    token_counts = data.load("nss_token_counts") if token_counts is None else token_counts
    reported = data.load("nss_2025_reported") if reported is None else reported
    series = (
        {name: list(toks) for name, toks in terms.items()}
        if isinstance(terms, Mapping)
        else {term: [term] for term in terms}
    )
    if match not in ("word", "prefix"):
        raise ValueError(f"match must be 'word' or 'prefix', not {match!r}")
    rows = []
    for doc in documents.itertuples():
        counts = token_counts[token_counts["year"] == doc.year].set_index("token")["count"]
        for name, toks in series.items():
            wanted = [t.lower() for t in toks]
            hits = (
                counts.index.str.startswith(tuple(wanted)) if match == "prefix" else counts.index.isin(wanted)
            )
            rows.append(
                {
                    "term": name,
                    "year": int(doc.year),
                    "count": int(counts[hits].sum()),
                    "words": int(doc.words),
                    "basis": counted_label,
                }
            )
    rows += [
        {
            "term": r.term,
            "year": int(r.year),
            "count": int(r.count),
            "words": int(r.words),
            "basis": reported_label,
        }
        for r in reported.itertuples()
        if r.term in series
    ]
    frame = pd.DataFrame(rows, columns=["term", "year", "count", "words", "basis"])
    frame["per_10k"] = [per_10k(c, w) for c, w in zip(frame["count"], frame["words"])]
    return frame


#: Ranks in words, as the book writes them ("first" … "twelfth").
ORDINAL_WORDS = (
    "first",
    "second",
    "third",
    "fourth",
    "fifth",
    "sixth",
    "seventh",
    "eighth",
    "ninth",
    "tenth",
    "eleventh",
    "twelfth",
)


def ordinal(n: int) -> str:
    """Return a rank in words up to twelve ("first", "second", ...) and in figures beyond ("13th", "21st")."""
    if n < 1:
        raise ValueError(f"ordinal(): a rank starts at 1, not {n}")
    if n <= len(ORDINAL_WORDS):
        return ORDINAL_WORDS[n - 1]
    suffix = "th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def and_join(items: Iterable[str]) -> str:
    """Return items as an English list: "A", "A and B", "A, B and C"."""
    items = list(items)
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)
