"""Refresh one dataset from its publisher's new file and report what changed in the book.

Usage::

    python scripts/refresh.py DATASET RAW [--no-build] [--report PATH] [--chapter book/x.md ...]

Steps: (1) run every chapter that has code as a notebook and record its computed values (the
names its ``{eval}`` roles show), the captions and chart texts its cells display, and any error;
(2) re-derive the curated CSV with the dataset's script in ``scripts/`` from ``RAW``;
(3) validate the data (``python -m companion.data validate``; on failure the old CSV is put
back); (4) run the chapters again; (5) rebuild the book strictly; (6) write a Markdown report
under ``_build/refresh/`` of every value and text that changed, old -> new, by chapter, and of
every guard that now fails, and print its path. Exit status 0 if the data validate and the
book builds, 1 otherwise.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from companion.derivations import DERIVATIONS, Derivation

REPO = Path(__file__).resolve().parent.parent

#: The datasets the refresh command re-derives (from :data:`companion.derivations.DERIVATIONS`, the one map
#: of datasets to scripts), and the other names it accepts for them.
DATASETS: dict[str, Derivation] = {name: d for name, d in DERIVATIONS.items() if d.refreshable}
ALIASES: dict[str, str] = {alias: name for name, d in DATASETS.items() for alias in d.aliases}

EVAL_ROLE = re.compile(r"\{eval\}`([^`]+)`")
MARK = "<<chapter-values>>"
_CHART_KEYS = ("title", "subtitle", "description")


# --------------------------------------------------------------------------------------
# Running a chapter and collecting what it computes
# --------------------------------------------------------------------------------------


@dataclass
class ChapterRun:
    """What one chapter computed: {eval} values, displayed texts, and errors (guard failures first of all)."""

    chapter: str
    values: dict[str, str] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    seconds: float = 0.0


def chapters(root: Path = REPO) -> list[Path]:
    """Every chapter in ``_toc.yml`` that has code cells."""
    import yaml

    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    docs: list[str] = [toc["root"]]

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            if "file" in node:
                docs.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", toc.get("chapters", [])))
    paths = [root / (d if d.endswith(".md") else f"{d}.md") for d in docs]
    return [p for p in paths if p.is_file() and "{code-cell}" in p.read_text(encoding="utf-8")]


def eval_names(source: str) -> list[str]:
    """The names shown by ``{eval}`` roles in a chapter's source, in order of first use."""
    return list(dict.fromkeys(m.strip() for m in EVAL_ROLE.findall(source)))


def _chart_texts(obj: Any, prefix: str, out: dict[str, str]) -> None:
    """Collect title, subtitle and description strings from a chart specification."""
    if isinstance(obj, dict):
        for key in _CHART_KEYS:
            value = obj.get(key)
            if isinstance(value, str):
                out[f"{prefix} {key}"] = value
            elif isinstance(value, list) and all(isinstance(v, str) for v in value):
                out[f"{prefix} {key}"] = " ".join(value)
            elif isinstance(value, dict):
                if isinstance(value.get("text"), (str, list)):
                    text = value["text"]
                    out[f"{prefix} title"] = text if isinstance(text, str) else " ".join(text)
                if isinstance(value.get("subtitle"), (str, list)):
                    sub = value["subtitle"]
                    out[f"{prefix} subtitle"] = sub if isinstance(sub, str) else " ".join(sub)


def run_chapter(path: Path, root: Path = REPO, timeout: int = 300) -> ChapterRun:
    """Execute a chapter as a notebook (from its folder, importing ``companion`` from ``root``) and collect what it computed."""
    import jupytext
    import nbformat
    from nbclient import NotebookClient

    source = path.read_text(encoding="utf-8")
    names = eval_names(source)
    nb = jupytext.reads(source, fmt="md:myst")
    probe = (
        "import json as _rj\n_rv = {}\n"
        f"for _rn in {names!r}:\n"
        "    try:\n        _rv[_rn] = str(eval(_rn))\n"
        "    except Exception as _re:\n        _rv[_rn] = f'<not defined: {type(_re).__name__}>'\n"
        f"print({MARK!r} + _rj.dumps(_rv))\n"
    )
    nb.cells.append(nbformat.v4.new_code_cell(probe))
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(root), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    )
    # Render as a notebook (chart specs and captions as outputs), even if this process has imported
    # the book's Sphinx extension, which sets the surface to "book" for the kernels it starts.
    env.pop("COMPANION_SURFACE", None)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent)}},
    )
    started = time.perf_counter()
    client.execute(env=env)
    shown = path.relative_to(root).as_posix()
    run = ChapterRun(shown, seconds=time.perf_counter() - started)
    figure = 0
    for n, cell in enumerate(nb.cells[:-1], start=1):
        if cell.cell_type != "code":
            continue
        for output in cell.get("outputs", []):
            kind = output.get("output_type")
            if kind == "error":
                evalue = output.get("evalue", "")
                run.errors.append(
                    f"{output.get('ename')}: {evalue}" if evalue else output.get("ename", "error")
                )
            elif kind in ("display_data", "execute_result"):
                data = output.get("data", {})
                specs = [
                    v
                    for k, v in data.items()
                    if k.startswith("application/vnd.vegalite") or k.endswith("+json")
                ]
                for spec in specs:
                    if isinstance(spec, dict):
                        figure += 1
                        _chart_texts(spec, f"chart {figure}", run.texts)
                        break
                if "text/markdown" in data:
                    md = data["text/markdown"]
                    run.texts[f"cell {n} text"] = md if isinstance(md, str) else "".join(md)
    for output in nb.cells[-1].get("outputs", []):
        text = output.get("text", "")
        if output.get("output_type") == "stream" and MARK in text:
            run.values = json.loads(text.split(MARK, 1)[1].strip().splitlines()[0])
    return run


def run_chapters(paths: list[Path], root: Path = REPO, workers: int = 2) -> dict[str, ChapterRun]:
    """Run several chapters (``workers`` at a time) and return their results by chapter path."""
    if workers <= 1 or len(paths) <= 1:
        runs = [run_chapter(p, root) for p in paths]
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            runs = list(pool.map(run_chapter, paths, [root] * len(paths)))
    return {r.chapter: r for r in runs}


# --------------------------------------------------------------------------------------
# The report
# --------------------------------------------------------------------------------------


def _cell(text: str) -> str:
    """Make ``text`` safe inside a Markdown table cell."""
    return " ".join(str(text).split()).replace("|", "\\|") or "(empty)"


def short_change(old: str, new: str, limit: int = 300, context: int = 6) -> tuple[str, str]:
    """Return (old, new) as is when short, else only the changed words with a few words either side."""
    if len(old) <= limit and len(new) <= limit:
        return old, new
    a, b = old.split(), new.split()
    olds, news = [], []
    for group in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_grouped_opcodes(context):
        olds.append("… " + " ".join(a[group[0][1] : group[-1][2]]) + " …")
        news.append("… " + " ".join(b[group[0][3] : group[-1][4]]) + " …")
    return " ".join(olds) or old[:limit], " ".join(news) or new[:limit]


def compare_runs(before: dict[str, ChapterRun], after: dict[str, ChapterRun]) -> dict[str, dict[str, Any]]:
    """Per chapter: changed values and texts (name → (old, new)) and the errors the new run raises."""
    result: dict[str, dict[str, Any]] = {}
    for chapter in sorted(set(before) | set(after)):
        old, new = before.get(chapter, ChapterRun(chapter)), after.get(chapter, ChapterRun(chapter))
        values = {
            k: (old.values.get(k, "(absent)"), new.values.get(k, "(absent)"))
            for k in dict.fromkeys([*old.values, *new.values])
            if old.values.get(k) != new.values.get(k)
        }
        texts = {
            k: (old.texts.get(k, "(absent)"), new.texts.get(k, "(absent)"))
            for k in dict.fromkeys([*old.texts, *new.texts])
            if old.texts.get(k) != new.texts.get(k)
        }
        result[chapter] = {
            "values": values,
            "texts": texts,
            "errors": new.errors,
            "new_errors": [e for e in new.errors if e not in old.errors],
        }
    return result


def guard_failures(log: str) -> list[str]:
    """The guard messages ("<file>:<line>: the statement … no longer holds …") found in a build log."""
    plain = re.sub(r"\x1b\[[0-9;]*m", "", log)
    found = re.findall(r"StatementFailed: (\S+?:\d[\d, ]*: the statement .*?no longer holds[^\n]*)", plain)
    return list(dict.fromkeys(found))


def data_diff(old: dict[str, str], new: dict[str, str], limit: int = 30) -> list[str]:
    """Lines of a unified diff of each curated CSV that changed (at most ``limit`` changed lines per file)."""
    lines: list[str] = []
    for rel in sorted(set(old) | set(new)):
        a, b = old.get(rel, "").splitlines(), new.get(rel, "").splitlines()
        if a == b:
            continue
        changed = [
            d
            for d in difflib.unified_diff(a, b, lineterm="", n=0)
            if d[:1] in "+-" and not d.startswith(("+++", "---"))
        ]
        lines.append(
            f"- `data/{rel}`: {sum(d.startswith('+') for d in changed)} line(s) added, "
            f"{sum(d.startswith('-') for d in changed)} removed"
        )
        shown = changed[:limit]
        lines.append("")
        lines.append("  ```diff")
        lines.extend(f"  {d[:200]}" for d in shown)
        if len(changed) > limit:
            lines.append(f"  … {len(changed) - limit} more")
        lines.append("  ```")
    return lines or ["- No curated file changed."]


def write_report(
    path: Path,
    dataset: str,
    raw: str,
    diff: list[str],
    changes: dict[str, dict[str, Any]],
    validation: list[str],
    build: tuple[int, str] | None,
) -> None:
    """Write the Markdown change report."""
    out = [
        f"# Data refresh: {dataset}",
        "",
        f"Publisher's file: `{raw}`",
        f"Run at {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        "",
        "## Data",
        "",
        *diff,
        "",
    ]
    out += ["## Validation", ""]
    out += [f"- {p}" for p in validation] if validation else ["- All datasets are valid."]
    out += [""]
    failures = sorted(
        {
            e.split("StatementFailed: ", 1)[-1]
            for c in changes.values()
            for e in c["errors"]
            if e.startswith("StatementFailed")
        }
    )
    if build is not None:
        failures = sorted(set(failures) | set(guard_failures(build[1])))
    out += ["## Guards that fail", ""]
    out += [f"- {f}" for f in failures] if failures else ["- None: every guarded statement still holds."]
    out += [""]
    if build is not None:
        log_path = path.with_suffix(".build.log")
        path.parent.mkdir(parents=True, exist_ok=True)
        log_path.write_text(build[1], encoding="utf-8")
        in_log = guard_failures(build[1])
        out += [
            "## Book build",
            "",
            "- The strict build passed."
            if build[0] == 0
            else f"- The strict build FAILED (exit {build[0]}); the build log (`{log_path.name}`, next to this "
            f"report) names {len(in_log)} failing guard(s) with file and line.",
            "",
        ]
    out += ["## What changed, by chapter", ""]
    any_change = False
    for chapter, c in changes.items():
        if not (c["values"] or c["texts"] or c["new_errors"]):
            continue
        any_change = True
        out += [f"### `{chapter}`", ""]
        if c["values"] or c["texts"]:
            out += ["| Computed value or text | Old | New |", "|---|---|---|"]
            for name, (old, new) in {**c["values"], **c["texts"]}.items():
                old, new = short_change(old, new)
                out.append(f"| `{_cell(name)}` | {_cell(old)} | {_cell(new)} |")
            out.append("")
        stops = [e for e in c["new_errors"] if e.startswith("StatementFailed")]
        if stops:
            out += [
                f'The chapter stops at {len(stops)} guard(s), listed under "Guards that fail"; values '
                "computed after a failing guard are not compared.",
                "",
            ]
        other = [e for e in c["new_errors"] if not e.startswith("StatementFailed")]
        if other:
            out += ["Errors in the new run:", "", *[f"- {_cell(e)[:500]}" for e in other], ""]
    if not any_change:
        out += ["No computed value or text changed.", ""]
    unchanged = [ch for ch, c in changes.items() if not (c["values"] or c["texts"] or c["new_errors"])]
    if unchanged:
        out += ["Chapters with no change: " + ", ".join(f"`{u}`" for u in unchanged) + ".", ""]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(out), encoding="utf-8")


# --------------------------------------------------------------------------------------
# The refresh
# --------------------------------------------------------------------------------------


def derive(dataset: str, raw: Path, root: Path = REPO) -> None:
    """Run the dataset's derivation script on ``raw``, writing its curated file(s) in ``root/data``."""
    entry = DATASETS[dataset]
    target = str(root / "data" / entry.out_target)
    cmd = [sys.executable, str(root / "scripts" / entry.script), str(raw), entry.out_flag, target]
    proc = subprocess.run(cmd, cwd=root / "scripts", capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"{entry.script} failed on {raw}:\n{proc.stdout}{proc.stderr}")


def validate(root: Path = REPO) -> list[str]:
    """Validate every dataset of ``root/data``; return the problems (empty when valid)."""
    proc = subprocess.run(
        [sys.executable, "-m", "companion.data", "validate", "--data-dir", str(root / "data")],
        cwd=root,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(root)),
    )
    return (
        [] if proc.returncode == 0 else [ln for ln in proc.stdout.splitlines() if ln.strip()] or [proc.stderr]
    )


def build(root: Path = REPO) -> tuple[int, str]:
    """Build the book strictly; return the exit status and the log."""
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run(
        [str(jb), "build", str(root), "-W", "-n", "--keep-going"],
        cwd=root,
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(root)),
    )
    return proc.returncode, proc.stdout + proc.stderr


def refresh(
    dataset: str,
    raw: Path,
    root: Path = REPO,
    chapter_paths: list[Path] | None = None,
    do_build: bool = True,
    report: Path | None = None,
    workers: int = 2,
) -> tuple[int, Path]:
    """Run the whole refresh; return the exit status and the report's path."""
    dataset = ALIASES.get(dataset, dataset)
    if dataset not in DATASETS:
        raise SystemExit(f"unknown dataset {dataset!r}; choose one of {', '.join([*DATASETS, *ALIASES])}")
    if not raw.exists():
        raise SystemExit(f"publisher's file not found: {raw}")
    files = DATASETS[dataset].writes
    paths = chapter_paths or chapters(root)
    report = (
        report
        or root / "_build" / "refresh" / f"{dataset}-{time.strftime('%Y%m%dT%H%M%SZ', time.gmtime())}.md"
    )
    old_data = {
        rel: (root / "data" / rel).read_text(encoding="utf-8")
        for rel in files
        if (root / "data" / rel).exists()
    }
    print(f"Running {len(paths)} chapters on the current data …", flush=True)
    before = run_chapters(paths, root, workers)
    print(f"Re-deriving {dataset} from {raw} …", flush=True)
    derive(dataset, raw.resolve(), root)
    new_data = {rel: (root / "data" / rel).read_text(encoding="utf-8") for rel in files}
    problems = validate(root)
    if problems:
        for rel, text in old_data.items():
            (root / "data" / rel).write_text(text, encoding="utf-8")
        write_report(report, dataset, str(raw), data_diff(old_data, new_data), {}, problems, None)
        print("\n".join(problems), file=sys.stderr)
        print(f"The new data do not validate; the old files are back in place. Report: {report}")
        return 1, report
    print("Running the chapters on the new data …", flush=True)
    after = run_chapters(paths, root, workers)
    result = build(root) if do_build else None
    changes = compare_runs(before, after)
    write_report(report, dataset, str(raw), data_diff(old_data, new_data), changes, [], result)
    failing = any(c["errors"] for c in changes.values()) or (result is not None and result[0] != 0)
    print(f"Report of what changed in the book: {report}")
    return (1 if failing else 0), report


def main(argv: list[str] | None = None) -> int:
    """Command line: ``refresh.py DATASET RAW``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dataset", help=f"one of {', '.join(DATASETS)} (or {', '.join(ALIASES)})")
    parser.add_argument("raw", type=Path, help="the publisher's file (for nss: the folder of texts)")
    parser.add_argument(
        "--no-build", action="store_true", help="skip the book build (chapters are still run)"
    )
    parser.add_argument("--report", type=Path, default=None, help="where to write the report")
    parser.add_argument(
        "--chapter",
        type=Path,
        action="append",
        default=None,
        help="run only this chapter (repeatable; default: every chapter with code)",
    )
    args = parser.parse_args(argv)
    chapter_paths = [p.resolve() for p in args.chapter] if args.chapter else None
    status, _ = refresh(args.dataset, args.raw, REPO, chapter_paths, not args.no_build, args.report)
    return status


if __name__ == "__main__":
    sys.exit(main())
