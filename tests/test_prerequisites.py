"""A newcomer's `make test`: missing system programs stop it at once with one message naming them all."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "prerequisites.sh"


def bare_path(tmp_path: Path, keep: tuple[str, ...]) -> str:
    """A PATH holding only the named programs (as links), like a machine without the others."""
    folder = tmp_path / "bin"
    folder.mkdir()
    for name in keep:
        # Python by its real binary (a version manager's shim needs the manager on PATH).
        found = os.path.realpath(sys.executable) if name.startswith("python") else shutil.which(name)
        assert found, f"{name} is needed to run this test"
        (folder / name).symlink_to(found)
    return str(folder)


def run(path: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": path, "HOME": os.environ.get("HOME", "/root"), "CHROME_PATH": "/nonexistent/chromium"}
    return subprocess.run(["/bin/bash", str(SCRIPT), *args], capture_output=True, text=True, env=env)


def test_every_missing_program_is_named_in_one_message(tmp_path):
    path = bare_path(tmp_path, ("python3", "make", "bash", "grep", "id", "cat"))
    proc = run(path, "test")
    assert proc.returncode == 1
    message = proc.stderr
    assert message.startswith("make test: missing prerequisites:")
    for program in ("Chromium", "Node.js", "npm", "Java"):
        assert program in message, message
    command = next(line for line in message.splitlines() if "apt-get install -y" in line)
    for package in ("chromium", "nodejs", "npm", "default-jre-headless", "fonts-dejavu-core"):
        assert f" {package}" in command
    assert message.count("missing prerequisites") == 1


def test_a_target_is_checked_only_for_what_it_needs(tmp_path):
    """`make book` needs no browser: a machine without one passes the book's check."""
    path = bare_path(tmp_path, ("python3", "python3.11", "make", "bash"))
    assert run(path, "book").returncode == 0
    assert run(path, "bench").returncode == 1


def test_ci_installs_the_test_prerequisites_then_runs_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in ci if line and not line.startswith("#")]
    assert commands[-2:] == ["scripts/prerequisites.sh --install test", "make test"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "```bash\nmake test\n```" in readme
