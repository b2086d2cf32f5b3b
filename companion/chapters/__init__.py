"""The chapters' values: one module per chapter that shows computed values in its prose.

Each module names its chapter file (``CHAPTER``), defines a frozen ``Values`` dataclass holding
every value the chapter's ``{eval}`` roles show (formatted as the prose shows them), and a
``values()`` function that computes them, with a ``prose.guard`` beside each computation whose
wording cannot follow the data. A chapter reads them in one line::

    from companion.chapters import golden_opportunity
    v = golden_opportunity.values()

and its prose writes ``{eval}`v.n_allies```.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def chapter_path(relative: str) -> Path:
    """The chapter file ``relative`` (such as ``book/intro.md``) in this repository."""
    return ROOT / relative
