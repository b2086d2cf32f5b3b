"""Self-check questions in the course reader: the question and its choices in both editions, the
answers and their feedback only in the instructors' (the fixtures of test_pdf.py)."""

from __future__ import annotations

from pathlib import Path

import yaml
from test_pdf import editions, squash  # noqa: F401 - the fixture: both printed editions

ROOT = Path(__file__).resolve().parents[1]


def questions() -> list[dict]:
    out = []
    for path in sorted((ROOT / "data" / "selfchecks").glob("*.yaml")):
        out += yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    return out


def test_questions_print_with_their_choices_and_answers_only_for_instructors(editions):  # noqa: F811
    students, instructors = editions["students"].flat, editions["instructors"].flat
    asked = [q for q in questions() if q.get("kind", "choice") == "choice"]
    assert asked
    for q in asked:
        for flat in (students, instructors):
            assert squash(q["question"]) in flat, q["id"]
            assert all(squash(c["text"]) in flat for c in q["choices"]), q["id"]
    feedback = [squash(c["feedback"]) for q in asked for c in q["choices"]]
    assert [f for f in feedback if f in students] == []
    assert [f for f in feedback if f not in instructors] == []
    assert "(instructors'edition)" in instructors and "Answer(instructors'edition)" not in students
