"""The book's evidence layer: load, describe and validate the curated datasets in ``data/``.

Every dataset is a CSV file described by one resource in ``data/datapackage.json`` (a
Frictionless Data Package). The resource gives the file's path, its schema (column types,
units, constraints, primary key, foreign keys), its sources and licences, and a note on how
the figures were retrieved and derived. This module reads paths and schemas from that file
only, so a new resource added there is loaded and validated like every other one.

Validation uses the ``frictionless`` library against the package's schemas. A few checks
that a schema cannot express are done here first (the file exists, is not empty, decodes as
UTF-8, and has exactly the columns of its schema). Problems are reported one per line as::

    data/defence/military_expenditure.csv, line 3, column usd_current_bn: "n/a" is not a number

where the line number is the one a text editor shows (the header is line 1). Nothing is ever
coerced, dropped or repaired: a file with a problem is refused. That includes HTML markup (a
tag, comment or character reference) in a text field: the pages show data as plain text, so
markup would otherwise be shown as code or dropped (:func:`find_markup`).

Command line::

    python -m companion.data validate [--data-dir DIR]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import html.entities
import io
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

PACKAGE_FILE = "datapackage.json"

#: Where the curated data sit inside the installed wheel (``companion/_data``, copied in by
#: ``scripts/build_wheel.py``); in the repository they stay in ``data/`` at its root.
PACKAGED_DATA = "_data"


def find_data_dir(package_dir: str | Path | None = None) -> Path:
    """The curated data folder: the repository's ``data/`` beside the package, else the installed package's copy."""
    package_dir = Path(package_dir) if package_dir is not None else Path(__file__).resolve().parent
    repository, installed = package_dir.parent / "data", package_dir / PACKAGED_DATA
    for candidate in (repository, installed):
        if (candidate / PACKAGE_FILE).is_file():
            return candidate
    return repository  # neither holds a package: messages then name the repository's folder


#: The data folder every loader uses unless given another (``<repo>/data`` or ``companion/_data``).
DEFAULT_DATA_DIR = find_data_dir()

#: Files of the book's root that the package reads; the wheel carries copies beside its data.
BOOK_FILES = ("_toc.yml", "_config.yml")


def book_file(name: str, package_dir: str | Path | None = None) -> Path:
    """The book's root file ``name`` (one of :data:`BOOK_FILES`): the repository's, else the wheel's copy."""
    package_dir = Path(package_dir) if package_dir is not None else Path(__file__).resolve().parent
    repository = package_dir.parent / name
    if repository.is_file():
        return repository
    installed = package_dir / PACKAGED_DATA / name
    return installed if installed.is_file() else repository


__all__ = [
    "DEFAULT_DATA_DIR",
    "DataError",
    "article_text",
    "book_file",
    "catalogue",
    "fields",
    "find_data_dir",
    "find_markup",
    "load",
    "main",
    "metadata",
    "names",
    "package",
    "validate",
]


class DataError(Exception):
    """A dataset failed validation or does not exist; ``problems`` holds one message per line."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))


# --------------------------------------------------------------------------------------
# Reading the package descriptor
# --------------------------------------------------------------------------------------


def _data_dir(data_dir: str | Path | None) -> Path:
    """Return the data folder to use (the repository's ``data/`` when none is given)."""
    return Path(data_dir) if data_dir is not None else DEFAULT_DATA_DIR


def _display_path(data_dir: Path, rel_path: str) -> str:
    """Return the path shown in messages: ``data/<group>/<file>.csv`` style, relative to the repo."""
    return f"{data_dir.name}/{rel_path}" if data_dir.name else rel_path


def _read_package(data_dir: Path) -> dict[str, Any]:
    """Read ``datapackage.json`` from ``data_dir`` or raise :class:`DataError`."""
    path = data_dir / PACKAGE_FILE
    shown = _display_path(data_dir, PACKAGE_FILE)
    if not path.is_file():
        raise DataError([f"{shown}: file not found"])
    try:
        descriptor = json.loads(path.read_text(encoding="utf-8"))
    except UnicodeDecodeError as exc:
        raise DataError([f"{shown}: not valid UTF-8 ({exc.reason})"]) from None
    except json.JSONDecodeError as exc:
        raise DataError([f"{shown}, line {exc.lineno}: invalid JSON ({exc.msg})"]) from None
    if not isinstance(descriptor.get("resources"), list):
        raise DataError([f"{shown}: has no list of resources"])
    return descriptor


def package(data_dir: str | Path | None = None) -> dict[str, Any]:
    """Return the package descriptor, ``datapackage.json``, as read (raises :class:`DataError`).

    This is the one reader of the descriptor: everything else in the book reads it through here.
    """
    return _read_package(_data_dir(data_dir))


def _resources(descriptor: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Map each resource name to its descriptor, in file order."""
    return {res["name"]: res for res in descriptor["resources"] if "name" in res}


def names(data_dir: str | Path | None = None) -> list[str]:
    """Return the names of all datasets in the package, in the order they are listed."""
    return list(_resources(_read_package(_data_dir(data_dir))))


# --------------------------------------------------------------------------------------
# Validation
# --------------------------------------------------------------------------------------


@dataclass
class _Prepared:
    """A resource whose file passed the pre-checks, with its record-to-line map."""

    name: str
    shown: str
    fields: list[str]
    row_lines: list[int]  # row_lines[k] = editor line on which CSV record k starts (0 = header)


def _loc(shown: str, line: int | None = None, column: str | None = None) -> str:
    """Format the location prefix of a message."""
    out = shown
    if line is not None:
        out += f", line {line}"
    if column is not None:
        out += f", column {column}"
    return out


def _line_of_offset(raw: bytes, offset: int) -> int:
    """Return the 1-based line on which byte ``offset`` of ``raw`` lies."""
    return raw.count(b"\n", 0, offset) + 1


def _precheck(data_dir: Path, res: dict[str, Any]) -> tuple[list[str], _Prepared | None]:
    """Check what frictionless cannot express: presence, emptiness, encoding and columns."""
    rel = res.get("path")
    name = res.get("name", "?")
    if not isinstance(rel, str):
        return [f"{_display_path(data_dir, PACKAGE_FILE)}: resource {name!r} has no path"], None
    shown = _display_path(data_dir, rel)
    path = data_dir / rel
    if not path.is_file():
        return [f"{shown}: file not found (resource {name!r})"], None
    raw = path.read_bytes()
    if not raw.strip():
        return [f"{_loc(shown, 1)}: file is empty (a header line and data are required)"], None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = _line_of_offset(raw, exc.start)
        column = _column_at_offset(raw, exc.start)
        bad = raw[exc.start : exc.end].hex(" ")
        return [
            f"{_loc(shown, line, column)}: not valid UTF-8 text (byte {bad}); save the file as UTF-8"
        ], None
    if text.startswith("\ufeff"):
        return [f"{_loc(shown, 1)}: file starts with a byte-order mark; save it as UTF-8 without BOM"], None

    reader = csv.reader(io.StringIO(text, newline=""))
    row_lines: list[int] = []
    header: list[str] | None = None
    start = 1
    records: list[list[str]] = []
    try:
        for record in reader:
            if header is None:
                header = record
            records.append(record)
            row_lines.append(start)
            start = reader.line_num + 1
    except csv.Error as exc:
        return [f"{_loc(shown, reader.line_num)}: malformed CSV ({exc})"], None
    if not header:
        return [f"{_loc(shown, 1)}: file is empty (a header line and data are required)"], None

    fields = [f["name"] for f in res.get("schema", {}).get("fields", [])]
    problems: list[str] = []
    for col in fields:
        if col not in header:
            problems.append(f"{_loc(shown, 1, col)}: required column is missing from the header")
    for col in header:
        if col not in fields:
            shown_col = col if col.strip() else f"#{header.index(col) + 1} (blank name)"
            problems.append(f"{_loc(shown, 1, shown_col)}: unknown column (not in the schema of {name!r})")
    if len(set(header)) != len(header):
        dupes = sorted({c for c in header if header.count(c) > 1})
        problems.append(f"{_loc(shown, 1, dupes[0])}: column name appears more than once")
    if not problems and header != fields:
        problems.append(f"{_loc(shown, 1)}: columns are not in schema order; expected {', '.join(fields)}")
    if problems:
        return problems, None
    if len(row_lines) < 2:
        return [f"{_loc(shown, 2)}: file has a header but no data rows"], None
    prepared = _Prepared(name=name, shown=shown, fields=header, row_lines=row_lines)
    return _markup_problems(prepared, res, records), prepared


#: Element names of HTML (WHATWG), SVG and MathML roots: ``<name`` or ``</name`` followed by
#: white space, ``>`` or ``/`` is markup. A placeholder such as ``docs/<year>.txt`` is not.
_HTML_ELEMENTS = frozenset(
    """a abbr address area article aside audio b base bdi bdo blockquote body br button canvas
    caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed
    fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i iframe
    img input ins kbd label legend li link main map mark math menu meta meter nav noscript object
    ol optgroup option output p param picture pre progress q rp rt ruby s samp script search
    section select slot small source span strong style sub summary sup svg table tbody td
    template textarea tfoot th thead time title tr track u ul var video wbr
    applet basefont big blink center font frame frameset marquee nobr strike tt""".split()
)
_MARKUP = re.compile(
    r"<!--|<!\[CDATA\[|<!doctype|<\?"  # comments, CDATA, doctype, processing instructions
    r"|<[A-Za-z][^<>]*\s[\w:-]+\s*=\s*[\"']"  # any tag with an attribute
    r"|</?(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>])"  # an element's start or end tag
    r"|&(?:#[0-9]+|#x[0-9a-fA-F]+|(?P<entity>[A-Za-z][A-Za-z0-9]*));",  # a character reference
    re.IGNORECASE,
)


def find_markup(text: str) -> str | None:
    """Return the first piece of HTML markup in ``text`` (a tag, comment or character reference), or None."""
    for match in _MARKUP.finditer(text):
        tag, entity = match.group("tag"), match.group("entity")
        if tag is not None and tag.lower() not in _HTML_ELEMENTS:
            continue
        if match.group(0).startswith("&"):
            if entity is None or entity in html.entities.name2codepoint:
                return match.group(0)
            continue
        end = text.find(">", match.start())
        stop = end + 1 if 0 <= end - match.start() < 60 else match.end()
        return text[match.start() : stop]
    return None


def _markup_problems(prep: _Prepared, res: dict[str, Any], records: list[list[str]]) -> list[str]:
    """Refuse HTML markup in the text fields of a resource: the pages show data as text."""
    text_fields = {name for name, ftype in _field_types(res).items() if ftype == "string"}
    problems = []
    for k, record in enumerate(records[1:], start=1):
        for column, cell in zip(prep.fields, record, strict=False):
            found = find_markup(cell) if column in text_fields and ("<" in cell or "&" in cell) else None
            if found:
                problems.append(
                    f"{_loc(prep.shown, prep.row_lines[k], column)}: HTML markup {found!r} is not "
                    "allowed in a text field (pages show data as plain text); write the text itself"
                )
    return problems


def _column_at_offset(raw: bytes, offset: int) -> str | None:
    """Return the CSV column name that contains byte ``offset`` (for encoding errors)."""
    text = raw.decode("utf-8", errors="surrogateescape")
    lines = text.splitlines()
    header = next(csv.reader([lines[0]])) if lines else []
    line_no = _line_of_offset(raw, offset)
    if line_no == 1 or line_no > len(lines):
        return None
    cells = next(csv.reader([lines[line_no - 1]]), [])
    for idx, cell in enumerate(cells):
        if any("\udc80" <= ch <= "\udcff" for ch in cell):
            return header[idx] if idx < len(header) else f"#{idx + 1}"
    return None


def _field_types(res: dict[str, Any]) -> dict[str, str]:
    """Map field name to its Table Schema type."""
    return {f["name"]: f.get("type", "string") for f in res.get("schema", {}).get("fields", [])}


_TYPE_WORDS = {
    "number": "a number",
    "integer": "a whole number",
    "year": "a year",
    "date": "a date (YYYY-MM-DD)",
    "boolean": "true or false",
    "datetime": "a date-time",
}

_CONSTRAINT_RE = re.compile(r'constraint "(?P<kind>\w+)" is "(?P<value>.*)"')


def _cell_message(error: Any, ftype: str) -> str:
    """Turn a frictionless cell error into a sentence stating the rule broken."""
    cell = error.cell
    if error.type == "type-error":
        return f'"{cell}" is not {_TYPE_WORDS.get(ftype, "of type " + ftype)}'
    if error.type == "constraint-error":
        match = _CONSTRAINT_RE.search(error.note or "")
        kind, value = (match["kind"], match["value"]) if match else ("", "")
        if kind == "required":
            return "value is required but the cell is empty"
        if kind == "minimum":
            return f"{cell} is below the minimum {value}"
        if kind == "maximum":
            return f"{cell} is above the maximum {value}"
        if kind == "enum":
            return f'"{cell}" is not one of the allowed values {value}'
        if kind == "pattern":
            return f'"{cell}" does not match the pattern {value}'
        if kind == "unique":
            return f'"{cell}" appears more than once but must be unique'
        if kind in {"minLength", "maxLength"}:
            return f'"{cell}" breaks the {kind} constraint {value}'
        return f'"{cell}" breaks a constraint ({error.note})'
    return f'"{cell}": {error.note}'


def _row_message(error: Any, prep: _Prepared, res: dict[str, Any], line: int) -> str:
    """Turn a frictionless row error (primary key, foreign key, cell count) into a message."""
    schema = res.get("schema", {})
    cells = list(error.cells or [])
    values = dict(zip(prep.fields, cells, strict=False))
    if error.type == "primary-key":
        key = schema.get("primaryKey", [])
        key = [key] if isinstance(key, str) else list(key)
        shown_key = ", ".join(f"{k}={values.get(k, '')}" for k in key)
        first = re.search(r"position (\d+)", error.note or "")
        where = ""
        if first:
            rec = int(first.group(1)) - 1
            if 0 <= rec < len(prep.row_lines):
                where = f" (first on line {prep.row_lines[rec]})"
        return f"{_loc(prep.shown, line, ', '.join(key))}: duplicate primary key {shown_key}{where}"
    if error.type == "foreign-key":
        for fk in schema.get("foreignKeys", []):
            cols = fk["fields"] if isinstance(fk["fields"], list) else [fk["fields"]]
            if f'"{cols[0]}"' in (error.note or ""):
                ref = fk["reference"]
                ref_fields = ref["fields"] if isinstance(ref["fields"], list) else [ref["fields"]]
                ref_res = ref.get("resource") or prep.name
                shown_val = ", ".join(f'"{values.get(c, "")}"' for c in cols)
                return (
                    f"{_loc(prep.shown, line, ', '.join(cols))}: {shown_val} is not a known "
                    f"{', '.join(ref_fields)} in the {ref_res!r} dataset"
                )
        return f"{_loc(prep.shown, line)}: {error.note}"
    if error.type == "extra-cell":
        return f"{_loc(prep.shown, line, getattr(error, 'field_name', None))}: row has more cells than the header"
    if error.type == "missing-cell":
        return f"{_loc(prep.shown, line, getattr(error, 'field_name', None))}: row has fewer cells than the header"
    if error.type == "blank-row":
        return f"{_loc(prep.shown, line)}: blank row"
    return f"{_loc(prep.shown, line)}: {error.note or error.message}"


def _frictionless_problems(
    data_dir: Path, descriptor: dict[str, Any], prepared: dict[str, _Prepared]
) -> list[str]:
    """Validate the pre-checked resources with frictionless and map its errors to messages."""
    resources = []
    for res in descriptor["resources"]:
        if res.get("name") not in prepared:
            continue
        res = json.loads(json.dumps(res))  # a private copy we may trim
        schema = res.get("schema", {})
        # A foreign key into a dataset that already failed its pre-checks cannot be checked;
        # that dataset's own problems are reported instead.
        schema["foreignKeys"] = [
            fk
            for fk in schema.get("foreignKeys", [])
            if (fk.get("reference", {}).get("resource") or res["name"]) in prepared
        ]
        if not schema["foreignKeys"]:
            del schema["foreignKeys"]
        res["encoding"] = "utf-8"
        resources.append(res)
    if not resources:
        return []
    problems: list[str] = []
    by_name = {res["name"]: res for res in resources}
    for name, errors in _resource_errors(data_dir, descriptor, by_name).items():
        prep = prepared.get(name)
        if prep is None:
            continue
        res = by_name[name]
        types = _field_types(res)
        for error in errors:
            row_number = getattr(error, "row_number", None)
            line = None
            if row_number is not None and 0 < row_number <= len(prep.row_lines):
                line = prep.row_lines[row_number - 1]
            field = getattr(error, "field_name", None)
            if error.type in {"type-error", "constraint-error"} and field is not None:
                problems.append(
                    f"{_loc(prep.shown, line, field)}: {_cell_message(error, types.get(field, 'string'))}"
                )
            elif line is not None:
                problems.append(_row_message(error, prep, res, line))
            else:
                problems.append(f"{prep.shown}: {error.note or error.message}")
    return problems


#: frictionless's errors for a resource, keyed by what they depend on (see _resource_errors).
_ERRORS_SEEN: dict[str, list[Any]] = {}


#: Environment variable naming a folder where a clean validation is recorded for other processes
#: (the book build's kernels share one, see ``companion.sphinxext.kernel_env``).
VALIDATED_ENV = "COMPANION_VALIDATED_DIR"


def _validated_elsewhere(key: str) -> Path | None:
    """Where a clean validation of ``key`` is recorded for other processes (``None``: not shared)."""
    import os

    folder = os.environ.get(VALIDATED_ENV, "").strip()
    return Path(folder) / key if folder else None


def _resource_errors(
    data_dir: Path, descriptor: dict[str, Any], by_name: dict[str, dict[str, Any]]
) -> dict[str, list[Any]]:
    """frictionless's errors for each resource, validated with the resources its foreign keys name.

    A resource's errors depend only on its descriptor, its file and the files it refers to, so
    they are kept for the session under a digest of those: validating a copy of the data with
    one file changed re-reads only that file and the resources that refer to it. When
    :data:`VALIDATED_ENV` names a folder, a clean result is also recorded there under the same
    digest, so other processes given the same folder (the build's kernels, which each load the
    data their chapter needs) skip the validation, and frictionless's import, for the same bytes.
    """
    found: dict[str, list[Any]] = {}
    for name, res in by_name.items():
        refs = [
            fk.get("reference", {}).get("resource") or name
            for fk in res.get("schema", {}).get("foreignKeys", [])
        ]
        deps = [res] + [by_name[r] for r in dict.fromkeys(refs) if r != name and r in by_name]
        digest = hashlib.sha256(json.dumps(deps, sort_keys=True).encode("utf-8"))
        for dep in deps:
            path = data_dir / str(dep.get("path", ""))
            digest.update(path.read_bytes() if path.is_file() else b"\0missing")
        key = digest.hexdigest()
        shared = _validated_elsewhere(key)
        if key not in _ERRORS_SEEN and shared is not None and shared.is_file():
            _ERRORS_SEEN[key] = []
        if key not in _ERRORS_SEEN:
            import frictionless  # imported here: it is slow to import and only validation needs it

            package = frictionless.Package.from_descriptor(
                {"name": descriptor.get("name", "data"), "resources": deps}, basepath=str(data_dir)
            )
            report = package.validate()
            _ERRORS_SEEN[key] = next((list(t.errors) for t in report.tasks if t.name == name), [])
            if shared is not None and not _ERRORS_SEEN[key]:
                shared.parent.mkdir(parents=True, exist_ok=True)
                shared.write_text(f"{name}: valid\n", encoding="utf-8")
        found[name] = _ERRORS_SEEN[key]
    return found


def _validate_resources(data_dir: Path, descriptor: dict[str, Any], only: str | None = None) -> list[str]:
    """Validate every resource (or resource ``only`` and the ones it refers to)."""
    resources = _resources(descriptor)
    wanted = list(resources)
    if only is not None:
        wanted = [only]
        for fk in resources[only].get("schema", {}).get("foreignKeys", []):
            ref = fk.get("reference", {}).get("resource")
            if ref and ref in resources and ref not in wanted:
                wanted.append(ref)
    problems: list[str] = []
    prepared: dict[str, _Prepared] = {}
    for name in wanted:
        found, prep = _precheck(data_dir, resources[name])
        problems.extend(found)
        if prep is not None:
            prepared[name] = prep
    sub = {**descriptor, "resources": [resources[n] for n in wanted]}
    problems.extend(_frictionless_problems(data_dir, sub, prepared))
    if only is not None:
        own = _display_path(data_dir, resources[only]["path"])
        # Problems in a referenced dataset (e.g. sources) also block loading: keep them all.
        problems.sort(key=lambda p: not p.startswith(own))
    return problems


def validate(data_dir: str | Path | None = None) -> list[str]:
    """Validate every dataset in ``data_dir``; return one message per problem (empty = valid)."""
    directory = _data_dir(data_dir)
    try:
        descriptor = _read_package(directory)
    except DataError as exc:
        return exc.problems
    return _validate_resources(directory, descriptor)


# --------------------------------------------------------------------------------------
# Loading
# --------------------------------------------------------------------------------------


def _typed_frame(path: Path, res: dict[str, Any]) -> pd.DataFrame:
    """Read a validated CSV as text and convert each column to its schema type."""
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""], encoding="utf-8")
    for field in res.get("schema", {}).get("fields", []):
        col, ftype = field["name"], field.get("type", "string")
        series = frame[col]
        if ftype in {"integer", "year"}:
            series = pd.to_numeric(series).astype("Int64")
            if not series.isna().any():
                series = series.astype("int64")
        elif ftype == "number":
            series = pd.to_numeric(series).astype("float64")
        elif ftype == "boolean":
            true_values = set(field.get("trueValues", ["true", "True", "TRUE", "1"]))
            mapped = series.map(lambda v: pd.NA if pd.isna(v) else v in true_values)
            series = mapped.astype("boolean")
            if not series.isna().any():
                series = series.astype(bool)
        elif ftype == "date":
            series = pd.to_datetime(series, format="%Y-%m-%d")
        frame[col] = series
    return frame


def load(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Validate dataset ``name`` and return it as a DataFrame with its schema's dtypes."""
    directory = _data_dir(data_dir)
    descriptor = _read_package(directory)
    resources = _resources(descriptor)
    if name not in resources:
        available = ", ".join(sorted(resources))
        raise DataError([f"unknown dataset {name!r}; available datasets: {available}"])
    problems = _validate_resources(directory, descriptor, only=name)
    if problems:
        raise DataError(problems)
    return _typed_frame(directory / resources[name]["path"], resources[name])


# --------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------


def _coverage(frame: pd.DataFrame) -> str:
    """Describe the years a dataset covers (from its ``year`` or ``date`` column)."""
    if "year" in frame.columns and frame["year"].notna().any():
        years = frame["year"].dropna()
        lo, hi = int(years.min()), int(years.max())
    elif "date" in frame.columns and frame["date"].notna().any():
        dates = pd.to_datetime(frame["date"].dropna().astype(str).str[:10], errors="coerce").dropna()
        if dates.empty:
            return ""
        lo, hi = int(dates.min().year), int(dates.max().year)
    else:
        return ""
    return str(lo) if lo == hi else f"{lo}–{hi}"


def catalogue(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Return one row per dataset: name, title, publisher, coverage, licence, rows, path."""
    directory = _data_dir(data_dir)
    descriptor = _read_package(directory)
    problems = _validate_resources(directory, descriptor)
    if problems:
        raise DataError(problems)
    rows = []
    for name, res in _resources(descriptor).items():
        frame = _typed_frame(directory / res["path"], res)
        publisher = res.get("publisher") or "; ".join(s.get("title", "") for s in res.get("sources", []))
        licences = [lic.get("title") or lic.get("name", "") for lic in res.get("licenses", [])]
        rows.append(
            {
                "name": name,
                "title": res.get("title", name),
                "publisher": publisher,
                "coverage": _coverage(frame),
                "licence": "; ".join(lic for lic in licences if lic),
                "rows": len(frame),
                "path": f"data/{res['path']}",
            }
        )
    return pd.DataFrame(rows, columns=["name", "title", "publisher", "coverage", "licence", "rows", "path"])


def metadata(name: str, data_dir: str | Path | None = None) -> dict[str, Any]:
    """Return the datapackage.json descriptor of dataset ``name`` (a copy; changing it changes nothing)."""
    resources = _resources(_read_package(_data_dir(data_dir)))
    if name not in resources:
        raise DataError([f"unknown dataset {name!r}; available datasets: {', '.join(sorted(resources))}"])
    return json.loads(json.dumps(resources[name]))


def fields(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Return one row per column of dataset ``name``: name, type, unit, required, description."""
    rows = [
        {
            "name": field["name"],
            "type": field.get("type", "string"),
            "unit": field.get("unit", ""),
            "required": bool(field.get("constraints", {}).get("required", False)),
            "description": field.get("description", ""),
        }
        for field in metadata(name, data_dir).get("schema", {}).get("fields", [])
    ]
    return pd.DataFrame(rows, columns=["name", "type", "unit", "required", "description"])


# --------------------------------------------------------------------------------------
# Article texts
# --------------------------------------------------------------------------------------


def article_text(article_id: str, include_furniture: bool = False, data_dir: str | Path | None = None) -> str:
    """Return an article's text; without ``include_furniture`` the marked furniture lines are dropped."""
    directory = _data_dir(data_dir)
    articles = load("articles", directory)
    match = articles.loc[articles["id"] == article_id]
    if match.empty:
        known = ", ".join(sorted(articles["id"]))
        raise DataError([f"unknown article id {article_id!r}; known ids: {known}"])
    text = (directory / str(match["file"].iloc[0])).read_text(encoding="utf-8")
    if include_furniture or "article_furniture" not in names(directory):
        return text
    furniture = load("article_furniture", directory)
    marked = furniture.loc[furniture["article_id"] == article_id]
    lines = text.splitlines(keepends=True)
    shown = _display_path(directory, _resources(_read_package(directory))["article_furniture"]["path"])
    problems = []
    for row in marked.itertuples():
        number = int(row.line)
        actual = lines[number - 1].rstrip("\r\n") if number <= len(lines) else None
        if actual is None or not actual.startswith(str(row.text_start)):
            problems.append(
                f"{shown}: furniture line {number} of {article_id!r} does not start with "
                f"{row.text_start!r} (the line is {actual!r})"
            )
    if problems:
        raise DataError(problems)
    drop = set(marked["line"].astype(int))
    return "".join(line for number, line in enumerate(lines, start=1) if number not in drop)


# --------------------------------------------------------------------------------------
# Command line
# --------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command-line interface; return the process exit status."""
    parser = argparse.ArgumentParser(prog="python -m companion.data", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("validate", help="validate every dataset in the data folder")
    check.add_argument("--data-dir", default=None, help="data folder (default: the repository's data/)")
    args = parser.parse_args(argv)
    if args.command == "validate":
        problems = validate(args.data_dir)
        for problem in problems:
            print(problem)
        if problems:
            print(f"{len(problems)} problem(s) found.", file=sys.stderr)
            return 1
        descriptor = _read_package(_data_dir(args.data_dir))
        print(f"All {len(descriptor['resources'])} datasets are valid.")
        return 0
    return 2  # pragma: no cover (argparse rejects unknown commands)


if __name__ == "__main__":
    sys.exit(main())
