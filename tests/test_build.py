"""Build-level tests: the strict, executing build passes and every toc entry became a page."""

from __future__ import annotations

import re
from pathlib import Path

import yaml


def toc_files(root: Path) -> list[str]:
    """Every document named in ``_toc.yml`` (root, chapters and sections), in order."""
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(entries: list[dict]) -> None:
        for entry in entries:
            if "file" in entry:
                found.append(entry["file"])
            for key in ("chapters", "sections", "parts"):
                if key in entry:
                    walk(entry[key])

    walk(toc.get("parts", []) + toc.get("chapters", []))
    return found


def test_strict_build_passes_without_warnings(book_build):
    warnings = [
        line
        for line in book_build.log.splitlines()
        if re.search(r"\bWARNING\b", line) and "IPKernelApp" not in line
    ]
    assert book_build.returncode == 0, "\n".join(book_build.log.splitlines()[-60:])
    assert warnings == []


def test_every_toc_entry_produced_a_page(repo_root, built_site):
    missing = []
    for doc in toc_files(repo_root):
        page = built_site / f"{Path(doc).with_suffix('')}.html"
        if not page.is_file() or "<h1" not in page.read_text(encoding="utf-8"):
            missing.append(doc)
    assert missing == []


def test_every_notebook_page_was_executed(repo_root, book_build):
    """With an empty cache, every page with code cells is executed during the build."""
    notebooks = [
        doc
        for doc in toc_files(repo_root)
        if "{code-cell}" in (repo_root / f"{doc}.md").read_text(encoding="utf-8")
    ]
    assert notebooks, "no notebook pages found"
    not_run = [doc for doc in notebooks if f"{repo_root / doc}.md: Executed notebook" not in book_build.log]
    assert not_run == []


def test_chart_bundle_only_on_chart_pages(built_site):
    """Pages with charts load the local Vega bundle; pages without charts load no chart JS."""
    pages = sorted(built_site.rglob("*.html"))
    with_charts = 0
    for page in pages:
        html = page.read_text(encoding="utf-8")
        has_chart = 'class="companion-chart"' in html
        loads = "vega-offline.js" in html
        assert has_chart == loads, f"{page.relative_to(built_site)}: chart={has_chart}, bundle={loads}"
        with_charts += has_chart
    assert with_charts >= 1
    assert (built_site / "_static" / "vega-offline.js").stat().st_size > 100_000


def test_inline_scripts_are_not_duplicated(built_site):
    """No inline configuration script appears twice in a page (e.g. ``const THEBE_JS_URL``)."""
    for page in sorted(built_site.rglob("*.html")):
        scripts = re.findall(r"<script>(.*?)</script>", page.read_text(encoding="utf-8"), re.S)
        dupes = {s for s in scripts if scripts.count(s) > 1}
        assert not dupes, f"{page.relative_to(built_site)} repeats: {sorted(dupes)[:2]}"


def test_every_notebook_page_offers_executed_ipynb_and_source(repo_root, built_site):
    """The download menu links to an executed .ipynb and to the .md source, and both exist."""
    import json

    for doc in toc_files(repo_root):
        if "{code-cell}" not in (repo_root / f"{doc}.md").read_text(encoding="utf-8"):
            continue
        page = built_site / f"{doc}.html"
        html = page.read_text(encoding="utf-8")
        for suffix in (".ipynb", ".md"):
            links = re.findall(rf'href="([^"]*_sources/{re.escape(doc)}{suffix})"', html)
            assert links, f"{doc}: no {suffix} download link"
            target = (page.parent / links[0]).resolve()
            assert target.is_file(), f"{doc}: {links[0]} does not resolve"
        nb = json.loads((built_site / "_sources" / f"{doc}.ipynb").read_text(encoding="utf-8"))
        outputs = [o for c in nb["cells"] if c["cell_type"] == "code" for o in c.get("outputs", [])]
        assert outputs, f"{doc}: the downloadable notebook has no outputs"
