"""Tests for what keeps the cold build short: the chart bundle written beside the reading, and the
build kernels' lighter imports (timings themselves are in ``make bench``, not here)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest

from companion import sphinxext


def test_bundle_is_written_by_a_background_process_and_awaited(tmp_path):
    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path))
    sphinxext._start_bundle(app)
    job = app.builder.companion_bundle
    assert job.pid != 0
    sphinxext._finish_bundle(app, None)
    assert job.returncode == 0
    target = tmp_path / "_static" / sphinxext.VEGA_BUNDLE
    assert target.read_text(encoding="utf-8").startswith(
        f"/* vega-offline bundle {sphinxext.bundle_key()} */"
    )
    fresh = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path))
    sphinxext._start_bundle(fresh)  # the file is fresh: nothing to start
    assert not hasattr(fresh.builder, "companion_bundle")


def test_build_kernels_skip_the_unused_format_checkers_and_still_validate_charts():
    code = (
        Path(sphinxext.KERNEL_STARTUP).read_text(encoding="utf-8")
        + "\nimport altair as alt, pandas as pd\n"
        + "alt.Chart(pd.DataFrame({'a': [1]})).mark_point().encode(x='a:Q').to_dict()\n"
        + "try:\n    alt.Chart(pd.DataFrame({'a': [1]})).mark_point(size='big').to_dict()\n"
        + "except Exception:\n    print('refused')\n"
        + "print(sorted(n for n in ('rfc3987_syntax', 'rfc3986_validator', 'isoduration', 'webcolors', 'arrow')"
        + " if sys.modules.get(n) is not None))\n"
        + "print('_name' in dir())\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.split("\n")[:3] == ["refused", "[]", "False"]


def test_a_dataset_validated_clean_by_one_kernel_is_not_validated_again_by_the_next(tmp_path, monkeypatch):
    import shutil

    from companion import data

    shared = tmp_path / "validated"
    monkeypatch.setenv(data.VALIDATED_ENV, str(shared))
    monkeypatch.setattr(data, "_ERRORS_SEEN", {})
    first = data.load("military_expenditure")
    assert sorted(shared.iterdir()), "a clean validation is recorded"
    # The next kernel: nothing remembered in memory, and frictionless cannot even be imported.
    monkeypatch.setattr(data, "_ERRORS_SEEN", {})
    monkeypatch.setitem(sys.modules, "frictionless", None)
    pd.testing.assert_frame_equal(data.load("military_expenditure"), first)
    # Changed bytes are validated again (here: frictionless is needed, and missing).
    copy = tmp_path / "data"
    shutil.copytree(data._data_dir(None), copy)
    target = copy / "defence" / "military_expenditure.csv"
    target.write_text(target.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    monkeypatch.setattr(data, "_ERRORS_SEEN", {})
    with pytest.raises(ImportError):
        data.load("military_expenditure", copy)
