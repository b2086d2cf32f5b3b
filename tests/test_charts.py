"""Unit tests for companion.charts and the chart parts of companion.sphinxext."""

from __future__ import annotations

import re
from pathlib import Path

import altair as alt
import pandas as pd
import pytest

from companion import charts, sphinxext

DF = pd.DataFrame({"year": [2020, 2021, 2022], "value": [1.5, 2.0, 3.25]})


def base() -> alt.Chart:
    return alt.Chart(DF).mark_line().encode(x="year:O", y="value:Q")


def finished(**kw) -> alt.VConcatChart:
    args = dict(
        title="Value doubled in two years",
        subtitle="Billions of US dollars",
        source="Example Publisher (2024)",
        description="A line rising from 1.5 to 3.25.",
        tooltip=["year:O", "value:Q"],
    )
    args.update(kw)
    return charts.figure(base(), **args)


def test_figure_sets_title_subtitle_source_and_description():
    spec = finished().to_dict()
    assert spec["title"]["text"] == "Value doubled in two years"
    assert spec["title"]["subtitle"] == ["Billions of US dollars"]
    assert spec["description"] == "A line rising from 1.5 to 3.25."
    inner = spec["vconcat"][0]
    assert inner["title"]["text"] == "Source: Example Publisher (2024)"
    assert inner["title"]["orient"] == "bottom"
    assert [t["field"] for t in inner["encoding"]["tooltip"]] == ["year", "value"]


def test_source_prefix_is_not_doubled():
    spec = finished(source="Source: SIPRI").to_dict()
    assert spec["vconcat"][0]["title"]["text"] == "Source: SIPRI"


@pytest.mark.parametrize("field", ["title", "source", "description"])
def test_figure_refuses_missing_text(field):
    with pytest.raises(ValueError, match=field):
        finished(**{field: "  "})


def test_figure_refuses_missing_units():
    with pytest.raises(ValueError, match="units"):
        finished(subtitle=[])


def test_figure_refuses_chart_without_tooltip():
    with pytest.raises(ValueError, match="tooltip"):
        finished(tooltip=None)


def test_figure_accepts_tooltips_encoded_on_layers():
    layer = alt.layer(base().encode(tooltip=["year:O"]), base().mark_point())
    spec = charts.figure(layer, title="t", subtitle="u", source="s", description="d").to_dict()
    assert "layer" in spec["vconcat"][0]


#: The Okabe–Ito colour-blind-safe palette (Okabe & Ito 2008, "Color Universal Design"), as
#: published: black, orange, sky blue, bluish green, yellow, blue, vermillion, reddish purple.
OKABE_ITO = {"#000000", "#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7"}
YELLOW = "#F0E442"  # hard to read on white: the book leaves it out
GREY = "#999999"  # the one colour added, for context series


def test_theme_uses_colour_blind_safe_palette_and_readable_sizes():
    config = charts.theme()["config"]
    category = config["range"]["category"]
    assert len(category) == len(set(category))
    assert set(category) == (OKABE_ITO - {YELLOW}) | {GREY}
    assert config["axis"]["labelFontSize"] >= 11 and config["title"]["fontSize"] >= 14


def test_use_theme_enables_theme_and_the_offline_renderer():
    previous_theme, previous_renderer = alt.theme.active, alt.renderers.active
    try:
        charts.use_theme()
        assert alt.theme.active == charts.THEME_NAME
        assert alt.renderers.active == charts.RENDERER_NAME
        spec = finished().to_dict()
        assert spec["config"]["range"]["category"] == charts.theme()["config"]["range"]["category"]
    finally:
        alt.theme.enable(previous_theme)
        alt.renderers.enable(previous_renderer)


def test_notebook_surface_gets_a_spec_jupyterlab_draws_and_a_static_fallback(monkeypatch):
    monkeypatch.delenv(charts.SURFACE_ENV, raising=False)
    spec = finished().to_dict()
    bundle, metadata = charts.render(spec)
    lab = bundle[charts.LAB_VEGALITE_MIME]
    assert metadata[charts.LAB_VEGALITE_MIME]["embed_options"]["renderer"] == "svg"
    assert lab["$schema"].endswith("/vega-lite/v5.json")
    assert lab["vconcat"] == spec["vconcat"] and spec["$schema"].endswith(f"v{alt.VEGALITE_VERSION}.json")
    assert bundle["image/svg+xml"].lstrip().startswith("<svg") and "text/html" not in bundle


def test_book_surface_gets_a_static_svg_and_the_spec_in_inert_json(monkeypatch):
    monkeypatch.setenv(charts.SURFACE_ENV, "book")
    frame = pd.DataFrame(
        {"year": [2020, 2021], "total": [1.0, 2.0], "note": ["</script><script>alert(1)</script>", "a & b"]}
    )
    chart = alt.Chart(frame).mark_line().encode(x="year:O", y="total:Q", tooltip=["note:N"])
    html = charts.render(
        charts.figure(chart, title="t", subtitle="u", source="s", description="A line").to_dict()
    )[0]["text/html"]
    assert html.startswith('<div class="companion-chart"><div class="companion-chart-static"><svg')
    match = re.search(
        r'<script type="application/json" class="companion-chart-spec">(.*?)</script>', html, re.S
    )
    assert match and html.count("</script>") == 1  # the data's own "</script>" is escaped
    payload = __import__("json").loads(match.group(1))
    assert payload["spec"]["datasets"] and payload["embed"]["renderer"] == "svg"
    assert "alert(1)" in str(payload["spec"]["datasets"])


def test_static_svg_rounds_geometry_but_keeps_the_drawing(monkeypatch):
    svg = charts.static_svg(finished().to_dict())
    paths = re.findall(r' d="([^"]*)"', svg)
    assert paths and not any(re.search(r"\.\d\d", d) for d in paths)
    assert "<text" in svg


def test_static_svg_hides_an_empty_layer_from_assistive_technology():
    """A layer with no data keeps Vega's role but has no name: axe's svg-img-alt (serious)."""
    points = alt.Chart(DF).transform_filter("datum.value > 100").mark_point().encode(x="year:O", y="value:Q")
    svg = charts.static_svg(alt.layer(base(), points).to_dict())
    symbols = re.findall(r'<g[^>]*role="graphics-symbol"[^>]*>', svg)
    assert symbols, "the test chart should have an empty symbol layer"
    unnamed = [g for g in symbols if "aria-label=" not in g and 'aria-hidden="true"' not in g]
    assert unnamed == []


def test_show_emits_the_chart_then_a_caption_naming_the_figure(monkeypatch):
    shown = []
    monkeypatch.setattr(charts, "display", shown.append)
    monkeypatch.setenv(charts.SURFACE_ENV, "book")
    charts.show(finished(), name="fig-x", caption="Trade *rose*.")
    assert isinstance(shown[0], alt.TopLevelMixin)
    assert shown[1].data == "<!-- companion-figure: fig-x -->\n\nTrade *rose*."
    monkeypatch.delenv(charts.SURFACE_ENV)
    charts.show(finished(), name="fig-x", caption="Trade *rose*.")
    assert shown[3].data == "**Figure.** Trade *rose*."  # a label the book does not have
    with pytest.raises(ValueError, match="name and a caption"):
        charts.show(finished(), name="fig-x", caption=" ")


def test_chart_figures_transform_numbers_chart_and_caption():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doc = new_document("<test>", get_default_settings(Parser))
    cell = nodes.container(nb_element="cell_code_output")
    chart = nodes.container(nb_element="mime_bundle")
    html = nodes.container(mime_type="text/html")
    html += nodes.raw("", '<div class="companion-chart">…</div>', format="html")
    chart += html
    caption = nodes.container(nb_element="mime_bundle")
    md = nodes.container(mime_type="text/markdown")
    md += nodes.raw("", "<!-- companion-figure: fig-a -->", format="html")
    md += nodes.paragraph("", "Trade rose.")
    caption += md
    cell += [chart, caption]
    doc += cell
    assert sphinxext.make_chart_figures(doc) == 1
    (figure,) = list(doc.findall(nodes.figure))
    assert figure["names"] == ["fig-a"] and doc.nameids["fig-a"] == figure["ids"][0]
    assert figure.children[0] is chart and figure.children[1].astext() == "Trade rose."
    assert len(cell.children) == 1


def test_chart_figures_transform_refuses_a_caption_without_its_chart():
    from docutils import nodes
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser
    from docutils.utils import new_document

    doc = new_document("<test>", get_default_settings(Parser))
    caption = nodes.container(nb_element="mime_bundle")
    md = nodes.container(mime_type="text/markdown")
    md += [nodes.raw("", "<!-- companion-figure: fig-b -->", format="html"), nodes.paragraph("", "x")]
    caption += md
    doc += nodes.container("", caption)
    with pytest.raises(ValueError, match="fig-b.*does not follow a chart"):
        sphinxext.make_chart_figures(doc)


def test_data_table_is_collapsible_and_shows_missing_values():
    df = pd.DataFrame({"year": [2018, 2019], "total": [107.1, None]})
    html = charts.data_table(df).data
    assert html.startswith('<details class="chart-data"><summary>')
    assert "107.10" in html and "—" in html


def test_bundle_declares_the_versions_altair_asks_for():
    """The versions Altair's notebook output asks its loader for are the ones the bundle declares."""
    output = base()._repr_mimebundle_()["text/html"]
    asked = dict(re.findall(r'maybeLoadScript\("([a-z-]+)", "([0-9.]+)"\)', output))
    assert asked, "Altair's output no longer uses maybeLoadScript"
    declared = sphinxext.altair_versions()
    assert {f"{lib.replace('-', '')}_version": v for lib, v in asked.items()} == declared


def test_bundle_is_a_classic_script_with_scoped_names():
    bundle = sphinxext.build_bundle()
    assert bundle.startswith("(function () {") and bundle.rstrip().endswith("})();")
    assert "window.VEGA_DEBUG" in bundle and "import " not in bundle[:200]


def test_page_has_chart_detects_altair_output_only():
    assert sphinxext.page_has_chart('<div class="companion-chart"></div>')
    assert not sphinxext.page_has_chart("<p>No charts here, only the word vega.</p>")


def test_bundle_is_written_once_and_rewritten_when_stale(tmp_path):
    from types import SimpleNamespace

    app = SimpleNamespace(builder=SimpleNamespace(format="html"), outdir=str(tmp_path))
    target = tmp_path / "_static" / sphinxext.VEGA_BUNDLE
    sphinxext._write_bundle(app)
    first = target.read_text(encoding="utf-8")
    assert first.startswith(f"/* vega-offline bundle {sphinxext.bundle_key()} */")
    target.write_text(first + "// untouched marker\n", encoding="utf-8")
    sphinxext._write_bundle(app)  # same inputs: the file is reused as it is
    assert target.read_text(encoding="utf-8").endswith("// untouched marker\n")
    target.write_text("/* vega-offline bundle stale */\nold", encoding="utf-8")
    sphinxext._write_bundle(app)  # a different key: rebuilt
    assert target.read_text(encoding="utf-8") == first


def test_reference_line_draws_a_dashed_rule_and_its_label():
    spec = charts.reference_line(2.5, "a line", 1990).to_dict()
    rule, text = spec["layer"]
    assert rule["mark"]["type"] == "rule" and rule["mark"]["strokeDash"] == [6, 4]
    assert rule["encoding"]["y"]["field"] == "y"
    assert text["mark"]["type"] == "text"
    assert text["encoding"]["x"]["datum"] == 1990
    values = {r["label"]: r["y"] for rows in spec["datasets"].values() for r in rows}
    assert values == {"a line": 2.5}


def test_reference_line_layers_under_a_figure():
    base = (
        alt.Chart(pd.DataFrame({"x": [1, 2], "y": [1.0, 3.0]}))
        .mark_line()
        .encode(x="x:Q", y="y:Q", tooltip=["y:Q"])
    )
    fig = charts.figure(
        base + charts.reference_line(2.0, "two", 1), title="t", subtitle="s", source="src", description="d"
    )
    assert "two" in fig.to_json()


def test_bundle_loader_is_the_loader_file_and_takes_its_url_from_the_page():
    loader = sphinxext.bundle_loader()
    assert loader == (charts_static() / "chart-loader.js").read_text(encoding="utf-8").strip()
    assert "script.dataset.bundle" in loader and "appendChild" in loader
    assert "vega-offline" not in loader  # the page names the bundle, escaped as an attribute


def charts_static():
    from pathlib import Path

    return Path(sphinxext.__file__).parent / "static"


def test_figure_text_fills_figure_and_keeps_every_subtitle_line():
    words = charts.FigureText(
        title="Trade fell in 2025",
        subtitle=("US$ billion", "Paler bars: not exact"),
        source="GACC",
        description="Bar chart of trade.",
        caption="A caption.",
    )
    base = (
        alt.Chart(pd.DataFrame({"x": [1], "y": [2.0]})).mark_bar().encode(x="x:Q", y="y:Q", tooltip=["y:Q"])
    )
    spec = charts.figure(base, **words.labels()).to_dict()
    assert spec["title"] == {
        "text": "Trade fell in 2025",
        "subtitle": ["US$ billion", "Paler bars: not exact"],
    }
    assert spec["description"] == "Bar chart of trade."
    assert "caption" not in words.labels()


def test_a_caption_in_a_notebook_of_the_repository_gives_the_book_s_figure_number(monkeypatch, tmp_path):
    shown = []
    monkeypatch.setattr(charts, "display", shown.append)
    monkeypatch.delenv(charts.SURFACE_ENV, raising=False)
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "book" / "articles")  # a chapter's kernel
    charts.show(finished(), name="fig-go-russia", caption="Spending *rose*.")
    assert shown[1].data == "**Fig. 2.4.** Spending *rose*."
    monkeypatch.chdir(tmp_path)  # a downloaded notebook, outside the repository
    charts.show(finished(), name="fig-go-russia", caption="Spending *rose*.")
    assert shown[3].data == "**Figure.** Spending *rose*."
