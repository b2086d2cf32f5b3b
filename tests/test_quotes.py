"""The verbatim-quote check: the function, the command line and the Sphinx directive."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest

from companion import quotes

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"
SEED_FILES = {
    "superpower-concessions": "000_",
    "golden-opportunity": "001_",
    "strategic-balancing-act": "002_",
    "no-peace-without-victory": "003_",
    "reverse-kissinger": "004_",
}
ARTICLE = "reverse-kissinger"
GOOD = (
    "If Russia becomes China\u2019s long-term vassal, dependent on and subservient to it, "
    "I think that would be bad"
)


def _article_source(article_id: str) -> Path:
    shipped = REPO / "data" / "articles" / f"{article_id}.txt"
    if shipped.is_file():
        return shipped
    found = sorted(SEEDS.glob(f"{SEED_FILES[article_id]}*.txt"))
    if not found:
        pytest.skip(f"neither {shipped} nor a seed text for {article_id!r} is present")
    return found[0]


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    """A data folder holding the reverse-kissinger text and a one-row articles table."""
    folder = tmp_path / "data"
    (folder / "articles").mkdir(parents=True)
    shutil.copyfile(_article_source(ARTICLE), folder / "articles" / f"{ARTICLE}.txt")
    (folder / "texts").mkdir()
    (folder / "texts" / "articles.csv").write_text(
        "id,outlet_as_found,date\nreverse-kissinger,Test Outlet,2025-03-10\n", encoding="utf-8"
    )
    return folder


def test_exact_quote_passes(data_dir: Path) -> None:
    result = quotes.check_quote(ARTICLE, GOOD, data_dir)
    assert result.ok, result.message


def test_changed_word_fails_and_names_the_closest_passage(data_dir: Path) -> None:
    result = quotes.check_quote(ARTICLE, GOOD.replace("long-term", "short-term"), data_dir)
    assert not result.ok
    assert "long-term vassal" in result.closest
    assert result.closest in result.message


def test_dropped_word_fails(data_dir: Path) -> None:
    result = quotes.check_quote(
        ARTICLE, GOOD.replace("dependent on and subservient", "dependent and subservient"), data_dir
    )
    assert not result.ok
    assert "dependent on and subservient" in result.closest


def test_dropped_first_letter_fails(data_dir: Path) -> None:
    # A plain substring search would accept a quote that starts inside a word.
    result = quotes.check_quote(ARTICLE, GOOD[1:], data_dir)
    assert not result.ok


def test_straight_quotes_match_curly_quotes(data_dir: Path) -> None:
    straight = "\u201c" + GOOD.replace("\u2019", "'")
    assert quotes.check_quote(ARTICLE, straight.replace("\u201c", '"'), data_dir).ok


def test_line_breaks_and_spaces_are_collapsed(data_dir: Path) -> None:
    assert quotes.check_quote(ARTICLE, GOOD.replace(", ", ",\n   "), data_dir).ok


def test_case_is_not_forgiven(data_dir: Path) -> None:
    assert not quotes.check_quote(ARTICLE, GOOD.replace("Russia", "russia"), data_dir).ok


def test_ellipsis_segments_in_order_pass(data_dir: Path) -> None:
    for mark in ("[\u2026]", "[...]", "\u2026", "..."):
        quote = f"If Russia becomes China\u2019s long-term vassal {mark} that would be bad"
        assert quotes.check_quote(ARTICLE, quote, data_dir).ok, mark


def test_ellipsis_segments_out_of_order_fail(data_dir: Path) -> None:
    quote = "that would be bad [\u2026] If Russia becomes China\u2019s long-term vassal"
    result = quotes.check_quote(ARTICLE, quote, data_dir)
    assert not result.ok
    assert "order" in result.message


def test_unknown_article_id_fails(data_dir: Path) -> None:
    result = quotes.check_quote("no-such-article", GOOD, data_dir)
    assert not result.ok
    assert "no-such-article" in result.message
    assert ARTICLE in result.message  # lists the known ids


def test_empty_quote_fails(data_dir: Path) -> None:
    assert not quotes.check_quote(ARTICLE, " \u2026 ", data_dir).ok


# --- command line -----------------------------------------------------------------------------


def _chapter(path: Path, quote: str) -> Path:
    path.write_text(
        textwrap.dedent(f"""\
        # A chapter

        Some prose.

        ```{{article-quote}} {ARTICLE}
        {GOOD}
        ```

        ````markdown
        ```{{article-quote}} {ARTICLE}
        an example shown as code is not checked
        ```
        ````

        :::{{note}}
        ```{{article-quote}} {ARTICLE}
        {quote}
        ```
        :::
        """),
        encoding="utf-8",
    )
    return path


def test_cli_passes_on_verbatim_quotes(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapter = _chapter(tmp_path / "good.md", GOOD)
    assert quotes.main(["check", str(chapter), "--data-dir", str(data_dir)]) == 0
    assert "2 quote(s)" in capsys.readouterr().err


def test_cli_fails_naming_file_and_line(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    chapter = _chapter(tmp_path / "bad.md", GOOD.replace("bad", "good"))
    assert quotes.main(["check", str(tmp_path), "--data-dir", str(data_dir)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    lines = chapter.read_text(encoding="utf-8").splitlines()
    line_no = int(out[0].split(":")[1])
    assert out[0].startswith(f"{chapter}:")
    assert lines[line_no - 1].startswith("```{article-quote}")
    assert "good" in lines[line_no]


def test_cli_missing_path_is_a_clear_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert quotes.main(["check", str(tmp_path / "nope.md")]) == 2
    assert "nope.md" in capsys.readouterr().err


# --- Sphinx build -----------------------------------------------------------------------------


def _sphinx_project(root: Path, data_dir: Path, altered: bool) -> Path:
    src = root / "src"
    (src / "book" / "articles").mkdir(parents=True)
    (src / "conf.py").write_text(
        textwrap.dedent(f"""\
        extensions = ["myst_parser", "companion.sphinxext"]
        article_quote_data_dir = {str(data_dir)!r}
        exclude_patterns = ["_build"]
        """),
        encoding="utf-8",
    )
    (src / "index.md").write_text(
        textwrap.dedent("""\
        # Test book

        ```{toctree}
        book/chapter
        book/articles/reverse-kissinger
        ```
        """),
        encoding="utf-8",
    )
    (src / "book" / "articles" / f"{ARTICLE}.md").write_text("# The article\n\nText.\n", encoding="utf-8")
    bad = ""
    if altered:
        bad = f"\n```{{article-quote}} {ARTICLE}\n{GOOD.replace('long-term', 'lasting')}\n```\n"
    (src / "book" / "chapter.md").write_text(
        f"# Chapter\n\nProse.\n\n```{{article-quote}} {ARTICLE}\n{GOOD}\n```\n{bad}", encoding="utf-8"
    )
    return src


def _build(src: Path, out: Path) -> int:
    from sphinx.cmd.build import build_main

    return build_main(["-W", "-q", "-b", "html", str(src), str(out)])


def test_sphinx_build_fails_on_altered_quote(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _sphinx_project(tmp_path / "bad", data_dir, altered=True)
    status = _build(src, tmp_path / "bad-out")
    err = capsys.readouterr().err
    assert status != 0
    lines = (src / "book" / "chapter.md").read_text(encoding="utf-8").splitlines()
    bad_line = [i for i, line in enumerate(lines, 1) if line.startswith("```{article")][1]
    assert f"chapter.md:{bad_line}:" in err  # the altered quote's directive line
    assert "China\u2019s long-term vassal" in err  # the closest passage, as printed


def test_sphinx_build_passes_and_renders_quote(
    tmp_path: Path, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = _sphinx_project(tmp_path / "good", data_dir, altered=False)
    out = tmp_path / "good-out"
    status = _build(src, out)
    assert status == 0, capsys.readouterr().err
    page = (out / "book" / "chapter.html").read_text(encoding="utf-8")
    assert 'class="article-quote"' in page
    assert f'data-article="{ARTICLE}"' in page
    assert "Test Outlet, 2025-03-10" in page
    assert 'href="articles/reverse-kissinger.html"' in page
    assert "long-term vassal" in page


def test_attribution_formats_dates_and_missing_outlets() -> None:
    import pandas as pd

    assert (
        quotes.attribution_text({"outlet_as_found": "Outlet", "date": pd.Timestamp("2025-03-10")})
        == "Outlet, 2025-03-10"
    )
    assert (
        quotes.attribution_text({"outlet_as_found": float("nan"), "date": pd.NaT})
        == "outlet not identified, date not known"
    )
