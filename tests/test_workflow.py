"""The publishing workflow passes actionlint (a static checker for GitHub Actions)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def actionlint() -> str:
    """Path of the actionlint binary installed with the test requirements."""
    found = Path(sys.executable).with_name("actionlint")
    return str(found) if found.exists() else (shutil.which("actionlint") or "actionlint")


def test_publishing_workflow_exists_and_deploys_pages():
    assert WORKFLOWS, "no workflow under .github/workflows"
    text = "\n".join(p.read_text(encoding="utf-8") for p in WORKFLOWS)
    assert "actions/deploy-pages" in text and "make test" in text


def test_workflows_pass_actionlint():
    proc = subprocess.run([actionlint(), "-no-color", *map(str, WORKFLOWS)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The checker really checks: an undefined expression property is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ github.no_such_property }}\n", encoding="utf-8")
    proc = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "no_such_property" in proc.stdout
