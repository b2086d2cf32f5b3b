"""CITATION.cff is valid Citation File Format 1.2.0.

The schema in tests/schemas/ is the official CFF 1.2.0 JSON Schema published by the Citation
File Format project (citation-file-format/citation-file-format, CC BY 4.0).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import jsonschema
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads(
    (Path(__file__).parent / "schemas" / "citation-file-format-1.2.0.schema.json").read_text(encoding="utf-8")
)


def load_cff(text: str) -> dict:
    """Parse CFF YAML the way CFF tools do (dates as ISO strings)."""
    data = yaml.safe_load(text)
    for key, value in list(data.items()):
        if isinstance(value, dt.date):
            data[key] = value.isoformat()
    return data


def test_citation_file_is_valid_cff():
    data = load_cff((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    jsonschema.validate(data, SCHEMA)


def test_schema_rejects_a_citation_without_authors():
    data = load_cff((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del data["authors"]
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, SCHEMA)
