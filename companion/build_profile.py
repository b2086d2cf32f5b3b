"""Where a build's time goes, by phase and process, when ``$BOOK_BUILD_PROFILE`` names a file.

The benchmark (``python -m companion.bench --build-time``) sets it and prints the figures. Each
phase of the main process is measured in wall seconds and CPU seconds (user + system); each
reading process records, as it ends, its own CPU (parsing and rendering the pages) and that of
the kernels it ran (its child processes). The JSON file holds:

* ``startup``: from the process start to the first page read (imports, configuration, the
  extensions' set-up);
* ``reading``: the reading processes (wall), with ``readers_cpu_s`` (Sphinx and myst-nb in
  them), ``kernels_cpu_s`` (the chapters' kernels: start, imports, the chapters' work, the static
  drawings), ``kernels`` (how many were started) and ``main_cpu_s`` (the main process meanwhile);
* ``writing``: resolving references and writing every page (with the chart downloads' CSV and
  the static drawings' files), main process;
* ``finishing``: the build-finished steps (chart bundle awaited, PNG downloads thread joined,
  stylesheets combined, search index), with ``bundle_cpu_s`` for the bundle's process;
* ``total``: wall and CPU seconds, and ``critical_path_cpu_s``: the CPU seconds of the main
  process before and after reading plus those of the busiest reader with its kernels, the wall
  time the build would take on an idle machine with a core per reader (I/O waits aside).
"""

from __future__ import annotations

import json
import os
import resource
import time
from pathlib import Path
from typing import Any

#: Environment variable: the file the build writes its profile to (JSON).
PROFILE_ENV = "BOOK_BUILD_PROFILE"


def _cpu(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def _mark(state: dict[str, Any], name: str) -> None:
    state[name] = (time.time(), _cpu(resource.RUSAGE_SELF), _cpu(resource.RUSAGE_CHILDREN))


def _process_start() -> float:
    """The wall-clock time this process started (Linux ``/proc``), else now."""
    try:
        ticks = int(Path("/proc/self/stat").read_text().rsplit(")", 1)[1].split()[19])
        uptime = float(Path("/proc/uptime").read_text().split()[0])
        return time.time() - uptime + ticks / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return time.time()


def _reader_done(folder: str, started: float) -> None:
    from companion import warm_kernels

    record = {
        "kernels": warm_kernels.started_kernels(),
        "wall_s": time.time() - started,
        "cpu_s": _cpu(resource.RUSAGE_SELF),
        "children_cpu_s": _cpu(resource.RUSAGE_CHILDREN),
    }
    Path(folder, f"reader-{os.getpid()}.json").write_text(json.dumps(record), encoding="utf-8")


def setup(app: Any) -> None:
    """Connect the profile's hooks when ``$BOOK_BUILD_PROFILE`` is set (else do nothing)."""
    target = os.environ.get(PROFILE_ENV, "").strip()
    if not target:
        return
    import tempfile

    main = os.getpid()
    state: dict[str, Any] = {"start": (_process_start(), 0.0, 0.0)}
    folder = tempfile.mkdtemp(prefix="companion-profile-")
    readers: set[int] = set()

    def before_read(app: Any, env: Any, docnames: list[str]) -> None:
        _mark(state, "read")

    def source_read(app: Any, docname: str, source: list[str]) -> None:
        pid = os.getpid()
        if pid != main and pid not in readers:
            from multiprocessing import util

            readers.add(pid)
            # After the warm kernels are shut down (their finalizer runs first, priority 10).
            util.Finalize(None, _reader_done, args=(folder, time.time()), exitpriority=5)

    def updated(app: Any, env: Any) -> None:
        _mark(state, "write")

    def finishing(app: Any, exception: Exception | None) -> None:
        _mark(state, "finish")

    def finished(app: Any, exception: Exception | None) -> None:
        if exception is not None or not {"read", "write", "finish"} <= state.keys():
            return  # a failed build (or one that read nothing) has no profile to give
        _mark(state, "end")
        records = [json.loads(p.read_text(encoding="utf-8")) for p in Path(folder).glob("reader-*.json")]
        (t0, _, _), (t1, c1, k1), (t2, c2, k2) = state["start"], state["read"], state["write"]
        (t4, c4, _), (t5, c5, k5) = state["finish"], state["end"]
        if records:  # parallel reading: the kernels are the readers' children
            readers_cpu, main_cpu = sum(r["cpu_s"] for r in records), c2 - c1
            kernels_cpu = sum(r["children_cpu_s"] for r in records)
            kernels = sum(r["kernels"] for r in records)
        else:
            from companion import warm_kernels

            readers_cpu, main_cpu, kernels_cpu = c2 - c1, 0.0, k2 - k1
            kernels = warm_kernels.started_kernels()
        profile: dict[str, dict[str, float]] = {
            "startup": {"wall_s": t1 - t0, "cpu_s": c1},
            "reading": {
                "wall_s": t2 - t1,
                "processes": len(records) or 1,
                "readers_cpu_s": readers_cpu,
                "kernels": kernels,
                "kernels_cpu_s": kernels_cpu,
                "main_cpu_s": main_cpu,
            },
            "writing": {"wall_s": t4 - t2, "cpu_s": c4 - c2},
            "finishing": {"wall_s": t5 - t4, "cpu_s": c5 - c4, "bundle_cpu_s": k5 - k2},
            "total": {"wall_s": t5 - t0, "cpu_s": c5 + k5},
        }
        # The CPU seconds on the critical path: what the wall time would be with a core for each
        # process and nothing else running (the busiest reader with its kernels, and the main
        # process before and after reading; the bundle runs beside the writing).
        busiest = max((r["cpu_s"] + r["children_cpu_s"] for r in records), default=readers_cpu + kernels_cpu)
        profile["total"]["critical_path_cpu_s"] = c1 + busiest + (c5 - c2)
        rounded = {k: {n: round(v, 2) for n, v in d.items()} for k, d in profile.items()}
        Path(target).write_text(json.dumps(rounded, indent=2) + "\n", encoding="utf-8")

    app.connect("env-before-read-docs", before_read, priority=1)
    app.connect("source-read", source_read)
    app.connect("env-updated", updated, priority=1)
    app.connect("build-finished", finishing, priority=1)
    app.connect("build-finished", finished, priority=999)
