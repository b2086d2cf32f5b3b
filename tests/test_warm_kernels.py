"""The build's warm kernels (companion.warm_kernels): chapters that share a reading process share a
kernel, each starting from a fresh kernel's state; a failing chapter still fails the build, named;
no kernel outlives the build. Small Sphinx projects, built in a subprocess as the book is."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.build

FRONT = """\
---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  name: python3
  display_name: Python 3
  language: python
---
"""

#: Each chapter first checks that nothing an earlier chapter did is visible, then does it all.
CHECK = """\
import os, sys, warnings, pathlib
import altair as alt
import pandas as pd
assert "leak" not in dir(), "a variable of an earlier chapter"
assert pathlib.Path.cwd() == pathlib.Path({folder!r}), pathlib.Path.cwd()
assert alt.theme.active != "dark" and alt.renderers.active != "json"
assert pd.get_option("display.max_rows") != 7
assert "LEAKED" not in os.environ and "/leaked" not in sys.path
assert ("ignore", None, Warning, None, 0) not in warnings.filters
print("KERNEL", os.getpid(), "COUNT", get_ipython().execution_count)
import atexit
# As the kernel ends: was it shut down by the process that started it (still its parent)?
atexit.register(lambda p=os.getppid(), f={folder!r}: pathlib.Path(f, f"ended-{{os.getpid()}}").write_text(str(os.getppid() == p)))
"""
POLLUTE = """\
leak = 1
alt.theme.enable("dark")
alt.renderers.enable("json")
pd.set_option("display.max_rows", 7)
os.environ["LEAKED"] = "1"
sys.path.append("/leaked")
warnings.simplefilter("ignore")
os.chdir("/")
"""


def _chapter(folder: Path, name: str, cells: list[str]) -> None:
    body = "".join(f"\n```{{code-cell}} ipython3\n{cell}```\n" for cell in cells)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.md").write_text(f"{FRONT}\n# {name}\n{body}", encoding="utf-8")


def _project(src: Path, chapters: dict[str, list[str]]) -> None:
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        textwrap.dedent("""\
        extensions = ["myst_nb", "companion.sphinxext"]
        nb_execution_mode = "inline"
        nb_execution_raise_on_error = True
        exclude_patterns = ["_build"]
        """),
        encoding="utf-8",
    )
    toc = "\n".join(chapters)
    (src / "index.md").write_text(f"# Book\n\n```{{toctree}}\n{toc}\n```\n", encoding="utf-8")
    for doc, cells in chapters.items():
        folder, name = (src / doc).parent, Path(doc).name
        _chapter(folder, name, [cell.format(folder=str(folder.resolve())) for cell in cells])


def _build(src: Path, out: Path, jobs: int) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, BOOK_JOBS=str(jobs), BOOK_BUILD_PROFILE=str(out.parent / "profile.json"))
    env.pop("BOOK_FRESH_KERNELS", None)
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "-b", "html", str(src), str(out)],
        capture_output=True,
        text=True,
        env=env,
    )


def test_chapters_share_warm_kernels_each_starting_fresh_and_none_outlives_the_build(tmp_path):
    docs = [f"part{i % 2}/ch{i}" for i in range(6)]
    _project(tmp_path / "src", {doc: [CHECK, POLLUTE] for doc in docs})
    proc = _build(tmp_path / "src", tmp_path / "out", jobs=2)
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
    found = {
        doc: re.search(r"KERNEL (\d+) COUNT (\d+)", (tmp_path / "out" / f"{doc}.html").read_text())
        for doc in docs
    }
    kernels = {doc: int(match.group(1)) for doc, match in found.items()}
    # Execution counts start again: every chapter's first cell has the count a fresh kernel's has.
    assert len({match.group(2) for match in found.values()}) == 1, found
    # Six chapters read by two processes: at least one kernel ran more than one chapter, and
    # each such chapter found the kernel as fresh as the first (its checks above passed).
    assert len(set(kernels.values())) < len(docs), kernels
    # Every kernel was shut down by its reading process: not left behind, nor ended by a timer
    # after its parent had gone (which skips the exit handlers, so no file).
    ended = {
        pid: [(tmp_path / "src" / p / f"ended-{pid}").is_file() for p in ("part0", "part1")]
        for pid in kernels.values()
    }
    left = [pid for pid, files in ended.items() if not any(files)]
    assert not left, f"kernels {left} were not shut down by the build"
    texts = {f.read_text() for f in (tmp_path / "src").rglob("ended-*")}
    assert texts == {"True"}, texts
    # The build's profile (companion.build_profile, printed by the benchmark) counts the same kernels.
    profile = json.loads((tmp_path / "profile.json").read_text(encoding="utf-8"))
    assert profile["reading"]["kernels"] == len(set(kernels.values())), profile
    assert profile["reading"]["processes"] >= 2 and profile["reading"]["kernels_cpu_s"] > 0, profile
    reading, total = profile["reading"], profile["total"]
    spread = (reading["readers_cpu_s"] + reading["kernels_cpu_s"]) / reading["processes"]
    assert spread <= total["critical_path_cpu_s"] <= total["cpu_s"], profile


def test_a_failing_chapter_in_a_warm_kernel_fails_the_build_and_is_named(tmp_path):
    fail = "raise ValueError('planted failure')\n"
    chapters = {"a": [CHECK, POLLUTE], "b": [CHECK, fail], "c": [CHECK, POLLUTE]}
    _project(tmp_path / "src", chapters)
    proc = _build(tmp_path / "src", tmp_path / "out", jobs=1)
    log = proc.stdout + proc.stderr
    assert proc.returncode != 0
    assert f"ExecutionError: {tmp_path / 'src' / 'b.md'}" in log, log[-3000:]
