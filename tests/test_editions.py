"""The edition: one number in EDITION, followed by CITATION.cff, _config.yml and the changelog;
`make release` bumps it; every page shows it; earlier editions carry a banner."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
import shutil
import subprocess
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from companion import editions

ROOT = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("build_editions", ROOT / "scripts" / "build_editions.py")
assert _spec and _spec.loader
build_editions = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build_editions)
FILES = ("EDITION", "CITATION.cff", "_config.yml", "book/reference/changelog.md")


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """The files that hold or follow the edition, copied into a throwaway folder."""
    for name in FILES:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(ROOT / name, tmp_path / name)
    return tmp_path


def test_every_follower_states_the_edition_in_EDITION():
    assert editions.problems(ROOT) == []


def test_the_edition_is_a_year_and_a_running_number():
    edition = (ROOT / "EDITION").read_text(encoding="utf-8").strip()
    assert re.fullmatch(r"20\d\d\.[1-9]\d*", edition)
    assert editions.read(ROOT) == edition


def test_a_follower_that_disagrees_is_named(copy: Path):
    cff = copy / "CITATION.cff"
    cff.write_text(re.sub(r"^version: .*$", "version: 1999.9", cff.read_text(), flags=re.M))
    (message,) = editions.problems(copy)
    assert message.startswith("CITATION.cff:") and "1999.9" in message


def test_a_malformed_edition_is_refused_naming_the_file(copy: Path):
    (copy / "EDITION").write_text("v2026-1\n")
    with pytest.raises(editions.EditionError, match=r"^EDITION, line 1: 'v2026-1' is not an edition number"):
        editions.read(copy)


def test_release_bumps_every_follower_and_dates_the_changelog(copy: Path):
    old = editions.read(copy)
    year, number = (int(x) for x in old.split("."))
    new = f"{year}.{number + 1}"
    editions.release(new, copy, today=dt.date(2027, 1, 5))
    assert (copy / "EDITION").read_text() == new + "\n"
    cff = (copy / "CITATION.cff").read_text()
    assert f"\nversion: {new}\n" in cff and "\ndate-released: 2027-01-05\n" in cff
    assert f'release: "{new}"' in (copy / "_config.yml").read_text()
    log = (copy / "book/reference/changelog.md").read_text()
    # A new, empty Unreleased section, then the new edition, then the old one.
    assert (
        log.index("## Unreleased")
        < log.index(f"## Edition {new} (2027-01-05)")
        < log.index(f"## Edition {old} (")
    )
    assert log.count("## Unreleased") == 1
    assert editions.problems(copy) == []


@pytest.mark.parametrize("new", ["2020.1", "not-an-edition"])
def test_release_refuses_an_edition_that_does_not_come_after(copy: Path, new: str):
    before = {name: (copy / name).read_text() for name in FILES}
    with pytest.raises(editions.EditionError):
        editions.release(new, copy)
    assert {name: (copy / name).read_text() for name in FILES} == before


def _git_repo(folder: Path) -> Callable[..., str]:
    """Make ``folder`` a git repository with one commit; return a runner of git in it."""

    def git(*args: str) -> str:
        return subprocess.run(["git", *args], cwd=folder, check=True, capture_output=True, text=True).stdout

    git("init", "-q")
    git("config", "user.name", "Editor")
    git("config", "user.email", "editor@example.org")
    git("add", ".")
    git("commit", "-qm", "start")
    return git


def test_release_from_the_command_line_commits_and_tags(copy: Path):
    git = _git_repo(copy)
    new = f"{int(editions.read(copy).split('.')[0]) + 1}.1"
    assert editions.main(["--root", str(copy), "release", new, "--git"]) == 0
    assert git("tag", "--list").split() == [f"v{new}"]
    assert git("log", "-1", "--format=%s").strip() == f"Edition {new}"
    assert git("status", "--porcelain") == ""


def test_published_editions_are_the_edition_tags_in_order(copy: Path):
    git = _git_repo(copy)
    for name in ("v2026.10", "v2026.2", "v2026.1", "vnext", "release-3"):
        git("tag", name)
    assert build_editions.tagged_editions(copy) == ["2026.1", "2026.2", "2026.10"]


def test_make_release_runs_the_release_with_git():
    makefile = (ROOT / "Makefile").read_text()
    recipe = makefile.split("\nrelease:", 1)[1].split("\n\n", 1)[0]
    assert "companion.editions release" in recipe and "--git" in recipe and "$(VERSION)" in recipe


class _App:
    def __init__(self, confdir: Path, baseurl: str = "https://example.org/book/"):
        self.confdir = str(confdir)
        self.config = type("C", (), {"html_baseurl": baseurl})()


def _context(extra_footer: str = "<p>Licence.</p>") -> dict:
    return {"pathto": lambda name: f"../{name}.html", "theme_extra_footer": extra_footer}


def test_every_page_gets_the_edition_in_its_footer(copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv("COMPANION_CURRENT_EDITION", raising=False)
    context = _context()
    editions._on_page_context(_App(copy), "book/intro", "page.html", context, None)
    edition = (copy / "EDITION").read_text().strip()
    assert context["theme_extra_footer"].startswith("<p>Licence.</p>")
    assert f"Edition {edition} " in context["theme_extra_footer"]
    assert 'href="../book/reference/changelog.html"' in context["theme_extra_footer"]
    assert "theme_announcement" not in context


def test_an_earlier_edition_points_to_the_current_one(copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COMPANION_CURRENT_EDITION", "2099.3")
    context = _context()
    editions._on_page_context(_App(copy), "book/intro", "page.html", context, None)
    assert '<a href="https://example.org/book/">2099.3</a>' in context["theme_announcement"]
    assert f"edition {(copy / 'EDITION').read_text().strip()} of this book" in context["theme_announcement"]


def test_the_current_edition_has_no_banner(copy: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("COMPANION_CURRENT_EDITION", (copy / "EDITION").read_text().strip())
    context = _context()
    editions._on_page_context(_App(copy), "book/intro", "page.html", context, None)
    assert "theme_announcement" not in context


def test_built_pages_show_the_edition_linked_to_the_changelog(built_site: Path):
    edition = (ROOT / "EDITION").read_text(encoding="utf-8").strip()
    pages = sorted((built_site / "book").rglob("*.html"))
    assert pages
    link = re.compile(r"Edition " + re.escape(edition) + r' \(<a href="([^"]+)">what changed</a>\)')
    for page in pages:
        m = link.search(page.read_text(encoding="utf-8"))
        assert m, f"{page.relative_to(built_site)}: no edition line in the footer"
        assert (page.parent / (m.group(1).split("#")[0] or page.name)).resolve() == (
            built_site / "book/reference/changelog.html"
        ).resolve()


# --------------------------------------------------------------------------------------
# Earlier editions' wheels: where an earlier edition's downloaded notebooks install from
# --------------------------------------------------------------------------------------

WHEEL_FILES = ("pyproject.toml", "EDITION", "README.md", "LICENSE", "_toc.yml", "_config.yml")


def _fake_build(edition: str, current: str, base_url: str, out: Path, root: Path) -> None:
    """The built HTML of the tagged ``edition`` as far as its wheel goes: one downloadable notebook."""
    import nbformat

    from companion import notebooks

    with build_editions.checkout(edition, root) as tree:
        nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("import companion")])
        nb = notebooks.with_setup_cell(nb, notebooks.setup_cell_for("book/intro.md", tree))
    (out / "_sources" / "book").mkdir(parents=True)
    nbformat.write(nb, str(out / "_sources" / "book" / "intro.ipynb"))


@pytest.mark.drill  # copies the repository and tags a release; about 30 s (a pip wheel build): not in `make check`
def test_an_earlier_edition_gets_its_own_wheel_where_its_notebooks_install_from(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    repo = tmp_path / "repo"
    repo.mkdir()
    for name in WHEEL_FILES:
        shutil.copy(ROOT / name, repo / name)
    for folder in ("companion", "data"):
        shutil.copytree(ROOT / folder, repo / folder, ignore=shutil.ignore_patterns("__pycache__", "raw"))
    (repo / "scripts").mkdir()
    shutil.copy(ROOT / "scripts" / "build_wheel.py", repo / "scripts")
    current = editions.read(ROOT)
    earlier = f"{int(current.split('.')[0]) - 1}.3"
    (repo / "EDITION").write_text(earlier + "\n", encoding="utf-8")
    git = _git_repo(repo)
    git("tag", f"v{earlier}")
    (repo / "EDITION").write_text(current + "\n", encoding="utf-8")
    git("commit", "-qam", "next edition")
    base = build_editions._baseurl()  # the site's address, which the notebooks' wheel address starts with
    site = tmp_path / "site"
    (site / "wheels").mkdir(parents=True)
    (site / "index.html").write_text("current", encoding="utf-8")
    (site / "wheels" / f"spheres_of_influence-{current}-py3-none-any.whl").write_bytes(b"current wheel")
    monkeypatch.setattr(build_editions, "build_edition", _fake_build)

    build_editions.add_editions(site, base, tmp_path / "cache", root=repo)

    (url,) = build_editions.wheel_urls(site / "editions" / earlier)
    assert url.startswith(base) and earlier in url
    wheel = site / url.removeprefix(base)
    with zipfile.ZipFile(wheel) as whl:
        metadata = next(n for n in whl.namelist() if n.endswith(".dist-info/METADATA"))
        assert f"\nVersion: {earlier}\n" in whl.read(metadata).decode()
        assert "companion/notebooks.py" in whl.namelist()
    assert (
        site / "wheels" / f"spheres_of_influence-{current}-py3-none-any.whl"
    ).read_bytes() == b"current wheel"
    # The cache keeps the wheel: a second run publishes it without building the tag again.
    monkeypatch.setattr(build_editions, "build_wheel", lambda *a, **k: pytest.fail("built again"))
    wheel.unlink()
    build_editions.add_editions(site, base, tmp_path / "cache", root=repo)
    assert wheel.is_file()


def test_a_wheel_address_outside_the_site_is_refused_naming_the_edition(tmp_path: Path):
    from companion import notebooks

    html = tmp_path / "html"
    (html / "_sources").mkdir(parents=True)
    source = notebooks.setup_cell_source(
        edition="2025.1", wheel_url="https://elsewhere.org/x.whl", binder_url="b", repository="r"
    )
    cell = {"cell_type": "code", "metadata": {"tags": ["setup"]}, "source": source, "outputs": []}
    (html / "_sources" / "a.ipynb").write_text(json.dumps({"cells": [cell]}), encoding="utf-8")
    with pytest.raises(
        SystemExit, match=r"editions/2025\.1: its notebooks install https://elsewhere\.org/x\.whl"
    ):
        build_editions.publish_wheel(tmp_path / "site", html, None, "https://example.org/book/", "2025.1")
