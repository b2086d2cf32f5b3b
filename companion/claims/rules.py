"""The ledger's and the corrections' rules that a table schema cannot express.

Each function returns one message per problem, naming the file, the line as a text editor shows
it (header = line 1), the column and the rule, like :func:`companion.data.validate`.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from pathlib import Path

from companion import quotes
from companion.claims.loading import _directory, _read_resource
from companion.claims.verdicts import NEGATIVE_VERDICTS, VERDICTS


def ledger_problems(data_dir: str | Path | None = None) -> list[str]:
    """Check the ledger rules a table schema cannot express; return one message per problem.

    * ``source_id`` is required unless the verdict is ``unverified``;
    * every ``quote`` occurs verbatim in its article (:func:`companion.quotes.check_quote`);
    * a contradicted, misleading or approximately row records its ``strongest_case``;
    * an unverified row's ``check_method`` or ``note`` says what was searched ("searched") and
      its ``note`` says what record would settle it ("would settle");
    * rows of one claim type resting on one source share a verdict, unless the rows that differ
      say why (:func:`consistency_problems`).

    Messages name the file, the line as a text editor shows it (header = line 1), the column
    and the rule, like :func:`companion.data.validate`.
    """
    directory = _directory(data_dir)
    try:
        shown, rows = _read_resource(directory, "claims")
    except LookupError as exc:
        return [str(exc)]
    problems: list[str] = []
    for line, row in rows:
        verdict = row.get("verdict", "")
        if verdict != "unverified" and not row.get("source_id"):
            problems.append(
                f"{shown}, line {line}, column source_id: a source is required "
                f"unless the verdict is unverified (verdict is {verdict!r})"
            )
        check = quotes.check_quote(row.get("article_id", ""), row.get("quote", ""), data_dir=directory)
        if not check.ok:
            problems.append(f"{shown}, line {line}, column quote: not verbatim: {check.message}")
        if verdict in NEGATIVE_VERDICTS and not row.get("strongest_case"):
            problems.append(
                f"{shown}, line {line}, column strongest_case: required for a {verdict} "
                f"verdict (the strongest reading under which the claim would hold)"
            )
        if verdict == "unverified":
            searched = "searched" in (row.get("check_method", "") + " " + row.get("note", "")).lower()
            settle = "would settle" in row.get("note", "").lower()
            if not (searched and settle):
                missing = " and ".join(
                    x
                    for x, ok in (("what was searched", searched), ("what would settle it", settle))
                    if not ok
                )
                problems.append(f"{shown}, line {line}, column note: an unverified claim must say {missing}")
    problems.extend(consistency_problems(directory, rows=(shown, rows)))
    return problems


def consistency_problems(
    data_dir: str | Path | None = None, *, rows: tuple[str, list[tuple[int, dict[str, str]]]] | None = None
) -> list[str]:
    """Rows of one claim type resting on one source must share a verdict unless the notes say why.

    Rows are grouped by ``claim_type`` and ``source_id`` (rows without a source are left out). In
    a group with more than one verdict, every row whose verdict is not the group's most common
    one (every row, if two verdicts are equally common) must name, in its ``note``, at least one
    row of the group with another verdict: that is where it says why it differs.
    """
    shown, table = rows if rows is not None else _read_resource(_directory(data_dir), "claims")
    groups: dict[tuple[str, str], list[tuple[int, dict[str, str]]]] = defaultdict(list)
    for line, row in table:
        if row.get("source_id"):
            groups[(row.get("claim_type", ""), row["source_id"])].append((line, row))
    problems: list[str] = []
    for (claim_type, source_id), members in sorted(groups.items()):
        counts = Counter(row["verdict"] for _, row in members)
        if len(counts) < 2:
            continue
        ranked = counts.most_common()
        tie = ranked[0][1] == ranked[1][1]
        usual = ranked[0][0]
        for line, row in members:
            if not tie and row["verdict"] == usual:
                continue
            others = [r["claim_id"] for _, r in members if r["verdict"] != row["verdict"]]
            if any(
                re.search(rf"(?<![a-z0-9-]){re.escape(o)}(?![a-z0-9-])", row.get("note", "")) for o in others
            ):
                continue
            listed = ", ".join(
                f"{r['claim_id']} ({r['verdict']})" for _, r in members if r["verdict"] != row["verdict"]
            )
            problems.append(
                f"{shown}, line {line}, column verdict: {row['claim_id']} is "
                f"{row['verdict']} but other {claim_type} rows resting on source "
                f"{source_id} are rated otherwise ({listed}); its note must name one of "
                f"them and say why the verdicts differ"
            )
    return problems


def corrections_problems(data_dir: str | Path | None = None) -> list[str]:
    """Check the corrections rules a table schema cannot express; return one message per problem.

    * a ``verdict`` correction names a ``claim_id``; its ``old`` and ``new`` are two different
      verdicts; the latest correction of a claim has as ``new`` the ledger's current verdict, and
      each earlier one's ``new`` is the next one's ``old``;
    * an ``annotation`` correction leaves ``claim_id`` empty and names a ``chapter``.

    Messages name the file, the line, the column and the rule.
    """
    directory = _directory(data_dir)
    try:
        shown, rows = _read_resource(directory, "corrections")
        _, claims_rows = _read_resource(directory, "claims")
    except LookupError as exc:
        return [str(exc)]
    current = {r["claim_id"]: r["verdict"] for _, r in claims_rows}
    problems: list[str] = []
    chains: dict[str, list[tuple[int, dict[str, str]]]] = {}
    for line, row in rows:
        kind, cid = row.get("kind", ""), row.get("claim_id", "")
        if kind == "verdict":
            if not cid:
                problems.append(
                    f"{shown}, line {line}, column claim_id: a verdict correction must name a claim"
                )
                continue
            for col in ("old", "new"):
                if row.get(col) not in VERDICTS:
                    problems.append(
                        f"{shown}, line {line}, column {col}: {row.get(col)!r} is not a verdict; "
                        f"expected one of {', '.join(VERDICTS)}"
                    )
            if row.get("old") == row.get("new"):
                problems.append(f"{shown}, line {line}, column new: the new verdict equals the old one")
            chains.setdefault(cid, []).append((line, row))
        elif kind == "annotation":
            if cid:
                problems.append(
                    f"{shown}, line {line}, column claim_id: an annotation correction names "
                    f"a chapter, not a claim (found {cid!r})"
                )
            if not row.get("chapter"):
                problems.append(
                    f"{shown}, line {line}, column chapter: an annotation correction must "
                    f"name the chapter it changed"
                )
    for cid, chain in chains.items():
        for (_, earlier), (line, later) in zip(chain, chain[1:]):
            if later.get("old") != earlier.get("new"):
                problems.append(
                    f"{shown}, line {line}, column old: {later.get('old')!r} does not follow "
                    f"the previous correction of {cid}, which set {earlier.get('new')!r}"
                )
        line, last = chain[-1]
        if cid in current and last.get("new") != current[cid]:
            problems.append(
                f"{shown}, line {line}, column new: {last.get('new')!r} is not the ledger's "
                f"current verdict for {cid} ({current[cid]!r})"
            )
    return problems
