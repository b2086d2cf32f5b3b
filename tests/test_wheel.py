"""A downloaded chapter runs outside the repository, as a student runs it.

The package's wheel (``scripts/build_wheel.py``) carries ``companion`` and the curated data. A
student downloads a chapter's notebook from its page, puts it alone in an empty folder, makes a
fresh virtual environment with Jupyter in it and runs all cells: the notebook's first cell
installs the wheel (served here from 127.0.0.1, its address given through the environment
variable the cell reads), and every cell then runs without error. Where the wheel cannot be
reached the first cell stops with one sentence naming the two ways to run the chapter.

Slow (a wheel build, fresh virtual environments, pip): marked ``build``, as the downloaded
notebooks come from the session's book build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from companion import data, editions, notebooks, serving

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import build_wheel  # noqa: E402

pytestmark = pytest.mark.build

#: Chapters run as downloads: an article with charts and exercises, and a methods chapter.
DOWNLOADED = ["book/articles/reverse-kissinger", "book/methods/where-texts-come-from"]


def _fresh_venv(folder: Path) -> Path:
    """A new virtual environment with the student's own Jupyter (nbconvert and a kernel) and nothing else."""
    subprocess.run([sys.executable, "-m", "venv", str(folder)], check=True)
    python = folder / "bin" / "python"
    subprocess.run(
        [
            str(python),
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "nbconvert",
            "ipykernel",
        ],
        check=True,
    )
    return python


def _run_all(python: Path, notebook: Path, wheel_url: str) -> subprocess.CompletedProcess[str]:
    """Run every cell of ``notebook`` in its own folder, as Run All does, with the wheel at ``wheel_url``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("COMPANION_", "JUPYTER", "PYTHON"))}
    env.update({notebooks.WHEEL_URL_ENV: wheel_url, "PATH": f"{python.parent}:{env.get('PATH', '')}"})
    env.pop("VIRTUAL_ENV", None)
    return subprocess.run(
        [
            str(python),
            "-m",
            "jupyter",
            "nbconvert",
            "--to",
            "notebook",
            "--execute",
            "--inplace",
            notebook.name,
        ],
        cwd=notebook.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_wheel.build(tmp_path_factory.mktemp("wheels"))


@pytest.fixture(scope="module")
def wheel_url(wheel: Path) -> Iterator[str]:
    """The wheel served over HTTP from 127.0.0.1, as the site serves it."""
    with serving.serve(wheel.parent) as base:
        yield f"{base}{wheel.name}"


def test_the_wheel_holds_the_package_and_the_curated_data_and_nothing_else(wheel: Path) -> None:
    edition = editions.read(ROOT)
    assert wheel.name == f"spheres_of_influence-{edition}-py3-none-any.whl"
    names = zipfile.ZipFile(wheel).namelist()
    packaged = f"companion/{data.PACKAGED_DATA}/"
    shipped = sorted(n[len(packaged) :] for n in names if n.startswith(packaged))
    curated = sorted(
        p.relative_to(data.DEFAULT_DATA_DIR).as_posix()
        for p in data.DEFAULT_DATA_DIR.rglob("*")
        if p.is_file() and "__pycache__" not in p.parts
    )
    assert shipped == sorted(curated + list(data.BOOK_FILES))
    modules = {p.relative_to(ROOT).as_posix() for p in (ROOT / "companion").rglob("*.py")}
    assert modules <= set(names), f"modules missing: {sorted(modules - set(names))[:5]}"
    junk = [n for n in names if "__pycache__" in n or n.endswith((".pyc", "~")) or "/raw/" in n]
    assert junk == []
    metadata = zipfile.ZipFile(wheel).read(f"spheres_of_influence-{edition}.dist-info/METADATA").decode()
    assert f"\nVersion: {edition}\n" in metadata and "\nName: spheres-of-influence\n" in metadata


def test_without_the_wheel_the_first_cell_stops_with_one_sentence(tmp_path: Path, built_site: Path) -> None:
    doc = DOWNLOADED[0]
    notebook = tmp_path / "student" / Path(f"{doc}.student.ipynb").name
    notebook.parent.mkdir()
    nb = json.loads((built_site / "_sources" / f"{doc}.student.ipynb").read_text(encoding="utf-8"))
    nb["cells"] = [c for c in nb["cells"] if "setup" in c.get("metadata", {}).get("tags", [])]
    assert len(nb["cells"]) == 1, "the downloaded notebook has no setup cell"
    notebook.write_text(json.dumps(nb), encoding="utf-8")
    with socket.socket() as s:  # a port nothing listens on: the network is out of reach
        s.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{s.getsockname()[1]}/none.whl"
    run = _run_all(_fresh_venv(tmp_path / "venv"), notebook, unreachable)
    assert run.returncode != 0
    stderr = re.sub(r"\x1b\[[0-9;]*m", "", run.stderr)  # the traceback's colours
    assert (
        "ModuleNotFoundError: This chapter needs the book's package, which could not be installed here"
        in stderr
    )
    assert "run it on Binder (https://mybinder.org/" in stderr and "and run `make lab`." in stderr


@pytest.mark.parametrize("doc", DOWNLOADED)
def test_a_downloaded_notebook_runs_alone_in_an_empty_folder(
    doc: str, tmp_path_factory: pytest.TempPathFactory, built_site: Path, wheel_url: str
) -> None:
    python = _fresh_venv(tmp_path_factory.mktemp("venv"))
    names = [n for n in (f"{doc}.student.ipynb", f"{doc}.ipynb") if (built_site / "_sources" / n).is_file()]
    assert f"{doc}.ipynb" in names, f"{doc}: the page offers no notebook"
    for name in names:  # the second runs where the first installed the package: the cell does nothing
        folder = tmp_path_factory.mktemp("student")
        notebook = folder / Path(name).name
        shutil.copy2(built_site / "_sources" / name, notebook)
        run = _run_all(python, notebook, wheel_url)
        assert run.returncode == 0, f"{name}: Run All failed:\n{run.stderr[-3000:]}"
        nb = json.loads(notebook.read_text(encoding="utf-8"))
        errors = [
            o
            for c in nb["cells"]
            if c["cell_type"] == "code"
            for o in c["outputs"]
            if o["output_type"] == "error"
        ]
        assert errors == [] and sorted(p.name for p in folder.iterdir()) == [notebook.name]
