"""One warm kernel per reading process: the build runs its chapters one after another in it.

Starting a kernel and importing what the chapters import (pandas, Altair, the package) and
starting vl-convert for the static drawings cost about 2 s of CPU, more than most chapters'
own work. The book build therefore keeps, in each of its reading processes, the kernel that
ran the process's first chapter, and runs its next chapters in it after :func:`reset` has
brought the kernel back to the state a fresh kernel has: an empty user namespace (as
``%reset -f``, and execution counts from 1 again), the chapter's own folder as working
directory, the process's environment variables, ``sys.path`` and warning filters as the
kernel started with them (and warnings shown again), Altair's theme, renderer and data
transformer, and pandas' options at their defaults. What stays is what a chapter cannot see:
imported modules and their caches of unchanging files.

A kernel in which a cell failed, timed out or died is shut down, never reused. Each chapter
still runs alone in a fresh kernel in JupyterLab (``tests/test_lab.py`` opens every chapter
in a new kernel, as a student does), and ``BOOK_FRESH_KERNELS=1`` makes the build start one
kernel per chapter again.

The kernel side (:func:`snapshot`, :func:`reset`) imports only the standard library; the
build side (:func:`install`) replaces the notebook client that myst-nb's inline execution
mode makes with one that borrows the process's warm kernel.
"""

from __future__ import annotations

import os
import sys
import warnings
from typing import Any

#: Environment variable: ``1`` starts a fresh kernel for every chapter (no reuse).
FRESH_ENV = "BOOK_FRESH_KERNELS"

#: The kernel's state when it started (taken by the build kernels' startup file).
_STARTED: dict[str, Any] = {}


def snapshot() -> None:
    """Record the state a fresh kernel starts with (called once, from the startup file)."""
    _STARTED.setdefault("environ", dict(os.environ))
    _STARTED.setdefault("path", list(sys.path))
    _STARTED.setdefault("filters", list(warnings.filters))


def _reset_altair() -> None:
    alt = sys.modules.get("altair")
    if alt is None:
        return
    alt.theme.enable("default")
    alt.renderers.enable("default")
    alt.data_transformers.enable("default")


def _reset_pandas() -> None:
    if "pandas" not in sys.modules:
        return
    import pandas as pd
    from pandas._config import config

    for key, option in config._registered_options.items():
        if pd.get_option(key) != option.defval:
            pd.set_option(key, option.defval)


def reset(shell: Any, cwd: str) -> None:
    """Bring this kernel back to a fresh kernel's state, working in ``cwd`` (see the module)."""
    shell.reset(new_session=True)  # user namespace, output history, execution count 1
    if _STARTED:
        os.environ.clear()
        os.environ.update(_STARTED["environ"])
        sys.path[:] = _STARTED["path"]
        warnings.filters[:] = _STARTED["filters"]  # type: ignore[index]  # a list at run time
    warnings._filters_mutated()  # type: ignore[attr-defined]  # forget which warnings were shown
    os.chdir(cwd)
    _reset_altair()
    _reset_pandas()


def reuse_enabled() -> bool:
    """Say whether the build reuses kernels (unless ``$BOOK_FRESH_KERNELS`` is ``1``)."""
    return os.environ.get(FRESH_ENV, "").strip() not in ("1", "true", "yes")


#: Warm kernels of this process, by (process id, kernel name): the client that holds each.
_WARM: dict[tuple[int, str], Any] = {}
#: Processes that will shut their warm kernels down when they end.
_FINALIZED: set[int] = set()
#: Kernels started, by process id.
_STARTED_KERNELS: dict[int, int] = {}


def started_kernels() -> int:
    """How many kernels this process has started for chapters."""
    return _STARTED_KERNELS.get(os.getpid(), 0)


def _alive(km: Any) -> bool:
    import inspect

    from jupyter_core.utils import run_sync

    result = km.is_alive()
    if inspect.isawaitable(result):

        async def wait() -> bool:
            return bool(await result)

        return bool(run_sync(wait)())
    return bool(result)


def _stop(client: Any) -> None:
    """Shut the kernel of ``client`` down as nbclient does."""
    from nbclient import NotebookClient

    if client.km is not None:
        NotebookClient._cleanup_kernel(client)


def _stop_all(pid: int) -> None:
    if pid != os.getpid():
        return
    for key in [k for k in _WARM if k[0] == pid]:
        _stop(_WARM.pop(key))


def _keep(key: tuple[int, str], client: Any) -> None:
    previous = _WARM.pop(key, None)
    if previous is not None:
        _stop(previous)
    if key[0] not in _FINALIZED:
        from multiprocessing import util

        # Run as this process ends: Sphinx's reading processes end through multiprocessing,
        # which runs its finalizers (and not ``atexit``); the main process through ``atexit``.
        util.Finalize(None, _stop_all, args=(key[0],), exitpriority=10)
        _FINALIZED.add(key[0])
    _WARM[key] = client


def _client_class() -> type:
    """The notebook client that borrows this process's warm kernel and gives it back."""
    from myst_nb.core.execute.inline import ModifiedNotebookClient

    class WarmNotebookClient(ModifiedNotebookClient):
        """myst-nb's inline client, running the chapter in the process's warm kernel."""

        def __init__(self, nb: Any, km: Any = None, **kw: Any) -> None:
            spec = nb.metadata.get("kernelspec", {})
            key = (os.getpid(), str(spec.get("name", "")))
            reusable = str(spec.get("language", "python")) == "python" and reuse_enabled()
            holder = _WARM.pop(key, None) if reusable else None
            if holder is not None and (holder.km is None or not _alive(holder.km)):
                _stop(holder)
                holder = None
            super().__init__(nb, km=km if holder is None else holder.km, **kw)
            self._warm_key, self._reusable, self._failed = key, reusable, False
            if holder is not None:
                self.kc = holder.kc
                self._reset_kernel()
            else:
                _STARTED_KERNELS[key[0]] = _STARTED_KERNELS.get(key[0], 0) + 1
            self.owns_km = True  # myst-nb then calls _cleanup_kernel, which keeps the kernel

        def _reset_kernel(self) -> None:
            cwd = str(self.resources.get("metadata", {}).get("path") or os.getcwd())
            code = f"__import__('companion.warm_kernels').warm_kernels.reset(get_ipython(), {cwd!r})"
            reply = self.wait_for_reply(self.kc.execute(code, silent=True, store_history=False))
            content = (reply or {}).get("content", {})
            if content.get("status") != "ok":
                trace = "\n".join(content.get("traceback", [])) or str(content)
                self._failed = True
                _stop(self)
                raise RuntimeError(f"resetting the build's kernel for {cwd} failed:\n{trace}")

        def execute_cell(self, *args: Any, **kwargs: Any) -> Any:
            try:
                return super().execute_cell(*args, **kwargs)
            except BaseException:
                self._failed = True  # a failed, timed-out or dead kernel is never reused
                raise

        def _cleanup_kernel(self) -> None:
            key = self._warm_key
            if self._failed or not self._reusable or key[0] != os.getpid() or self.km is None:
                _stop(self)
            elif _alive(self.km):
                _keep(key, self)
            else:
                _stop(self)

    return WarmNotebookClient


def install() -> None:
    """Make myst-nb's inline execution run chapters in each process's warm kernel."""
    from myst_nb.core.execute import inline

    if not getattr(inline.ModifiedNotebookClient, "companion_warm", False):
        cls = _client_class()
        cls.companion_warm = True  # type: ignore[attr-defined]
        inline.ModifiedNotebookClient = cls
