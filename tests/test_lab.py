"""JupyterLab test: every chapter opens, runs and reads in JupyterLab as a student gets it on Binder.

JupyterLab is set up as Binder sets it up: a fresh virtual environment with ``requirements.txt``
(which pins JupyterLab and its extensions), then ``postBuild``. The server runs on 127.0.0.1;
headless Chromium opens each chapter under ``book/articles/`` and ``book/methods/`` by URL, with
every request to another host aborted, and checks what a student sees:

* the chapter opens as a notebook and is not marked as modified; saving it leaves the file as it is;
* no solution text is visible before the student opens a solution, before or after *Run All*;
* *Run All* gives no error output and draws at least as many charts (Vega ``svg.marks`` inside
  the outputs) as the chapter's book page has;
* the rendered Markdown shows no raw MyST (roles, directive options, label lines, unknown
  directives) and every ``{eval}`` value was evaluated;
* no request left 127.0.0.1.

A screenshot of each chapter after *Run All* is saved under ``_build/screenshots/lab/``, with a
``summary.json`` of charts drawn and seconds taken.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from harness import offline_page
from test_build import toc_files

ROOT = Path(__file__).resolve().parents[1]
SHOTS = ROOT / "_build" / "screenshots" / "lab"
CHAPTERS = [doc for doc in toc_files(ROOT) if doc.startswith(("book/articles/", "book/methods/"))]
LAB_CHART = ".jp-OutputArea-output.jp-RenderedVegaCommon5 :is(svg.marks, canvas.marks)"

#: Rendered text that means MyST was not understood: a role, a directive option, a label line.
RAW_MYST = [
    (re.compile(r"\{[a-z][\w:-]*\}`"), "a MyST role shown as text"),
    (re.compile(r"^\s*\([\w:.-]+\)=\s*$", re.M), "a label line"),
    (re.compile(r"^\s*:(label|class|name|tags):", re.M), "a directive option"),
    (re.compile(r"```|:::\{"), "a code fence or directive shown as text"),
    (re.compile(r"Unknown (Directive|Role)", re.I), "an unknown directive or role"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def lab_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, dict[str, str]]]:
    """A fresh virtual environment from requirements.txt, configured by postBuild, as on Binder."""
    root = tmp_path_factory.mktemp("lab")
    venv = root / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = str(venv / "bin" / "python")
    subprocess.run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
            str(ROOT / "requirements.txt"),
        ],
        cwd=ROOT,
        check=True,
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPANION_", "JUPYTER"))}
    env.update(
        JUPYTER_CONFIG_DIR=str(root / "config"),
        JUPYTER_RUNTIME_DIR=str(root / "runtime"),
        PATH=f"{venv / 'bin'}:{env.get('PATH', '')}",
        VIRTUAL_ENV=str(venv),
    )
    subprocess.run(["bash", str(ROOT / "postBuild")], env=env, check=True)
    yield venv, env


@pytest.fixture(scope="session")
def lab_url(lab_env: tuple[Path, dict[str, str]]) -> Iterator[str]:
    """JupyterLab from that environment, serving the repository on 127.0.0.1."""
    venv, env = lab_env
    port = _free_port()
    SHOTS.mkdir(parents=True, exist_ok=True)
    log = (SHOTS / "server.log").open("w", encoding="utf-8")
    cmd = [
        str(venv / "bin" / "jupyter"),
        "lab",
        "--no-browser",
        "--ip=127.0.0.1",
        f"--port={port}",
        "--IdentityProvider.token=",
        "--ServerApp.password=",
        f"--ServerApp.root_dir={ROOT}",
        "--LabApp.expose_app_in_browser=True",
    ]
    if os.geteuid() == 0:
        cmd.append("--allow-root")
    proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=ROOT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(f"{url}/api/status", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"JupyterLab did not start; see {SHOTS / 'server.log'}")
        time.sleep(0.5)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
    log.close()


def solution_snippets(source: str) -> list[str]:
    """A few plain words from the start of each solution's text, to look for on screen."""
    snippets = []
    for m in re.finditer(r"^(`{3,})\{solution\}[^\n]*\n(.*?)^\1\s*$", source, re.M | re.S):
        body = [ln for ln in m.group(2).splitlines() if ln.strip() and not ln.lstrip().startswith((":", "`"))]
        if body:
            words = re.sub(r"\{[\w:-]+\}`[^`]*`|[`*_]", "", body[0]).split()
            snippets.append(" ".join(words[:6]))
    return snippets


def eval_names(source: str) -> list[str]:
    """Every expression a chapter's prose evaluates with the ``{eval}`` role."""
    return sorted(set(re.findall(r"\{eval\}`([^`]+)`", source)))


def caption_numbers(source: str) -> list[str]:
    """How the captions of a chapter's charts start in JupyterLab: the book's number ("**Fig. 2.4.**" as text)."""
    from companion import lab_references

    figures = lab_references.figure_numbers(ROOT)
    return [f"{figures[label]}." for label in lab_references.figure_labels(source)]


def raw_myst_problems(text: str) -> list[str]:
    """Say which kinds of raw MyST markup the rendered text shows."""
    return [f"{why}: {m.group(0)!r}" for pattern, why in RAW_MYST for m in [pattern.search(text)] if m]


def _visible_text(page) -> str:
    return " ".join(page.evaluate("() => document.querySelector('.jp-Notebook').innerText").split())


def _markdown_text(page) -> str:
    return page.evaluate("""() => Array.from(document.querySelectorAll(
        '.jp-MarkdownCell .jp-RenderedMarkdown, .jp-MarkdownCell .jp-RenderedMySTMarkdown, '
        + '.jp-OutputArea-output[data-mime-type="text/markdown"]'))
        .map(e => e.innerText).join('\\n')""")


def _summary(doc: str, record: dict) -> None:
    path = SHOTS / "summary.json"
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    data[doc] = record
    path.write_text(json.dumps(data, indent=2, sort_keys=True), encoding="utf-8")


@pytest.mark.browser
@pytest.mark.parametrize("doc", CHAPTERS)
def test_chapter_reads_and_runs_in_jupyterlab(doc, lab_url, browser, built_site):
    source_path = ROOT / f"{doc}.md"
    source = source_path.read_bytes()
    text = source.decode("utf-8")
    page_charts = (built_site / f"{doc}.html").read_text(encoding="utf-8").count('class="companion-chart"')
    off_host: list[str] = []
    context, page = offline_page(browser, lab_url, off_host, service_workers="allow")
    try:
        page.goto(f"{lab_url}/lab/tree/{doc}.md?reset", wait_until="load")
        page.wait_for_function("() => window.jupyterapp", timeout=120_000)
        page.evaluate("async () => { await window.jupyterapp.restored; }")
        page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
        opened_as = page.evaluate("""async () => {
            const w = window.jupyterapp.shell.currentWidget;
            await w.context.ready; await w.sessionContext.ready;
            return [w.context.path, w.content.constructor.name, !!w.content.model];
        }""")
        assert opened_as[0] == f"{doc}.md" and opened_as[2], f"{doc}: not opened as a notebook: {opened_as}"
        page.wait_for_timeout(1500)
        assert page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty") is False, (
            f"{doc}: marked as modified on opening"
        )
        # Once the kernel has said which Python it runs (JupyterLab then writes its language_info
        # into the notebook's metadata), the chapter is still unmodified.
        language = page.evaluate("""async () => {
            const w = window.jupyterapp.shell.currentWidget;
            const info = await w.sessionContext.session.kernel.info;
            await new Promise(r => setTimeout(r, 1000));
            return [info.language_info.version, w.context.model.dirty];
        }""")
        assert language[1] is False, (
            f"{doc}: marked as modified once the kernel (Python {language[0]}) started"
        )

        snippets = solution_snippets(text)
        shown = [s for s in snippets if s in _visible_text(page)]
        assert shown == [], f"{doc}: solution text visible before any click: {shown}"

        page.evaluate("""async () => {
            await window.jupyterapp.commands.execute('docmanager:save'); }""")
        page.wait_for_timeout(1000)
        assert source_path.read_bytes() == source, f"{doc}: saving rewrote the file"

        started = time.monotonic()
        page.evaluate("""() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }""")
        page.wait_for_function(
            """() => {
            const w = window.jupyterapp.shell.currentWidget;
            const k = w.sessionContext.session && w.sessionContext.session.kernel;
            const cells = Array.from(w.content.model.cells)  // JupyterLab skips empty cells
                .filter(c => c.type === 'code' && c.sharedModel.getSource().trim());
            const failed = cells.some(c => c.outputs.toJSON().some(o => o.output_type === 'error'));
            return k && k.status === 'idle' && (failed || cells.every(c => c.executionCount));
        }""",
            timeout=600_000,
            polling=500,
        )
        seconds = time.monotonic() - started
        drawn = -1
        for _ in range(40):  # charts and inline values render after the kernel goes idle
            page.wait_for_timeout(500)
            now = page.locator(LAB_CHART).count()
            if now == drawn and now >= page_charts:
                break
            drawn = now

        errors = page.evaluate("""() => Array.from(window.jupyterapp.shell.currentWidget.content.model.cells)
            .filter(c => c.type === 'code')
            .flatMap(c => c.outputs.toJSON().filter(o => o.output_type === 'error')
                                   .map(o => o.ename + ': ' + o.evalue))""")
        markdown = _markdown_text(page)
        captions = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.jp-OutputArea-output[data-mime-type="text/markdown"]')).map(e => e.innerText.trim())""")
        unevaluated = [name for name in eval_names(text) if name in markdown]
        visible = _visible_text(page)
        after_run = [s for s in snippets if s in visible]

        SHOTS.mkdir(parents=True, exist_ok=True)
        height = page.evaluate("""() => { const n = document.querySelector('.jp-NotebookPanel .jp-WindowedPanel-outer')
                                               || document.querySelector('.jp-Notebook');
                                         return n.scrollHeight; }""")
        page.set_viewport_size({"width": 1280, "height": min(int(height) + 200, 32_000)})
        page.evaluate("""() => document.querySelectorAll('.jp-WindowedPanel-outer, .jp-Notebook')
                                 .forEach(n => { n.scrollTop = 0; })""")
        page.wait_for_timeout(800)
        page.screenshot(path=str(SHOTS / (doc.replace("/", "__") + ".png")), full_page=True)
        _summary(
            doc, {"charts_drawn": drawn, "charts_on_page": page_charts, "run_all_seconds": round(seconds, 1)}
        )
    finally:
        # Close the chapter without saving, so that no autosave writes to the repository.
        page.evaluate("""() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                                 if (w && w.context) { w.context.model.dirty = false; w.dispose(); } }""")
        context.close()

    assert errors == [], f"{doc}: error output after Run All: {errors}"
    assert drawn >= page_charts, (
        f"{doc}: {drawn} chart(s) drawn in JupyterLab, {page_charts} on the book page"
    )
    assert raw_myst_problems(markdown) == [], f"{doc}: {raw_myst_problems(markdown)}"
    unnumbered = [n for n in caption_numbers(text) if not any(c.startswith(n + " ") for c in captions)]
    assert unnumbered == [], f"{doc}: chart captions without the book's number: {unnumbered}"
    assert unevaluated == [], f"{doc}: {{eval}} values not evaluated: {unevaluated}"
    assert after_run == [], f"{doc}: solution text visible after Run All: {after_run}"
    assert off_host == [], f"{doc}: requests to other hosts: {off_host[:5]}"


def test_solution_snippets_and_raw_myst_detection_work_on_known_input():
    src = (
        "```{solution} ex-a\n:class: dropdown\n\nThe **multiple** grows, because {term}`x` rises.\n```\n"
        "Prose with {eval}`rk_peak` and {eval}`v.year`.\n"
    )
    assert solution_snippets(src) == ["The multiple grows, because rises."]
    assert eval_names(src) == ["rk_peak", "v.year"]
    assert raw_myst_problems("The peak was {eval}`rk_peak` billion") != []
    assert raw_myst_problems("(ch-intro)=\nIntro") != []
    assert raw_myst_problems("Exercise 1\n:label: ex-a") != []
    assert raw_myst_problems("The peak was 245 billion in 2024.") == []


def test_chapter_files_are_stable_under_jupytext():
    """Opening and saving a chapter through jupytext (as JupyterLab does) leaves it byte for byte."""
    import jupytext
    from jupytext.config import load_jupytext_config

    changed = []
    for doc in toc_files(ROOT):
        path = ROOT / f"{doc}.md"
        src = path.read_text(encoding="utf-8")
        if not src.startswith("---\njupytext:"):
            continue
        config = load_jupytext_config(str(path.parent))
        assert config is not None, "jupytext.toml is missing"
        fmt = {
            "extension": ".md",
            "format_name": "myst",
            "notebook_metadata_filter": config.notebook_metadata_filter,
            "cell_metadata_filter": config.cell_metadata_filter,
        }
        nb = jupytext.read(path)
        if jupytext.writes(nb, fmt=fmt) != src:
            changed.append(doc)
        if any(c.cell_type == "code" and not c.source.strip() for c in nb.cells):
            changed.append(f"{doc} (an empty code cell, which JupyterLab never runs)")
    assert changed == []


def pinned_python_patch(source: str) -> str | None:
    """The Python version a chapter's front matter pins down to the patch release (None if it pins none)."""
    import yaml

    if not source.startswith("---\n"):
        return None
    meta = yaml.safe_load(source[4 : source.index("\n---\n", 4)]) or {}
    version = str((meta.get("language_info") or {}).get("version", ""))
    return version if re.fullmatch(r"\d+\.\d+\.\d+.*", version) else None


def test_no_chapter_front_matter_pins_a_python_patch_version():
    """language_info states 3.11, not 3.11.7: a kernel of another patch release leaves the chapter unmodified."""
    assert (
        pinned_python_patch("---\nlanguage_info:\n  name: python\n  version: 3.11.7\n---\n# T\n") == "3.11.7"
    )
    assert pinned_python_patch("---\nlanguage_info:\n  name: python\n  version: '3.11'\n---\n# T\n") is None
    files = sorted((ROOT / "book").rglob("*.md"))
    pinned = {
        str(p.relative_to(ROOT)): v
        for p in files
        if (v := pinned_python_patch(p.read_text(encoding="utf-8")))
    }
    assert files and pinned == {}, f"front matter pins a Python patch version: {pinned}"


#: What jupyterlab-myst draws for a role it cannot resolve: a warning icon titled so.
UNRESOLVED = '.jp-Notebook [title="Citation Not Found"], .jp-Notebook [title="Cross Reference Not Found"]'
#: Downloaded notebooks opened in JupyterLab: two chapters with citations and figure references.
DOWNLOADED = ["book/articles/reverse-kissinger", "book/articles/superpower-concessions"]


def _open_in_lab(page, lab_url: str, path: str) -> None:
    page.goto(f"{lab_url}/lab/tree/{path}?reset", wait_until="load")
    page.wait_for_function("() => window.jupyterapp", timeout=120_000)
    page.evaluate("async () => { await window.jupyterapp.restored; }")
    page.wait_for_selector(".jp-Notebook .jp-Cell", timeout=120_000)
    page.evaluate("""async () => { const w = window.jupyterapp.shell.currentWidget;
                                   await w.context.ready; await w.sessionContext.ready; }""")
    page.wait_for_timeout(2000)


def _close(page) -> None:
    page.evaluate("""() => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                             if (w && w.context) { w.context.model.dirty = false; w.dispose(); } }""")


@pytest.mark.browser
@pytest.mark.parametrize("doc", DOWNLOADED)
def test_a_downloaded_notebook_shows_citations_and_figure_references_as_text(
    doc, lab_url, browser, built_site
):
    """The page's .ipynb downloads read in JupyterLab: "[Author, Year]" and "Fig. N", no unresolved marker."""
    import nbformat

    from companion import notebooks

    folder = ROOT / "_build" / "lab-downloads"
    folder.mkdir(parents=True, exist_ok=True)
    # A key no bibliography has and a label nothing bears: the marker the test looks for must show.
    probe = folder / "unresolved.ipynb"
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("As {cite:p}`nokey1900` in {numref}`fig-none`.")]
    )
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3 (ipykernel)",
        "language": "python",
    }
    nbformat.write(nb, str(probe))
    source = (ROOT / f"{doc}.md").read_text(encoding="utf-8")
    works = notebooks.bibliography(ROOT / "references.bib")
    first = re.search(r"\{cite:p\}`([^`,]+)`", source)
    assert first, f"{doc}: cites nothing"
    expected = f"{works[first.group(1)].who}, {works[first.group(1)].year}"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _open_in_lab(page, lab_url, probe.relative_to(ROOT).as_posix())
        probe_markers = page.locator(UNRESOLVED).count()
        _close(page)
        found = {}
        for name in (f"{doc}.student.ipynb", f"{doc}.ipynb"):
            target = folder / Path(name).name
            shutil.copy2(built_site / "_sources" / name, target)
            _open_in_lab(page, lab_url, target.relative_to(ROOT).as_posix())
            # jupyterlab-myst renders a notebook's Markdown cells into a ``.myst`` block.
            text = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-MarkdownCell .myst'))
                                          .map(e => e.innerText).join('\\n')""")
            found[name] = (
                page.locator(UNRESOLVED).count(),
                expected in text,
                "References" in text,
                re.findall(r"\{(?:cite|numref)[^}]*\}`", text),
                page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty"),
            )
            _close(page)
    finally:
        context.close()
    assert probe_markers == 2, f"the unresolved-reference marker was not seen on the probe ({probe_markers})"
    for name, (markers, cited, listed, raw, dirty) in found.items():
        assert markers == 0, f"{name}: {markers} unresolved citation or reference marker(s)"
        assert cited and listed, f"{name}: citation text {expected!r} or the list of works cited not shown"
        assert raw == [] and dirty is False, f"{name}: raw roles {raw[:3]} or modified on opening"


#: A chapter opened from the repository: citations, figure references of its own and another chapter's.
READABLE = "book/articles/golden-opportunity"


@pytest.mark.browser
def test_a_chapter_opened_from_the_repository_shows_readable_references_and_saves_unchanged(lab_url, browser):
    """Citations read "[Author, Year]", figure references "Fig. N.M", no unresolved marker; Ctrl+S keeps the file."""
    from companion import lab_references, notebooks

    path = ROOT / f"{READABLE}.md"
    source = path.read_bytes()
    text = source.decode("utf-8")
    works, figures = notebooks.bibliography(ROOT / "references.bib"), lab_references.figure_numbers(ROOT)
    first = re.search(r"\{cite:p\}`([^`,]+)`", text)
    assert first, f"{READABLE}: cites nothing"
    cited = notebooks.citation_text("p", [first.group(1)], works)
    numbers = sorted({figures[label] for label in re.findall(r"\{numref\}`([^`<]+)`", text)})
    assert len(numbers) > 1, f"{READABLE}: refers to fewer than two figures"
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        _open_in_lab(page, lab_url, f"{READABLE}.md")
        shown = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-MarkdownCell .myst'))
                                      .map(e => e.innerText).join('\\n')""")
        markers = page.locator(UNRESOLVED).count()
        dirty_on_open = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
        # The citation links to its work's entry in the added list of works cited.
        target = page.evaluate(
            """key => { const a = document.querySelector(`.jp-MarkdownCell .myst a[href="#cite-${key}"]`);
                        const t = a && document.getElementById(a.getAttribute('href').slice(1));
                        return t ? t.innerText : null; }""",
            first.group(1),
        )
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.locator(".jp-MarkdownCell .myst a[href^='#cite-']").first.scroll_into_view_if_needed()
        page.screenshot(path=str(SHOTS / "readable-references.png"))
        page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
        page.keyboard.press("Control+s")
        page.wait_for_timeout(2000)
        saved = path.read_bytes()
        dirty_after_save = page.evaluate("() => window.jupyterapp.shell.currentWidget.context.model.dirty")
        # A student's edit to a cell is saved, and every role around it comes back as it was.
        page.evaluate("""() => { const cells = window.jupyterapp.shell.currentWidget.content.model.cells;
                                 const cell = Array.from(cells).find(c => c.type === 'markdown'
                                     && c.sharedModel.getSource().includes('](#cite-'));
                                 cell.sharedModel.setSource(cell.sharedModel.getSource() + '\\n\\nMy note.'); }""")
        page.evaluate("async () => { await window.jupyterapp.commands.execute('docmanager:save'); }")
        page.wait_for_timeout(2000)
        edited = path.read_text(encoding="utf-8")
    finally:
        path.write_bytes(source)
        _close(page)
        context.close()
    assert markers == 0, f"{READABLE}: {markers} unresolved citation or reference marker(s)"
    assert cited in shown, f"{READABLE}: the citation {cited!r} is not shown"
    assert [n for n in numbers if n not in shown] == [], f"{READABLE}: figure numbers not shown"
    assert re.findall(r"\{(?:cite|numref)[^}]*\}`", shown) == [], f"{READABLE}: raw roles shown"
    assert target and works[first.group(1)].who in target, f"{READABLE}: the citation links to {target!r}"
    assert dirty_on_open is False and dirty_after_save is False
    assert saved == source, f"{READABLE}: opening and saving with Ctrl+S changed the file"
    # jupytext's server extension keeps the configured manager instead of wrapping it again.
    assert "TextFileContentsManager already - OK" in (SHOTS / "server.log").read_text(encoding="utf-8")
    assert "My note." in edited and edited.replace("\n\nMy note.", "", 1) == text
