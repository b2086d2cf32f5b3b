"""The claims ledger: verbatim quotes, computed checks, ledger rules and ClaimReview JSON-LD."""

from __future__ import annotations

import csv
import json
import math
import re
import shutil
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from companion import claims, data, quotes

LEDGER = claims.ledger()
CLAIM_IDS = list(LEDGER["claim_id"])
COMPUTED = claims.computed_checks()

# The expected values below are stated here, from the book's own documents, not read from the
# code under test: the five article ids (the project's contract), and the verdict scale and its
# ClaimReview ratings as the Fact-check page documents them (book/methods/fact-check.md,
# "ClaimReview": "supported 5, approximately right 4, misleading 2, contradicted 1 ... An
# unverified claim's rating has no value at all, only its label").
ARTICLE_IDS = {
    "superpower-concessions",
    "golden-opportunity",
    "strategic-balancing-act",
    "no-peace-without-victory",
    "reverse-kissinger",
}
#: verdict -> (ratingValue or None, the label shown to readers and used as alternateName)
SCALE = {
    "supported": (5, "Supported"),
    "approximately": (4, "Approximately right"),
    "misleading": (2, "Misleading"),
    "contradicted": (1, "Contradicted"),
    "unverified": (None, "Unverified"),
}
#: The verdicts that must record the strongest case for the claim (CONTRIBUTING.md).
NEGATIVE = ("approximately", "misleading", "contradicted")


def expected_rating(verdict: str) -> dict:
    """The schema.org Rating the Fact-check page documents for ``verdict``."""
    value, label = SCALE[verdict]
    rating = {"@type": "Rating", "bestRating": 5, "worstRating": 1, "alternateName": label}
    return rating if value is None else {**rating, "ratingValue": value}


# --------------------------------------------------------------------------------------
# Helpers
# --------------------------------------------------------------------------------------


class _Scripts(HTMLParser):
    """Collect the text of every <script type="application/ld+json"> element."""

    def __init__(self) -> None:
        super().__init__()
        self.blocks: list[str] = []
        self._in = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and dict(attrs).get("type") == "application/ld+json":
            self._in = True
            self.blocks.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in = False

    def handle_data(self, text: str) -> None:
        if self._in:
            self.blocks[-1] += text


def json_ld_blocks(page_html: str) -> list:
    """Parse every JSON-LD block of a page (raises if one is not valid JSON)."""
    parser = _Scripts()
    parser.feed(page_html)
    return [json.loads(block) for block in parser.blocks]


def _is_reference(node: object) -> bool:
    return isinstance(node, dict) and "@id" in node and set(node) <= {"@id", "@type"}


def whole_reviews(payload: object) -> list[dict]:
    """The ClaimReviews of one parsed JSON-LD block, each made whole as a JSON-LD reader sees it.

    A ``@graph`` is unwrapped and its ``@context`` given to each node, and every reference to a
    node (``{"@id": ...}`` alone) is replaced by the node described under that id in the block.
    """
    if isinstance(payload, dict) and "@graph" in payload:
        context, nodes = payload.get("@context"), list(payload["@graph"])
    else:
        context, nodes = None, list(payload) if isinstance(payload, list) else [payload]
    described: dict[str, dict] = {}

    def collect(node: object) -> None:
        if isinstance(node, dict):
            if "@id" in node and not _is_reference(node):
                assert node["@id"] not in described, f"{node['@id']} described twice"
                described[node["@id"]] = node
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    def resolve(node: object) -> object:
        if _is_reference(node):
            return resolve(described[node["@id"]]) if node["@id"] in described else node
        if isinstance(node, dict):
            return {k: resolve(v) for k, v in node.items()}
        if isinstance(node, list):
            return [resolve(v) for v in node]
        return node

    collect(nodes)
    whole = [resolve(n) for n in nodes]
    return [
        {"@context": context, **n} if context and "@context" not in n else n
        for n in whole
        if isinstance(n, dict) and n.get("@type") == "ClaimReview"
    ]


def claim_review_problems(review: dict) -> list[str]:
    """Check one ClaimReview object against the structure the book promises."""
    problems = []
    if review.get("@context") not in ("https://schema.org", "http://schema.org"):
        problems.append("@context is not schema.org")
    if review.get("@type") != "ClaimReview":
        problems.append("@type is not ClaimReview")
    for key in ("claimReviewed", "url"):
        if not isinstance(review.get(key), str) or not review[key].strip():
            problems.append(f"{key} missing or empty")
    author = review.get("author")
    if not isinstance(author, dict) or author.get("@type") != "Organization" or not author.get("name"):
        problems.append("author is not an Organization with a name")
    rating = review.get("reviewRating")
    if not isinstance(rating, dict):
        problems.append("reviewRating missing")
    else:
        for key in ("bestRating", "worstRating"):
            if not isinstance(rating.get(key), int):
                problems.append(f"reviewRating.{key} missing or not a whole number")
        value = rating.get("ratingValue")  # optional; when given, a whole number inside the range
        if value is not None and not (
            isinstance(value, int)
            and isinstance(rating.get("worstRating"), int)
            and rating["worstRating"] <= value <= rating.get("bestRating", 0)
        ):
            problems.append("reviewRating.ratingValue not a whole number inside worstRating..bestRating")
        if not isinstance(rating.get("alternateName"), str) or not rating["alternateName"]:
            problems.append("reviewRating.alternateName missing")
    item = review.get("itemReviewed")
    if not isinstance(item, dict) or item.get("@type") != "Claim":
        problems.append("itemReviewed is not a Claim")
    else:
        if "datePublished" in item and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", item["datePublished"]):
            problems.append("itemReviewed.datePublished is not YYYY-MM-DD")
        appearance = item.get("appearance")
        if appearance is not None and not (isinstance(appearance, dict) and appearance.get("@type")):
            problems.append("itemReviewed.appearance has no @type")
        author = item.get("author")
        if author is not None and not (isinstance(author, dict) and author.get("name")):
            problems.append("itemReviewed.author has no name")
    return problems


def decimals(text: str) -> int:
    """Number of decimal places written in a numeric string."""
    exponent = Decimal(text).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def broken_copy(tmp_path: Path) -> Path:
    """Copy the data folder (package, CSVs, article texts) to ``tmp_path`` for breaking."""
    target = tmp_path / "data"
    shutil.copytree(data.DEFAULT_DATA_DIR, target)
    return target


def rewrite_claims(data_dir: Path, claim_id: str, **changes: str) -> int:
    """Change one row of the copied claims.csv; return the editor line of that row."""
    path = data_dir / "claims.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    line = None
    for i, row in enumerate(rows):
        if row["claim_id"] == claim_id:
            row.update(changes)
            line = i + 2  # header is line 1; no cell in the ledger spans lines
    assert line is not None
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return line


# --------------------------------------------------------------------------------------
# The ledger's content
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("claim_id", CLAIM_IDS)
def test_quote_is_verbatim(claim_id):
    row = LEDGER.set_index("claim_id").loc[claim_id]
    result = quotes.check_quote(row["article_id"], row["quote"])
    assert result.ok, result.message


def test_every_article_has_rows_and_every_verdict_is_known():
    assert set(LEDGER["article_id"]) == ARTICLE_IDS
    assert set(claims.ARTICLE_ORDER) == ARTICLE_IDS
    assert set(LEDGER["verdict"]) <= set(SCALE)
    assert set(claims.VERDICTS) == set(SCALE)


def test_ledger_rules_pass_on_the_repository():
    assert claims.ledger_problems() == []


def test_every_computed_check_has_a_ledger_row():
    assert set(COMPUTED) <= set(CLAIM_IDS), sorted(set(COMPUTED) - set(CLAIM_IDS))


@pytest.mark.parametrize("claim_id", sorted(COMPUTED))
def test_computed_check_agrees_with_ledger(claim_id):
    stored = LEDGER.set_index("claim_id").loc[claim_id, "checked_value"]
    computed = COMPUTED[claim_id]
    assert isinstance(stored, str) and stored, f"{claim_id}: checked_value is empty in the CSV"
    if isinstance(computed, str):
        assert stored == computed
    else:
        tolerance = 0.5 * 10 ** -decimals(stored) + 1e-9
        assert math.isclose(float(stored), float(computed), abs_tol=tolerance), (
            f"{claim_id}: CSV says {stored}, the data give {computed}"
        )


def test_gdp_ratio_recomputed_independently():
    """China's GDP against the US's, straight from the gdp dataset, matches the computed check."""
    gdp = data.load("gdp")
    latest = gdp["year"].max()
    wide = gdp[gdp["year"] == latest].set_index("iso3")["gdp_usd_bn"]
    assert COMPUTED["sc-china-two-thirds-us"] == pytest.approx(wide["CHN"] / wide["USA"], abs=0.005)


def test_computed_checks_rejects_unknown_ids():
    with pytest.raises(KeyError, match="no-such-claim"):
        claims.computed_checks(["no-such-claim"])


# --------------------------------------------------------------------------------------
# Bad input: broken copies of the real files
# --------------------------------------------------------------------------------------


def test_unknown_verdict_is_refused_with_file_line_and_column(tmp_path):
    data_dir = broken_copy(tmp_path)
    line = rewrite_claims(data_dir, CLAIM_IDS[0], verdict="true")
    problems = data.validate(data_dir)
    assert any(
        p.startswith(f"data/claims.csv, line {line}, column verdict:") and "true" in p for p in problems
    ), problems


def test_source_required_unless_unverified(tmp_path):
    data_dir = broken_copy(tmp_path)
    sourced = LEDGER[LEDGER["verdict"] != "unverified"]["claim_id"].iloc[0]
    line = rewrite_claims(data_dir, sourced, source_id="")
    problems = claims.ledger_problems(data_dir)
    assert problems == [
        f"data/claims.csv, line {line}, column source_id: a source is required "
        f"unless the verdict is unverified (verdict is "
        f"{LEDGER.set_index('claim_id').loc[sourced, 'verdict']!r})"
    ]


def test_unverified_row_may_lack_a_source(tmp_path):
    data_dir = broken_copy(tmp_path)
    rewrite_claims(
        data_dir,
        CLAIM_IDS[0],
        verdict="unverified",
        source_id="",
        strongest_case="",
        note="Searched: the publisher's archive. Its record of the day would settle it.",
    )
    assert claims.ledger_problems(data_dir) == []


@pytest.mark.parametrize("verdict", NEGATIVE)
def test_negative_verdict_requires_a_strongest_case(tmp_path, verdict):
    data_dir = broken_copy(tmp_path)
    sourced = LEDGER[LEDGER["source_id"].notna()]["claim_id"].iloc[0]
    line = rewrite_claims(data_dir, sourced, verdict=verdict, strongest_case="")
    problems = claims.ledger_problems(data_dir)
    assert (
        f"data/claims.csv, line {line}, column strongest_case: required for a {verdict} verdict "
        f"(the strongest reading under which the claim would hold)" in problems
    ), problems


def test_every_negative_verdict_has_a_strongest_case():
    negative = LEDGER[LEDGER["verdict"].isin(NEGATIVE)]
    assert len(negative) > 0
    assert negative["strongest_case"].fillna("").str.strip().ne("").all()


def test_strongest_case_is_documented_in_the_schema():
    fields = {f["name"]: f for f in data.metadata("claims")["schema"]["fields"]}
    assert "strongest_case" in fields and fields["strongest_case"]["description"].strip()


@pytest.mark.parametrize(
    ("note", "missing"),
    [
        ("Nothing was found.", "what was searched and what would settle it"),
        ("Searched: the archive; nothing found.", "what would settle it"),
        ("The minutes would settle it.", "what was searched"),
    ],
)
def test_unverified_note_must_say_what_was_searched_and_what_would_settle_it(tmp_path, note, missing):
    data_dir = broken_copy(tmp_path)
    line = rewrite_claims(
        data_dir,
        CLAIM_IDS[0],
        verdict="unverified",
        source_id="",
        strongest_case="",
        check_method="Compared with the record.",
        note=note,
    )
    problems = claims.ledger_problems(data_dir)
    assert problems == [f"data/claims.csv, line {line}, column note: an unverified claim must say {missing}"]


def test_at_most_eight_percent_of_claims_are_unverified():
    assert (LEDGER["verdict"] == "unverified").mean() <= 0.08


def test_every_article_has_at_least_twelve_claims():
    sizes = LEDGER.groupby("article_id").size()
    assert set(sizes.index) == set(claims.ARTICLE_ORDER)
    assert sizes.min() >= 12, sizes.to_dict()


# --------------------------------------------------------------------------------------
# Consistency: same claim type, same evidence, same verdict (unless the notes say why)
# --------------------------------------------------------------------------------------


def _uniform_group() -> list[str]:
    """Claim ids of the largest group of one claim type and one source whose rows share a verdict."""
    sourced = LEDGER[LEDGER["source_id"].notna()]
    groups = [g for _, g in sourced.groupby(["claim_type", "source_id"]) if g["verdict"].nunique() == 1]
    largest = max(groups, key=len)
    assert len(largest) >= 3, "the test needs a group of at least three rows"
    return list(largest["claim_id"])


def test_consistency_rule_holds_on_the_repository():
    assert claims.consistency_problems() == []


def test_consistency_rule_catches_a_planted_inconsistency(tmp_path):
    group = _uniform_group()
    by_id = LEDGER.set_index("claim_id")
    target = group[-1]
    other = next(v for v in claims.VERDICTS if v not in (by_id.loc[target, "verdict"], "unverified"))
    data_dir = broken_copy(tmp_path)
    line = rewrite_claims(
        data_dir, target, verdict=other, note="No reason given.", strongest_case="Another reading."
    )
    problems = claims.consistency_problems(data_dir)
    assert len(problems) == 1, problems
    assert problems[0].startswith(f"data/claims.csv, line {line}, column verdict: {target} is {other} ")
    # Naming a row of the group that is rated otherwise, and saying why, settles it.
    rewrite_claims(data_dir, target, note=f"Unlike {group[0]}, this sentence adds a figure that is wrong.")
    assert claims.consistency_problems(data_dir) == []


def test_consistency_rule_catches_the_first_editions_dugin_pair(tmp_path):
    """The first edition rated one re-attributed Dugin sentence misleading and the rest contradicted."""
    data_dir = broken_copy(tmp_path)
    line = rewrite_claims(
        data_dir,
        "npv-attr-defense-analyst",
        verdict="misleading",
        note="The sentence is Dugin's; he is a Moscow-based commentator.",
    )
    problems = claims.consistency_problems(data_dir)
    assert [
        p
        for p in problems
        if p.startswith(
            f"data/claims.csv, line {line}, column verdict: npv-attr-defense-analyst is misleading "
        )
    ], problems


def test_consistency_ties_need_both_rows_to_explain(tmp_path):
    group = _uniform_group()
    data_dir = broken_copy(tmp_path)
    keep = group[:2]
    for cid in group[2:]:  # leave a group of two rows, then split their verdicts
        rewrite_claims(data_dir, cid, source_id="")  # without a source, the row leaves the group
    first = LEDGER.set_index("claim_id").loc[keep[0], "verdict"]
    other = next(v for v in claims.VERDICTS if v not in (first, "unverified"))
    rewrite_claims(data_dir, keep[1], verdict=other, note="No reason given.", strongest_case="x")
    rewrite_claims(data_dir, keep[0], note="No reason given.")
    flagged = {p.split(": ", 1)[1].split(" is ", 1)[0] for p in claims.consistency_problems(data_dir)}
    assert flagged == set(keep)


def test_unknown_source_id_is_refused(tmp_path):
    data_dir = broken_copy(tmp_path)
    line = rewrite_claims(data_dir, CLAIM_IDS[0], source_id="no-such-source")
    problems = data.validate(data_dir)
    assert any(p.startswith(f"data/claims.csv, line {line}, column source_id:") for p in problems), problems


def test_altered_quote_is_refused(tmp_path):
    data_dir = broken_copy(tmp_path)
    row = LEDGER.iloc[0]
    words = row["quote"].split()
    words[-1] = words[-1] + "x"
    line = rewrite_claims(data_dir, row["claim_id"], quote=" ".join(words))
    problems = claims.ledger_problems(data_dir)
    assert len(problems) == 1 and problems[0].startswith(f"data/claims.csv, line {line}, column quote:")


def test_unknown_claim_type_is_refused(tmp_path):
    data_dir = broken_copy(tmp_path)
    line = rewrite_claims(data_dir, CLAIM_IDS[0], claim_type="opinion")
    problems = data.validate(data_dir)
    assert any(p.startswith(f"data/claims.csv, line {line}, column claim_type:") for p in problems), problems


# --------------------------------------------------------------------------------------
# Corrections
# --------------------------------------------------------------------------------------

CORRECTIONS = claims.corrections()


def rewrite_corrections(data_dir: Path, correction_id: str, **changes: str) -> int:
    """Change one row of the copied corrections.csv; return the editor line of that row."""
    path = data_dir / "corrections.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        fields = reader.fieldnames
        rows = list(reader)
    line = next(i + 2 for i, row in enumerate(rows) if row["correction_id"] == correction_id)
    rows[line - 2].update(changes)
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return line


def test_corrections_rules_pass_on_the_repository():
    assert claims.corrections_problems() == []


def test_each_verdict_correction_ends_at_the_current_verdict():
    verdicts = LEDGER.set_index("claim_id")["verdict"]
    fixes = CORRECTIONS[CORRECTIONS["kind"] == "verdict"]
    assert len(fixes) > 0
    for cid, chain in fixes.groupby("claim_id", sort=False):
        assert chain["new"].iloc[-1] == verdicts[cid], cid
        assert (chain["old"] != chain["new"]).all(), cid


def test_changed_rows_link_to_their_correction():
    page = claims.ledger_explorer().data
    for r in CORRECTIONS[CORRECTIONS["kind"] == "verdict"].to_dict("records"):
        row = re.search(rf'<tr id="claim-{re.escape(r["claim_id"])}".*?</tr>', page, flags=re.S)
        assert row, r["claim_id"]
        assert f'href="../reference/corrections.html#correction-{r["correction_id"]}"' in row.group(0)
    unchanged = sorted(set(CLAIM_IDS) - set(CORRECTIONS["claim_id"].dropna()))
    row = re.search(rf'<tr id="claim-{re.escape(unchanged[0])}".*?</tr>', page, flags=re.S)
    assert "corrections.html" not in row.group(0)


def test_corrections_page_table_anchors_every_correction():
    page = claims.corrections_table().data
    for cid in CORRECTIONS["correction_id"]:
        assert page.count(f'id="correction-{cid}"') == 1


def test_verdict_counts_before_and_after_recomputed_independently():
    table = claims.verdict_before_after().set_index("verdict")
    assert table["now"].to_dict() == {v: int((LEDGER["verdict"] == v).sum()) for v in SCALE}
    added_later = LEDGER[LEDGER["added"] != LEDGER["added"].min()]
    fixes = CORRECTIONS[CORRECTIONS["kind"] == "verdict"]
    for v in SCALE:
        expected = (
            int((LEDGER["verdict"] == v).sum())
            - int((added_later["verdict"] == v).sum())
            - int((fixes["new"] == v).sum())
            + int((fixes["old"] == v).sum())
        )
        assert table.loc[v, "first_edition"] == expected, v
    assert table["first_edition"].sum() == len(LEDGER) - len(added_later)


def test_verdict_correction_must_match_the_ledger(tmp_path):
    data_dir = broken_copy(tmp_path)
    fix = CORRECTIONS[CORRECTIONS["kind"] == "verdict"].iloc[0]
    wrong = next(v for v in claims.VERDICTS if v not in (fix["new"], fix["old"]))
    line = rewrite_corrections(data_dir, fix["correction_id"], new=wrong)
    problems = claims.corrections_problems(data_dir)
    assert any(
        p.startswith(
            f"data/corrections.csv, line {line}, column new: {wrong!r} is not the "
            f"ledger's current verdict for {fix['claim_id']}"
        )
        for p in problems
    ), problems


def test_verdict_correction_needs_a_claim_and_verdicts(tmp_path):
    data_dir = broken_copy(tmp_path)
    fix = CORRECTIONS[CORRECTIONS["kind"] == "verdict"].iloc[0]
    line = rewrite_corrections(data_dir, fix["correction_id"], old="half true")
    problems = claims.corrections_problems(data_dir)
    assert any(
        p.startswith(f"data/corrections.csv, line {line}, column old: 'half true' is not a verdict")
        for p in problems
    ), problems
    line = rewrite_corrections(data_dir, fix["correction_id"], old=fix["old"], claim_id="")
    assert (
        f"data/corrections.csv, line {line}, column claim_id: a verdict correction must name a claim"
        in claims.corrections_problems(data_dir)
    )


def test_annotation_correction_names_a_chapter_not_a_claim(tmp_path):
    data_dir = broken_copy(tmp_path)
    note = CORRECTIONS[CORRECTIONS["kind"] == "annotation"].iloc[0]
    line = rewrite_corrections(data_dir, note["correction_id"], claim_id=CLAIM_IDS[0], chapter="")
    problems = claims.corrections_problems(data_dir)
    assert any(
        p.startswith(f"data/corrections.csv, line {line}, column claim_id: an annotation correction")
        for p in problems
    ), problems
    assert (
        f"data/corrections.csv, line {line}, column chapter: an annotation correction must name the "
        f"chapter it changed" in problems
    )


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("kind", "typo"),
        ("date", "1 December 2026"),
        ("claim_id", "no-such-claim"),
        ("source_id", "no-such-source"),
    ],
)
def test_corrections_schema_rejects_bad_cells(tmp_path, column, value):
    data_dir = broken_copy(tmp_path)
    line = rewrite_corrections(data_dir, CORRECTIONS["correction_id"].iloc[0], **{column: value})
    problems = data.validate(data_dir)
    assert any(p.startswith(f"data/corrections.csv, line {line}, column {column}:") for p in problems), (
        problems
    )


def test_built_corrections_page_lists_every_correction(built_site):
    page = (built_site / "book" / "reference" / "corrections.html").read_text(encoding="utf-8")
    for cid in CORRECTIONS["correction_id"]:
        assert f'id="correction-{cid}"' in page
    ledger_page = (built_site / "book" / "methods" / "fact-check.html").read_text(encoding="utf-8")
    assert "../reference/corrections.html" in ledger_page


# --------------------------------------------------------------------------------------
# ClaimReview
# --------------------------------------------------------------------------------------


def test_every_row_gives_a_valid_claim_review():
    reviews = claims.claim_reviews()
    assert len(reviews) == len(LEDGER)
    bad = {r["url"]: claim_review_problems(r) for r in reviews if claim_review_problems(r)}
    assert bad == {}


def test_ratings_follow_the_verdict_scale():
    """Each verdict's rating is the one the Fact-check page documents; unverified has no value."""
    assert claims.VERDICT_RATINGS == {verdict: expected_rating(verdict) for verdict in SCALE}
    assert claims.VERDICT_LABELS == {verdict: label for verdict, (_, label) in SCALE.items()}


def test_each_review_carries_its_rows_verdict():
    for row, review in zip(LEDGER.to_dict("records"), claims.claim_reviews(), strict=True):
        assert review["url"].endswith(f"#claim-{row['claim_id']}")
        # the quote's words, without a space before punctuation
        assert review["claimReviewed"].replace(" ", "") == row["quote"].replace(" ", "")
        assert not re.search(r"\s[,.;:!?]", review["claimReviewed"])
        rating = review["reviewRating"]
        assert rating == expected_rating(row["verdict"])
        if row["verdict"] == "unverified":  # not a point on the scale: the label alone
            assert "ratingValue" not in rating


def test_review_structure_check_catches_missing_parts():
    review = claims.claim_reviews()[0]
    broken = {k: v for k, v in review.items() if k != "reviewRating"}
    assert "reviewRating missing" in claim_review_problems(broken)
    broken = dict(review, itemReviewed={"@type": "CreativeWork"})
    assert "itemReviewed is not a Claim" in claim_review_problems(broken)


def test_unknown_verdict_has_no_claim_review():
    row = dict(LEDGER.iloc[0], verdict="mostly-true")
    with pytest.raises(ValueError, match="unknown verdict 'mostly-true'"):
        claims.claim_review(row)


def test_json_ld_cannot_be_closed_by_a_quote():
    row = dict(LEDGER.iloc[0], quote='He said "</script><script>alert(1)</script>"')
    script = claims.json_ld_script([claims.claim_review(row)])
    assert script.count("</script>") == 1
    [parsed] = json_ld_blocks(script)
    assert parsed[0]["claimReviewed"] == row["quote"]


# --------------------------------------------------------------------------------------
# HTML for the chapters
# --------------------------------------------------------------------------------------


@pytest.mark.parametrize("article_id", claims.ARTICLE_ORDER)
def test_claims_section_shows_rows_labels_and_json_ld(article_id):
    page = claims.claims_section(article_id).data
    rows = LEDGER[LEDGER["article_id"] == article_id]
    assert page.count("<tr ") == len(rows)
    assert '<th scope="col">Verdict</th>' in page
    for verdict in rows["verdict"]:
        assert SCALE[verdict][1] in page
    [block] = json_ld_blocks(page)
    reviews = whole_reviews(block)
    assert [r["url"].rsplit("#claim-", 1)[1] for r in reviews] == list(rows["claim_id"])
    assert [claim_review_problems(r) for r in reviews] == [[]] * len(rows)
    # Each review names its row on this page (the chapter), which carries the anchor.
    for cid, review in zip(rows["claim_id"], reviews, strict=True):
        assert review["url"].endswith(f"/book/articles/{article_id}.html#claim-{cid}")
        assert page.count(f'id="claim-{cid}"') == 1


def test_claims_section_rejects_unknown_article():
    with pytest.raises(ValueError, match="unknown article id 'no-such-article'"):
        claims.claims_section("no-such-article")


def test_verdict_counts_cover_every_row():
    counts = claims.verdict_counts()
    assert counts["claims"].sum() == len(LEDGER)
    by_article = counts.groupby("article_id")["claims"].sum()
    assert by_article.to_dict() == LEDGER.groupby("article_id").size().to_dict()


# --------------------------------------------------------------------------------------
# The built site
# --------------------------------------------------------------------------------------


def test_built_pages_carry_parseable_claim_reviews(built_site):
    """Every claim's review is published once in the site, valid, on the page its url names."""
    ledger_page = (built_site / "book" / "methods" / "fact-check.html").read_text(encoding="utf-8")
    published: list[tuple[str, str]] = []
    for page in sorted(built_site.rglob("*.html")):
        text = page.read_text(encoding="utf-8")
        for block in json_ld_blocks(text):
            for review in whole_reviews(block):
                assert claim_review_problems(review) == [], page
                cid = review["url"].rsplit("#claim-", 1)[1]
                published.append((cid, page.relative_to(built_site).as_posix()))
                assert review["url"].split("#")[0].endswith("/" + page.relative_to(built_site).as_posix())
                assert f'id="claim-{cid}"' in text
    assert sorted(cid for cid, _ in published) == sorted(CLAIM_IDS)  # each claim once
    for cid in CLAIM_IDS:
        assert f'id="claim-{cid}"' in ledger_page


def test_ledger_explorer_labels_every_control_and_anchors_every_row():
    page = claims.ledger_explorer().data
    controls = re.findall(r'<(?:input|select)[^>]*\bid="([^"]+)"', page)
    assert controls, "the explorer has no controls"
    for ident in controls:
        assert f'<label for="{ident}"' in page, f"control {ident} has no label"
    for cid in CLAIM_IDS:
        assert page.count(f'id="claim-{cid}"') == 1
    assert json_ld_blocks(page) == []  # the reviews are published on the chapters, not repeated here
    assert f">{len(CLAIM_IDS)} of {len(CLAIM_IDS)} claims shown<" in page


def test_case_table_keeps_order_and_rejects_unknown_ids():
    chosen = CLAIM_IDS[-1:] + CLAIM_IDS[:1]
    page = claims.case_table(chosen, caption="x", table_id="t").data
    positions = [page.index(f"#claim-{cid}") for cid in chosen]
    assert positions == sorted(positions)
    with pytest.raises(KeyError, match="no-such-claim"):
        claims.case_table(["no-such-claim"], caption="x", table_id="t")


def test_built_chapters_carry_their_claim_reviews(built_site):
    for article_id in claims.ARTICLE_ORDER:
        page = (built_site / "book" / "articles" / f"{article_id}.html").read_text(encoding="utf-8")
        reviews = [r for block in json_ld_blocks(page) for r in whole_reviews(block)]
        expected = set(LEDGER.loc[LEDGER["article_id"] == article_id, "claim_id"])
        assert {r["url"].rsplit("#claim-", 1)[1] for r in reviews} == expected, article_id


def test_each_shared_node_is_described_once_and_referred_to_by_id():
    """One JSON-LD graph for the whole ledger: one @context; the publisher, each article and its
    author described in full once, then referred to by a blank-node id alone."""
    graph = claims.review_graph(claims.claim_reviews(), list(LEDGER["article_id"]))
    assert graph["@context"] == "https://schema.org"
    assert all("@context" not in node for node in graph["@graph"])
    articles = {a["id"]: a for a in data.load("articles").to_dict("records")}
    full: dict[str, dict] = {}
    for row, review in zip(LEDGER.to_dict("records"), graph["@graph"], strict=True):
        item = review["itemReviewed"]
        for node in (review["author"], item.get("appearance"), item.get("author")):
            if node is None:
                continue
            assert node["@id"].startswith("_:"), "a blank node id, local to the JSON-LD block"
            if set(node) == {"@id"}:
                assert node["@id"] in full, "a reference must follow the full description"
            else:
                assert node["@id"] not in full, "a node is described in full only once"
                full[node["@id"]] = node
        article = articles[row["article_id"]]
        appearance = full[item["appearance"]["@id"]]
        if isinstance(article.get("url_as_found"), str):
            assert appearance["url"] == article["url_as_found"]
        assert appearance["headline"] == article["title"]
    assert [whole["url"] for whole in whole_reviews(graph)] == [r["url"] for r in claims.claim_reviews()]


def test_chapter_reviews_leave_the_review_text_to_the_ledger_page():
    article_id = claims.ARTICLE_ORDER[0]
    [block] = json_ld_blocks(claims.claims_section(article_id).data)
    reviews = whole_reviews(block)
    assert reviews and all("reviewBody" not in r and f"{article_id}.html#claim-" in r["url"] for r in reviews)
    full = claims.claim_reviews()
    with_method = LEDGER["check_method"].fillna("").str.strip() != ""
    assert sum("reviewBody" in r for r in full) == int(with_method.sum())


def test_plain_myst_turns_roles_into_their_text():
    from companion.claims import plain_myst

    text = (
        "The **scholars** ({term}`reverse Kissinger`, {term}`furniture <web-page furniture>`) "
        "{cite:p}`allin2025,welle2007`; see {doc}`../methods/counting-words`."
    )
    assert plain_myst(text) == (
        "The scholars (reverse Kissinger, furniture) (allin2025, welle2007); see counting-words."
    )


def test_date_checks_count_from_the_reference_dates_dataset():
    """Moving a date of birth in the data moves the computed age: the checks hold no dates of their own."""
    checks = claims._checks()
    moved = claims._Datasets()
    frame = moved["reference_dates"].copy()
    frame.loc[frame["date_id"] == "putin-born", "date"] -= pd.DateOffset(years=1)
    moved._frames["reference_dates"] = frame
    assert checks["sc-putin-74"](moved) == checks["sc-putin-74"](claims._Datasets()) + 1
    frame = frame[frame["date_id"] != "trump-born"]
    moved._frames["reference_dates"] = frame
    with pytest.raises(ValueError, match="trump-born"):
        checks["sc-trump-turns-80"](moved)


def test_article_order_is_read_from_the_table_of_contents(tmp_path):
    toc = tmp_path / "_toc.yml"
    toc.write_text(
        "format: jb-book\nroot: book/intro\nparts:\n  - caption: A\n    chapters:\n"
        "      - file: book/articles/reverse-kissinger\n      - file: book/methods/fact-check\n"
        "      - file: book/articles/golden-opportunity.md\n",
        encoding="utf-8",
    )
    assert claims.toc_article_order(toc) == ("reverse-kissinger", "golden-opportunity")
    toc.write_text("format: jb-book\nroot: book/intro\n", encoding="utf-8")
    with pytest.raises(ValueError, match="no chapter under book/articles/"):
        claims.toc_article_order(toc)


def test_each_verdicts_glyph_is_drawn_by_the_stylesheet_and_hidden_from_screen_readers():
    """The tables carry the label alone (class v-<verdict>); the stylesheet draws the glyph, with an empty alternative."""
    from companion.claims.verdicts import _VERDICT_GLYPHS

    css = (Path(claims.__file__).parents[1] / "static" / "companion.css").read_text(encoding="utf-8")
    for verdict, glyph in _VERDICT_GLYPHS.items():
        code = f"\\{ord(glyph):04x}\\00a0"
        rule = f'.v-{verdict}::before{{content:"{code}";content:"{code}"/""}}'
        assert rule in css, verdict
        cell = claims.ledger_table(LEDGER[LEDGER["verdict"] == verdict].head(1))
        assert f'<span class="claim-verdict v-{verdict}">{SCALE[verdict][1]}</span>' in cell
        assert re.findall(r'<span class="claim-verdict[^"]*">([^<]*)</span>', cell) == [SCALE[verdict][1]]
