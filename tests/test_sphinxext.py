"""companion.sphinxext: parallel reading, one stylesheet per page, chart drawings as images."""

from __future__ import annotations

import json

import pytest

from companion import sphinxext


def test_balanced_order_gives_the_waiting_chunk_the_lightest_page():
    weights = {"a": 20, "b": 18, "c": 10, "d": 9, "e": 0, "f": 0, "g": 8}
    order = sphinxext.balanced_order(weights, [3, 3, 1], workers=2)
    assert sorted(order) == sorted(weights)
    first, second, waiting = order[:3], order[3:6], order[6:]
    assert weights[waiting[0]] == 0
    loads = sorted([sum(weights[d] for d in first), sum(weights[d] for d in second)])
    assert loads[1] - loads[0] <= 10  # 65 units shared between two readers, 32 and 33 at best


def test_notebook_weight_counts_code_cells_and_a_kernel_start():
    assert sphinxext.notebook_weight("# prose only\n") == 0
    assert sphinxext.notebook_weight("```{code-cell} ipython3\nx\n```\n" * 2) > 2


@pytest.mark.parametrize(("value", "jobs"), [("3", 3), ("1", 1)])
def test_reading_jobs_from_the_environment(monkeypatch, value, jobs):
    monkeypatch.setenv(sphinxext.JOBS_ENV, value)
    assert sphinxext.reading_jobs() == jobs


def test_reading_jobs_refuses_nonsense(monkeypatch):
    monkeypatch.setenv(sphinxext.JOBS_ENV, "two")
    with pytest.raises(ValueError, match="BOOK_JOBS"):
        sphinxext.reading_jobs()


def test_stylesheets_follow_what_the_page_holds():
    assert not sphinxext.stylesheet_needed("_static/pygments.css", "<p>prose</p>")
    assert sphinxext.stylesheet_needed("_static/pygments.css", '<div class="highlight-ipython3">')
    assert not sphinxext.stylesheet_needed("_static/mystnb.0123abcd.css", "<p>prose</p>")
    assert sphinxext.stylesheet_needed("_static/mystnb.0123abcd.css", '<div class="cell docutils">')
    assert sphinxext.stylesheet_needed("_static/companion.css", "")
    assert sphinxext.theme_stylesheets()  # the theme's own, read from its template


def chart(svg: str, description: str) -> str:
    spec = json.dumps({"spec": {"description": description}}).replace("<", "\\u003c")
    return (
        f'<div class="companion-chart"><div class="companion-chart-static">{svg}</div>'
        f'<script type="application/json" class="companion-chart-spec">{spec}</script></div>'
    )


def test_static_drawings_become_images_with_their_description(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="600" height="300.5"><text>Trade</text></svg>'
    body = chart(svg, "Trade <rose> & fell") + "<p>between</p>" + chart(svg, "Second")
    out = sphinxext.static_charts_as_images(body, tmp_path, lambda name: "../" + name)
    files = list((tmp_path / sphinxext.CHART_IMAGES).glob("*.svg"))
    assert len(files) == 1 and files[0].read_text(encoding="utf-8") == svg
    assert "<svg" not in out
    images = out.split("<img ")[1:]
    assert len(images) == 2
    assert f'src="../{sphinxext.CHART_IMAGES}/{files[0].name}"' in images[0]
    assert 'alt="Trade &lt;rose&gt; &amp; fell"' in images[0] and 'width="600" height="300"' in images[0]
    assert "loading" not in images[0].split("/>")[0] and 'loading="lazy"' in images[1]
    assert out.count('class="companion-chart-spec"') == 2


def test_the_kernels_profile_folder_goes_when_the_build_process_exits(tmp_path):
    """kernel_env() makes a temporary IPython folder for the build's kernels; none is left behind."""
    import subprocess
    import sys
    from pathlib import Path

    code = "from companion import sphinxext; print(sphinxext.kernel_env()['IPYTHONDIR'])"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    folder = Path(out.stdout.strip())
    assert folder.name.startswith("companion-ipython-")
    assert not folder.exists()
