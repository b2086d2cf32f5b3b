"""Shared logic for the Spheres of Influence companion book.

Modules: :mod:`companion.data` (datasets: loading and validation), :mod:`companion.text`
(tokenising and counting), :mod:`companion.quotes` (verbatim quote checks),
:mod:`companion.charts` (chart theme and figure helper).
"""

__version__ = "0.1.0"
