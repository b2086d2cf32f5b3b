"""Self-check questions: read from ``data/selfchecks/<chapter>.yaml``, shown in a chapter's cell.

A chapter asks a question where the text it tests stands, in a one-line ``hide-input`` cell:
``selfcheck.ask("sc-motive")`` (or ``selfcheck.ask("sc-gdp-ratio", v)`` for a numeric question,
whose answer is a field of the chapter's values). The cell's output is one source for every
surface:

* **HTML** (the book's page, JupyterLab): a ``<fieldset>`` with a ``<legend>`` holding the
  question, one labelled radio input per choice (or a labelled text box for a number), a
  *Check* button and an ``aria-live`` region that receives the feedback. The feedback for every
  answer is in the output, in a ``hidden`` block; ``static/selfcheck.js`` copies the right one
  into the live region. On the book's pages that script is a file the page loads (the Sphinx hook
  :func:`setup_sphinx` adds it to pages that ask a question); in JupyterLab, where a page cannot
  load the package's files, the output carries the same script inline, which JupyterLab runs
  because the output of a cell run in the session is trusted. Nothing is sent anywhere and
  nothing is kept: the questions are not graded.
* **Plain text** (a console, a notebook viewer without HTML): the question and its lettered
  choices, and where to check the answer.

The course reader (:mod:`companion.reader`) prints the question and its choices; the
instructors' edition also prints the answer and its feedback.

Questions are validated when read: a problem is reported as ``file:line: question N (id):
rule``. Every text from the file is HTML-escaped where it is shown.
"""

from __future__ import annotations

import html
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from companion.data import DEFAULT_DATA_DIR

#: The folder of question files, one per chapter.
SELFCHECK_DIR = DEFAULT_DATA_DIR / "selfchecks"
#: The behaviour, shared by the book's pages (as a file) and JupyterLab (inline).
SCRIPT = Path(__file__).parent / "static" / "selfcheck.js"
#: The look, likewise (a stylesheet of the book; inline in JupyterLab).
STYLE = Path(__file__).parent / "static" / "selfcheck.css"
#: The class every self-check's outer element carries (the Sphinx hook looks for it).
CSS_CLASS = "selfcheck"

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELD = re.compile(r"^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*$")
_TOP_KEYS = {"chapter", "questions"}
_KEYS = {
    "choice": {"id", "kind", "question", "choices", "see"},
    "numeric": {"id", "kind", "question", "value", "tolerance", "unit", "right", "wrong", "see"},
}
_CHOICE_KEYS = {"text", "correct", "feedback"}
_SEE_KEYS = {"target", "text"}
_MIN_CHOICES, _MAX_CHOICES = 2, 6


class SelfCheckError(ValueError):
    """A question file breaks a rule; the message names the file, line, question and rule."""


@dataclass(frozen=True)
class Choice:
    """One answer to a multiple-choice question, with the feedback for it."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class See:
    """Where in the chapter the answer is: a label on the page and the words of the link."""

    target: str
    text: str


@dataclass(frozen=True)
class Question:
    """One self-check question as the file gives it."""

    id: str
    kind: str
    question: str
    see: See
    chapter: str
    choices: tuple[Choice, ...] = ()
    value: str = ""
    tolerance: float = 0.0
    unit: str = ""
    right: str = ""
    wrong: str = ""


def _fail(where: str, rule: str) -> SelfCheckError:
    return SelfCheckError(f"{where}: {rule}")


def typeset(text: str) -> str:
    """Straight quotation marks and apostrophes as the book prints them: curly."""
    text = re.sub(r'(^|[\s(\[])"', "\\1\u201c", text)
    return text.replace('"', "\u201d").replace("'", "\u2019")


def _text(item: dict[str, Any], key: str, where: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _fail(where, f"'{key}' must be a non-empty text")
    return typeset(" ".join(value.split()))


def _keys(item: Any, allowed: set[str], where: str, what: str) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise _fail(where, f"{what} must be a mapping of keys to values")
    unknown = sorted(set(item) - allowed)
    if unknown:
        raise _fail(
            where,
            f"unknown key(s) {', '.join(map(repr, unknown))} in {what}; allowed: {', '.join(sorted(allowed))}",
        )
    return item


def _see(item: dict[str, Any], where: str) -> See:
    see = _keys(item.get("see"), _SEE_KEYS, where, "'see'")
    target = _text(see, "target", where)
    if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", target):
        raise _fail(
            where, f"'see.target' {target!r} must be a label on the page (lower case, digits, '-' or '_')"
        )
    return See(target=target, text=_text(see, "text", where))


def _choices(item: dict[str, Any], where: str) -> tuple[Choice, ...]:
    raw = item.get("choices")
    if not isinstance(raw, list) or not _MIN_CHOICES <= len(raw) <= _MAX_CHOICES:
        raise _fail(where, f"'choices' must be a list of {_MIN_CHOICES} to {_MAX_CHOICES} answers")
    choices = []
    for n, c in enumerate(raw, 1):
        at = f"{where}, choice {n}"
        c = _keys(c, _CHOICE_KEYS, at, "a choice")
        correct = c.get("correct", False)
        if not isinstance(correct, bool):
            raise _fail(at, "'correct' must be true or false")
        choices.append(Choice(text=_text(c, "text", at), correct=correct, feedback=_text(c, "feedback", at)))
    right = sum(c.correct for c in choices)
    if right != 1:
        raise _fail(where, f"exactly one choice must be 'correct: true' (found {right})")
    if len({c.text for c in choices}) != len(choices):
        raise _fail(where, "two choices have the same text")
    return tuple(choices)


def parse_question(item: Any, where: str, chapter: str) -> Question:
    """Validate one question of a file (``where`` names its file, line and number) and return it."""
    if not isinstance(item, dict):
        raise _fail(where, "a question must be a mapping of keys to values")
    kind = item.get("kind", "choice")
    if kind not in _KEYS:
        raise _fail(where, f"'kind' must be one of {', '.join(sorted(_KEYS))}, not {kind!r}")
    qid = item.get("id")
    if not isinstance(qid, str) or not _ID.match(qid):
        raise _fail(where, f"'id' {qid!r} must be lower-case words and digits joined by hyphens")
    where = f"{where} ({qid})"
    _keys(item, _KEYS[kind], where, "a question")
    common = {"id": qid, "kind": kind, "question": _text(item, "question", where), "see": _see(item, where)}
    if kind == "choice":
        return Question(**common, chapter=chapter, choices=_choices(item, where))
    value = _text(item, "value", where)
    if not _FIELD.match(value):
        raise _fail(
            where, f"'value' {value!r} must name a field of the chapter's values, such as 'gdp.ratio_last'"
        )
    tolerance = item.get("tolerance")
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 <= tolerance < math.inf:
        raise _fail(where, "'tolerance' must be a number, zero or more")
    unit = item.get("unit", "")
    if not isinstance(unit, str):
        raise _fail(where, "'unit' must be a text")
    return Question(
        **common,
        chapter=chapter,
        value=value,
        tolerance=float(tolerance),
        unit=unit.strip(),
        right=_text(item, "right", where),
        wrong=_text(item, "wrong", where),
    )


def _item_lines(source: str) -> list[int]:
    """The line on which each item of the file's ``questions`` list starts (1-based)."""
    try:
        root = yaml.compose(source)
    except yaml.YAMLError:
        return []
    if not isinstance(root, yaml.MappingNode):
        return []
    for key, value in root.value:
        if key.value == "questions" and isinstance(value, yaml.SequenceNode):
            return [node.start_mark.line + 1 for node in value.value]
    return []


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(DEFAULT_DATA_DIR.parent))
    except ValueError:
        return str(path)


def load_file(path: Path) -> list[Question]:
    """Read and validate one question file."""
    name = _display(path)
    source = path.read_text(encoding="utf-8")
    try:
        doc = yaml.safe_load(source)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f":{mark.line + 1}" if mark is not None else ""
        raise SelfCheckError(f"{name}{line}: not valid YAML ({getattr(exc, 'problem', exc)})") from None
    _keys(doc, _TOP_KEYS, name, "the file")
    chapter = doc.get("chapter")
    if not isinstance(chapter, str) or not re.fullmatch(r"book/[\w/-]+\.md", chapter):
        raise _fail(name, "'chapter' must be the chapter's file, such as book/articles/x.md")
    items = doc.get("questions")
    if not isinstance(items, list) or not items:
        raise _fail(name, "'questions' must be a non-empty list")
    lines = _item_lines(source)
    questions, seen = [], set()
    for n, item in enumerate(items, 1):
        where = f"{name}:{lines[n - 1]}" if n <= len(lines) else name
        q = parse_question(item, f"{where}: question {n}", chapter)
        if q.id in seen:
            raise _fail(f"{where}: question {n}", f"id {q.id!r} is used twice")
        seen.add(q.id)
        questions.append(q)
    return questions


def load_all(folder: Path = SELFCHECK_DIR) -> dict[str, Question]:
    """Every question of every file in ``folder``, by id (an id used in two files is an error)."""
    found: dict[str, Question] = {}
    for path in sorted(folder.glob("*.yaml")):
        for q in load_file(path):
            if q.id in found:
                raise SelfCheckError(
                    f"{_display(path)}: id {q.id!r} is also used in {found[q.id].chapter}'s file"
                )
            found[q.id] = q
    return found


def field_value(values: Any, path: str) -> float:
    """The number a dotted field of a chapter's values holds (``"gdp.ratio_last"``)."""
    obj = values
    for part in path.split("."):
        if not hasattr(obj, part):
            raise SelfCheckError(f"the chapter's values have no field {path!r} (no {part!r})")
        obj = getattr(obj, part)
    try:
        return float(str(obj).replace(",", "").rstrip("%"))
    except ValueError:
        raise SelfCheckError(f"the chapter's value {path!r} is {obj!r}, not a number") from None


def is_right(question: Question, answer: float, expected: float) -> bool:
    """Whether a numeric answer is within the question's tolerance of the expected figure."""
    return abs(answer - expected) <= question.tolerance + 1e-9


def _number_text(x: float) -> str:
    return f"{x:,.10g}"


#: How the printed key (instructors' edition) marks each choice.
_VERDICT = {True: "Correct", False: "Not correct"}


def _unit_suffix(unit: str) -> str:
    """A unit as written after a number: ``65%`` but ``8.8 times``."""
    return f" {unit}" if unit[:1].isalnum() else unit


def _sentence(text: str) -> str:
    """A text ended with a full stop unless it already ends a sentence."""
    return text if text.endswith((".", "?", "!", '"', "'", "”")) else text + "."


def _see_html(see: See, section: str = "") -> str:
    fallback = f' data-section="{html.escape(section)}"' if section else ""
    return f' See <a href="#{html.escape(see.target)}"{fallback}>{html.escape(see.text)}</a>.'


def _heading_id(text: str) -> str:
    """The id a section heading gets on the book's page and in JupyterLab (jupyterlab-myst) alike."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


_FENCE = re.compile(r"^\s*(```|~~~)")
_HEADING = re.compile(r"^#{1,6}\s+(?P<text>.+?)\s*#*\s*$")
_LABEL = re.compile(r"^\((?P<label>[^)\s]+)\)=\s*$")


def figure_section(chapter: Path, name: str) -> str:
    """The id of the section of ``chapter`` that holds the figure ``name`` (``charts.show(..., name=...)``).

    JupyterLab gives a figure no id to link to, but the section heading above it has the same id
    as on the book's page: the heading's label, or its text made an id. ``""`` when the chapter
    is not at hand (a downloaded notebook) or shows no figure of that name.
    """
    if not chapter.is_file():
        return ""
    section, label, fenced = "", "", False
    for line in chapter.read_text(encoding="utf-8").splitlines():
        if _FENCE.match(line):
            fenced = not fenced
            continue
        if fenced:
            if f'name="{name}"' in line:
                return section
            continue
        heading, target = _HEADING.match(line), _LABEL.match(line)
        if target:
            label = target["label"]
        elif heading:
            section, label = label or _heading_id(heading["text"]), ""
        elif line.strip():
            label = ""
    return ""


def render_html(
    question: Question, expected: float | None = None, *, script: bool = False, section: str = ""
) -> str:
    """The question as HTML: fieldset, legend, inputs, button, live region, hidden feedback.

    ``section``: where JupyterLab scrolls when the link's target has no id there (see
    :func:`figure_section`).
    """
    e = html.escape
    base = f"selfcheck-{question.id}"
    legend = f'<legend><span class="selfcheck-label">Check your understanding</span> {e(question.question)}</legend>'
    if question.kind == "choice":
        inputs = "".join(
            f'<div class="selfcheck-choice"><input type="radio" name="{base}" id="{base}-{n}" value="{n}">'
            f' <label for="{base}-{n}">{e(c.text)}</label></div>'
            for n, c in enumerate(question.choices, 1)
        )
        key = "".join(
            f'<p data-choice="{n}" data-correct="{"true" if c.correct else "false"}">'
            f'<span class="selfcheck-choice-text">{_VERDICT[c.correct]}: {e(_sentence(c.text))} </span>'
            f"{e(c.feedback)}{_see_html(question.see, section)}</p>"
            for n, c in enumerate(question.choices, 1)
        )
        data = ""
    else:
        if expected is None:
            raise SelfCheckError(
                f"question {question.id!r} needs the chapter's values: ask({question.id!r}, v)"
            )
        unit = f' <span class="selfcheck-unit">{e(question.unit)}</span>' if question.unit else ""
        inputs = (
            f'<div class="selfcheck-number"><label for="{base}-answer">Your answer</label> '
            f'<input type="text" inputmode="decimal" autocomplete="off" id="{base}-answer" size="8">{unit}</div>'
        )
        figure = f" The chapter's figure is {_number_text(expected)}{e(_unit_suffix(question.unit))}."
        key = (
            f'<p data-result="right">{e(question.right)}{figure}{_see_html(question.see, section)}</p>'
            f'<p data-result="wrong">{e(question.wrong)}{figure}{_see_html(question.see, section)}</p>'
        )
        data = f' data-value="{expected!r}" data-tolerance="{question.tolerance!r}"'
    js = (
        f"<style>{STYLE.read_text(encoding='utf-8')}</style><script>{SCRIPT.read_text(encoding='utf-8')}</script>"
        if script
        else ""
    )
    return (
        f'<div class="{CSS_CLASS}" id="{base}" data-kind="{question.kind}"{data} data-lm-suppress-shortcuts="true">'
        f"<fieldset>{legend}{inputs}</fieldset>"
        f'<button type="button" class="selfcheck-check">Check</button>'
        f'<div class="selfcheck-feedback" role="status" aria-live="polite"></div>'
        f'<div class="selfcheck-key" hidden><p class="selfcheck-key-title">Answer</p>{key}</div>'
        f"</div>{js}"
    )


def render_text(question: Question) -> str:
    """The question as plain text: the question, lettered choices, where to check the answer."""
    lines = [f"Check your understanding: {question.question}"]
    if question.kind == "choice":
        lines += [f"  ({chr(96 + n)}) {c.text}" for n, c in enumerate(question.choices, 1)]
    else:
        lines.append(f"  Answer as a number{f' ({question.unit})' if question.unit else ''}.")
    lines.append("(Run this cell in JupyterLab, or read the chapter's page, to check your answer.)")
    return "\n".join(lines)


@dataclass(frozen=True)
class Shown:
    """A question ready for display: IPython shows it as HTML with a plain-text fallback."""

    question: Question
    expected: float | None
    script: bool
    section: str = ""

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        return {
            "text/plain": render_text(self.question),
            "text/html": render_html(self.question, self.expected, script=self.script, section=self.section),
        }


def ask(question_id: str, values: Any = None) -> Shown:
    """The question with this id, for display in a chapter (``values``: the chapter's, for a number)."""
    questions = load_all()
    if question_id not in questions:
        raise SelfCheckError(
            f"no self-check question has the id {question_id!r} (in {_display(SELFCHECK_DIR)})"
        )
    q = questions[question_id]
    expected = None
    if q.kind == "numeric":
        if values is None:
            raise SelfCheckError(f"question {q.id!r} needs the chapter's values: ask({q.id!r}, v)")
        expected = field_value(values, q.value)
    from companion import charts  # Altair: only where a chapter asks, never in the Sphinx process

    if charts.surface() == "book":
        return Shown(q, expected, script=False)
    section = figure_section(DEFAULT_DATA_DIR.parent / q.chapter, q.see.target)
    return Shown(q, expected, script=True, section=section)


# ---- the book's pages ------------------------------------------------------------------------


def page_has_selfcheck(body: str) -> bool:
    """Whether a page's body holds a self-check question."""
    return f'class="{CSS_CLASS}"' in body


def _on_page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and page_has_selfcheck(context.get("body", "")):
        app.add_js_file(SCRIPT.name, priority=800, defer="defer")


def setup_sphinx(app: Any) -> None:
    """Load the self-check script on the pages that ask a question (the file is in ``_static``)."""
    app.add_css_file(STYLE.name)
    app.connect("html-page-context", _on_page_context)
