"""Self-check questions in JupyterLab, set up as Binder sets it up (the fixtures of test_lab.py).

The chapter opens as a notebook; running the cell that asks a question shows the question (the
output of a cell run in the session is trusted, so its script runs); a wrong answer and then the
right one are checked, and the question's live region says which. A screenshot of the answered
question goes to ``_build/screenshots/lab/``.
"""

from __future__ import annotations

import pytest
from test_lab import SHOTS, lab_env, lab_url  # noqa: F401 - the fixtures: JupyterLab as on Binder
from test_selfcheck_browser import plain, question

from harness import offline_page

DOC = "book/articles/superpower-concessions"
QID = "sc-motive"


def open_chapter(page, server: str, doc: str) -> None:
    """Open the chapter ``doc`` as a notebook in JupyterLab, its cells rendered."""
    page.goto(f"{server}/lab/tree/{doc}.md?reset", wait_until="load")
    page.wait_for_function("() => window.jupyterapp", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)


def run_cells(page, *qids: str) -> list[int]:
    """Run, in order, the cells that ask the questions ``qids``; return their indexes (-1: no such cell)."""
    return page.evaluate(
        """async qids => {
        const w = window.jupyterapp.shell.currentWidget;
        await w.context.ready; await w.sessionContext.ready;
        const cells = Array.from(w.content.model.cells);
        const found = [];
        for (const qid of qids) {
            const i = cells.findIndex(c => c.type === 'code' && c.sharedModel.getSource().includes(`ask("${qid}"`));
            found.push(i);
            if (i < 0) { continue; }
            w.content.activeCellIndex = i;
            await window.jupyterapp.commands.execute('notebook:run-cell');
        }
        return found;
    }""",
        list(qids),
    )


@pytest.mark.browser
def test_a_question_is_answered_in_the_running_notebook(lab_url, browser):  # noqa: F811
    q = question(QID)
    right = next(n for n, c in enumerate(q["choices"], 1) if c["correct"])
    wrong = next(n for n, c in enumerate(q["choices"], 1) if not c["correct"])
    off_host: list[str] = []
    context, page = offline_page(browser, lab_url, off_host)
    try:
        open_chapter(page, lab_url, DOC)
        # Run the one cell that asks the question, as a student does with Shift+Enter.
        (index,) = run_cells(page, QID)
        assert index >= 0, f"{DOC} has no cell asking {QID}"
        box = page.locator(f"#selfcheck-{QID}")
        box.wait_for(timeout=120_000)
        box.scroll_into_view_if_needed()
        assert plain(box.locator("fieldset legend").inner_text()).endswith(plain(q["question"]))
        live = box.locator("[aria-live=polite]")

        box.locator(f"#selfcheck-{QID}-{wrong}").check()
        box.locator("button.selfcheck-check").click()
        said = plain(live.inner_text())
        assert said.startswith("Not correct."), said
        assert plain(q["choices"][wrong - 1]["feedback"]) in said

        # The right answer by keyboard: JupyterLab's shortcuts stay out of the question.
        page.focus(f"#selfcheck-{QID}-{right}")
        page.keyboard.press("Space")
        page.keyboard.press("Enter")
        said = plain(live.inner_text())
        assert said.startswith("Correct."), said
        assert plain(q["choices"][right - 1]["feedback"]) in said
        SHOTS.mkdir(parents=True, exist_ok=True)
        box.screenshot(path=str(SHOTS / "selfcheck-answered.png"))
    finally:
        page.evaluate("""() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                                 if (w && w.context) { w.context.model.dirty = false; w.dispose(); } }""")
        context.close()
    assert off_host == []


@pytest.mark.browser
@pytest.mark.parametrize(
    ("qid", "heading"),
    [
        ("sc-motive", "Opening: concessions in the hope of a deal"),  # a section: its heading
        ("sc-only-ten", "Words in US national security strategies"),  # a chart: the section holding it
    ],
)
def test_the_feedback_link_scrolls_the_notebook_to_the_passage(lab_url, browser, qid, heading):  # noqa: F811
    q = question(qid)
    right = next(n for n, c in enumerate(q["choices"], 1) if c["correct"])
    off_host: list[str] = []
    context, page = offline_page(browser, lab_url, off_host)
    try:
        open_chapter(page, lab_url, DOC)
        assert min(run_cells(page, *dict.fromkeys([QID, qid]))) >= 0, f"{DOC} has no cell asking {qid}"
        box = page.locator(f"#selfcheck-{qid}")
        box.wait_for(timeout=120_000)
        box.evaluate("e => e.scrollIntoView({block: 'start'})")
        box.locator(f"#selfcheck-{qid}-{right}").check()
        box.locator("button.selfcheck-check").click()
        link = box.locator(".selfcheck-feedback a")
        assert plain(link.inner_text()) == plain(q["see"]["text"])
        target = page.locator(".jp-Notebook h1, .jp-Notebook h2, .jp-Notebook h3").filter(has_text=heading)
        assert target.count() == 1
        panel = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer")
        top = panel.bounding_box()["y"]
        before = target.bounding_box()["y"] - top
        assert not -1 < before < 100, "the heading should not be at the notebook's top before the click"
        link.click()
        page.wait_for_timeout(1_000)  # smooth scrolling, if any, settles
        offset = target.bounding_box()["y"] - top
        # A heading scrolled to the very top may sit a fraction of a pixel above it.
        assert -1 < offset < 100, f"after the click the heading is {offset:.0f}px below the notebook's top"
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"selfcheck-link-{qid}.png"))
    finally:
        page.evaluate("""() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                                 if (w && w.context) { w.context.model.dirty = false; w.dispose(); } }""")
        context.close()
    assert off_host == []
