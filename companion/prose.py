"""Phrases that describe data, made from the data, and guards for sentences that cannot be.

Every function here is pure: it takes numbers (or a mapping of labels to numbers) and returns
text as it should appear in a chapter. Comparisons are made at the precision the text shows
(``digits``), so a sentence never says "rose from 251 to 251". :func:`guard` is for the
statements whose wording cannot follow the data: it fails, naming the chapter file and line of
the statement, when the statement no longer holds.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from companion.text import ORDINAL_WORDS

__all__ = [
    "StatementFailed",
    "number",
    "number_word",
    "ordinal",
    "join",
    "years",
    "missing_years",
    "gaps",
    "latest",
    "direction",
    "change",
    "multiple",
    "times",
    "compare",
    "at_or_above",
    "count",
    "first_year_at_or_above",
    "rank",
    "rank_phrase",
    "trend",
    "guard",
    "locate",
]

_ORDINAL_WORDS = ORDINAL_WORDS[:10]  # "first" … "tenth"; figures beyond
_NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_WORDS_TO_TWENTY = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
)


# --------------------------------------------------------------------------------------
# Small building blocks
# --------------------------------------------------------------------------------------


def _round(value: float, digits: int | None) -> float:
    """Return ``value`` rounded to ``digits`` decimals, or unchanged when ``digits`` is None."""
    return float(value) if digits is None else round(float(value), digits)


def number(value: float, digits: int = 0, unit: str = "") -> str:
    """Format ``value`` with thousands separators and ``digits`` decimals, then ``unit`` ("%" sticks to the number)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        raise ValueError("number(): the value is missing (NaN or None)")
    text = f"{float(value):,.{digits}f}"
    if text.startswith("-") and float(text.replace(",", "")) == 0:
        text = text[1:]
    if not unit:
        return text
    return text + unit if unit.startswith("%") else f"{text} {unit}"


def ordinal(n: int, words: bool = False) -> str:
    """Return the ordinal of ``n``: "1st", "2nd", "11th", "23rd"; with ``words``, "first" … "tenth" where they exist."""
    n = int(n)
    if n < 1:
        raise ValueError(f"ordinal(): {n} is not a rank (ranks start at 1)")
    if words and n <= len(_ORDINAL_WORDS):
        return _ORDINAL_WORDS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def join(items: Iterable[object], conjunction: str = "and") -> str:
    """Join items as an English list: "A", "A and B", "A, B and C"."""
    parts = [str(i) for i in items]
    if not parts:
        return ""
    if len(parts) == 1:
        return parts[0]
    return f"{', '.join(parts[:-1])} {conjunction} {parts[-1]}"


def number_word(n: int) -> str:
    """Return "seventeen" for 17: numbers up to twenty in words, larger ones in figures."""
    n = int(n)
    return _WORDS_TO_TWENTY[n] if 0 <= n < len(_WORDS_TO_TWENTY) else f"{n:,}"


def count(n: int, singular: str, plural: str | None = None, words: bool = True) -> str:
    """Return "no ally", "one ally", "three allies", "12 allies" (numbers under ten in words when ``words``)."""
    n = int(n)
    plural = plural or singular + "s"
    noun = singular if n == 1 else plural
    shown = _NUMBER_WORDS[n] if words and 0 <= n < len(_NUMBER_WORDS) else f"{n:,}"
    return f"{shown} {noun}"


def years(values: Iterable[int]) -> str:
    """Name a set of years, runs of three or more as ranges: "2019", "2019 and 2021", "2014–2016 and 2019"."""
    ys = sorted({int(y) for y in values})
    runs: list[list[int]] = []
    for y in ys:
        if runs and y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    parts: list[str] = []
    for run in runs:
        if len(run) >= 3:
            parts.append(f"{run[0]}–{run[-1]}")
        else:
            parts.extend(str(y) for y in run)
    return join(parts)


def gaps(present: Iterable[int], start: int | None = None, end: int | None = None) -> list[int]:
    """Return the years from ``start`` to ``end`` (default: first and last present) that are not in ``present``."""
    have = {int(y) for y in present}
    if not have and (start is None or end is None):
        raise ValueError("gaps(): no years given, so there is no range to check")
    lo = min(have) if start is None else int(start)
    hi = max(have) if end is None else int(end)
    return [y for y in range(lo, hi + 1) if y not in have]


def missing_years(
    present: Iterable[int], start: int | None = None, end: int | None = None, noun: str = "figure"
) -> str:
    """Say which years have no value: "no figure for 2019", "no figures for 2019 and 2021", or "a figure for every year"."""
    have = list(present)
    missing = gaps(have, start, end)
    if not missing:
        return f"a {noun} for every year"
    plural = noun + "s" if len(missing) > 1 else noun
    return f"no {plural} for {years(missing)}"


def latest(values: Iterable[int], noun: str = "year") -> str:
    """Return "the latest year is 2025" for the largest of ``values``."""
    ys = [int(y) for y in values]
    if not ys:
        raise ValueError("latest(): no years given")
    return f"the latest {noun} is {max(ys)}"


# --------------------------------------------------------------------------------------
# Change, multiples and comparisons
# --------------------------------------------------------------------------------------


def direction(
    old: float,
    new: float,
    digits: int | None = None,
    words: tuple[str, str, str] = ("rose", "fell", "was unchanged"),
) -> str:
    """Return "rose", "fell" or "was unchanged" for a move from ``old`` to ``new`` at ``digits`` precision."""
    a, b = _round(old, digits), _round(new, digits)
    return words[0] if b > a else words[1] if b < a else words[2]


def change(old: float, new: float, digits: int = 1) -> str:
    """Return "rose by 12.5 per cent", "fell by 6.8 per cent" or "was unchanged" (the percentage at ``digits``)."""
    if old == 0:
        raise ValueError("change(): the starting value is zero, so a percentage change is undefined")
    pct = 100 * (float(new) - float(old)) / abs(float(old))
    shown = round(abs(pct), digits)
    if shown == 0:
        return "was unchanged"
    return f"{'rose' if pct > 0 else 'fell'} by {number(shown, digits)} per cent"


def multiple(old: float, new: float) -> str:
    """Describe ``new`` against ``old``: "doubled", "more than tripled", "grew more than 5-fold", "more than halved", "rose by 40 per cent"."""
    old, new = float(old), float(new)
    if old <= 0 or new < 0:
        raise ValueError(f"multiple(): needs a positive start and a non-negative end, got {old} and {new}")
    r = new / old
    exact = math.isclose(r, round(r), rel_tol=1e-9)
    if r >= 4:
        return f"grew {round(r)}-fold" if exact else f"grew more than {math.floor(r)}-fold"
    if r >= 3:
        return "tripled" if exact else "more than tripled"
    if r >= 2:
        return "doubled" if exact else "more than doubled"
    if 0 < r <= 0.5:
        return "halved" if math.isclose(r, 0.5) else "more than halved"
    return change(old, new, 0)


def times(numerator: float, denominator: float, digits: int = 1) -> str:
    """Return the ratio as "3.5 times" (at ``digits`` decimals)."""
    if denominator == 0:
        raise ValueError("times(): the denominator is zero")
    return f"{number(float(numerator) / float(denominator), digits)} times"


def compare(
    a: float,
    b: float,
    digits: int | None = None,
    words: tuple[str, str, str] = ("above", "below", "equal to"),
) -> str:
    """Return "above", "below" or "equal to" for ``a`` against ``b`` at ``digits`` precision (``words`` to reword)."""
    x, y = _round(a, digits), _round(b, digits)
    return words[0] if x > y else words[1] if x < y else words[2]


# --------------------------------------------------------------------------------------
# Thresholds and ranks
# --------------------------------------------------------------------------------------


def at_or_above(values: Mapping[str, float], line: float, digits: int | None = None) -> list[str]:
    """Return the labels whose value is at or above ``line``, highest first (ties in label order)."""
    hits = [
        (k, float(v))
        for k, v in values.items()
        if v is not None and not math.isnan(float(v)) and _round(v, digits) >= line
    ]
    return [k for k, _ in sorted(hits, key=lambda kv: (-kv[1], kv[0]))]


def first_year_at_or_above(years_: Sequence[int], values: Sequence[float], line: float) -> int | None:
    """Return the first year from which the series stays at or above ``line`` to its end, or None if its last value is below."""
    pairs = sorted(zip((int(y) for y in years_), (float(v) for v in values)))
    if not pairs or pairs[-1][1] < line:
        return None
    year = pairs[-1][0]
    for y, v in reversed(pairs):
        if v < line:
            break
        year = y
    return year


def rank(values: Mapping[str, float], key: str, descending: bool = True) -> tuple[int, bool]:
    """Return the rank of ``key`` among ``values`` (1 = largest when ``descending``) and whether it is tied."""
    if key not in values:
        raise KeyError(f"rank(): {key!r} is not among the values ({', '.join(map(str, values))})")
    v = float(values[key])
    others = [float(x) for k, x in values.items() if k != key]
    better = sum(1 for x in others if (x > v if descending else x < v))
    tied = any(x == v for x in others)
    return better + 1, tied


def rank_phrase(values: Mapping[str, float], key: str, descending: bool = True, words: bool = True) -> str:
    """Return "second", "joint third" or "12th" for ``key`` among ``values``."""
    r, tied = rank(values, key, descending)
    return ("joint " if tied else "") + ordinal(r, words=words)


# --------------------------------------------------------------------------------------
# Trends
# --------------------------------------------------------------------------------------


def trend(
    years_: Sequence[int],
    values: Sequence[float],
    digits: int = 0,
    unit: str = "",
    later_unit: str | None = None,
) -> str:
    """Describe a series ("rose from A in Y0 to B in Yn", "… to a peak of P in Yp, then fell to …", "was flat at …"), compared as shown."""
    # ``unit`` follows the first value, ``later_unit`` (default ``unit``) the others, e.g.
    # unit="billion US dollars", later_unit="billion". Values are rounded to ``digits`` first.
    pairs = sorted(
        (int(y), float(v)) for y, v in zip(years_, values) if v is not None and not math.isnan(float(v))
    )
    if len(pairs) < 2:
        raise ValueError(f"trend(): needs at least two years with values, got {len(pairs)}")
    later = unit if later_unit is None else later_unit
    shown = [(y, _round(v, digits)) for y, v in pairs]
    (y0, v0), (yn, vn) = shown[0], shown[-1]
    hi = max(v for _, v in shown)
    lo = min(v for _, v in shown)

    def fmt(v: float, first: bool = False) -> str:
        return number(v, digits, unit if first else later)

    if hi == lo:
        return f"was flat at {fmt(v0, True)} from {y0} to {yn}"
    yp = next(y for y, v in shown if v == hi)  # the first year the peak is reached
    yt = next(y for y, v in shown if v == lo)  # the first year the low is reached
    tail = len(shown) > 2
    if vn == hi:
        if lo < v0:
            back = "back " if v0 == hi else ""
            return (
                f"fell from {fmt(v0, True)} in {y0} to a low of {fmt(lo)} in {yt}, "
                f"then rose {back}to {fmt(vn)} in {yn}" + (", its highest" if not back else "")
            )
        return f"rose from {fmt(v0, True)} in {y0} to {fmt(vn)} in {yn}" + (", its highest" if tail else "")
    if vn == lo:
        if hi > v0:
            back = "back " if v0 == lo else ""
            return (
                f"rose from {fmt(v0, True)} in {y0} to a peak of {fmt(hi)} in {yp}, "
                f"then fell {back}to {fmt(vn)} in {yn}" + (", its lowest" if not back else "")
            )
        return f"fell from {fmt(v0, True)} in {y0} to {fmt(vn)} in {yn}" + (", its lowest" if tail else "")
    if v0 < hi:
        return (
            f"rose from {fmt(v0, True)} in {y0} to a peak of {fmt(hi)} in {yp}, "
            f"then fell to {fmt(vn)} in {yn}"
        )
    return f"fell from {fmt(v0, True)} in {y0} to a low of {fmt(lo)} in {yt}, then rose to {fmt(vn)} in {yn}"


# --------------------------------------------------------------------------------------
# Guards: statements whose wording does not follow the data
# --------------------------------------------------------------------------------------


class StatementFailed(AssertionError):
    """A statement in a chapter is no longer true of the data; the message names file, line and statement."""


_FENCE = re.compile(r"^(`{3,}|~{3,})")


def _book_root(start: Path) -> Path | None:
    """Return the nearest folder at or above ``start`` that holds ``_toc.yml``."""
    for folder in (start, *start.parents):
        if (folder / "_toc.yml").is_file():
            return folder
    return None


def _find_in(path: Path, statement: str) -> tuple[list[int], list[int]]:
    """Return the lines where ``statement`` starts in ``path``: in prose, and inside code cells."""
    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return [], []
    # Collapse every run of whitespace to one space, remembering where each character came from.
    flat: list[str] = []
    origin: list[int] = []
    in_space = False
    for i, ch in enumerate(source):
        if ch.isspace():
            if not in_space:
                flat.append(" ")
                origin.append(i)
            in_space = True
        else:
            flat.append(ch)
            origin.append(i)
            in_space = False
    text = "".join(flat)
    needle = " ".join(statement.split())
    if not needle:
        return [], []
    # Which source lines are inside a code-cell fence.
    code_lines: set[int] = set()
    fence: str | None = None
    for n, line in enumerate(source.splitlines(), start=1):
        m = _FENCE.match(line.lstrip())
        if fence is None and m and "{code-cell}" in line:
            fence = m.group(1)
            code_lines.add(n)
        elif fence is not None:
            code_lines.add(n)
            if line.strip() == fence:
                fence = None
    prose: list[int] = []
    code: list[int] = []
    start = text.find(needle)
    while start != -1:
        line_no = source.count("\n", 0, origin[start]) + 1
        (code if line_no in code_lines else prose).append(line_no)
        start = text.find(needle, start + 1)
    return prose, code


def locate(statement: str, chapter: str | Path | None = None, start: str | Path | None = None) -> str:
    """Return "book/x.md:12" (or "…:12, 40") for where ``statement`` stands in the chapter sources (the chapter that also guards it first)."""
    here = Path(start) if start is not None else Path.cwd()
    root = _book_root(here.resolve()) or here.resolve()
    candidates: list[Path] = []
    if chapter is not None:
        candidates.append((here / chapter) if not Path(chapter).is_absolute() else Path(chapter))
    session = os.environ.get("JPY_SESSION_NAME", "")
    if session.endswith(".md") and Path(session).is_file():
        candidates.append(Path(session))
    candidates.extend(sorted(here.glob("*.md")))
    candidates.extend(
        p
        for p in sorted(root.rglob("*.md"))
        if not {"_build", ".venv", "node_modules", ".git"} & set(p.relative_to(root).parts)
    )
    seen: set[Path] = set()
    # Best: a chapter whose prose has the statement and whose code has it too (the guard's own
    # call, which pins the chapter); then prose alone; then code alone.
    found: dict[int, str] = {}
    for path in candidates:
        path = path.resolve()
        if path in seen:
            continue
        seen.add(path)
        prose, code = _find_in(path, statement)
        try:
            shown = path.relative_to(root).as_posix()
        except ValueError:
            shown = str(path)
        if prose and code:
            return f"{shown}:{', '.join(map(str, prose))}"
        if prose:
            found.setdefault(1, f"{shown}:{', '.join(map(str, prose))}")
        elif code:
            found.setdefault(2, f"{shown}:{', '.join(map(str, code))}")
    return found.get(1) or found.get(2) or "(statement not found in the book's sources)"


def guard(condition: object, statement: str, detail: str = "", chapter: str | Path | None = None) -> None:
    """Do nothing if ``condition`` is true; otherwise raise :class:`StatementFailed` naming the file, line and statement."""
    if bool(condition):
        return
    where = locate(statement, chapter)
    why = f" ({detail})" if detail else ""
    raise StatementFailed(
        f'{where}: the statement "{" ".join(statement.split())}" '
        f"no longer holds for the data{why}. Rewrite it, or generate it from the data."
    )
