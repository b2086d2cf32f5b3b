"""companion.catalogue: the data appendix's tables."""

from __future__ import annotations

import pandas as pd

from companion import catalogue


def test_md_escape_escapes_myst_markup():
    assert catalogue.md_escape("a_b *c* [d](e) {f}`g`") == r"a\_b \*c\* \[d\]\(e\) \{f\}\`g\`"


def test_datasets_table_rows():
    cat = pd.DataFrame(
        [
            {
                "title": "GDP (current US$)",
                "name": "gdp",
                "path": "data/economy/gdp.csv",
                "publisher": "World Bank",
                "coverage": "",
                "licence": "CC BY 4.0",
                "rows": 1234,
            }
        ]
    )
    table = catalogue.datasets_table(cat).data.splitlines()
    assert table[2] == (
        r"| GDP \(current US$\)<br>`gdp` {download}`CSV </data/economy/gdp.csv>` | World Bank | — "
        "| CC BY 4.0 | 1,234 |"
    ).replace("US$", r"US\$")


def test_dataset_details_cover_every_dataset_asked_for():
    page = catalogue.dataset_details(["gdp", "nato_defence_share"]).data
    assert page.count("<details class='chart-data'>") == 2
    assert "(<code>gdp</code>)" in page and "Guideline, not a row:" in page


def test_sources_table_links_and_escapes():
    sources = pd.DataFrame(
        [
            {
                "source_id": "s<1>",
                "publisher": "P & Q",
                "title": "T",
                "url": "https://x.org/?a=1&b=2",
                "reliability": "major outlet",
                "retrieved": pd.Timestamp("2025-06-01"),
                "licence": "CC0",
            },
            {
                "source_id": "s2",
                "publisher": "P",
                "title": "U",
                "url": None,
                "reliability": "secondary <or> aggregator",
                "retrieved": pd.Timestamp("2025-06-02"),
                "licence": "CC0",
            },
        ]
    )
    page = catalogue.sources_table(sources).data
    assert "<summary>Show all 2 sources</summary>" in page
    assert (
        "<code>s&lt;1&gt;</code></td><td>P &amp; Q</td><td><a href='https://x.org/?a=1&amp;b=2'>T</a></td>"
        in page
    )
    assert "<td>U</td><td>secondary &lt;or&gt; aggregator</td><td>2025-06-02</td>" in page
