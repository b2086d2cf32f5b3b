"""One small stylesheet per page: combine the theme's and extensions' stylesheets, drop unused rules.

A page of the book would otherwise wait for ten stylesheets before its first paint, one of
them (the theme's) 400 KB and another (Sphinx's ``basic.css``) reached only through an
``@import`` in a third. :func:`combine` joins the stylesheets a page needs into one (imports
inlined, relative ``url()`` references rewritten for the new location) and
:func:`drop_unused` removes the rules whose selectors can match nothing in the built site: a
class or id that no page's markup and no script mentions (Font Awesome's two thousand icon
classes, most of Bootstrap's utilities). :mod:`companion.sphinxext` applies both when the
build has finished.
"""

from __future__ import annotations

import logging
import posixpath
import re
from collections.abc import Callable, Iterable
from pathlib import Path

import tinycss2  # type: ignore[import-untyped]
from tinycss2 import ast

#: Class and id names in a selector that must be present for it to match (outside the
#: parentheses of ``:not()``, ``:is()``, ``:where()``, ``:has()``, whose content may negate).
_NAME = re.compile(r"(?<!\\)([.#])(-?[_a-zA-Z][\w-]*)")
_WORD = re.compile(r"-?[_a-zA-Z][\w-]*")
_STRING = re.compile(r"""'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`""")
_CLASS_ATTR = re.compile(r"""\s(?:class|id)=(?:"([^"]*)"|'([^']*)')""")


def markup_names(html: str) -> set[str]:
    """Return the class and id names used in an HTML document's ``class`` and ``id`` attributes."""
    found: set[str] = set()
    for match in _CLASS_ATTR.finditer(html):
        found.update((match.group(1) or match.group(2) or "").split())
    return found


def script_words(js: str) -> set[str]:
    """Return the words inside a script's string literals: any of them may be a class it adds."""
    words: set[str] = set()
    for match in _STRING.finditer(js):
        words.update(_WORD.findall(match.group(0)))
    return words


def without_prefix(names: set[str], prefix: str) -> set[str]:
    """Return ``names`` without those starting with ``prefix`` (a feature turned off, e.g. ``thebe``)."""
    return {name for name in names if not name.startswith(prefix)}


def _required_names(selector: str) -> set[str]:
    depth, outside = 0, []
    for ch in selector:
        depth += ch == "("
        if depth == 0:
            outside.append(ch)
        depth -= ch == ")"
    text = re.sub(r"\[[^\]]*\]", "", "".join(outside))  # attribute values are not names
    return {name for _, name in _NAME.findall(text)}


def _split_selectors(prelude: str) -> list[str]:
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for ch in prelude:
        depth += ch in "(["
        depth -= ch in ")]"
        if ch == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(ch)
    parts.append("".join(current).strip())
    return [p for p in parts if p]


def _rules(css: str | list[ast.Node]) -> list[ast.Node]:
    if isinstance(css, str):
        return tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return tinycss2.parse_rule_list(css, skip_comments=True, skip_whitespace=True)


def _minify(nodes: Iterable[ast.Node]) -> str:
    text = tinycss2.serialize(
        [n for n in nodes if not isinstance(n, ast.Comment)]  # comments inside declarations
    )
    return re.sub(r"\s+", " ", text).strip()


def drop_unused(css: str, used: set[str]) -> str:
    """Return ``css`` without the rules none of whose selectors can match, minified.

    A selector can match when every class and id it requires is in ``used``; element,
    attribute and pseudo-class parts are kept as they are.
    """
    return "".join(_drop(_rules(css), used))


def _drop(rules: list[ast.Node], used: set[str]) -> list[str]:
    out: list[str] = []
    for rule in rules:
        if isinstance(rule, ast.QualifiedRule):
            keep = [
                s for s in _split_selectors(tinycss2.serialize(rule.prelude)) if _required_names(s) <= used
            ]
            if keep:
                out.append(f"{','.join(' '.join(s.split()) for s in keep)}{{{_minify(rule.content)}}}")
        elif isinstance(rule, ast.AtRule):
            prelude = " ".join(tinycss2.serialize(rule.prelude).split())
            head = f"@{rule.at_keyword} {prelude}" if prelude else f"@{rule.at_keyword}"
            if rule.lower_at_keyword == "charset":
                continue
            if rule.content is None:
                out.append(f"{head};")
            elif rule.lower_at_keyword in ("media", "supports", "layer", "container", "document"):
                inner = "".join(_drop(_rules(rule.content), used))
                if inner:
                    out.append(f"{head}{{{inner}}}")
            else:  # @font-face, @keyframes, @page...: kept whole
                out.append(f"{head}{{{_minify(rule.content)}}}")
    return out


def _is_relative(url: str) -> bool:
    return not re.match(r"^(?:[a-z][a-z0-9+.-]*:|/|#)", url, re.I)


def _rebase_urls(nodes: list[ast.Node], rebase: Callable[[str], str]) -> None:
    for node in nodes:
        if isinstance(node, ast.URLToken) and _is_relative(node.value):
            node.value = rebase(node.value)
            node.representation = f"url({node.value})"
        elif isinstance(node, ast.FunctionBlock) and node.lower_name == "url":
            for arg in node.arguments:
                if isinstance(arg, ast.StringToken) and _is_relative(arg.value):
                    arg.value = rebase(arg.value)
                    arg.representation = f'"{arg.value}"'
        for attr in ("content", "prelude", "arguments"):
            children = getattr(node, attr, None)
            if isinstance(children, list):
                _rebase_urls(children, rebase)


def _import_target(rule: ast.AtRule) -> str | None:
    for token in rule.prelude:
        if isinstance(token, (ast.StringToken, ast.URLToken)):
            return token.value
        if isinstance(token, ast.FunctionBlock) and token.lower_name == "url":
            return next((a.value for a in token.arguments if isinstance(a, ast.StringToken)), None)
    return None


def combine(static: Path, names: Iterable[str], target: str) -> str:
    """Return the stylesheets ``names`` (paths inside ``static``) as one stylesheet at ``target``.

    ``@import`` rules are replaced by the stylesheet they name; relative ``url()`` references
    are rewritten so that they still point at the same files from ``target``'s folder.
    """
    out_dir = posixpath.dirname(target)
    parts: list[str] = []

    def add(name: str, seen: tuple[str, ...]) -> None:
        if name in seen:
            raise ValueError(f"{name}: @import cycle through {' -> '.join(seen)}")
        path = static / name
        if not path.is_file():
            raise FileNotFoundError(f"{path}: stylesheet not found")
        here = posixpath.dirname(name)
        rules = tinycss2.parse_stylesheet(path.read_text(encoding="utf-8"), skip_comments=True)
        body: list[ast.Node] = []
        for rule in rules:
            if isinstance(rule, ast.AtRule) and rule.lower_at_keyword == "import":
                target_url = _import_target(rule)
                media = tinycss2.serialize(
                    [
                        t
                        for t in rule.prelude
                        if not isinstance(t, (ast.StringToken, ast.URLToken, ast.FunctionBlock))
                    ]
                ).strip()
                if target_url is None or not _is_relative(target_url) or media:
                    raise ValueError(f"{name}: cannot inline {tinycss2.serialize([rule])!r}")
                add(posixpath.normpath(posixpath.join(here, target_url)), (*seen, name))
                continue
            body.append(rule)

        def rebase(url: str) -> str:
            path_part, _, rest = url.partition("?")
            joined = posixpath.normpath(posixpath.join(here, path_part))
            new = posixpath.relpath(joined, out_dir or ".")
            return new + ("?" + rest if rest else "")

        _rebase_urls(body, rebase)
        parts.append(tinycss2.serialize(body))

    for name in names:
        add(name, ())
    return "\n".join(parts)


_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?")


def icon_codepoints(css: str) -> set[int]:
    """Return the private-use code points (icon glyphs) a stylesheet names in ``content`` or custom properties."""
    points = {int(h, 16) for h in _CSS_ESCAPE.findall(css)}
    points |= {ord(ch) for ch in css if 0xE000 <= ord(ch) <= 0xF8FF}
    return {p for p in points if 0xE000 <= p <= 0xF8FF or 0xF0000 <= p}


def subset_font(path: Path, codepoints: set[int]) -> int:
    """Cut the WOFF2 font at ``path`` down to the glyphs of ``codepoints`` (in place); return its new size."""
    from fontTools import subset  # type: ignore[import-untyped]

    # the subsetter reports every table it prunes at INFO level; the build log keeps warnings only
    logging.getLogger("fontTools").setLevel(logging.WARNING)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    font = subset.load_font(str(path), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(codepoints))
    subsetter.subset(font)
    subset.save_font(font, str(path), options)
    return path.stat().st_size
