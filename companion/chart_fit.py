"""Static chart drawings that fit the page's text column.

A finished chart is 620 px of plot plus its axes, legends and titles, so its drawing came out
650–960 px wide; the page then scaled it down to the column (672 px in a 1280 px window), text
and all, until the interactive chart replaced it. The static drawing is now laid out for the
column, as the page's chart code lays out the interactive one (``static/chart-embed.js``):
titles, subtitles and long axis titles are broken into lines that fit, legends beside the plot
move under it, and the plot narrows until the whole drawing is at most :data:`COLUMN` wide
(drawn again, narrower by the overflow, while it is not).

Titles are wrapped by an average glyph width per font size, and vl-convert lays the drawing
out in DejaVu Sans (:data:`MEASURE_FONT`), the widest of the fonts the book's font stack meets
(Chromium draws the stack with it on Linux): before, the layout was measured in a narrower font,
so in such a browser axis labels ran off the drawing's left edge and legend entries overlapped.
A narrower font on the reader's machine only leaves more room.
"""

from __future__ import annotations

import copy
import html
import re
from collections.abc import Callable
from typing import Any

#: Widest static drawing, in CSS pixels: the text column of a desktop page (672 px at 1280 px).
COLUMN = 660
#: Room the axes and labels of a plot take beside its width, as the page's chart code assumes.
AXIS_ROOM = 90
#: Average glyph width, in ems, of the book's fallback font (DejaVu Sans), by weight.
EM_NORMAL = 0.58
EM_BOLD = 0.66
#: Narrowest plot the fitting leaves.
NARROWEST = 120
#: The font the layout is measured in: DejaVu Sans, what Chromium and vl-convert use for the
#: book's font stack on Linux and wider than the fonts the stack finds elsewhere (Segoe UI, San
#: Francisco, Roboto, Helvetica, Arial), so the text of a drawing fits wherever it is shown.
MEASURE_FONT = "DejaVu Sans"
#: How many times a drawing is drawn again, narrower, before it is left as it is.
ATTEMPTS = 3


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width of ``text`` in pixels at font ``size``."""
    return len(text) * size * (EM_BOLD if bold else EM_NORMAL)


def wrap(text: str | list[str], size: float, width: float, bold: bool = False) -> str | list[str]:
    """Break a title (one line or several) into lines no wider than ``width``."""
    lines: list[str] = []
    for line in [text] if isinstance(text, str) else text:
        current = ""
        for word in str(line).split(" "):
            candidate = f"{current} {word}" if current else word
            if current and text_width(candidate, size, bold) > width:
                lines.append(current)
                current = word
            else:
                current = candidate
        if current:
            lines.append(current)
    return lines[0] if len(lines) == 1 else lines


def _is_bold(weight: Any) -> bool:
    return str(weight) in ("bold", "bolder") or (str(weight).isdigit() and int(weight) >= 600)


def _fit_title(node: dict[str, Any], width: float, config: dict[str, Any]) -> None:
    title = node.get("title")
    style = config.get("title", {})
    if isinstance(title, (str, list)):
        node["title"] = wrap(title, style.get("fontSize", 17), width, _is_bold(style.get("fontWeight", 600)))
    elif isinstance(title, dict):
        if title.get("text"):
            size = title.get("fontSize", style.get("fontSize", 17))
            bold = _is_bold(title.get("fontWeight", style.get("fontWeight", 600)))
            title["text"] = wrap(title["text"], size, width, bold)
        if title.get("subtitle"):
            size = title.get("subtitleFontSize", style.get("subtitleFontSize", 13))
            title["subtitle"] = wrap(title["subtitle"], size, width)


def label_limit(width: float) -> int:
    """Longest axis or legend label, in pixels, in a chart ``width`` px wide (longer ones end in "…")."""
    return max(70, round(width * 0.33))


def _fit_channels(node: dict[str, Any], width: float, config: dict[str, Any]) -> None:
    size = config.get("axis", {}).get("titleFontSize", 13)
    limit = label_limit(width)
    for channel in (node.get("encoding") or {}).values():
        if not isinstance(channel, dict):
            continue
        title = channel.get("title")
        if isinstance(title, str) and text_width(title, size) > 0.9 * width:
            channel["title"] = wrap(title, size, 0.9 * width)
        for part in ("axis", "legend"):
            if isinstance(channel.get(part), dict):
                channel[part]["labelLimit"] = min(channel[part].get("labelLimit") or limit, limit)
        legend = channel.get("legend")
        if isinstance(legend, dict) and legend.get("orient") not in (None, "bottom", "top", "none"):
            legend["orient"] = "bottom"
    for key in ("layer", "vconcat", "hconcat", "concat"):
        for child in node.get(key, ()):
            _fit_channels(child, width, config)
    if isinstance(node.get("spec"), dict):
        _fit_channels(node["spec"], width, config)


def _narrow(node: dict[str, Any], width: float, shrink: float, config: dict[str, Any]) -> None:
    """Narrow the plots of ``node`` so that it takes ``width`` px less ``shrink``."""
    _fit_title(node, width, config)
    if "vconcat" in node:
        for child in node["vconcat"]:
            _narrow(child, width, shrink, config)
        return
    for key in ("hconcat", "concat"):
        if key in node:
            parts = (
                len(node[key])
                if key == "hconcat"
                else min(len(node[key]), node.get("columns") or len(node[key]))
            )
            for child in node[key]:
                _narrow(child, width / parts, shrink / parts, config)
            return
    if isinstance(node.get("spec"), dict):
        inner = node["spec"]
        facet = node.get("facet", {})
        columns = node.get("columns") or (1 if not isinstance(facet, dict) or "column" not in facet else 0)
        if isinstance(inner.get("width"), (int, float)):
            panels = max(columns or _panels(node), 1)
            cap = min(inner["width"], (width - AXIS_ROOM) / panels) - shrink / panels
            inner["width"] = max(NARROWEST // 2, int(cap))
        return
    if isinstance(node.get("width"), (int, float)):
        node["width"] = max(NARROWEST, int(min(node["width"], width - AXIS_ROOM) - shrink))


def _panels(node: dict[str, Any]) -> int:
    """How many panels a facet lays side by side (its column field's distinct values, as sorted)."""
    facet = node.get("facet", {})
    column = facet.get("column") if isinstance(facet, dict) else None
    if isinstance(column, dict) and isinstance(column.get("sort"), list):
        return len(column["sort"])
    return 1


def fitted_spec(spec: dict[str, Any], width: float = COLUMN, shrink: float = 0) -> dict[str, Any]:
    """Return a copy of ``spec`` laid out for a column ``width`` px wide (less ``shrink`` px of plot)."""
    out = copy.deepcopy(spec)
    config = out.get("config", {})
    _narrow(out, width, shrink, config)
    _fit_channels(out, width, config)
    limit = label_limit(width)
    if "config" in out:
        for part in ("axis", "legend"):
            section = out["config"].setdefault(part, {})
            section["labelLimit"] = min(section.get("labelLimit") or limit, limit)
        # Legend entries in two columns under the plot, not one long row (as on the page).
        out["config"]["legend"].setdefault("columns", 2)
    return out


_WIDTH = re.compile(r'<svg\b[^>]*?\swidth="(\d+(?:\.\d+)?)"')


def drawing_width(svg: str) -> float:
    """The width, in pixels, of an SVG drawing."""
    m = _WIDTH.search(svg)
    return float(m.group(1)) if m else 0.0


def _measured(spec: dict[str, Any]) -> dict[str, Any]:
    """The spec drawn with :data:`MEASURE_FONT`, so that its layout leaves room for that font's text."""
    return {**spec, "config": {**spec.get("config", {}), "font": MEASURE_FONT}}


def fitted_svg(spec: dict[str, Any], draw: Callable[[dict[str, Any]], str], width: float = COLUMN) -> str:
    """Draw ``spec`` with ``draw`` laid out for a column ``width`` px wide, narrower while it overflows.

    The layout is measured in :data:`MEASURE_FONT`; the drawing then names the chart's own font
    stack again, whose fonts are no wider.
    """
    font = spec.get("config", {}).get("font") or "sans-serif"  # Vega's own default
    shrink = 0.0
    svg = draw(_measured(fitted_spec(spec, width, shrink)))
    for _ in range(ATTEMPTS):
        over = drawing_width(svg) - width
        if over <= 0:
            break
        shrink += over + 4
        svg = draw(_measured(fitted_spec(spec, width, shrink)))
    return svg.replace(f'font-family="{MEASURE_FONT}"', f'font-family="{html.escape(font, quote=False)}"')
