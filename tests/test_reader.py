"""companion.reader's own parts, without a build or a browser: cover text, bookmarks, hooks."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from companion import reader
from companion.reader import sphinx as reader_sphinx

ROOT = Path(__file__).resolve().parents[1]


def test_cite_gives_authors_year_title_version_and_address():
    cff = {
        "title": "A Book: a subtitle",
        "version": "2.3.4",
        "date-released": "2027-01-05",
        "authors": [{"name": "One Group"}, {"given-names": "Ann", "family-names": "Other"}],
        "url": "https://example.org/book/",
    }
    assert (
        reader.cite(cff)
        == "One Group; Ann Other (2027). A Book: a subtitle (version 2.3.4). https://example.org/book/"
    )


def test_the_cover_takes_the_edition_from_citation_cff():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    for edition in reader.EDITIONS:
        cover = reader.cover_text(ROOT, edition)
        assert str(cff["version"]) in cover["edition"] and edition.label in cover["edition"]
        facts = {key: value for key, value, _ in cover["facts"]}
        assert str(cff["date-released"])[:4] in facts["How to cite"]


def test_a_citation_without_a_version_is_named(tmp_path):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    del cff["version"]
    (tmp_path / "CITATION.cff").write_text(yaml.safe_dump(cff), encoding="utf-8")
    (tmp_path / "_config.yml").write_text("title: T\n", encoding="utf-8")
    with pytest.raises(reader.ReaderError, match=r"CITATION\.cff: 'version' is missing"):
        reader.cover_text(tmp_path, reader.EDITIONS[0])


def test_the_students_edition_leaves_out_solutions_and_notes():
    students, instructors = reader.EDITIONS
    assert (students.solutions, students.instructor_notes) == (False, False)
    assert (instructors.solutions, instructors.instructor_notes) == (True, True)
    _, parts = reader.toc_parts(ROOT)
    assert any(d.startswith(reader.INSTRUCTOR_FOLDER) for p in parts for d in p["docs"])


def test_bookmarks_get_back_the_space_lost_at_a_line_break():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(100, 100)
    parent = writer.add_outline_item(title="1. The limits ofa divided world", page_number=0)
    writer.add_outline_item(title="1.1. At aglance", page_number=0, parent=parent)
    writer.add_outline_item(title="Untouched", page_number=0)
    outlines = writer._root_object["/Outlines"].get_object()
    headings = ["1. The limits of a divided world", "1.1. At a glance"]
    assert reader.fix_bookmarks(outlines, headings) == 2
    titles = []
    item = outlines["/First"].get_object()
    titles.append(str(item["/Title"]))
    titles.append(str(item["/First"].get_object()["/Title"]))
    titles.append(str(item["/Next"].get_object()["/Title"]))
    assert titles == headings + ["Untouched"]


def test_the_single_page_builder_gets_every_html_rendering_it_lacks():
    own = (object(), object())
    html_only = (object(), object())
    handlers = {"html": {"exercise": (1, 2), "HideCodeCellNode": html_only}, "singlehtml": {"exercise": own}}
    app = SimpleNamespace(
        builder=SimpleNamespace(name="singlehtml"), registry=SimpleNamespace(translation_handlers=handlers)
    )
    reader_sphinx._share_html_handlers(app)
    assert handlers["singlehtml"] == {"exercise": own, "HideCodeCellNode": html_only}


def test_the_download_menu_offers_the_students_edition():
    app = SimpleNamespace(
        config=SimpleNamespace(html_baseurl="https://example.org/b/"), builder=SimpleNamespace(name="html")
    )
    context = {"header_buttons": [{"label": "download-buttons", "buttons": [{"label": "x"}]}]}
    reader_sphinx._add_reader_button(app, "p", "page.html", context, doctree=object())
    added = context["header_buttons"][0]["buttons"][-1]
    assert added["url"] == "https://example.org/b/pdf/spheres-of-influence-students.pdf"
