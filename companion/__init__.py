"""Shared logic for the Spheres of Influence companion book.

Modules: :mod:`companion.data` (datasets: loading, validation and shared tables),
:mod:`companion.text` (tokenising and counting), :mod:`companion.quotes` (verbatim quote
checks and the ``article-quote`` directive), :mod:`companion.claims` (the fact-check ledger and
its ClaimReview data), :mod:`companion.articles` (the "About this article" tables),
:mod:`companion.charts` (chart theme and figure helper), :mod:`companion.sphinxext` (the
book's Sphinx extension) and :mod:`companion.bench` (build benchmark).
"""

__version__ = "0.1.0"
