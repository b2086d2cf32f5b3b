"""Which script in ``scripts/`` derives which dataset, what it reads and what it writes.

The one map of datasets to derivation scripts: ``scripts/refresh.py`` (``make refresh``), the
scripts' shared helper ``scripts/_curated.py``, ``tests/test_derivations.py`` and the Data page's
table of re-derivation commands all read :data:`DERIVATIONS`. A new derived dataset gets its
entry here and a ``scripts/derive_<name>.py`` built on the skeleton ``_curated`` describes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["DERIVATIONS", "Derivation"]


@dataclass(frozen=True)
class Derivation:
    """How one dataset is derived from a publisher's file."""

    #: The script in ``scripts/``.
    script: str
    #: What the script reads (the ``RAW`` argument), as a reader would look for it.
    reads: str
    #: The curated files it writes, relative to ``data/``.
    writes: tuple[str, ...]
    #: ``--out`` (one CSV, the first of :attr:`writes`) or ``--out-dir`` (the folder :attr:`out_dir`).
    out_flag: Literal["--out", "--out-dir"] = "--out"
    #: The folder given to ``--out-dir``, relative to ``data/``.
    out_dir: str = ""
    #: The stored copy of what it reads, relative to the shared folder next to the repository
    #: (``../shared``), which the re-derivation tests use when it is present.
    stored_copy: str = ""
    #: Other names the refresh command accepts for the dataset.
    aliases: tuple[str, ...] = ()
    #: Whether ``make refresh`` re-derives it from a publisher's new release.
    refreshable: bool = True

    @property
    def out_target(self) -> str:
        """What ``out_flag`` is given, relative to ``data/``: the CSV, or the folder of the files."""
        return self.writes[0] if self.out_flag == "--out" else self.out_dir


#: Dataset name → its derivation. The one place that maps datasets to scripts.
DERIVATIONS: dict[str, Derivation] = {
    "china_russia_trade": Derivation(
        script="derive_trade.py",
        reads="table of GACC figures compiled from press reports",
        writes=("trade/china_russia_trade.csv",),
        stored_copy="data/raw/china_russia_trade/gacc_china_russia_trade_annual_from_news.csv",
        aliases=("trade",),
    ),
    "china_crude_imports_from_russia": Derivation(
        script="derive_crude.py",
        reads="table of GACC crude-oil figures compiled from press reports",
        writes=("trade/china_crude_imports_from_russia.csv",),
        stored_copy="data/raw/china_russia_trade/gacc_china_crude_imports_from_russia_from_news.csv",
        aliases=("crude",),
    ),
    "military_expenditure": Derivation(
        script="derive_sipri.py",
        reads="SIPRI workbook `SIPRI-Milex-data-1949-2024_2.xlsx` (sipri.org/databases/milex)",
        writes=("defence/military_expenditure.csv",),
        stored_copy="data/raw/sipri/SIPRI-Milex-data-1949-2024_2.xlsx",
        aliases=("sipri", "milex"),
    ),
    "nato_defence_share": Derivation(
        script="derive_nato.py",
        reads="NATO table of defence expenditure as a share of GDP, one row per ally, columns 2014 … 2024e",
        writes=("defence/nato_defence_share.csv",),
        stored_copy="data/raw/nato/nato_defexp_pct_gdp_2014_2024e_namanjain92.csv",
        aliases=("nato",),
    ),
    "gdp": Derivation(
        script="derive_gdp.py",
        reads="World Bank `NY.GDP.MKTP.CD` in long form (`Country Name, Country Code, Year, Value`)",
        writes=("economy/gdp.csv",),
        stored_copy="data/raw/gdp/worldbank_gdp_current_usd_datasets-gdp.csv",
    ),
    "nss": Derivation(
        script="derive_nss.py",
        reads="folder of National Security Strategy texts, one `<year>.txt` each",
        writes=(
            "texts/nss_documents.csv",
            "texts/nss_token_counts.csv",
            "texts/nss_repairs.csv",
            "texts/nss_2025_reported.csv",
        ),
        out_flag="--out-dir",
        out_dir="texts",
        stored_copy="data/raw/strategy_texts/nssdocs",
        aliases=("nss_documents", "nss_token_counts"),
    ),
    "articles": Derivation(
        script="derive_articles.py",
        reads="the five article texts as received",
        writes=("texts/articles.csv",),  # and copies the texts to articles/<id>.txt
        out_flag="--out-dir",
        out_dir=".",
        stored_copy="seeds",
        refreshable=False,
    ),
}
