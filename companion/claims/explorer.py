"""The whole ledger as a searchable, filterable table (the Fact-check page).

The filter's script is ``companion/static/claims-filter.js``. It is written into the cell's
output, so the explorer works wherever the output is shown: the site, the notebook in
JupyterLab and the downloaded notebook, none of which needs the network.
"""

from __future__ import annotations

import functools
import html
from importlib import resources

import pandas as pd
from IPython.display import HTML

from companion.claims.loading import ARTICLE_ORDER, _articles_by_id, ledger
from companion.claims.pages import _scroll, ledger_table
from companion.claims.verdicts import VERDICT_LABELS, VERDICTS
from companion.formatting import text as _text

#: The filter's script, in the package's static folder.
FILTER_SCRIPT = "claims-filter.js"


@functools.lru_cache(maxsize=1)
def filter_script() -> str:
    """Return the filter's ``<script>`` element, its body read from the package's static folder."""
    body = resources.files("companion").joinpath("static", FILTER_SCRIPT).read_text(encoding="utf-8")
    return f"<script>\n{body}</script>"


def ledger_explorer(claims: pd.DataFrame | None = None) -> HTML:
    """Return the whole ledger as a searchable, filterable HTML table.

    The rows' ClaimReview JSON-LD is not repeated here: each review is published once, on its
    article's chapter page (:func:`companion.claims.claims_section`), as Google's rules ask.
    """
    claims = ledger() if claims is None else claims
    articles = _articles_by_id()
    verdict_options = "".join(f'<option value="{v}">{VERDICT_LABELS[v]}</option>' for v in VERDICTS)
    article_options = "".join(
        f'<option value="{a}">{html.escape(_text(articles[a].get("title")) or a)}</option>'
        for a in ARTICLE_ORDER
        if a in articles
    )
    controls = (
        '<form class="claims-filter" role="search" aria-label="Filter the claims ledger">'
        '<label for="claims-filter-text">Search quotes, values and notes'
        '<input id="claims-filter-text" type="search" autocomplete="off"></label>'
        '<label for="claims-filter-verdict">Verdict'
        f'<select id="claims-filter-verdict"><option value="">All verdicts</option>{verdict_options}'
        "</select></label>"
        '<label for="claims-filter-article">Article'
        f'<select id="claims-filter-article"><option value="">All articles</option>{article_options}'
        "</select></label>"
        '<button type="button" id="claims-filter-reset">Show all</button>'
        f'</form><p id="claims-filter-count" aria-live="polite">{len(claims)} of {len(claims)} claims shown</p>'
    )
    table = ledger_table(
        claims,
        caption=f"The claims ledger: {len(claims)} claims in five articles",
        anchors=True,
        show_article=True,
        table_id="claims-ledger",
        filterable=True,
    )
    return HTML(controls + _scroll(table, "The claims ledger", "claims-all") + filter_script())
