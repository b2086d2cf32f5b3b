"""A newcomer's `make test`: missing system programs stop it at once with one message naming them all.

The script runs here with a PATH of stand-in programs (small shell scripts), so every case, a
machine with everything, without one program, without any, not root with or without sudo, is
tried whatever this machine has installed.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "scripts" / "prerequisites.sh"

# The programs make test needs and the Debian package of each (written out here, not read from
# the script, so that a line dropped from the script's table fails a test).
TEST_PROGRAMS = {
    "make": "make",
    "git": "git",
    "chromium": "chromium",
    "node": "nodejs",
    "npm": "npm",
    "java": "default-jre-headless",
    "fc-list": "fonts-dejavu-core",
}
PYTHON_OK = "#!/bin/sh\nexit 0\n"
# A Python 3.11 without its venv module, as Debian's python3.11 is without python3.11-venv.
PYTHON_WITHOUT_VENV = '#!/bin/sh\ncase "$*" in *ensurepip*) exit 1 ;; esac\nexit 0\n'


def table() -> list[tuple[set[str], str, str]]:
    """The script's table: (targets, what it is for, Debian package) per line."""
    text = SCRIPT.read_text(encoding="utf-8").split("TABLE='", 1)[1].split("\n'", 1)[0]
    rows = []
    for line in text.strip().splitlines():
        targets, what, _check, package = line.split("^")
        rows.append((set(targets.split(",")), what, package))
    return rows


class Machine:
    """A PATH of stand-in programs; ``uid`` is what ``id -u`` answers."""

    def __init__(self, folder: Path, uid: int = 0):
        self.bin = folder / "bin"
        self.bin.mkdir()
        self.log = folder / "calls.log"
        for real in ("bash", "grep", "cat"):
            found = shutil.which(real)
            assert found, f"{real} is needed to run this test"
            (self.bin / real).symlink_to(found)
        self.add("id", f'#!/bin/sh\n[ "$1" = -u ] && echo {uid} || echo uid={uid}\n')
        self.add("python3.11", PYTHON_OK)
        self.add("python3", PYTHON_OK)
        for program in TEST_PROGRAMS:
            self.add(program, "#!/bin/sh\necho DejaVu Sans\n" if program == "fc-list" else PYTHON_OK)
        # apt-get and sudo only record how they were called.
        self.add("apt-get", f'#!/bin/sh\necho "apt-get $*" >> {self.log}\n')

    def add(self, name: str, script: str) -> None:
        path = self.bin / name
        path.write_text(script, encoding="utf-8")
        path.chmod(0o755)

    def remove(self, *names: str) -> None:
        for name in names:
            (self.bin / name).unlink()

    def run(self, *args: str) -> subprocess.CompletedProcess[str]:
        env = {"PATH": str(self.bin), "HOME": os.environ.get("HOME", "/root"), "CHROME_PATH": "/nonexistent"}
        return subprocess.run(["/bin/bash", str(SCRIPT), *args], capture_output=True, text=True, env=env)

    def calls(self) -> list[str]:
        return self.log.read_text(encoding="utf-8").splitlines() if self.log.exists() else []


def install_line(message: str) -> str:
    return next(line for line in message.splitlines() if "apt-get install -y" in line)


def test_a_machine_with_everything_passes_every_target(tmp_path):
    machine = Machine(tmp_path)
    for target in ("book", "test", "bench", "pdf"):
        proc = machine.run(target)
        assert (proc.returncode, proc.stderr) == (0, ""), target


@pytest.mark.parametrize("program", sorted(TEST_PROGRAMS))
def test_each_missing_program_is_named_with_its_package(tmp_path, program):
    machine = Machine(tmp_path)
    machine.remove(program)
    proc = machine.run("test")
    assert proc.returncode == 1
    items = [line for line in proc.stderr.splitlines() if line.startswith("  - ")]
    assert len(items) == 1 and f"(Debian package: {TEST_PROGRAMS[program]})" in items[0], proc.stderr
    assert install_line(proc.stderr).split("install -y ")[1].split() == [TEST_PROGRAMS[program]]


def test_every_missing_program_is_named_in_one_message(tmp_path):
    machine = Machine(tmp_path)
    machine.remove("make", *(p for p in TEST_PROGRAMS if p != "make"))
    proc = machine.run("test")
    assert proc.returncode == 1
    message = proc.stderr
    assert message.startswith("make test: missing prerequisites:")
    assert message.count("missing prerequisites") == 1
    for program in ("Chromium", "Node.js", "npm", "Java", "git", "DejaVu fonts"):
        assert program in message, message
    command = install_line(message)
    assert command.strip() == "apt-get update && apt-get install -y " + " ".join(
        package for _, _, package in table() if package in TEST_PROGRAMS.values()
    )
    assert set(command.split("install -y ")[1].split()) == set(TEST_PROGRAMS.values())
    assert "scripts/prerequisites.sh --install test" in message


def test_python_without_its_venv_module_is_named(tmp_path):
    machine = Machine(tmp_path)
    machine.add("python3.11", PYTHON_WITHOUT_VENV)
    machine.add("python3", PYTHON_WITHOUT_VENV)
    proc = machine.run("book")
    assert proc.returncode == 1
    assert install_line(proc.stderr).split("install -y ")[1].split() == ["python3.11-venv"]


def test_a_target_is_checked_only_for_what_it_needs(tmp_path):
    """`make book` needs no browser; `make pdf` needs Chromium and fonts but no Java or Node."""
    machine = Machine(tmp_path)
    machine.remove("chromium", "node", "npm", "java", "git", "fc-list")
    assert machine.run("book").returncode == 0
    pdf = machine.run("pdf")
    assert install_line(pdf.stderr).split("install -y ")[1].split() == ["chromium", "fonts-dejavu-core"]
    assert machine.run("bench").returncode == 1


def test_not_root_the_command_uses_sudo(tmp_path):
    machine = Machine(tmp_path, uid=1000)
    machine.add("sudo", '#!/bin/sh\n"$@"\n')
    machine.remove("java")
    proc = machine.run("test")
    assert install_line(proc.stderr).strip() == (
        "sudo apt-get update && sudo apt-get install -y default-jre-headless"
    )
    machine.run("--install", "test")
    assert machine.calls() == ["apt-get update -qq", "apt-get install -y -qq default-jre-headless"]


def test_not_root_without_sudo_the_command_is_for_root_and_nothing_is_run(tmp_path):
    """Debian set up with a root password has no sudo: the message says so, --install runs nothing."""
    machine = Machine(tmp_path, uid=1000)
    machine.remove("chromium", "java")
    for args in (("test",), ("--install", "test")):
        proc = machine.run(*args)
        assert proc.returncode == 1
        assert "sudo" not in install_line(proc.stderr).replace("sudo is not installed", "")
        assert install_line(proc.stderr).strip() == (
            "su -c 'apt-get update && apt-get install -y chromium default-jre-headless'"
        )
        assert "as root" in proc.stderr and "--install" not in proc.stderr
    assert machine.calls() == []


def test_install_checks_again_and_names_what_is_still_missing(tmp_path):
    machine = Machine(tmp_path)
    machine.remove("java")
    proc = machine.run("--install", "test")
    assert machine.calls() == ["apt-get update -qq", "apt-get install -y -qq default-jre-headless"]
    assert proc.returncode == 1
    assert "Still missing" in proc.stderr and "Java" in proc.stderr


def test_install_that_installs_passes(tmp_path):
    machine = Machine(tmp_path)
    machine.remove("java", "npm")
    # An apt-get that puts the programs of the packages it installs on the PATH.
    installed = tmp_path / "installed"
    installed.mkdir()
    for program in ("java", "npm"):
        (installed / program).write_text(PYTHON_OK, encoding="utf-8")
        (installed / program).chmod(0o755)
    cp = shutil.which("cp")
    machine.add(
        "apt-get",
        f'#!/bin/sh\necho "apt-get $*" >> {machine.log}\n'
        f'case "$*" in *install*) {cp} -p {installed}/java {installed}/npm {machine.bin}/ ;; esac\n',
    )
    proc = machine.run("--install", "test")
    assert (proc.returncode, proc.stderr) == (0, "")
    assert machine.calls()[-1] == "apt-get install -y -qq npm default-jre-headless"


def quick_start() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    return readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]


def test_readme_set_up_names_every_package_the_script_installs():
    prose = re.sub(r"```.*?```", "", quick_start(), flags=re.S)
    names = {word for span in re.findall(r"`([^`\n]+)`", prose) for word in span.split()}
    missing = sorted({package for _, _, package in table()} - names)
    assert not missing, f"README's Quick start does not name the Debian packages {missing}"


def test_readme_set_up_gives_the_commands_that_install_and_check():
    section = quick_start()
    assert "```bash\nmake test\n```" in section and "```bash\nmake book\n```" in section
    assert "scripts/prerequisites.sh --install test" in section
    pdf = (ROOT / "README.md").read_text(encoding="utf-8").split("## The course reader (PDF)", 1)[1]
    assert "scripts/prerequisites.sh --install pdf" in pdf.split("\n## ", 1)[0]


def test_make_targets_check_their_prerequisites_first():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    targets = set().union(*(targets for targets, _, _ in table())) - {"book"}
    for target in sorted(targets):
        rule = re.search(rf"^{target}:(.*)$", makefile, re.M)
        assert rule, target
        assert rule.group(1).split()[0] == f"prerequisites-{target}", target
    stamp = makefile.split("\n$(STAMP):", 1)[1].split("\n\n", 1)[0]
    assert "scripts/prerequisites.sh book" in stamp.splitlines()[1]


def test_ci_installs_the_test_prerequisites_then_runs_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    commands = [line for line in ci if line and not line.startswith("#")]
    assert commands[-2:] == ["scripts/prerequisites.sh --install test", "make test"]
