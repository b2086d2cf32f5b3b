"""Values and checks for the chapter "Who the articles talk about" (book/methods/who-the-articles-talk-about.md)."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any, cast

import altair as alt
import pandas as pd

from companion import charts, data, prose, text
from companion.chapters import chapter_path

CHAPTER = "book/methods/who-the-articles-talk-about.md"
#: ``prose.guard`` for the statements of this chapter: a failure names its file and line.
_guard = partial(prose.guard, chapter=chapter_path(CHAPTER))

#: The kinds of entity the chapter counts (regions and phrases are listed only so that longer names win).
SHOWN = ["person", "state", "organisation"]
NAMES, WITH_METONYMS = "names only", "names and stand-ins (Moscow, Washington …)"


def furniture_extent(bodies: dict[str, str], full: dict[str, str], furniture: pd.DataFrame) -> pd.DataFrame:
    """Per article: the furniture lines left out, and its words with and without them."""
    ids = list(bodies)
    lines_out = furniture.groupby("article_id").size().reindex(ids, fill_value=0)
    return pd.DataFrame(
        {
            "article": ids,
            "furniture lines": lines_out.to_numpy(),
            "words with furniture": [text.words(full[i]) for i in ids],
            "words counted": [text.words(bodies[i]) for i in ids],
        }
    )


def mention_rates(bodies: dict[str, str], aliases: pd.DataFrame) -> pd.DataFrame:
    """Mentions per 1,000 words of each person, state and organisation, counting names only and with stand-ins."""
    tables = []
    for basis, rows in [(NAMES, aliases[aliases["alias_type"] != "metonym"]), (WITH_METONYMS, aliases)]:
        t = text.mention_table(bodies, rows)
        t["basis"] = basis
        tables.append(t)
    mentions = pd.concat(tables, ignore_index=True)
    mentions = mentions[mentions["kind"].isin(SHOWN)]
    totals = mentions[mentions["basis"] == WITH_METONYMS].groupby("entity")["mentions"].sum()
    mentions = mentions[mentions["entity"].isin(totals[totals > 0].index)].copy()
    mentions["article"] = mentions["text_id"]
    mentions["label"] = mentions["per_1k"].map(lambda v: f"{v:.1f}" if v else "")
    return mentions


def entity_order(mentions: pd.DataFrame) -> list[str]:
    """People first, then states, then organisations; within each, the most mentioned (with stand-ins) first."""
    totals = mentions[mentions["basis"] == WITH_METONYMS].groupby("entity")["mentions"].sum()
    kind_of = mentions.drop_duplicates("entity").set_index("entity")["kind"]
    return sorted(totals.index, key=lambda e: (SHOWN.index(kind_of[e]), -totals[e], e))


def rate(mentions: pd.DataFrame, entity: str, article: str, basis: str = NAMES) -> float:
    """Mentions of ``entity`` per 1,000 words of ``article`` (0 for an entity no article mentions)."""
    row = mentions[
        (mentions["entity"] == entity) & (mentions["article"] == article) & (mentions["basis"] == basis)
    ]
    return float(row["per_1k"].iloc[0]) if len(row) else 0.0


def heatmap(mentions: pd.DataFrame, ids: list[str], order: list[str]) -> alt.LayerChart | alt.FacetChart:
    """Mentions per 1,000 words, entities by articles, with buttons to count stand-ins or not."""
    pick = alt.param(
        name="who_basis", value=NAMES, bind=alt.binding_radio(options=[NAMES, WITH_METONYMS], name="Count: ")
    )
    base = (
        alt.Chart(mentions)
        .transform_filter("datum.basis == who_basis")
        .encode(
            x=alt.X("article:N", sort=ids, title=None, axis=alt.Axis(labelAngle=-30, orient="top")),
            y=alt.Y("entity:N", sort=order, title=None, axis=alt.Axis(labelLimit=260)),
        )
    )
    cells = base.mark_rect(stroke="white", strokeWidth=1).encode(
        color=alt.Color(
            "per_1k:Q",
            title="mentions per 1,000 words",
            scale=alt.Scale(scheme=cast(Any, charts.SEQUENTIAL_SCHEME), domainMin=0),
        ),
        tooltip=[
            alt.Tooltip("entity:N", title="Who"),
            alt.Tooltip("kind:N", title="Kind"),
            alt.Tooltip("article:N", title="Article"),
            alt.Tooltip("mentions:Q", title="Mentions"),
            alt.Tooltip("words:Q", format=",", title="Words in the article"),
            alt.Tooltip("per_1k:Q", format=".2f", title="Per 1,000 words"),
            alt.Tooltip("basis:N", title="Counted"),
        ],
    )
    labels = base.mark_text(fontSize=11).encode(
        text="label:N", color=alt.condition("datum.per_1k > 6", alt.value("black"), alt.value("white"))
    )
    return alt.layer(cells, labels).properties(width=420, height=alt.Step(22)).add_params(pick)


def furniture_mentions(bodies: dict[str, str], full: dict[str, str], aliases: pd.DataFrame) -> pd.DataFrame:
    """The mentions (by the names in ``aliases``) that the furniture lines would add, per article and entity."""
    without = text.mention_table(bodies, aliases)
    with_furniture = text.mention_table(full, aliases)
    diff = without.merge(with_furniture, on=["text_id", "entity"], suffixes=("", "_with_furniture"))
    diff["added by furniture"] = diff["mentions_with_furniture"] - diff["mentions"]
    columns = ["text_id", "entity", "mentions", "mentions_with_furniture", "added by furniture"]
    return diff[diff["added by furniture"] > 0][columns]


def check_shared_core(mentions: pd.DataFrame, ids: list[str]) -> None:
    """Check the sentences on who every article names and where China and NATO stand."""
    names = mentions[mentions["basis"] == NAMES]
    for who in ("Vladimir Putin", "Donald Trump", "Russia"):
        rates = names[names["entity"] == who].set_index("article")["per_1k"].reindex(ids, fill_value=0)
        _guard(
            (rates > 0).all(),
            "Putin, Trump and Russia are mentioned in every text",
            f"{who}: {rates.to_dict()}",
        )
    _guard(rate(mentions, "China", "no-peace-without-victory") == 0, "and absent from")
    nato = names[names["entity"] == "NATO"].set_index("article")["per_1k"]
    _guard(nato.idxmax() == "golden-opportunity", "NATO matters mainly in")


@dataclass(frozen=True)
class Values:
    """Every value the chapter's prose and heatmap description show."""

    n_entities: int
    n_aliases: int
    furniture_lines: int
    furniture_words: int
    heatmap_description: str
    trump_npv: str
    china_sba: str
    china_npv: str
    russia_go: str
    russia_go_m: str
    nato_go: str
    furniture_added: int


def values(data_dir: str | Path | None = None) -> Values:
    """Count the mentions in the five articles and compute the chapter's values, checking the statements that do not follow them."""
    ids = list(data.load("articles", data_dir)["id"])
    aliases = data.load("entity_aliases", data_dir)
    bodies = {i: data.article_text(i, data_dir=data_dir) for i in ids}
    full = {i: data.article_text(i, include_furniture=True, data_dir=data_dir) for i in ids}
    shown = aliases[aliases["kind"].isin(SHOWN)]
    extent = furniture_extent(bodies, full, data.load("article_furniture", data_dir))
    mentions = mention_rates(bodies, aliases)
    check_shared_core(mentions, ids)
    top = (
        mentions[mentions["basis"] == NAMES]
        .sort_values("per_1k", ascending=False)
        .groupby("article")
        .head(1)
        .set_index("article")
        .reindex(ids)
    )
    names_only = aliases[aliases["alias_type"] != "metonym"]

    def r(entity: str, article: str, basis: str = NAMES) -> str:
        return f"{rate(mentions, entity, article, basis):.1f}"

    return Values(
        n_entities=shown["entity"].nunique(),
        n_aliases=len(shown),
        furniture_lines=int(extent["furniture lines"].sum()),
        furniture_words=int((extent["words with furniture"] - extent["words counted"]).sum()),
        heatmap_description=(
            "Heatmap of mentions per 1,000 words of people, states and organisations (rows) in the "
            "five articles (columns). Most mentioned in each article, names only: "
            + "; ".join(f"{a}: {row.entity} ({row.per_1k:.1f})" for a, row in top.iterrows())
            + "."
        ),
        trump_npv=r("Donald Trump", "no-peace-without-victory"),
        china_sba=r("China", "strategic-balancing-act"),
        china_npv=r("China", "no-peace-without-victory"),
        russia_go=r("Russia", "golden-opportunity"),
        russia_go_m=r("Russia", "golden-opportunity", WITH_METONYMS),
        nato_go=r("NATO", "golden-opportunity"),
        furniture_added=int(furniture_mentions(bodies, full, names_only)["added by furniture"].sum()),
    )
