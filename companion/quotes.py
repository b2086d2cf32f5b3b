"""Verbatim quotations from the five articles, checked by machine.

A chapter quotes an article with the ``article-quote`` directive::

    ```{article-quote} reverse-kissinger
    If Russia becomes China’s long-term vassal, dependent on and subservient to it, I think that would be bad
    ```

At build time the quote is compared with ``data/articles/<id>.txt``. The comparison is exact
after two normalisations only:

* every run of whitespace (spaces, line breaks) becomes one space;
* typographic and straight quotation marks are unified: ``‘ ’ '`` compare equal, and so do
  ``“ ” "``.

``[…]``, ``[...]``, ``…`` or ``...`` in a quote mark an omission: they split the quote into
segments, each of which must occur in the article, in the order given. A segment must also
begin and end on a word boundary (a quote cannot start or stop in the middle of a word).
Nothing else is forgiven: a changed, added or dropped word, a changed capital or punctuation
mark is a mismatch. A mismatch is a Sphinx warning (which fails the book's strict build)
giving the chapter file, the line and the closest passage in the article.

The same check runs without building: ``python -m companion.quotes check [paths...]``
(default: every ``.md`` file under ``book/``) exits 1 and names the file and line of every
quote that does not match. :func:`check_quote` is the Python entry point.
"""

from __future__ import annotations

import argparse
import difflib
import re
import sys
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.parsers.rst import directives

from companion import formatting as fmt

DIRECTIVE = "article-quote"
#: The class that makes an ``{epigraph}`` an article quote: ``:class: article-quote <article-id>``.
QUOTE_CLASS = "article-quote"
#: Where the article chapters live, relative to the book's root (one page per article id).
CHAPTER_DIR = "book/articles"

_QUOTE_MARKS = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
_ELLIPSIS = re.compile(r"\s*(?:\[\s*(?:\u2026|\.{3,})\s*\]|\u2026|\.{3,})\s*")
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class QuoteCheck:
    """Result of checking one quote against its article."""

    ok: bool
    closest: str
    message: str
    article_id: str = ""
    quote: str = ""

    def __bool__(self) -> bool:
        """Say whether the quote matched."""
        return self.ok


def verbatim_form(text: str) -> str:
    """The form in which a quote and its article are compared: whitespace collapsed, and the
    four typographic quotation marks made straight (exactly what the verbatim check forgives).

    Not :func:`companion.text.normalise_quotes`, which straightens a wider set of marks, keeps
    the text's length and leaves whitespace alone, for tokenising and counting.
    """
    return _WS.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def segments(quote: str) -> list[str]:
    """Split a quote at omission marks (``[…]``, ``[...]``, ``…``, ``...``) into normalised segments."""
    return [s for s in (verbatim_form(p) for p in _ELLIPSIS.split(quote)) if s]


def default_data_dir() -> Path:
    """Return the book's ``data/`` folder (the one :mod:`companion.data` uses)."""
    from companion import data as cdata

    return cdata.DEFAULT_DATA_DIR


def article_path(article_id: str, data_dir: Path | None = None) -> Path:
    """Return the path of an article's text file."""
    return (data_dir or default_data_dir()) / "articles" / f"{article_id}.txt"


def known_articles(data_dir: Path | None = None) -> list[str]:
    """Return the ids of the articles that have a text file."""
    folder = (data_dir or default_data_dir()) / "articles"
    return sorted(p.stem for p in folder.glob("*.txt")) if folder.is_dir() else []


def _is_word(ch: str) -> bool:
    return ch.isalnum()


def _find_on_boundaries(text: str, seg: str, start: int) -> int:
    pos = text.find(seg, start)
    while pos != -1:
        before = text[pos - 1] if pos > 0 else " "
        after = text[pos + len(seg)] if pos + len(seg) < len(text) else " "
        if not (_is_word(seg[0]) and _is_word(before)) and not (_is_word(seg[-1]) and _is_word(after)):
            return pos
        pos = text.find(seg, pos + 1)
    return -1


def _bag(word: str) -> str:
    return re.sub(r"\W", "", word.lower())


def closest_passage(text: str, seg: str) -> str:
    """Return the passage of ``text`` that most resembles ``seg`` (whitespace collapsed, marks as printed)."""
    raw_words = text.split()
    seg = verbatim_form(seg)
    seg_words = seg.split()
    if not raw_words or not seg_words:
        return ""
    norm_words = [w.translate(_QUOTE_MARKS) for w in raw_words]
    n = min(len(seg_words), len(raw_words))
    want = Counter(_bag(w) for w in seg_words)
    keys = [_bag(w) for w in norm_words]
    window = Counter(keys[:n])
    scores = []
    for i in range(len(raw_words) - n + 1):
        if i:
            window[keys[i - 1]] -= 1
            window[keys[i + n - 1]] += 1
        scores.append((sum(min(c, window[k]) for k, c in want.items()), -i))
    candidates = []
    for _, neg_i in sorted(scores, reverse=True)[:8]:
        i = -neg_i
        for length in (n - 1, n, n + 1):
            if length < 1 or i + length > len(raw_words):
                continue
            passage = " ".join(norm_words[i : i + length])
            ratio = difflib.SequenceMatcher(None, seg, passage, autojunk=False).ratio()
            candidates.append((ratio, -i, length))
    if not candidates:
        return ""
    _, neg_i, length = max(candidates)
    return " ".join(raw_words[-neg_i : -neg_i + length])


def check_text(text: str, quote: str, article_id: str = "") -> QuoteCheck:
    """Check ``quote`` against an article's full ``text`` (see the module's rules)."""
    body = verbatim_form(text)
    parts = segments(quote)
    label = f"quote from {article_id!r}" if article_id else "quote"
    if not parts:
        return QuoteCheck(False, "", f"{label} is empty", article_id, quote)
    pos = 0
    for i, seg in enumerate(parts, start=1):
        found = _find_on_boundaries(body, seg, pos)
        if found == -1:
            closest = closest_passage(text, seg)
            where = f" (segment {i} of {len(parts)})" if len(parts) > 1 else ""
            if _find_on_boundaries(body, seg, 0) != -1:
                return QuoteCheck(
                    False,
                    closest,
                    f"{label}: segment {i} of {len(parts)} \u201c{seg}\u201d occurs in "
                    f"the article only before the preceding segment; segments must "
                    f"keep the article's order",
                    article_id,
                    quote,
                )
            return QuoteCheck(
                False,
                closest,
                f"{label} is not verbatim{where}: \u201c{seg}\u201d does not occur "
                f"in the article; closest passage: \u201c{closest}\u201d",
                article_id,
                quote,
            )
        pos = found + len(seg)
    return QuoteCheck(True, "", f"{label} matches", article_id, quote)


def check_quote(article_id: str, quote: str, data_dir: Path | None = None) -> QuoteCheck:
    """Check that ``quote`` occurs verbatim in article ``article_id`` (``data/articles/<id>.txt``)."""
    path = article_path(article_id, data_dir)
    if not path.is_file():
        known = ", ".join(known_articles(data_dir)) or "none found"
        return QuoteCheck(
            False,
            "",
            f"unknown article id {article_id!r}: no file {path} (known ids: {known})",
            article_id,
            quote,
        )
    return check_text(path.read_text(encoding="utf-8"), quote, article_id)


# --- article metadata for the attribution ---------------------------------------------------


def article_metadata(article_id: str, data_dir: Path | None = None) -> dict[str, Any] | None:
    """Return the ``articles`` dataset's row for ``article_id`` as a dict, or None when absent."""
    table = _articles_table(data_dir)
    if table is None or "id" not in table.columns:
        return None
    rows = table[table["id"].astype(str) == article_id]
    return None if rows.empty else rows.iloc[0].to_dict()


def _articles_table(data_dir: Path | None) -> Any:
    import pandas as pd

    from companion import data as cdata

    try:
        return cdata.load("articles", data_dir=data_dir)
    except (cdata.DataError, LookupError, OSError):
        pass  # fall back to reading the table directly (attribution only)
    folder = data_dir or default_data_dir()
    try:
        meta = cdata.package(folder)
    except cdata.DataError:
        meta = {}
    if meta:
        for res in meta.get("resources", []):
            if res.get("name") == "articles" and isinstance(res.get("path"), str):
                path = folder / res["path"]
                if path.is_file():
                    return pd.read_csv(path, dtype=str, keep_default_na=False)
    for candidate in (folder / "texts" / "articles.csv", folder / "articles.csv"):
        if candidate.is_file():
            return pd.read_csv(candidate, dtype=str, keep_default_na=False)
    return None


def attribution_text(meta: dict[str, Any] | None) -> str:
    """Return "outlet as found, date" for an article's metadata row."""
    if not meta:
        return ""
    outlet = _as_text(meta.get("outlet_as_found")) or "outlet not identified"
    date = fmt.iso_date(meta.get("date"), missing="date not known")
    return f"{outlet}, {date}"


def _as_text(value: Any) -> str:
    """Return a metadata cell as stripped text; missing values (None, NaN, NaT) become ""."""
    return fmt.text(value)


# --- Sphinx ---------------------------------------------------------------------------------


class article_quote(nodes.General, nodes.Element):
    """A block quotation from one of the five articles."""


def _visit_html(self: Any, node: article_quote) -> None:
    self.body.append(self.starttag(node, "blockquote", "", **{"data-article": node["article"]}))


def _depart_html(self: Any, node: article_quote) -> None:
    self.body.append("</blockquote>\n")


def _visit_plain(self: Any, node: article_quote) -> None:
    self.visit_block_quote(node)


def _depart_plain(self: Any, node: article_quote) -> None:
    self.depart_block_quote(node)


def _make_directive() -> tuple[type, type]:
    from sphinx.addnodes import pending_xref
    from sphinx.util import logging
    from sphinx.util.docutils import SphinxDirective

    logger = logging.getLogger(__name__)

    class ArticleQuote(SphinxDirective):
        """``article-quote``: a verbatim, build-checked quotation from an article."""

        required_arguments = 1
        optional_arguments = 0
        final_argument_whitespace = False
        has_content = True

        def run(self) -> list[nodes.Node]:
            article_id = self.arguments[0].strip()
            quote = "\n".join(self.content)
            data_dir = _sphinx_data_dir(self.env.app)
            path = article_path(article_id, data_dir)
            if path.is_file():
                self.env.note_dependency(str(path))
            result = check_quote(article_id, quote, data_dir)
            if not result.ok:
                logger.warning(
                    result.message,
                    location=(self.env.docname, self.lineno),
                    type="article-quote",
                    subtype="mismatch",
                )

            node = article_quote()
            node["article"] = article_id
            node["classes"].append("article-quote")
            self.set_source_info(node)
            for para in re.split(r"\n\s*\n", quote.strip()):
                if para.strip():
                    node += nodes.paragraph(text=" ".join(para.split()))

            attribution = nodes.attribution()
            meta = article_metadata(article_id, data_dir) if path.is_file() else None
            if path.is_file() and meta is None:
                logger.warning(
                    f"article {article_id!r} has no row in the 'articles' dataset, "
                    f"so the quote has no attribution",
                    location=(self.env.docname, self.lineno),
                    type="article-quote",
                    subtype="metadata",
                )
            text = attribution_text(meta)
            if text:
                attribution += nodes.Text(text + ". ")
            if path.is_file():
                chapter_dir = self.config.article_quote_chapter_dir.strip("/")
                ref = pending_xref(
                    "",
                    refdomain="std",
                    reftype="doc",
                    reftarget=f"/{chapter_dir}/{article_id}",
                    refexplicit=False,
                    refwarn=True,
                    refdoc=self.env.docname,
                )
                ref += nodes.inline("", article_id, classes=["xref", "std", "std-doc"])
                attribution += nodes.Text("Chapter: ")
                attribution += ref
            node += attribution
            return [node]

    class Epigraph(SphinxDirective):
        """``epigraph``: with ``:class: article-quote <article-id>``, a checked article quote."""

        has_content = True
        option_spec = {"class": directives.class_option}

        def run(self) -> list[nodes.Node]:
            classes = self.options.get("class", [])
            if QUOTE_CLASS in classes:
                ids = [c for c in classes if c != QUOTE_CLASS]
                if len(ids) != 1:
                    logger.warning(
                        f"epigraph: ':class: {QUOTE_CLASS}' needs exactly one article id "
                        f"after it, got {ids or 'none'}",
                        location=(self.env.docname, self.lineno),
                        type="article-quote",
                        subtype="syntax",
                    )
                    return []
                quote = ArticleQuote(
                    DIRECTIVE,
                    [ids[0]],
                    {},
                    self.content,
                    self.lineno,
                    self.content_offset,
                    self.block_text,
                    self.state,
                    self.state_machine,
                )
                return quote.run()
            from docutils.parsers.rst.directives.body import Epigraph as Plain

            plain = Plain(
                self.name,
                self.arguments,
                {},
                self.content,
                self.lineno,
                self.content_offset,
                self.block_text,
                self.state,
                self.state_machine,
            )
            result = plain.run()
            for node in result:
                node["classes"] += classes
            return result

    return ArticleQuote, Epigraph


def _sphinx_data_dir(app: Any) -> Path:
    configured = app.config.article_quote_data_dir
    if configured:
        path = Path(configured)
        return path if path.is_absolute() else Path(app.srcdir) / path
    local = Path(app.srcdir) / "data"
    return local if (local / "articles").is_dir() else default_data_dir()


def setup_sphinx(app: Any) -> None:
    """Register the ``article-quote`` directive and its node with a Sphinx application."""
    app.add_config_value("article_quote_data_dir", "", "env", [str])
    app.add_config_value("article_quote_chapter_dir", CHAPTER_DIR, "env", [str])
    plain = (_visit_plain, _depart_plain)
    app.add_node(
        article_quote, html=(_visit_html, _depart_html), latex=plain, text=plain, man=plain, texinfo=plain
    )
    quote, epigraph = _make_directive()
    app.add_directive(DIRECTIVE, quote)
    app.add_directive("epigraph", epigraph, override=True)


# --- checking chapter files without building ------------------------------------------------


@dataclass(frozen=True)
class QuoteInFile:
    """A quote found in a chapter file: where it is and what it says."""

    path: Path
    line: int
    article_id: str
    quote: str


_FENCE = re.compile(r"^(?P<indent>\s*)(?P<fence>`{3,}|:{3,})(?P<info>.*)$")
# Directives whose bodies are literal (code), so quote directives cannot appear inside them.
_LITERAL = {
    "code-cell",
    "code",
    "code-block",
    "sourcecode",
    "literalinclude",
    "raw",
    "eval-rst",
    "math",
    "mermaid",
    "glue:figure",
}


def find_quotes(path: Path) -> Iterator[QuoteInFile]:
    """Yield every article quote (``{epigraph}`` with ``:class: article-quote <id>``) in a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    stack: list[tuple[str, int, str]] = []  # (fence char, length, kind)
    quote_start = 0
    quote_id = ""
    body: list[str] = []
    in_options = False
    for number, line in enumerate(lines, start=1):
        m = _FENCE.match(line)
        top = stack[-1] if stack else None
        closes = (
            m is not None
            and top is not None
            and not m.group("info").strip()
            and m.group("fence")[0] == top[0]
            and len(m.group("fence")) >= top[1]
        )
        if top is not None and top[2] == "quote":
            if closes:
                stack.pop()
                if quote_id:
                    yield QuoteInFile(path, quote_start, quote_id, "\n".join(body))
                continue
            option = re.match(r"^\s*:class:\s*(.*)$", line) if in_options else None
            if option and QUOTE_CLASS in option.group(1).split():
                ids = [c for c in option.group(1).split() if c != QUOTE_CLASS]
                quote_id = ids[0] if ids else ""
                continue
            if in_options and re.match(r"^\s*:[\w-]+:", line):
                continue
            in_options = False
            body.append(line)
            continue
        if top is not None and top[2] == "literal":
            if closes:
                stack.pop()
            continue
        if closes:
            stack.pop()
            continue
        if m is None:
            continue
        fence, info = m.group("fence"), m.group("info").strip()
        name = re.match(r"^\{([^}]+)\}\s*(.*)$", info)
        if name and name.group(1) in (DIRECTIVE, "epigraph"):
            stack.append((fence[0], len(fence), "quote"))
            quote_id = name.group(2).strip() if name.group(1) == DIRECTIVE else ""
            quote_start, body, in_options = number, [], True
        elif name and name.group(1) not in _LITERAL:
            stack.append((fence[0], len(fence), "container"))
        else:
            stack.append((fence[0], len(fence), "literal"))
    if stack and stack[-1][2] == "quote" and quote_id:
        yield QuoteInFile(path, quote_start, quote_id, "\n".join(body))


def _default_paths() -> list[Path]:
    here = Path.cwd() / "book"
    return [here if here.is_dir() else Path(__file__).resolve().parent.parent / "book"]


def _markdown_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for p in paths:
        if p.is_dir():  # hidden folders (such as JupyterLab's .ipynb_checkpoints) are skipped
            files.extend(
                f
                for f in sorted(p.rglob("*.md"))
                if not any(part.startswith(".") for part in f.relative_to(p).parts)
            )
        elif p.is_file():
            files.append(p)
        else:
            raise FileNotFoundError(f"no such file or folder: {p}")
    return files


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``python -m companion.quotes check [paths...]``; return the exit status."""
    parser = argparse.ArgumentParser(
        prog="python -m companion.quotes", description="Check article quotations in chapter files."
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", help="check every article-quote directive (exit 1 on a mismatch)")
    check.add_argument("paths", nargs="*", type=Path, help="Markdown files or folders (default: book/)")
    check.add_argument("--data-dir", type=Path, default=None, help="folder holding articles/<id>.txt")
    args = parser.parse_args(argv)
    try:
        files = _markdown_files(args.paths or _default_paths())
    except FileNotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    n_quotes = failures = 0
    for path in files:
        for q in find_quotes(path):
            n_quotes += 1
            result = check_quote(q.article_id, q.quote, args.data_dir)
            if not result.ok:
                failures += 1
                print(f"{q.path}:{q.line}: {result.message}")
    print(f"{n_quotes} quote(s) in {len(files)} file(s) checked, {failures} not verbatim.", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
