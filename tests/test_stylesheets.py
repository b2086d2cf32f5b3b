"""companion.stylesheets: one combined stylesheet per page, without the rules nothing can match."""

from __future__ import annotations

from pathlib import Path

import pytest

from companion import stylesheets


def write(folder: Path, name: str, text: str) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def test_combine_inlines_imports_in_order_and_rebases_urls(tmp_path):
    write(tmp_path, "basic.css", "div.basic { color: red }\n")
    write(tmp_path, "styles/theme.css", '@import "../basic.css";\n.theme { background: url(../img/a.png) }\n')
    write(
        tmp_path,
        "ext.css",
        '.ext { src: url("fonts/x.woff2") format("woff2") } .d { background: url(data:x) }\n',
    )
    css = stylesheets.combine(tmp_path, ["styles/theme.css", "ext.css"], "styles/book.css")
    assert "@import" not in css
    assert css.index("div.basic") < css.index(".theme") < css.index(".ext")
    assert "url(../img/a.png)" in css  # the same file, seen from styles/
    assert 'url("../fonts/x.woff2")' in css
    assert "url(data:x)" in css


def test_combine_names_a_missing_stylesheet(tmp_path):
    with pytest.raises(FileNotFoundError, match="nothere.css"):
        stylesheets.combine(tmp_path, ["nothere.css"], "book.css")


def test_drop_unused_keeps_what_can_match():
    css = """
    html { color: black }
    .used, .unused { margin: 0 }
    .unused-only:before { content: "x" }
    #nav .used > a { color: blue }
    #gone .used { color: red }
    .used:not(.never-in-markup) { padding: 1px }
    [data-theme=dark] .used { color: white }
    @media (max-width: 500px) { .unused-only { display: none } .used { display: block } }
    @media print { .unused-only { color: red } }
    @font-face { font-family: X; src: url(x.woff2) }
    """
    out = stylesheets.drop_unused(css, {"used", "nav"})
    assert "html{color: black}" in out.replace(" {", "{")
    assert ".used{margin: 0}" in out
    assert ".unused" not in out and "#gone" not in out
    assert "#nav .used > a" in out
    assert ".used:not(.never-in-markup)" in out
    assert "[data-theme=dark] .used" in out
    assert "@media (max-width: 500px){.used{display: block}}" in out
    assert "@media print" not in out
    assert "@font-face" in out


def test_names_come_from_markup_and_script_strings():
    assert stylesheets.markup_names('<div class="a b" id="c"><p class=\'d\'>x y</p></div>') == {
        "a",
        "b",
        "c",
        "d",
    }
    words = stylesheets.script_words('el.classList.add("is-open"); var notAClass = 1; x = `fa-${y}`')
    assert {"is-open", "fa-"} <= words
    assert "notAClass" not in words


def test_icon_codepoints_are_the_private_use_escapes():
    css = '.fa-bars{--fa:"\\f0c9"}.fa-github:before{content:"\\f09b"}.q:before{content:"\\201c"}'
    assert stylesheets.icon_codepoints(css) == {0xF0C9, 0xF09B}


def test_subset_font_keeps_only_the_named_icons(tmp_path):
    import shutil

    import pydata_sphinx_theme
    from fontTools.ttLib import TTFont

    fonts = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
    source = next(fonts.rglob("fa-solid-900.woff2"))
    font = tmp_path / "fa-solid-900.woff2"
    shutil.copy(source, font)
    size = stylesheets.subset_font(font, {0xF0C9, 0xF002})
    assert size < source.stat().st_size / 10
    assert set(TTFont(str(font)).getBestCmap()) == {0xF0C9, 0xF002}
