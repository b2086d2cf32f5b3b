"""The Data appendix in the built site links every dataset's CSV, and the links resolve."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data"


def test_data_page_links_every_csv(built_site: Path) -> None:
    page = built_site / "book" / "reference" / "data.html"
    html = page.read_text(encoding="utf-8")
    links = [unquote(h) for h in re.findall(r'href="([^"#]*_downloads/[^"#]+)"', html)]
    targets = {(page.parent / link).resolve() for link in links}
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        committed = (DATA / res["path"]).read_bytes()
        name = Path(res["path"]).name
        matches = [t for t in targets if t.name == name and t.is_file() and t.read_bytes() == committed]
        assert matches, f"no working download link for {res['path']}"


def test_data_page_names_every_dataset(built_site: Path) -> None:
    html = (built_site / "book" / "reference" / "data.html").read_text(encoding="utf-8")
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert f">{res['name']}<" in html, res["name"]
