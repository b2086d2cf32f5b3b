"""The chapter template (book/_template/chapter.md): out of the book, runnable, the chapter pattern,
and a throwaway chapter made from it builds."""

from __future__ import annotations

import ast
import csv
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
import yaml

from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "book" / "_template" / "chapter.md"
EVAL = re.compile(r"\{eval\}`([^`]+)`")


def cells() -> list[dict]:
    return list(jupytext.read(TEMPLATE)["cells"])


def code_lines(source: str) -> list[str]:
    return [ln for ln in source.splitlines() if ln.strip() and not ln.strip().startswith("#")]


def test_template_is_not_a_page_of_the_book():
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    assert "book/_template" in config["exclude_patterns"]
    assert not any(doc.startswith("book/_template") for doc in toc_files(ROOT))


def test_template_runs_and_defines_each_value_before_the_prose_uses_it():
    """Run the template's code cells in order; each {eval} expression must evaluate when its text is reached."""
    namespace: dict[str, object] = {}
    missing = []
    for cell in cells():
        if cell["cell_type"] == "code":
            exec(compile(cell["source"], str(TEMPLATE), "exec"), namespace)
        else:
            for expression in EVAL.findall(cell["source"]):
                try:
                    eval(expression, namespace)
                except (NameError, AttributeError):
                    missing.append(expression)
    assert missing == []


def test_template_computes_no_chapters_article():
    """The template names no article: its placeholders are replaced when a chapter is made from it."""
    with (ROOT / "data" / "texts" / "articles.csv").open(encoding="utf-8", newline="") as fh:
        ids = [row["id"] for row in csv.DictReader(fh)]
    text = TEMPLATE.read_text(encoding="utf-8")
    assert ids and not [i for i in ids if i in text]
    assert ":class: article-quote article-id" in text


def test_template_shows_the_chapter_pattern():
    """One hidden cell: imports and `v = <module>.values()`; visible cells short; prose reads `v.<field>`."""
    code = [c for c in cells() if c["cell_type"] == "code"]
    removed = [c for c in code if "remove-input" in c["metadata"].get("tags", [])]
    assert len(removed) == 1
    statements = ast.parse(removed[0]["source"]).body
    calls = [ast.unparse(s) for s in statements if not isinstance(s, ast.Import | ast.ImportFrom)]
    assert calls == ["charts.use_theme()", "v = chapter_template.values()"]
    assert all(len(code_lines(c["source"])) <= 25 for c in code)
    prose = "".join(c["source"] for c in cells() if c["cell_type"] == "markdown")
    assert EVAL.findall(prose) and all(e.startswith("v.") for e in EVAL.findall(prose))
    from companion.chapters import chapter_template

    assert chapter_template.CHAPTER == TEMPLATE.relative_to(ROOT).as_posix()


def throwaway_chapter(root: Path) -> tuple[Path, str]:
    """Make a one-chapter book in ``root`` from the template, as CONTRIBUTING says; return the page and article id."""
    with (ROOT / "data" / "claims.csv").open(encoding="utf-8", newline="") as fh:
        row = next(r for r in csv.DictReader(fh) if "…" not in r["quote"] and "..." not in r["quote"])
    article_id, quote = row["article_id"], row["quote"]
    text = TEMPLATE.read_text(encoding="utf-8").replace("article-id", article_id).replace("xx", "tmpl")
    text = re.sub(r"(:class: article-quote \S+\n).*?\n", lambda m: m.group(1) + quote + "\n", text, count=1)
    page = root / "book" / "articles" / f"{article_id}.md"
    page.parent.mkdir(parents=True)
    page.write_text(text, encoding="utf-8")
    shutil.copy(ROOT / "references.bib", root / "references.bib")
    # The edition and the files that follow it (companion.editions checks them at every build).
    for name in ("EDITION", "CITATION.cff", "book/reference/changelog.md"):
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, root / name)
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["html"]["favicon"] = str(ROOT / config["html"]["favicon"])
    (root / "_config.yml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    # Citations resolve against the book's bibliography page; the throwaway book has its own.
    (root / "book" / "bibliography.md").write_text(
        "# Bibliography\n\n```{bibliography}\n```\n", encoding="utf-8"
    )
    toc = {
        "format": "jb-book",
        "root": f"book/articles/{article_id}",
        "chapters": [{"file": "book/bibliography"}],
    }
    (root / "_toc.yml").write_text(yaml.safe_dump(toc), encoding="utf-8")
    return page, article_id


@pytest.mark.build
def test_a_chapter_made_from_the_template_builds(tmp_path):
    """A throwaway chapter from the template builds strictly with the book's configuration and extensions."""
    page, article_id = throwaway_chapter(tmp_path / "src")
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(tmp_path / "src"), "-W", "-n", "--keep-going"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    html = (tmp_path / "src" / "_build" / "html" / "book" / "articles" / f"{article_id}.html").read_text(
        encoding="utf-8"
    )
    assert "{eval}" not in html and "fig-tmpl-trade" in html
    from companion import tables

    trade = tables.trade_figures()
    peak_year = int(trade.loc[trade["total_usd_bn"].idxmax(), "year"])
    assert "Trade grew to a peak of" in html and f"in {peak_year}" in html
