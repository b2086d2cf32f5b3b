"""Self-check questions on the built site, in headless Chromium with the network cut off.

A reader answers with the keyboard only: a wrong answer first, then the right one, and the
question's live region (what a screen reader announces) says which, with the feedback the
question file gives and a link to the passage. A numeric question accepts an answer within its
tolerance and refuses one outside it. Screenshots go to ``_build/screenshots/selfcheck/``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from test_browser import AXE, server  # noqa: F401 - the fixture serving the built site

from harness import offline_page


def plain(text: str) -> str:
    """Text with its spacing collapsed and curly quotation marks made straight, to compare."""
    for curly, straight in (("\u201c", '"'), ("\u201d", '"'), ("\u2019", "'")):
        text = text.replace(curly, straight)
    return " ".join(text.split())


ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots" / "selfcheck"
CHAPTER = "book/articles/superpower-concessions"
QUESTIONS = yaml.safe_load(
    (ROOT / "data" / "selfchecks" / "superpower-concessions.yaml").read_text(encoding="utf-8")
)


def question(qid: str) -> dict:
    return next(q for q in QUESTIONS["questions"] if q["id"] == qid)


def live_text(page, qid: str) -> str:
    return plain(page.locator(f"#selfcheck-{qid} [aria-live]").inner_text())


@pytest.mark.browser
def test_a_question_answered_wrong_then_right_by_keyboard(browser, server, built_site):  # noqa: F811
    qid = "sc-motive"
    q = question(qid)
    right = next(n for n, c in enumerate(q["choices"], 1) if c["correct"])
    wrong = next(n for n, c in enumerate(q["choices"], 1) if not c["correct"])
    off_host: list[str] = []
    errors: list[str] = []
    context, page = offline_page(browser, server, off_host)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(f"{server}/{CHAPTER}.html", wait_until="load")
        box = page.locator(f"#selfcheck-{qid}")
        assert plain(box.locator("fieldset legend").inner_text()).endswith(plain(q["question"]))
        assert box.locator("[aria-live=polite][role=status]").count() == 1

        def choose(n: int) -> None:
            # Into the radio group (as Tab does), select with Space, move with the arrow keys.
            page.focus(f"#selfcheck-{qid}-1")
            page.keyboard.press("Space")
            for _ in range(n - 1):
                page.keyboard.press("ArrowDown")
            assert page.evaluate("() => document.activeElement.id") == f"selfcheck-{qid}-{n}"
            page.keyboard.press("Tab")
            assert page.evaluate("() => document.activeElement.className") == "selfcheck-check"

        choose(wrong)
        page.keyboard.press("Enter")
        said = live_text(page, qid)
        assert said.startswith("Not correct."), said
        assert plain(q["choices"][wrong - 1]["feedback"]) in said
        choose(right)
        page.keyboard.press("Space")
        said = live_text(page, qid)
        assert said.startswith("Correct."), said
        assert plain(q["choices"][right - 1]["feedback"]) in said
        target = q["see"]["target"]
        assert box.locator(f'[aria-live] a[href="#{target}"]').count() == 1
        assert page.locator(f"#{target}").count() == 1, f"the feedback links to #{target}, not on the page"

        page.add_script_tag(path=str(AXE))
        result = page.evaluate(
            "async sel => (await axe.run(sel, {resultTypes: ['violations']})).violations"
            ".map(v => ({id: v.id, impact: v.impact}))",
            f"#selfcheck-{qid}",
        )
        assert [v for v in result if v["impact"] in ("serious", "critical")] == [], json.dumps(result)
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.scroll_into_view_if_needed()
        box.screenshot(path=str(SHOTS / "site-answered.png"))
    finally:
        context.close()
    assert errors == []
    assert off_host == []


@pytest.mark.browser
def test_a_numeric_question_takes_an_answer_within_its_tolerance(browser, server, built_site):  # noqa: F811
    qid = "sc-gdp-ratio"
    tolerance = float(question(qid)["tolerance"])
    off_host: list[str] = []
    context, page = offline_page(browser, server, off_host)
    try:
        page.goto(f"{server}/{CHAPTER}.html", wait_until="load")
        box = page.locator(f"#selfcheck-{qid}")
        value = float(box.get_attribute("data-value") or "nan")
        assert value == value, "the question carries no figure"
        field = box.locator("input")
        field.fill(f"{value + 3 * tolerance:g}")
        field.press("Enter")
        assert live_text(page, qid).startswith("Not correct.")
        field.fill(f"{value + 0.5 * tolerance:g}")
        field.press("Enter")
        said = live_text(page, qid)
        assert said.startswith("Correct."), said
        assert f"{value:g}" in said
        field.fill("")
        field.press("Enter")
        assert live_text(page, qid) == "Type a number first."
    finally:
        context.close()
    assert off_host == []
