"""Self-check questions (companion.selfcheck): the files, their validation, the rendering."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import pytest

from companion import selfcheck

ROOT = Path(__file__).resolve().parents[1]
ARTICLES = sorted(ROOT.glob("book/articles/*.md"))
METHODS = sorted(ROOT.glob("book/methods/*.md"))
ASK = re.compile(r"""selfcheck\.ask\(\s*["']([a-z0-9-]+)["']""")

GOOD = """\
chapter: book/articles/x.md
questions:
  - id: xx-one
    question: Which is right?
    choices:
      - text: This one
        correct: true
        feedback: Because it is.
      - text: That one
        correct: false
        feedback: Because it is not.
    see:
      target: fig-xx-chart
      text: the chart
  - id: xx-two
    kind: numeric
    question: How many?
    value: gdp.ratio
    tolerance: 0.5
    unit: "%"
    right: Well read.
    wrong: Read the chart again.
    see:
      target: xx-section
      text: the section
"""


def write(tmp_path: Path, text: str, name: str = "x.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# ---- the book's questions ------------------------------------------------------------------


@pytest.fixture(scope="module")
def questions() -> dict[str, selfcheck.Question]:
    return selfcheck.load_all()


@pytest.mark.parametrize("chapter", ARTICLES + METHODS, ids=lambda p: p.stem)
def test_each_chapter_asks_enough_questions_where_its_file_says(chapter: Path, questions) -> None:
    asked = ASK.findall(chapter.read_text(encoding="utf-8"))
    rel = chapter.relative_to(ROOT).as_posix()
    own = [q for q in questions.values() if q.chapter == rel]
    assert sorted(asked) == sorted(q.id for q in own), f"{rel} must ask each of its questions once"
    if chapter in ARTICLES:
        assert sum(q.kind == "choice" for q in own) >= 3, f"{rel}: at least three multiple-choice questions"
    else:
        assert len(own) >= 2, f"{rel}: at least two questions"


@pytest.mark.parametrize("chapter", ARTICLES + METHODS, ids=lambda p: p.stem)
def test_questions_stand_in_the_text_not_only_at_the_end(chapter: Path) -> None:
    source = chapter.read_text(encoding="utf-8")
    end = min(i for i in (source.find("\n## Evidence"), source.find("\n## Summary"), len(source)) if i > 0)
    first = ASK.search(source)
    assert first is not None and first.start() < end, (
        f"{chapter.name}: the first question comes after the text"
    )


def test_every_question_file_names_an_existing_chapter(questions) -> None:
    for q in questions.values():
        assert (ROOT / q.chapter).is_file(), q.id


def test_numeric_answers_are_fields_of_the_chapters_values(questions) -> None:
    import importlib

    numeric = [q for q in questions.values() if q.kind == "numeric"]
    assert numeric
    for q in numeric:
        module = importlib.import_module(f"companion.chapters.{Path(q.chapter).stem.replace('-', '_')}")
        value = selfcheck.field_value(module.values(), q.value)
        assert value > 0, q.id


def test_every_choice_question_has_distinct_feedback(questions) -> None:
    for q in questions.values():
        if q.kind == "choice":
            assert len({c.feedback for c in q.choices}) == len(q.choices), q.id


# ---- validation ------------------------------------------------------------------------------


def test_a_good_file_loads(tmp_path: Path) -> None:
    one, two = selfcheck.load_file(write(tmp_path, GOOD))
    assert (one.id, one.kind, [c.correct for c in one.choices]) == ("xx-one", "choice", [True, False])
    assert (two.kind, two.value, two.tolerance, two.unit) == ("numeric", "gdp.ratio", 0.5, "%")
    assert one.see == selfcheck.See("fig-xx-chart", "the chart")


@pytest.mark.parametrize(
    ("old", "new", "line", "rule"),
    [
        (
            "        correct: false\n        feedback: Because it is not.",
            "        correct: true\n        feedback: Because it is not.",
            3,
            "exactly one choice must be 'correct: true' (found 2)",
        ),
        (
            "      - text: This one\n        correct: true",
            "      - text: This one\n        correct: false",
            3,
            "exactly one choice must be 'correct: true' (found 0)",
        ),
        ("  - id: xx-one", "  - id: XX one", 3, "'id' 'XX one' must be lower-case"),
        ("  - id: xx-two", "  - id: xx-one", 15, "id 'xx-one' is used twice"),
        ("    kind: numeric", "    kind: essay", 15, "'kind' must be one of choice, numeric, not 'essay'"),
        ("    tolerance: 0.5", "    tolerance: -1", 15, "'tolerance' must be a number, zero or more"),
        ("    tolerance: 0.5", "    tolerance: yes", 15, "'tolerance' must be a number"),
        ("    value: gdp.ratio", "    value: gdp ratio()", 15, "'value' 'gdp ratio()' must name a field"),
        (
            "    question: Which is right?",
            "    question: Which is right?\n    hint: none",
            3,
            "unknown key(s) 'hint'",
        ),
        ("    question: How many?", "    question: ''", 15, "'question' must be a non-empty text"),
        ("      target: fig-xx-chart", "      target: '#Fig 1'", 3, "'see.target' '#Fig 1' must be a label"),
        (
            "        feedback: Because it is.",
            "        feedback:",
            3,
            "choice 1: 'feedback' must be a non-empty text",
        ),
    ],
)
def test_a_broken_rule_is_named_with_file_line_and_question(
    tmp_path: Path, old: str, new: str, line: int, rule: str
) -> None:
    assert old in GOOD
    path = write(tmp_path, GOOD.replace(old, new, 1))
    with pytest.raises(selfcheck.SelfCheckError) as err:
        selfcheck.load_file(path)
    message = str(err.value)
    number = 1 if line == 3 else 2
    assert message.startswith(f"{path}:{line}: question {number}"), message
    assert rule in message


def test_one_choice_is_not_a_question(tmp_path: Path) -> None:
    text = GOOD.replace(
        "      - text: That one\n        correct: false\n        feedback: Because it is not.\n", ""
    )
    with pytest.raises(
        selfcheck.SelfCheckError, match=r":3: question 1 \(xx-one\): 'choices' must be a list of 2 to 6"
    ):
        selfcheck.load_file(write(tmp_path, text))


def test_invalid_yaml_names_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("      - text: That one", "      - text: That: one")
    with pytest.raises(selfcheck.SelfCheckError, match=r"x\.yaml:9: not valid YAML"):
        selfcheck.load_file(write(tmp_path, text))


def test_a_file_without_chapter_or_questions_is_refused(tmp_path: Path) -> None:
    with pytest.raises(selfcheck.SelfCheckError, match="'chapter' must be the chapter's file"):
        selfcheck.load_file(write(tmp_path, GOOD.replace("chapter: book/articles/x.md", "chapter: x")))
    with pytest.raises(selfcheck.SelfCheckError, match="'questions' must be a non-empty list"):
        selfcheck.load_file(write(tmp_path, "chapter: book/articles/x.md\nquestions: []\n"))


def test_an_id_in_two_files_is_refused(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    write(tmp_path, GOOD.replace("book/articles/x.md", "book/articles/y.md"), "b.yaml")
    with pytest.raises(
        selfcheck.SelfCheckError, match=r"b\.yaml: id 'xx-one' is also used in book/articles/x\.md"
    ):
        selfcheck.load_all(tmp_path)


# ---- rendering -------------------------------------------------------------------------------


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parents: tuple[str, ...]


class Collect(HTMLParser):
    """Every start tag with its attributes and the tags it sits in."""

    VOID = {"input", "br", "img", "meta", "link"}

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.elements: list[Element] = []
        self.text: list[tuple[tuple[str, ...], str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append(Element(tag, dict(attrs), tuple(self.stack)))
        if tag not in self.VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1] == tag, f"</{tag}> closes {self.stack}"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append((tuple(self.stack), data))


def parse(markup: str) -> Collect:
    parser = Collect()
    parser.feed(markup)
    parser.close()
    assert not parser.stack, f"unclosed: {parser.stack}"
    return parser


@pytest.fixture
def pair(tmp_path: Path) -> tuple[selfcheck.Question, selfcheck.Question]:
    one, two = selfcheck.load_file(write(tmp_path, GOOD))
    return one, two


def test_a_choice_question_is_a_fieldset_of_labelled_radios_with_a_live_region(pair) -> None:
    q = pair[0]
    page = parse(selfcheck.render_html(q))
    tags = [e.tag for e in page.elements]
    assert tags.count("fieldset") == 1 and tags.count("legend") == 1
    legend = next(e for e in page.elements if e.tag == "legend")
    assert legend.parents[-1] == "fieldset"
    radios = [e for e in page.elements if e.tag == "input"]
    assert [r.attrs["type"] for r in radios] == ["radio", "radio"]
    assert len({r.attrs["name"] for r in radios}) == 1
    assert all("fieldset" in r.parents for r in radios)
    labels = {e.attrs["for"] for e in page.elements if e.tag == "label"}
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert labels == {r.attrs["id"] for r in radios}
    assert len(ids) == len(set(ids))
    live = [e for e in page.elements if e.attrs.get("aria-live")]
    assert len(live) == 1 and live[0].attrs["aria-live"] == "polite"
    button = next(e for e in page.elements if e.tag == "button")
    assert button.attrs["type"] == "button"
    key = next(e for e in page.elements if e.attrs.get("class") == "selfcheck-key")
    assert "hidden" in key.attrs


def test_feedback_names_the_answer_and_links_the_passage(pair) -> None:
    q = pair[0]
    markup = selfcheck.render_html(q)
    feedback = re.findall(r'<p data-choice="(\d)" data-correct="(true|false)">(.*?)</p>', markup)
    assert [(n, c) for n, c, _ in feedback] == [("1", "true"), ("2", "false")]
    assert "Because it is." in feedback[0][2] and "Because it is not." in feedback[1][2]
    assert all('<a href="#fig-xx-chart">the chart</a>' in body for _, _, body in feedback)


def test_a_numeric_question_carries_its_figure_and_tolerance(pair) -> None:
    q = pair[1]
    markup = selfcheck.render_html(q, 66.4)
    page = parse(markup)
    box = page.elements[0]
    assert (box.attrs["data-kind"], box.attrs["data-value"], box.attrs["data-tolerance"]) == (
        "numeric",
        "66.4",
        "0.5",
    )
    field = next(e for e in page.elements if e.tag == "input")
    assert next(e for e in page.elements if e.tag == "label").attrs["for"] == field.attrs["id"]
    assert "The chapter's figure is 66.4%." in markup
    with pytest.raises(selfcheck.SelfCheckError, match="needs the chapter's values"):
        selfcheck.render_html(q)


def test_a_word_unit_is_spaced_from_the_number(tmp_path: Path) -> None:
    q = selfcheck.load_file(write(tmp_path, GOOD.replace('unit: "%"', "unit: times")))[1]
    assert "The chapter's figure is 8.8 times." in selfcheck.render_html(q, 8.8)


@pytest.mark.parametrize(
    ("answer", "right"), [(66.4, True), (65.9, True), (66.9, True), (65.8, False), (67.0, False)]
)
def test_numeric_tolerance(pair, answer: float, right: bool) -> None:
    assert selfcheck.is_right(pair[1], answer, 66.4) is right


def test_text_from_the_file_is_escaped(tmp_path: Path) -> None:
    hostile = GOOD.replace("Which is right?", "'<script>alert(1)</script> & \"x\"'").replace(
        "the chart", "'<b>chart</b>'"
    )
    q = selfcheck.load_file(write(tmp_path, hostile))[0]
    markup = selfcheck.render_html(q)
    assert "<script>" not in markup and "<b>" not in markup
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; \u201cx\u201d" in markup
    assert "&lt;b&gt;chart&lt;/b&gt;" in markup


def test_the_page_loads_the_script_the_notebook_carries_it(pair, monkeypatch: pytest.MonkeyPatch) -> None:
    q = pair[0]
    script = selfcheck.SCRIPT.read_text(encoding="utf-8")
    assert "<script" not in selfcheck.render_html(q, script=False)
    assert "<style" not in selfcheck.render_html(q, script=False)
    inline = selfcheck.render_html(q, script=True)
    assert f"<script>{script}</script>" in inline
    assert selfcheck.STYLE.read_text(encoding="utf-8") in inline


def test_ask_renders_for_the_surface(monkeypatch: pytest.MonkeyPatch, questions) -> None:
    qid = next(q.id for q in questions.values() if q.kind == "choice")
    monkeypatch.setenv("COMPANION_SURFACE", "book")
    assert "<script" not in selfcheck.ask(qid)._repr_mimebundle_()["text/html"]
    monkeypatch.delenv("COMPANION_SURFACE")
    bundle = selfcheck.ask(qid)._repr_mimebundle_()
    assert "<script>" in bundle["text/html"]
    assert bundle["text/plain"].startswith("Check your understanding: ")


def test_plain_text_gives_lettered_choices_and_no_answer(pair) -> None:
    text = selfcheck.render_text(pair[0])
    assert "  (a) This one\n  (b) That one\n" in text
    assert "Because" not in text and "correct" not in text.lower().replace("check your", "")


def test_ask_names_an_unknown_id_and_a_missing_value(questions) -> None:
    with pytest.raises(selfcheck.SelfCheckError, match="no self-check question has the id 'xx-nothing'"):
        selfcheck.ask("xx-nothing")
    numeric = next(q.id for q in questions.values() if q.kind == "numeric")
    with pytest.raises(selfcheck.SelfCheckError, match=rf"ask\('{numeric}', v\)"):
        selfcheck.ask(numeric)


def test_field_value_reads_a_dotted_field_and_names_what_is_missing() -> None:
    @dataclass(frozen=True)
    class Inner:
        ratio: str = "1,234.5"
        label: str = "about two-thirds"

    @dataclass(frozen=True)
    class Values:
        gdp: Inner = Inner()

    assert selfcheck.field_value(Values(), "gdp.ratio") == 1234.5
    with pytest.raises(selfcheck.SelfCheckError, match="no field 'gdp.size'"):
        selfcheck.field_value(Values(), "gdp.size")
    with pytest.raises(selfcheck.SelfCheckError, match="'gdp.label' is 'about two-thirds', not a number"):
        selfcheck.field_value(Values(), "gdp.label")


def test_quotation_marks_are_typeset() -> None:
    assert (
        selfcheck.typeset('"Only 10 times" is Russia\'s ("x")')
        == "\u201cOnly 10 times\u201d is Russia\u2019s (\u201cx\u201d)"
    )


def test_page_marker() -> None:
    assert selfcheck.page_has_selfcheck('<div class="selfcheck" id="selfcheck-a">')
    assert not selfcheck.page_has_selfcheck('<div class="chart">selfcheck</div>')


# ---- the link to a chart in JupyterLab, where a chart has no id --------------------------------

CHAPTER_WITH_CHARTS = """\
# Title

(xx-labelled)=
## A “labelled” section

```{code-cell} ipython3
# A comment, not a heading
charts.show(fig, name="fig-xx-first", caption="c")
```

## Second part: 1987–2017

Text.

```{code-cell} ipython3
charts.show(fig, name="fig-xx-second", caption="c")
```
"""


def test_a_chart_links_to_the_section_that_holds_it(tmp_path: Path) -> None:
    chapter = write(tmp_path, CHAPTER_WITH_CHARTS, "x.md")
    assert selfcheck.figure_section(chapter, "fig-xx-first") == "xx-labelled"
    assert selfcheck.figure_section(chapter, "fig-xx-second") == "second-part-19872017"
    assert selfcheck.figure_section(chapter, "fig-xx-none") == ""
    assert selfcheck.figure_section(tmp_path / "missing.md", "fig-xx-first") == ""
    markup = selfcheck.render_html(selfcheck.load_file(write(tmp_path, GOOD))[0], section="xx-labelled")
    assert '<a href="#fig-xx-chart" data-section="xx-labelled">the chart</a>' in markup


def test_in_jupyterlab_a_chart_link_carries_its_section(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COMPANION_SURFACE", raising=False)
    html = selfcheck.ask("sc-only-ten")._repr_mimebundle_()["text/html"]
    # The chart stands under the chapter's heading "Words in US national security strategies".
    assert 'href="#fig-sc-nss" data-section="words-in-us-national-security-strategies"' in html
    monkeypatch.setenv("COMPANION_SURFACE", "book")
    assert "data-section" not in selfcheck.ask("sc-only-ten")._repr_mimebundle_()["text/html"]


def test_every_chart_link_has_a_section_with_the_same_id_on_the_page(questions, built_site: Path) -> None:
    """The section a chart link falls back to is a heading id of the built page, as in JupyterLab."""
    missing = []
    for q in questions.values():
        if not q.see.target.startswith("fig-"):
            continue
        section = selfcheck.figure_section(ROOT / q.chapter, q.see.target)
        page = (built_site / q.chapter).with_suffix(".html").read_text(encoding="utf-8")
        if not section or f'<section id="{section}">' not in page:
            missing.append(f"{q.id}: {q.see.target} -> {section!r}")
    assert missing == []
