"""Unit tests of companion.prose: the phrases that describe data, and the build-time guard."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from companion import prose

ROOT = Path(__file__).resolve().parents[1]


def series(rows: dict[int, float]) -> pd.DataFrame:
    """A hand-made yearly frame like the curated tables (year, value)."""
    return pd.DataFrame({"year": list(rows), "value": list(rows.values())})


# --------------------------------------------------------------------------------------
# trend
# --------------------------------------------------------------------------------------

TRADE = series({2016: 69.52, 2017: 84.07, 2020: 104.0, 2023: 240.11, 2024: 244.81, 2025: 228.1})


def test_trend_peak_then_fall_names_the_three_years():
    text = prose.trend(TRADE.year, TRADE.value, 0, "billion US dollars", "billion")
    assert text == (
        "rose from 70 billion US dollars in 2016 to a peak of 245 billion in 2024, "
        "then fell to 228 billion in 2025"
    )


def test_trend_new_peak_in_the_last_year_drops_the_fall():
    grown = pd.concat([TRADE, series({2026: 251.3})])
    text = prose.trend(grown.year, grown.value, 0, "billion US dollars", "billion")
    assert text == "rose from 70 billion US dollars in 2016 to 251 billion in 2026, its highest"
    assert "fell" not in text and "peak of" not in text


def test_trend_falls_again_keeps_the_old_peak():
    fallen = pd.concat([TRADE, series({2026: 210.0})])
    text = prose.trend(fallen.year, fallen.value, 1, "billion US dollars", "billion")
    assert "a peak of 244.8 billion in 2024" in text
    assert text.endswith("then fell to 210.0 billion in 2026")


def test_trend_flat_series():
    flat = series({2020: 2.0, 2021: 2.0, 2022: 2.0})
    assert prose.trend(flat.year, flat.value, 1, "%") == "was flat at 2.0% from 2020 to 2022"


def test_trend_is_flat_at_the_precision_shown():
    # 251.3 and 251.26 both show as 251: no "rose from 251 to 251".
    near = series({2025: 251.3, 2026: 251.26})
    assert prose.trend(near.year, near.value, 0) == "was flat at 251 from 2025 to 2026"
    assert prose.trend(near.year, near.value, 2).startswith("fell from 251.30 in 2025")


def test_trend_falling_to_a_new_low():
    s = series({2010: 5.0, 2011: 4.0, 2012: 3.5})
    assert prose.trend(s.year, s.value, 1, "%") == "fell from 5.0% in 2010 to 3.5% in 2012, its lowest"


def test_trend_rise_then_fall_to_a_new_low():
    s = series({2010: 5.0, 2011: 6.0, 2012: 3.0})
    assert (
        prose.trend(s.year, s.value)
        == "rose from 5 in 2010 to a peak of 6 in 2011, then fell to 3 in 2012, its lowest"
    )


def test_trend_dip_then_recovery_above_the_start():
    s = series({2010: 5.0, 2011: 3.0, 2012: 8.0})
    assert (
        prose.trend(s.year, s.value)
        == "fell from 5 in 2010 to a low of 3 in 2011, then rose to 8 in 2012, its highest"
    )


def test_trend_back_to_where_it_started():
    s = series({2010: 5.0, 2011: 3.0, 2012: 5.0})
    assert (
        prose.trend(s.year, s.value)
        == "fell from 5 in 2010 to a low of 3 in 2011, then rose back to 5 in 2012"
    )


def test_trend_ignores_missing_values_and_unsorted_rows():
    s = series({2012: 8.0, 2010: 5.0, 2011: float("nan")})
    assert prose.trend(s.year, s.value) == "rose from 5 in 2010 to 8 in 2012"


def test_trend_needs_two_values():
    with pytest.raises(ValueError, match="at least two"):
        prose.trend([2020, 2021], [1.0, float("nan")])


def test_trend_tie_at_the_peak_names_the_first_peak_year():
    s = series({2010: 1.0, 2011: 4.0, 2012: 4.0, 2013: 2.0})
    assert "a peak of 4 in 2011" in prose.trend(s.year, s.value)


# --------------------------------------------------------------------------------------
# multiples, changes, comparisons
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (100, 200, "doubled"),
        (100, 250, "more than doubled"),
        (69.52, 244.81, "more than tripled"),
        (100, 300, "tripled"),
        (10, 47, "grew more than 4-fold"),
        (10, 50, "grew 5-fold"),
        (100, 140, "rose by 40 per cent"),
        (100, 90, "fell by 10 per cent"),
        (100, 40, "more than halved"),
        (100, 50, "halved"),
        (100, 100, "was unchanged"),
    ],
)
def test_multiple(old, new, expected):
    assert prose.multiple(old, new) == expected


def test_multiple_refuses_a_zero_start():
    with pytest.raises(ValueError, match="positive start"):
        prose.multiple(0, 5)


def test_change_and_direction():
    assert prose.change(244.81, 228.1) == "fell by 6.8 per cent"
    assert prose.change(100, 100.01) == "was unchanged"
    assert prose.direction(244.81, 251.3) == "rose"
    assert prose.direction(2.004, 1.996, digits=3) == "fell"
    assert prose.direction(2.004, 1.996, digits=2) == "was unchanged"


def test_times():
    assert prose.times(17795, 2173.8) == "8.2 times"
    with pytest.raises(ValueError):
        prose.times(1, 0)


@pytest.mark.parametrize(
    ("a", "b", "digits", "expected"),
    [
        (2.1, 2.0, None, "above"),
        (1.96, 2.0, None, "below"),
        (1.996, 2.0, 2, "equal to"),
        (2.0, 2.0, None, "equal to"),
    ],
)
def test_compare(a, b, digits, expected):
    assert prose.compare(a, b, digits) == expected


def test_compare_with_own_words():
    assert prose.compare(3, 5, words=("more than", "less than", "as much as")) == "less than"


# --------------------------------------------------------------------------------------
# thresholds, ranks, counts
# --------------------------------------------------------------------------------------

SHARES = {"Poland": 4.12, "Estonia": 3.43, "Germany": 2.12, "Belgium": 1.30, "Spain": 1.28, "Italy": 1.99}


def test_allies_at_or_above_two_per_cent_are_listed_highest_first():
    assert prose.at_or_above(SHARES, 2.0) == ["Poland", "Estonia", "Germany"]


def test_an_ally_crossing_the_line_joins_the_list():
    moved = dict(SHARES, Italy=2.0)
    assert prose.at_or_above(moved, 2.0) == ["Poland", "Estonia", "Germany", "Italy"]
    # At one decimal Italy's 1.99 shows as 2.0: it counts if the text rounds that way.
    assert "Italy" in prose.at_or_above(SHARES, 2.0, digits=1)


def test_at_or_above_skips_missing_values():
    assert prose.at_or_above({"A": float("nan"), "B": 3.0}, 2.0) == ["B"]


def test_first_year_at_or_above_is_the_start_of_the_last_run():
    years, values = [2014, 2015, 2016, 2017, 2018], [2.1, 1.9, 2.0, 2.2, 2.3]
    assert prose.first_year_at_or_above(years, values, 2.0) == 2016
    assert prose.first_year_at_or_above(years, [*values[:-1], 1.5], 2.0) is None


def test_rank_with_and_without_ties():
    gdp = {"USA": 29000.0, "CHN": 18700.0, "DEU": 4600.0, "JPN": 4000.0, "IND": 4000.0}
    assert prose.rank(gdp, "CHN") == (2, False)
    assert prose.rank(gdp, "IND") == (4, True)
    assert prose.rank_phrase(gdp, "JPN") == "joint fourth"
    assert prose.rank_phrase(gdp, "USA", descending=False) == "fifth"
    with pytest.raises(KeyError, match="RUS"):
        prose.rank(gdp, "RUS")


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "1st"),
        (2, "2nd"),
        (3, "3rd"),
        (4, "4th"),
        (11, "11th"),
        (12, "12th"),
        (13, "13th"),
        (21, "21st"),
        (102, "102nd"),
    ],
)
def test_ordinal(n, expected):
    assert prose.ordinal(n) == expected


def test_ordinal_words_and_bad_rank():
    assert prose.ordinal(2, words=True) == "second"
    assert prose.ordinal(11, words=True) == "11th"
    with pytest.raises(ValueError):
        prose.ordinal(0)


def test_number_word():
    assert prose.number_word(17) == "seventeen"
    assert prose.number_word(18) == "eighteen"
    assert prose.number_word(0) == "zero"
    assert prose.number_word(21) == "21"


def test_count_and_join():
    assert prose.count(0, "ally", "allies") == "no allies"
    assert prose.count(1, "ally", "allies") == "one ally"
    assert prose.count(23, "ally", "allies") == "23 allies"
    assert prose.join(["Poland"]) == "Poland"
    assert prose.join(["Poland", "Estonia", "Latvia"]) == "Poland, Estonia and Latvia"
    assert prose.join(["a", "b"], "or") == "a or b"


def test_number_formats_units_and_refuses_missing():
    assert prose.number(1234.567, 1) == "1,234.6"
    assert prose.number(2.345, 2, "%") == "2.35%" or prose.number(2.345, 2, "%") == "2.34%"
    assert prose.number(62.4, 0, "billion US dollars") == "62 billion US dollars"
    assert prose.number(-0.04, 1) == "0.0"
    with pytest.raises(ValueError, match="missing"):
        prose.number(float("nan"))


# --------------------------------------------------------------------------------------
# present and missing years; latest year
# --------------------------------------------------------------------------------------


def test_missing_years_names_the_gap():
    crude = [2021, 2022, 2023, 2024]
    assert prose.missing_years(crude, 2019, 2024) == "no figures for 2019 and 2020"
    assert prose.missing_years([2016, 2017, 2018, 2020], noun="figure") == "no figure for 2019"
    assert prose.missing_years([2010, 2014]) == "no figures for 2011–2013"


def test_a_missing_year_that_arrives_leaves_no_gap():
    assert prose.gaps([2016, 2017, 2018, 2020]) == [2019]
    assert prose.gaps([2016, 2017, 2018, 2019, 2020]) == []
    assert prose.missing_years([2016, 2017, 2018, 2019, 2020]) == "a figure for every year"


def test_years_phrase():
    assert prose.years([2019]) == "2019"
    assert prose.years([2021, 2019]) == "2019 and 2021"
    assert prose.years([2014, 2015, 2016, 2019, 2020]) == "2014–2016, 2019 and 2020"


def test_latest():
    assert prose.latest(TRADE.year) == "the latest year is 2025"
    assert prose.latest(pd.concat([TRADE, series({2026: 1.0})]).year) == "the latest year is 2026"
    with pytest.raises(ValueError):
        prose.latest([])


# --------------------------------------------------------------------------------------
# guard
# --------------------------------------------------------------------------------------

CHAPTER = """\
---
jupytext: {}
---
# A chapter

```{code-cell} ipython3
prose.guard(ok, "trade fell in the last year")
```

Some text. The data show that China–Russia
trade fell in the last year, and that
is all.
"""


def make_book(tmp_path: Path) -> Path:
    """A minimal book: _toc.yml and one chapter in a subfolder."""
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    chapter = tmp_path / "book" / "articles" / "x.md"
    chapter.parent.mkdir(parents=True)
    chapter.write_text(CHAPTER, encoding="utf-8")
    return chapter


def test_guard_passes_silently_when_the_statement_holds(tmp_path, monkeypatch):
    make_book(tmp_path)
    monkeypatch.chdir(tmp_path / "book" / "articles")
    assert prose.guard(True, "trade fell in the last year") is None


def test_guard_names_file_and_line_of_the_prose_statement(tmp_path, monkeypatch):
    make_book(tmp_path)
    monkeypatch.chdir(tmp_path / "book" / "articles")
    with pytest.raises(prose.StatementFailed) as err:
        prose.guard(False, "China–Russia trade fell in the last year", detail="2026 is a new peak")
    message = str(err.value)
    # The statement is wrapped over lines 10-11; it starts on line 10, not in the code cell (line 7).
    assert message.startswith("book/articles/x.md:10: ")
    assert "China–Russia trade fell in the last year" in message
    assert "2026 is a new peak" in message


def test_guard_falls_back_to_the_code_cell_and_searches_the_whole_book(tmp_path, monkeypatch):
    make_book(tmp_path)
    (tmp_path / "book" / "other").mkdir()
    monkeypatch.chdir(tmp_path / "book" / "other")
    assert prose.locate("prose.guard(ok") == "book/articles/x.md:7"
    assert prose.locate("no such sentence anywhere") == "(statement not found in the book's sources)"


def test_guard_names_the_chapter_that_guards_the_statement(tmp_path, monkeypatch):
    chapter = make_book(tmp_path)
    # A sibling chapter (sorted first) says the same words in prose but does not guard them.
    (chapter.parent / "a.md").write_text(
        "# A\n\nChina–Russia trade fell in the last year, too.\n", encoding="utf-8"
    )
    monkeypatch.chdir(chapter.parent)
    assert prose.locate("trade fell in the last year") == "book/articles/x.md:11"


def test_guard_is_an_exception_a_notebook_cell_raises(tmp_path):
    # AssertionError subclass: a failing guard stops a notebook run like any failed check.
    assert issubclass(prose.StatementFailed, AssertionError)


# --------------------------------------------------------------------------------------
# every guard in the chapters points at a statement that is in the chapter's prose
# --------------------------------------------------------------------------------------


def _guard_calls(source: str) -> list[tuple[int, object]]:
    """(line, statement node) of every ``guard(condition, "statement")`` call in ``source``."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call) or len(node.args) < 2:
            continue
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
        if name in {"guard", "_guard"}:
            found.append((node.lineno, node.args[1]))
    return found


def chapter_guards() -> list[tuple[Path, str, bool]]:
    """Each (chapter, statement, from a values module) of a guard: in the chapters' values modules
    (``companion/chapters/``, whose ``CHAPTER`` names the chapter) and in the book's own code cells."""
    import ast

    import jupytext

    found = []
    for module in sorted((ROOT / "companion" / "chapters").glob("*.py")):
        source = module.read_text(encoding="utf-8")
        calls = _guard_calls(source)
        if not calls:
            continue
        tree = ast.parse(source)
        chapter = next(
            node.value.value
            for node in tree.body
            if isinstance(node, ast.Assign)
            and any(isinstance(t, ast.Name) and t.id == "CHAPTER" for t in node.targets)
            and isinstance(node.value, ast.Constant)
        )
        for line, statement in calls:
            assert isinstance(statement, ast.Constant) and isinstance(statement.value, str), (
                f"{module.relative_to(ROOT)}:{line}: a guard's statement must be a literal string"
            )
            found.append((ROOT / chapter, statement.value, True))
    for path in sorted((ROOT / "book").rglob("*.md")):
        source = path.read_text(encoding="utf-8")
        if "guard(" not in source:
            continue
        for cell in jupytext.reads(source, fmt="md:myst").cells:
            if cell.cell_type != "code" or "guard(" not in cell.source:
                continue
            for line, statement in _guard_calls(cell.source):
                assert isinstance(statement, ast.Constant) and isinstance(statement.value, str), (
                    f"{path.relative_to(ROOT)}: a guard's statement must be a literal string"
                )
                found.append((path, statement.value, False))
    return found


def test_the_chapters_have_guards():
    assert len(chapter_guards()) >= 10


def test_every_guarded_statement_stands_in_its_chapters_prose():
    # A values module's guard may also keep a caption true that the chapter writes in a code cell;
    # a guard in a code cell must find its statement in the prose (its own call is code).
    for path, statement, in_module in chapter_guards():
        prose_lines, code_lines = prose._find_in(path, statement)
        shown = prose_lines or (code_lines if in_module else [])
        assert shown, f"{path.relative_to(ROOT)}: guarded statement not in the chapter: {statement!r}"
