"""Chart downloads: under every chart of the book, its image (PNG, SVG), its data (CSV) and a citation.

Each chart figure (``charts.show(fig, name="fig-<page>-<name>", ...)``) gets, on the book's
pages:

* a stable anchor, ``#chart-<page>-<name>`` (the figure's name without ``fig-``), on a block
  that holds the figure and the lines under it;
* three download links, to files written at build time, offline, into
  ``_downloads/charts/<page>-<name>.{png,svg,csv}``: the static drawing as SVG, the same
  drawing as PNG at twice its size (for slides), and the rows and columns the chart draws as
  CSV;
* a "Cite this chart" line: the chart's title, the book's title (as ``CITATION.cff`` gives it),
  the edition (``EDITION``), the chart's URL with its anchor, and a retrieval date for the
  reader to fill in, as ISO dates are written in the book's source list.

The CSV holds the rows and columns of the chart's own data (the spec's datasets), not of the
table the chapter started from: the columns are the fields that the chart's data layers (the
layers with tooltips) encode, named by the titles the chart gives them, and the rows are those
the layers' filters keep (a filter that depends on a reader's choice keeps every row, since the
reader can choose any). Reference lines and labels without tooltips are not data and stay out.
The file starts with ``#`` comment lines giving the chart's title, units (its subtitle), source
and address; ``pandas.read_csv(path, comment="#")`` reads it, and so does the stock
``frictionless`` CLI through ``_downloads/charts/datapackage.json``, which declares ``#`` as the
comment character and each file's column types.

In the single-page build printed as the course reader, links to files would print as dead
controls: there the chart gets its citation line only.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

#: Where the downloads go inside the built site.
DOWNLOADS_DIR = "_downloads/charts"
#: The PNG's scale: twice the drawing's size, sharp on slides and high-density screens.
PNG_SCALE = 2
#: Encoding channels that place or link marks without carrying a value a reader reads.
LAYOUT_CHANNELS = frozenset({"href", "url", "order", "xOffset", "yOffset", "key", "detail", "description"})
#: Channels in the order their fields become columns (tooltip fields follow).
CHANNEL_ORDER = (
    "row",
    "column",
    "facet",
    "x",
    "x2",
    "y",
    "y2",
    "theta",
    "radius",
    "color",
    "fill",
    "stroke",
    "shape",
    "size",
    "opacity",
    "strokeWidth",
    "text",
)
_COMPOSITE = ("layer", "vconcat", "hconcat", "concat")


class ChartDataError(ValueError):
    """A chart's spec holds something the downloads cannot turn into a table."""


@dataclass(frozen=True)
class ChartText:
    """A chart's words, as its spec holds them: title, subtitle (units) and source line."""

    title: str
    subtitle: tuple[str, ...]
    source: str
    description: str


def _text(value: Any) -> str:
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return "" if value is None else str(value)


def chart_text(spec: Mapping[str, Any]) -> ChartText:
    """Return the title, subtitle lines, source line and description of a finished chart's spec."""
    title = spec.get("title")
    head = _text(title.get("text") if isinstance(title, dict) else title)
    sub = title.get("subtitle", ()) if isinstance(title, dict) else ()
    subtitle = tuple(str(s) for s in ([sub] if isinstance(sub, str) else sub))
    source = ""
    for unit in _walk(spec):
        t = unit.get("title")
        if isinstance(t, dict) and t.get("orient") == "bottom":
            source = _text(t.get("text"))
            break
    return ChartText(head, subtitle, source, str(spec.get("description") or ""))


def _walk(spec: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    yield spec
    for key in _COMPOSITE:
        for child in spec.get(key, ()):
            yield from _walk(child)
    if isinstance(spec.get("spec"), dict):
        yield from _walk(spec["spec"])


@dataclass(frozen=True)
class _Unit:
    encoding: Mapping[str, Any]
    data: Mapping[str, Any] | None
    filters: tuple[Any, ...]
    facets: tuple[Mapping[str, Any], ...]


def _units(
    spec: Mapping[str, Any],
    data: Mapping[str, Any] | None = None,
    filters: tuple[Any, ...] = (),
    facets: tuple[Mapping[str, Any], ...] = (),
) -> Iterator[_Unit]:
    data = spec.get("data", data)
    for step in spec.get("transform", ()):
        if set(step) != {"filter"}:
            raise ChartDataError(f"transform {sorted(step)} is not supported (only filter)")
        filters = (*filters, step["filter"])
    facet = spec.get("facet")
    if isinstance(facet, dict):
        facets = (*facets, *([facet] if "field" in facet else facet.values()))
    encoding = spec.get("encoding", {})
    for key in ("row", "column", "facet"):
        if isinstance(encoding.get(key), dict):
            facets = (*facets, encoding[key])
    if "mark" in spec:
        yield _Unit(encoding, data, filters, facets)
    for key in _COMPOSITE:
        for child in spec.get(key, ()):
            yield from _units(child, data, filters, facets)
    if isinstance(spec.get("spec"), dict):
        yield from _units(spec["spec"], data, filters, facets)


_STRING = r"'(?P<s1>[^'\\]*)'|\"(?P<s2>[^\"\\]*)\"|(?P<num>-?\d+(?:\.\d+)?)"
_COMPARE = re.compile(rf"datum\.(?P<field>\w+)\s*(?P<op>===|==|!==|!=)\s*(?:{_STRING})")
_PARAM_COMPARE = re.compile(r"datum\.\w+\s*(?:===|==|!==|!=)\s*[A-Za-z_]\w*")


def _balanced(expr: str) -> bool:
    depth = 0
    for i, ch in enumerate(expr):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0 and i < len(expr) - 1:
            return False
    return True


def row_filter(predicate: Any) -> Callable[[Mapping[str, Any]], bool] | None:
    """Return a row test for a Vega-Lite filter, or ``None`` when it depends on a reader's choice."""
    if isinstance(predicate, dict):
        if "param" in predicate:
            return None
        name = str(predicate.get("field"))
        if "oneOf" in predicate:
            options = list(predicate["oneOf"])
            return lambda row: row.get(name) in options
        if "equal" in predicate:
            wanted = predicate["equal"]
            return lambda row: row.get(name) == wanted
        raise ChartDataError(f"filter {json.dumps(predicate)} is not supported")
    expr = str(predicate).strip()
    while expr.startswith("(") and expr.endswith(")") and _balanced(expr):
        expr = expr[1:-1].strip()
    if expr.startswith("!"):
        inner = row_filter(expr[1:])
        return None if inner is None else (lambda row: not inner(row))
    m = _COMPARE.fullmatch(expr)
    if m:
        field = m.group("field")
        num = m.group("num")
        value: Any = (
            float(num) if num is not None else (m.group("s1") if m.group("s1") is not None else m.group("s2"))
        )
        equal = m.group("op") in ("==", "===")
        return lambda row: (row.get(field) == value) == equal
    if _PARAM_COMPARE.fullmatch(expr):
        return None
    raise ChartDataError(f"filter {expr!r} is not supported")


def _rows(spec: Mapping[str, Any], data: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    if data is None:
        raise ChartDataError("a data layer has no data")
    if "values" in data:
        return list(data["values"])
    name = data.get("name")
    datasets = spec.get("datasets", {})
    if name not in datasets:
        raise ChartDataError(f"dataset {name!r} is not in the spec (a chart's data must be inline)")
    return list(datasets[name])


def _defs(unit: _Unit) -> Iterator[tuple[str, Mapping[str, Any]]]:
    for facet in unit.facets:
        yield "facet", facet
    for channel in CHANNEL_ORDER:
        value = unit.encoding.get(channel)
        if isinstance(value, dict) and channel not in ("row", "column", "facet"):
            yield channel, value
    tips = unit.encoding.get("tooltip")
    for tip in tips if isinstance(tips, list) else [tips] if isinstance(tips, dict) else []:
        yield "tooltip", tip
    unknown = set(unit.encoding) - set(CHANNEL_ORDER) - LAYOUT_CHANNELS - {"tooltip"}
    if unknown:
        raise ChartDataError(f"encoding channel(s) {sorted(unknown)} not supported")


#: Longer axis or legend titles are instructions or sentences, not column names.
LONGEST_TITLE = 48


def humanise(field: str) -> str:
    """Return a field name as a column label: ``source_id`` becomes ``Source id``."""
    words = field.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def chart_table(spec: Mapping[str, Any]) -> pd.DataFrame:
    """Return the rows and columns a chart draws, the columns named as the chart titles them."""
    units = [u for u in _units(spec) if "tooltip" in u.encoding]
    if not units:
        raise ChartDataError("the chart has no data layer (no layer with tooltips)")
    titles: dict[str, str] = {}
    axis_titles: dict[str, str] = {}
    per_data: dict[str, tuple[Mapping[str, Any] | None, list[str], list[Any]]] = {}
    for unit in _units(spec):
        for channel, d in _defs(unit):
            if channel in ("x", "y") and isinstance(d.get("title"), str) and d.get("field"):
                axis_titles.setdefault(channel, d["title"])
    for unit in units:
        key = json.dumps(unit.data, sort_keys=True)
        entry = per_data.setdefault(key, (unit.data, [], []))
        entry[2].append(unit.filters)
        defs = list(_defs(unit))
        for channel, d in defs:
            for unsupported in ("aggregate", "bin", "timeUnit"):
                if d.get(unsupported):
                    raise ChartDataError(
                        f"{channel}: {unsupported} is not supported (the CSV gives drawn rows)"
                    )
            field = d.get("field")
            if not field:
                continue
            if field not in entry[1]:
                entry[1].append(field)
            title = d.get("title")
            if isinstance(title, str) and 0 < len(title.strip()) <= LONGEST_TITLE:
                titles.setdefault(f"tooltip:{field}" if channel == "tooltip" else field, title.strip())
        by_channel = {c: d.get("field") for c, d in defs}
        for c in ("x", "y"):
            if by_channel.get(c) and by_channel.get(f"{c}2") and c in axis_titles:
                for ch, end in ((c, "lower end"), (f"{c}2", "upper end")):
                    f = str(by_channel[ch])
                    if f not in titles and f"tooltip:{f}" not in titles:
                        titles[f] = f"{axis_titles[c]}, {end}"
    frames = []
    # The largest dataset (the chart's main data) first, then smaller layers (bands, notes).
    datasets = sorted(per_data.values(), key=lambda e: -len(_rows(spec, e[0])))
    order = [f for _, fields, _ in datasets for f in fields]
    order = list(dict.fromkeys(order))
    for data, fields, filter_sets in datasets:
        rows = _rows(spec, data)
        tests: list[list[Callable[[Mapping[str, Any]], bool]]] = []
        keep_all = False
        for filters in filter_sets:
            found = [row_filter(f) for f in filters]
            active = [t for t in found if t is not None]
            if not active:
                keep_all = True
            tests.append(active)
        kept = rows if keep_all else [r for r in rows if any(all(t(r) for t in ts) for ts in tests)]
        missing = sorted({f for f in fields if not any(f in r for r in rows)})
        if missing:
            raise ChartDataError(f"field(s) {missing} encoded but not in the chart's data")
        frames.append(
            pd.DataFrame([{f: r.get(f) for f in fields} for r in kept], columns=fields).convert_dtypes()
        )
    table = pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
    table = table[[f for f in order if f in table.columns]]
    for column in table.columns:
        values = table[column].dropna()
        if len(values) and all(isinstance(v, str) and v.endswith("T00:00:00") for v in values):
            table[column] = table[column].str.removesuffix("T00:00:00")
    names: dict[str, str] = {}
    for field in table.columns:
        name = titles.get(f"tooltip:{field}") or titles.get(field) or humanise(field)
        names[field] = f"{name} ({field})" if name in names.values() else name
    return table.rename(columns=names)


def slug(name: str) -> str:
    """Return a chart's file name stem and anchor stem: its figure name without ``fig-``."""
    stem = name.removeprefix("fig-")
    if not re.fullmatch(r"[a-z0-9]+(?:[-_][a-z0-9]+)*", stem):
        raise ChartDataError(f"figure name {name!r}: use lower-case letters, digits and hyphens")
    return stem


def anchor(name: str) -> str:
    """Return the stable anchor of the chart named ``name``: ``chart-<page>-<name>``."""
    return f"chart-{slug(name)}"


def comment_lines(spec: Mapping[str, Any], url: str) -> list[str]:
    """Return the CSV's ``#`` lines: the chart's title, subtitle (units), source and address."""
    text = chart_text(spec)
    head = [text.title, *text.subtitle, text.source, f"Chart and citation: {url}"]
    return [f"# {' '.join(line.split())}" for line in head if line.strip()]


def chart_csv(spec: Mapping[str, Any], url: str) -> str:
    """Return the chart's data as CSV, led by ``#`` lines: title, units, source and address."""
    table = chart_table(spec)
    comments = "".join(f"{line}\n" for line in comment_lines(spec, url))
    out = io.StringIO()
    table.to_csv(out, index=False, lineterminator="\n", quoting=csv.QUOTE_MINIMAL)
    body = out.getvalue()
    for lineno, line in enumerate(body.splitlines()[1:], start=2):
        if line.startswith("#"):
            raise ChartDataError(f"CSV row {lineno} starts with '#' and would read as a comment")
    return comments + body


def _field_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_numeric_dtype(series):
        return "number"
    values = series.dropna().astype(str)
    if len(values) and values.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all():
        return "date"
    return "string"


def resource(spec: Mapping[str, Any], stem: str) -> dict[str, Any]:
    """Return the Data Package resource that describes a chart's CSV (``#`` comments, typed columns)."""
    text = chart_text(spec)
    table = chart_table(spec)
    return {
        "name": stem,
        "path": f"{stem}.csv",
        "title": text.title,
        "description": " ".join(text.subtitle),
        "sources": [{"title": text.source}] if text.source else [],
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        # The header row counts the comment lines above it (frictionless numbers rows as in the file).
        "dialect": {"commentChar": "#", "headerRows": [len(comment_lines(spec, "")) + 1]},
        "schema": {"fields": [{"name": str(c), "type": _field_type(table[c])} for c in table.columns]},
    }


@dataclass(frozen=True)
class Citation:
    """What the "Cite this chart" line names besides the chart: the book, its edition, its address."""

    book: str
    edition: str
    base_url: str


def citation(root: Path, base_url: str = "") -> Citation:
    """Return the book's title (``CITATION.cff``), edition (``EDITION``) and address (``base_url``, else the CFF's)."""
    import yaml

    from companion import editions

    cff = yaml.safe_load((root / "CITATION.cff").read_text(encoding="utf-8"))
    return Citation(str(cff["title"]), editions.read(root), base_url or str(cff.get("url") or ""))


def chart_url(cite: Citation, docname: str, name: str) -> str:
    """Return the published address of a chart: its page and its anchor."""
    return f"{cite.base_url.rstrip('/')}/{docname}.html#{anchor(name)}"


def cite_html(title: str, cite: Citation, url: str) -> str:
    """Return the "Cite this chart" line (escaped)."""
    e = html.escape
    return (
        f'<p class="chart-cite"><span class="chart-cite-label">Cite this chart:</span> '
        f"“{e(title.rstrip('.'))}”, chart in <cite>{e(cite.book)}</cite>, edition {e(cite.edition)}, "
        f'<a href="{e(url)}">{e(url)}</a>, retrieved [date, YYYY-MM-DD].</p>'
    )


LINKS: tuple[tuple[str, str], ...] = (
    ("png", "Download the chart as an image (PNG, 2×)"),
    ("svg", "Download the chart as a drawing (SVG)"),
    ("csv", "Download the data (CSV)"),
)


def links_html(stem: str, url_of: Callable[[str], str]) -> str:
    """Return the three download links of the chart whose files are named ``stem``."""
    items = "".join(
        f'<li><a href="{html.escape(url_of(f"{DOWNLOADS_DIR}/{stem}.{ext}"))}" download="{stem}.{ext}">'
        f"{html.escape(label)}</a></li>"
        for ext, label in LINKS
    )
    return f'<ul class="chart-downloads">{items}</ul>'


_FIGURE = re.compile(
    r'<figure class="(?P<cls>[^"]*\bcompanion-figure\b[^"]*)" id="(?P<id>[^"]+)">(?P<inner>.*?)</figure>',
    re.S,
)
_SVG = re.compile(r'<div class="companion-chart-static">(?P<svg><svg\b.*?</svg>)</div>', re.S)
_SPEC = re.compile(
    r'<script type="application/json" class="companion-chart-spec">(?P<spec>.*?)</script>', re.S
)


@dataclass(frozen=True)
class Chart:
    """One chart figure of a page: its name, drawing and spec."""

    name: str
    svg: str
    spec: dict[str, Any]


def _chart(m: re.Match[str]) -> Chart:
    svg, spec = _SVG.search(m.group("inner")), _SPEC.search(m.group("inner"))
    if svg is None or spec is None:
        raise ChartDataError(f"figure {m.group('id')!r}: no chart drawing or spec inside it")
    return Chart(m.group("id"), svg.group("svg"), json.loads(spec.group("spec"))["spec"])


def figures(body: str) -> list[Chart]:
    """Return the chart figures of a page body, in order."""
    return [_chart(m) for m in _FIGURE.finditer(body)]


def add_to_page(
    body: str,
    *,
    cite: Citation,
    docname_of: Callable[[str], str],
    url_of: Callable[[str], str] | None,
    write: Callable[[Chart, str, str], None] | None,
) -> str:
    """Put each chart figure of ``body`` in an anchored block with its download links and citation.

    ``url_of`` turns a site path into a URL relative to the page (``None``: no links, the
    citation only, as the printed reader wants); ``write(chart, stem, chart_url)`` writes the
    chart's files.
    """

    def replace(m: re.Match[str]) -> str:
        chart = _chart(m)
        name = chart.name
        stem = slug(name)
        url = chart_url(cite, docname_of(name), name)
        if write is not None:
            write(chart, stem, url)
        extras = links_html(stem, url_of) if url_of is not None else ""
        extras += cite_html(chart_text(chart.spec).title, cite, url)
        return f'<div class="companion-chart-block" id="{anchor(name)}">{m.group(0)}{extras}</div>'

    return _FIGURE.sub(replace, body)


class Writer:
    """Writes each chart's SVG and CSV at once and its PNG on a background thread (see :meth:`finish`)."""

    def __init__(self, outdir: Path) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.folder = outdir / DOWNLOADS_DIR
        self.resources: dict[str, dict[str, Any]] = {}
        # One thread: vl-convert releases the interpreter while it draws, so the PNGs are made
        # while the main thread writes the pages.
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="chart-png")
        self._jobs: list[Any] = []

    def __call__(self, chart: Chart, stem: str, url: str) -> None:
        """Write ``stem``.svg and ``stem``.csv now and queue ``stem``.png."""
        if stem in self.resources:
            raise ChartDataError(f"two charts are named {chart.name!r}")
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / f"{stem}.svg").write_text(chart.svg, encoding="utf-8")
        (self.folder / f"{stem}.csv").write_text(chart_csv(chart.spec, url), encoding="utf-8")
        self.resources[stem] = resource(chart.spec, stem)
        self._jobs.append(self._pool.submit(write_png, chart.svg, self.folder / f"{stem}.png"))

    def finish(self, package: Mapping[str, Any] | None) -> None:
        """Wait for the PNGs and write ``datapackage.json`` describing every chart's CSV."""
        self._pool.shutdown(wait=True)
        for job in self._jobs:
            job.result()
        if self.resources and package is not None:
            descriptor = {**package, "resources": [self.resources[k] for k in sorted(self.resources)]}
            (self.folder / "datapackage.json").write_text(
                json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
            )


def png_bytes(svg: str, scale: int = PNG_SCALE) -> bytes:
    """Return the drawing as PNG at ``scale`` times its size."""
    import vl_convert as vlc

    return bytes(vlc.svg_to_png(svg, scale=scale))


def write_png(svg: str, target: Path) -> None:
    """Write the drawing as a PNG at :data:`PNG_SCALE` times its size."""
    target.write_bytes(png_bytes(svg))


def package_descriptor(cite: Citation) -> dict[str, Any]:
    """Return the Data Package header of the charts' CSV files."""
    return {
        "name": "chart-data",
        "title": f"The data of every chart in {cite.book}, edition {cite.edition}",
        "version": cite.edition,
        "homepage": cite.base_url,
    }
