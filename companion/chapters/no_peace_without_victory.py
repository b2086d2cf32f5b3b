"""Values and guards for the chapter "No peace without victory" (Russia's and Ukraine's spending, who is quoted)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import partial

import pandas as pd

from companion import data, prose, quotes, tables, text
from companion.chapters import chapter_path
from companion.charts import FigureText
from companion.claims import ledger

CHAPTER = "book/articles/no-peace-without-victory.md"
ARTICLE = "no-peace-without-victory"
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))  # names the chapter file and line
PAIR = ["RUS", "UKR"]
STATUSES = [
    "Dugin's own words",
    "Dugin's, elsewhere",
    "not in the post in these words",
    "not yet matched",
    "named as Dugin; source not matched",
    "named as Dugin",
]


def spending(since: int = 2014, until: int = 2024) -> pd.DataFrame:
    """Russia's and Ukraine's SIPRI rows with a current-dollar value, ``since`` to ``until``."""
    return tables.milex(PAIR, "current", since=since, until=until)


# --------------------------------------------------------------------------------------
# Spending and burden
# --------------------------------------------------------------------------------------


def spend_figure(pair: pd.DataFrame) -> FigureText:
    """The spending chart's texts: the last year's ratio, each side's change since 2021, SIPRI's estimates."""
    y0, y1 = int(pair["year"].min()), int(pair["year"].max())
    last = pair[pair["year"] == y1].set_index("iso3")["usd_current_bn"]
    v21 = pair[pair["year"] == 2021].set_index("iso3")["usd_current_bn"]
    changes = " ".join(
        f"{name} {prose.change(v21[c], last[c], 0)} from 2021 to {y1}."
        for c, name in (("RUS", "Russia's spending"), ("UKR", "Ukraine's"))
    )
    estimated = pair[pair["sipri_estimate"].astype(bool)].groupby("country")["year"].apply(prose.years)
    return FigureText(
        title=f"Russia outspent Ukraine {last['RUS'] / last['UKR']:.1f} to one in {y1}, in dollars at market exchange rates",
        subtitle="Military expenditure, billions of US dollars at current prices and market exchange rates",
        source="SIPRI Military Expenditure Database, 2025 release. Ukraine excludes foreign military aid",
        description=(
            f"Line chart of Russian and Ukrainian military spending, {y0}–{y1}. {changes} In {y1} Russia spent "
            f"{last['RUS']:.0f} and Ukraine {last['UKR']:.0f} billion US dollars."
        ),
        caption=f"""Military spending of Russia and Ukraine in current US dollars. Ukraine's figures cover its own
budget only; weapons and money donated by other states are counted in the donors' spending. SIPRI
marks these years as estimates: {"; ".join(f"{c} {y}" for c, y in estimated.items())}.""",
    )


def prices_figure(spend: pd.DataFrame, prices: str) -> FigureText:
    """The exercise chart's texts: Russia's and Ukraine's spending at ``prices`` ("current" or "constant")."""
    column = tables.PRICE_COLUMNS[prices]
    y0, y1 = int(spend["year"].min()), int(spend["year"].max())
    last = spend[spend["year"] == y1].set_index("iso3")[column]
    units = "current prices" if prices == "current" else "constant 2023 prices"
    return FigureText(
        title=f"Military spending of Russia and Ukraine, {y0}–{y1}, in {units}",
        subtitle=f"Military expenditure, billions of US dollars at {units} and market exchange rates",
        source="SIPRI Military Expenditure Database, 2025 release. Ukraine excludes foreign military aid",
        description=(
            f"Line chart of Russian and Ukrainian military spending at {units}, {y0}–{y1}. In {y1} Russia "
            f"spent {last['RUS']:.0f} and Ukraine {last['UKR']:.0f} billion US dollars."
        ),
        caption=f"The exercise's chart: military spending of Russia and Ukraine in US dollars at {units}.",
    )


def burden_growth(before: Mapping[str, float], last: Mapping[str, float], year: int) -> str:
    """How many times its 2021 burden each side carried in ``year``, and what the war did to the two."""
    x_ukr, x_rus = last["UKR"] / before["UKR"], last["RUS"] / before["RUS"]
    if x_ukr > 1.5 * x_rus:
        verdict = "raised Ukraine's burden far more than Russia's"
    else:
        verdict = "raised both burdens" if min(x_ukr, x_rus) > 1 else "did not raise both burdens"
    return f"by {year} Ukraine's burden was {x_ukr:.1f} times its 2021 level and Russia's {x_rus:.1f} times, so the war {verdict}"


def burden_figure(pair: pd.DataFrame) -> FigureText:
    """The burden chart's texts: both sides' share of GDP in 2021 and in the last year."""
    y0, y1 = int(pair["year"].min()), int(pair["year"].max())
    share = pair.set_index(["year", "iso3"])["share_of_gdp_pct"]
    before, last = share[2021], share[y1]  # 2021: the last year before the full-scale invasion
    return FigureText(
        title=f"Ukraine spends {last['UKR']:.0f}% of its GDP on defence, Russia {last['RUS']:.1f}% ({y1})",
        subtitle="Military expenditure as a share of gross domestic product, per cent",
        source="SIPRI Military Expenditure Database, 2025 release",
        description=(
            f"Line chart of military spending as a share of GDP, {y0}–{y1}. In 2021 Russia spent {before['RUS']:.1f} "
            f"and Ukraine {before['UKR']:.1f} per cent; in {y1} Ukraine spent {last['UKR']:.1f} per cent and Russia "
            f"{last['RUS']:.1f} per cent."
        ),
        caption=f"""The military burden of the two countries. In 2021 Russia spent {before["RUS"]:.1f}
and Ukraine {before["UKR"]:.1f} per cent of GDP; {burden_growth(before, last, y1)}.""",
    )


# --------------------------------------------------------------------------------------
# Who is quoted
# --------------------------------------------------------------------------------------


def status(checked: object, named: str) -> str:
    """Classify what the ledger found for one attribution."""
    found = "" if pd.isna(checked) else str(checked)
    if named.startswith("Dugin"):
        return "named as Dugin; source not matched" if not found else "named as Dugin"
    if found.startswith("not in the post in these words"):
        return "not in the post in these words"
    if found.startswith("not in the post"):  # found, reworded or in substance, in his other statements
        return "Dugin's, elsewhere" if "Dugin" in found else "not yet matched"
    return "Dugin's own words" if "Dugin" in found else "not yet matched"


def who_is_quoted(
    overrides: Mapping[str, str] | None = None, claims: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The article's quotations in order, with the speaker the rewrite names and the source found (``overrides`` win)."""
    claims = ledger() if claims is None else claims
    body = data.article_text(ARTICLE)
    keep = (claims["article_id"] == ARTICLE) & (claims["claim_type"] == "attribution")
    rows = claims[keep & (claims["claim_id"] != "npv-dugin-book")].copy()
    rows["checked_value"] = [
        (overrides or {}).get(i, v) for i, v in zip(rows["claim_id"], rows["checked_value"])
    ]
    rows["position"] = [body.find(q.strip("“”").split("”")[0][:40]) for q in rows["quote"]]
    rows = rows.sort_values("position")
    for q in rows["quote"]:  # every quotation must still occur in the article
        check = quotes.check_quote(ARTICLE, q)
        if not check.ok:
            raise ValueError(f"{CHAPTER}: quotation not in the article: {q!r}: {check.message}")
    speakers, last = [], ""
    for named in rows["claimed_value"]:  # "(same)" rows repeat the previous speaker
        last = last if named.endswith("(same)") else named
        speakers.append(last)
    who = pd.DataFrame(
        {
            "quotation (as printed)": rows["quote"].to_numpy(),
            "speaker in the rewrite": speakers,
            "source found": rows["checked_value"].fillna("not found").to_numpy(),
            "status": [status(c, n) for c, n in zip(rows["checked_value"], rows["claimed_value"])],
            "claim": rows["claim_id"].to_numpy(),
        }
    )
    who.insert(0, "no.", range(1, len(who) + 1))
    return who


def quoted_figure(who: pd.DataFrame) -> FigureText:
    """The "who is quoted" chart's texts: how many quotations, speakers, and Dugin's own words."""
    n_dugin = int((who["status"] == "Dugin's own words").sum())
    n_anon = int(who.loc[~who["status"].str.startswith("named"), "speaker in the rewrite"].nunique())
    return FigureText(
        title=f"{len(who)} quotations, {n_anon} anonymous speakers: {n_dugin} quotations are Dugin's own words",
        subtitle="Quotations in the article by the speaker the rewrite names, coloured by the source found",
        source="Article text (build-checked); claims ledger, checked against Dugin's Substack post of 21 May 2025",
        description=(
            f"Bar chart of {len(who)} quotations grouped by the {n_anon + 1} speakers the article names, in order "
            f"of appearance. {n_dugin} quotations, spread over most of the anonymous speakers, are Dugin's own "
            "first-person sentences; only one quotation is attributed to Dugin by name."
        ),
        caption=f"""Who is quoted. The article's {len(who)} quotations are spread over
{n_anon} anonymous speakers and one named one; {n_dugin} of them are
Dugin's first-person sentences from a single post. The table below lists each quotation.""",
    )


# --------------------------------------------------------------------------------------
# The chapter's values
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose shows, formatted as it shows them."""

    words: str
    minutes: int
    last_year: int
    rus_usd_last: str
    ukr_usd_last: str
    ratio_last: str
    ukr_gdp_last: str
    rus_gdp_last: str
    n_quotes: int
    n_traced: int


def values() -> Values:
    """Compute the chapter's values from the datasets, checking the statements they support."""
    n_words = text.words(data.article_text(ARTICLE))
    pair = spending()
    y1 = int(pair["year"].max())
    latest = pair[pair["year"] == y1].set_index("iso3")
    usd, share = latest["usd_current_bn"], latest["share_of_gdp_pct"]
    ratio = usd["RUS"] / usd["UKR"]
    _guard(ratio > 1, "Russia outspent Ukraine", detail=f"the {y1} ratio is {ratio:.2f}")
    heavier = share["UKR"] > 1.5 * share["RUS"]
    _guard(heavier, "Ukraine's effort is far larger")
    _guard(heavier, "Ukraine carried a far heavier burden")
    who = who_is_quoted()
    return Values(
        words=prose.number(n_words),
        minutes=text.reading_minutes(n_words),
        last_year=y1,
        rus_usd_last=prose.number(usd["RUS"]),
        ukr_usd_last=prose.number(usd["UKR"]),
        ratio_last=prose.number(ratio, 1),
        ukr_gdp_last=prose.number(share["UKR"], 1),
        rus_gdp_last=prose.number(share["RUS"], 1),
        n_quotes=len(who),
        n_traced=int((who["status"] == "Dugin's own words").sum()),
    )
