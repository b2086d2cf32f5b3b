"""The book's edition: one number, kept in the file ``EDITION``, that everything else follows.

An edition (``2026.1``: the year, then a running number within it) fixes the text, the data and
the code a course teaches from and a reader cites. ``EDITION`` is the one place it is set;
``CITATION.cff`` (``version``) and ``_config.yml`` (Sphinx's ``release``) follow it, and
:func:`problems` reports any that does not. The package takes its version from the same file
(``pyproject.toml``).

``python -m companion.editions release 2026.2`` (``make release VERSION=2026.2``) bumps the
edition: it writes the new number to ``EDITION`` and its followers, dates the changelog's
"Unreleased" section as the new edition's, opens a new empty "Unreleased" section above it,
and, with ``--git``, commits these files and tags the commit ``v2026.2``.

As a Sphinx extension the module puts the edition, linked to the changelog, at the foot of
every page. A build of an earlier edition made with ``COMPANION_CURRENT_EDITION`` set to a
later one (the Pages workflow publishes earlier editions under ``editions/<edition>/``) also
shows a banner on every page that points to the current edition.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EDITION_FILE = "EDITION"
CHANGELOG = "book/reference/changelog.md"
CHANGELOG_PAGE = "book/reference/changelog"
#: An edition number: a four-digit year, a dot and a running number without leading zeros.
PATTERN = re.compile(r"^(?P<year>\d{4})\.(?P<number>[1-9]\d*)$")
UNRELEASED = "## Unreleased"
_UNRELEASED_BODY = "Changes on the main branch that the next edition will carry.\n"


class EditionError(ValueError):
    """An edition number or a file that holds one is not as it should be."""


def parse(edition: str, where: str = "edition") -> tuple[int, int]:
    """Return (year, number) of ``edition``; raise :class:`EditionError` naming ``where`` if malformed."""
    m = PATTERN.match(edition)
    if not m:
        raise EditionError(
            f"{where}: {edition!r} is not an edition number (a year and a running number, such as 2026.1)"
        )
    return int(m.group("year")), int(m.group("number"))


def read(root: Path = ROOT) -> str:
    """The edition set in ``EDITION``."""
    path = root / EDITION_FILE
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise EditionError(f"{EDITION_FILE}: missing; it holds the book's edition, such as 2026.1") from None
    if len(lines) != 1:
        raise EditionError(f"{EDITION_FILE}: must hold one line, the edition number; it has {len(lines)}")
    edition = lines[0].strip()
    parse(edition, f"{EDITION_FILE}, line 1")
    return edition


# Each follower: file, the pattern of the line that carries the edition, and how it is written.
_FOLLOWERS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("CITATION.cff", re.compile(r"^version: *(?P<value>\S+) *$", re.M), "version: {edition}"),
    (
        "_config.yml",
        re.compile(r"^    release: *[\"']?(?P<value>[^\"'\s]+)[\"']? *$", re.M),
        '    release: "{edition}"',
    ),
)


def followers(root: Path = ROOT) -> dict[str, str | None]:
    """The edition each following file states (None where it states none)."""
    found: dict[str, str | None] = {}
    for name, pattern, _ in _FOLLOWERS:
        m = pattern.search((root / name).read_text(encoding="utf-8"))
        found[name] = m.group("value") if m else None
    return found


def problems(root: Path = ROOT) -> list[str]:
    """Every file whose edition differs from ``EDITION``, one message each (empty when all agree)."""
    edition = read(root)
    out = []
    for name, value in followers(root).items():
        if value is None:
            out.append(f"{name}: states no edition; it should state {edition}, as {EDITION_FILE} does")
        elif value != edition:
            out.append(f"{name}: states edition {value}, but {EDITION_FILE} says {edition}")
    changelog = (root / CHANGELOG).read_text(encoding="utf-8")
    if f"## Edition {edition} (" not in changelog:
        out.append(f"{CHANGELOG}: has no section '## Edition {edition} (<date>)'")
    return out


def release(new: str, root: Path = ROOT, today: dt.date | None = None) -> list[Path]:
    """Make ``new`` the edition: write it to ``EDITION`` and its followers and date the changelog; return the files changed."""
    old = read(root)
    if parse(new, "the new edition") <= parse(old, f"{EDITION_FILE}, line 1"):
        raise EditionError(f"the new edition {new} must come after the current one, {old}")
    day = (today or dt.date.today()).isoformat()
    changelog_path = root / CHANGELOG
    changelog = changelog_path.read_text(encoding="utf-8")
    if changelog.count(UNRELEASED + "\n") != 1:
        raise EditionError(
            f"{CHANGELOG}: needs exactly one '{UNRELEASED}' section to turn into edition {new}"
        )
    changelog = changelog.replace(
        UNRELEASED + "\n",
        f"{UNRELEASED}\n\n{_UNRELEASED_BODY}\n## Edition {new} ({day})\n",
    )
    changed = [root / EDITION_FILE, changelog_path]
    (root / EDITION_FILE).write_text(new + "\n", encoding="utf-8")
    changelog_path.write_text(changelog, encoding="utf-8")
    for name, pattern, template in _FOLLOWERS:
        path = root / name
        text = path.read_text(encoding="utf-8")
        text, n = pattern.subn(template.format(edition=new), text, count=1)
        if n != 1:
            raise EditionError(f"{name}: no line states the edition, so it cannot follow {EDITION_FILE}")
        if name == "CITATION.cff":
            text = re.sub(r"^date-released: *\S+ *$", f"date-released: {day}", text, count=1, flags=re.M)
        path.write_text(text, encoding="utf-8")
        changed.append(path)
    return changed


def tag(edition: str) -> str:
    """The git tag of an edition."""
    return f"v{edition}"


def banner(edition: str, current: str, current_url: str) -> str:
    """The notice shown on every page of an earlier edition, pointing to the current one."""
    return (
        f"You are reading edition {html.escape(edition)} of this book, kept as it was published. "
        f'The current edition is <a href="{html.escape(current_url, quote=True)}">{html.escape(current)}</a>.'
    )


def footer(edition: str, changelog_href: str) -> str:
    """The edition line at the foot of every page."""
    return (
        f'<p class="companion-edition">Edition {html.escape(edition)} '
        f'(<a href="{html.escape(changelog_href, quote=True)}">what changed</a>). '
        f"Cite this edition by its number; earlier editions stay online.</p>"
    )


# --- Sphinx -------------------------------------------------------------------------------


def _check_config(app: Any, config: Any) -> None:
    """Warn (a failure in the strict build) when a follower disagrees with EDITION."""
    from sphinx.util import logging

    log = logging.getLogger(__name__)
    root = Path(app.confdir)
    try:
        issues = problems(root)
    except EditionError as err:
        issues = [str(err)]
    for issue in issues:
        log.warning(f"edition: {issue}")


def _on_page_context(app: Any, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """Add the edition line to the footer and, on an earlier edition, the banner."""
    root = Path(app.confdir)
    try:
        edition = read(root)
    except EditionError:
        return  # reported once by _check_config
    href = context["pathto"](CHANGELOG_PAGE)
    context["theme_extra_footer"] = (context.get("theme_extra_footer") or "") + footer(edition, href)
    current = os.environ.get("COMPANION_CURRENT_EDITION", "").strip()
    if current and current != edition:
        url = os.environ.get("COMPANION_CURRENT_URL") or app.config.html_baseurl or "/"
        context["theme_announcement"] = banner(edition, current, url)


def setup(app: Any) -> dict[str, Any]:
    """Register the edition's Sphinx hooks."""
    app.connect("config-inited", _check_config)
    app.connect("html-page-context", _on_page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True, "version": "1"}


# --- command line ---------------------------------------------------------------------------


def _git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True)


def main(argv: list[str] | None = None) -> int:
    """``show``, ``check`` or ``release NEW [--git]``."""
    parser = argparse.ArgumentParser(prog="python -m companion.editions", description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT, help="the repository (default: this one)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("show", help="print the edition")
    sub.add_parser("check", help="check that CITATION.cff, _config.yml and the changelog follow EDITION")
    rel = sub.add_parser("release", help="bump the edition and date the changelog")
    rel.add_argument("version", help="the new edition, such as 2027.1")
    rel.add_argument("--git", action="store_true", help="commit the changed files and tag the commit")
    args = parser.parse_args(argv)
    root = args.root.resolve()
    try:
        if args.command == "show":
            print(read(root))
        elif args.command == "check":
            issues = problems(root)
            for issue in issues:
                print(issue, file=sys.stderr)
            return 1 if issues else 0
        else:
            changed = release(args.version, root)
            print(
                f"Edition {args.version}: updated "
                + ", ".join(p.relative_to(root).as_posix() for p in changed)
            )
            if args.git:
                _git(root, "add", *[str(p) for p in changed])
                _git(root, "commit", "-q", "-m", f"Edition {args.version}")
                _git(root, "tag", "-a", tag(args.version), "-m", f"Edition {args.version}")
                print(f"Committed and tagged {tag(args.version)}; push the tag to publish the edition.")
    except EditionError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
