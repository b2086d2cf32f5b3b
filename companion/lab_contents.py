"""JupyterLab's contents manager for the repository: chapters open with readable references.

jupytext's contents manager opens the MyST Markdown chapters as notebooks. This subclass of it
(``postBuild`` sets ``ServerApp.contents_manager_class`` to :class:`ChapterContentsManager`)
rewrites, when a chapter of the book is opened, its ``{cite}`` and ``{numref}`` roles as links
that read ("[Graham, 2025]", "Fig. 2.4") with the works cited listed at the end, and turns them
back into the exact roles when the chapter is saved (:mod:`companion.lab_references`). Only the
``.md`` files that the book's ``_toc.yml`` names are touched; every other file, notebooks
included, is read and written as jupytext does. It reads nothing but the repository's files.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import nbformat
from jupytext.async_contentsmanager import AsyncTextFileContentsManager  # type: ignore[import-untyped]

from companion import lab_references
from companion.lab_references import book_root


def chapter_of(path: Path) -> Path | None:
    """The book's root if ``path`` is a Markdown page its table of contents names, else None."""
    if path.suffix != ".md" or not path.is_file() or (root := book_root(path.resolve())) is None:
        return None
    doc = path.resolve().relative_to(root).with_suffix("").as_posix()
    return root if doc in {name for name, _ in lab_references.toc_documents(root)} else None


class ChapterContentsManager(AsyncTextFileContentsManager):
    """jupytext's contents manager, with the book's chapters' references readable in JupyterLab."""

    def _chapter(self, path: str) -> Path | None:
        return chapter_of(Path(self.root_dir) / path.strip("/"))

    async def get(self, path: str, content: bool = True, type: str | None = None, **kwargs: Any) -> Any:
        """Open ``path``; a chapter's roles come back as readable links (see :mod:`companion.lab_references`)."""
        model = await super().get(path, content=content, type=type, **kwargs)
        if not content or model.get("type") != "notebook" or (root := self._chapter(path)) is None:
            return model
        try:
            works, figures = lab_references.book_works(root), lab_references.figure_numbers(root)
        except Exception as error:  # a broken bibliography must not stop the chapter from opening
            self.log.warning("Chapter references left as roles in %s: %s", path, error)
            return model
        model["content"] = lab_references.readable_roles(model["content"], works, figures)
        return model

    async def save(self, model: dict[str, Any], path: str = "") -> Any:
        """Save ``path``; a chapter gets its roles back and loses the added list of works cited."""
        if model.get("type") == "notebook" and model.get("content") is not None and self._chapter(path):
            model = dict(model)
            model["content"] = lab_references.original_roles(nbformat.from_dict(model["content"]))
        return await super().save(model, path)
