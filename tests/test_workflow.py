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
    assert "actions/deploy-pages" in text and "bash .ci/run" in text
    assert "make test" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_workflow_builds_once_and_tests_and_deploys_that_build():
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "book.yml").read_text(encoding="utf-8"))
    triggers = flow[True]  # YAML 1.1 reads the key `on` as true
    assert triggers["push"]["branches"] == ["main"] and "pull_request" in triggers
    assert triggers["schedule"], "no weekly run"
    steps = [step for job in flow["jobs"].values() for step in job.get("steps", [])]
    runs = [step.get("run", "") for step in steps]
    builds = [r for r in runs if "make site" in r or "jupyter-book build" in r or "make book" in r]
    assert len(builds) == 1, builds
    test_step = next(step for step in steps if "bash .ci/run" in step.get("run", ""))
    assert test_step["env"]["BOOK_BUILD"] == "_site"
    pages = next(step for step in steps if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    # What is published is that build, copied as it is, plus the editions beside it.
    assemble = next(
        step for step in steps if pages["with"]["path"] in step.get("run", "") and "cp " in step["run"]
    )
    assert f"cp -r _site/_build/html {pages['with']['path']}" in assemble["run"]
    assert "scripts/build_editions.py" in assemble["run"]
    link_check = next(step for step in steps if "check_external_links.py" in step.get("run", ""))
    assert link_check["if"] == "github.event_name == 'schedule'"
    python = next(step for step in steps if step.get("uses", "").startswith("actions/setup-python"))
    assert python["with"]["cache"] == "pip"
    assert any(
        step.get("uses", "").startswith("actions/cache") and step["with"]["path"] == "_site" for step in steps
    )


def test_workflows_pass_actionlint():
    proc = subprocess.run(
        [actionlint(), "-no-color", *map(str, WORKFLOWS)], cwd=ROOT, capture_output=True, text=True
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_actionlint_catches_a_broken_workflow(tmp_path):
    """The checker really checks: an undefined expression property is reported."""
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n"
        "      - run: echo ${{ github.no_such_property }}\n",
        encoding="utf-8",
    )
    proc = subprocess.run([actionlint(), "-no-color", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 1 and "no_such_property" in proc.stdout
