"""Student notebooks: the chapter without its solutions, exercises and answer cells kept."""

from __future__ import annotations

import json
import re

from companion import notebooks
from test_build import toc_files

CHAPTER = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3 (ipykernel)
  language: python
  name: python3
---

# A chapter

```{code-cell} ipython3
x = 1
```

```{exercise} Change x
:label: ex-x

Change `x`.
```

```{code-cell} ipython3
x = 2  # your answer
```

````{solution} ex-x
:class: dropdown

The secret answer is two.

```python
x = 2
```
````

```{solution-start} ex-x
```

Gated secret prose.

```{code-cell} ipython3
print("gated secret code")
```

```{solution-end}
```

## After the solutions

Closing text.
"""


def test_strip_solutions_removes_nested_and_gated_solutions():
    text = notebooks.strip_solutions(CHAPTER)
    assert "secret" not in text and "{solution" not in text
    assert "{exercise} Change x" in text and "Closing text." in text


def test_student_notebook_keeps_exercises_and_answer_cells_but_no_solution(tmp_path):
    path = tmp_path / "chapter.md"
    path.write_text(CHAPTER, encoding="utf-8")
    nb = notebooks.student_notebook(path)
    text = "\n".join(c.source for c in nb.cells)
    assert "secret" not in text
    assert "{exercise} Change x" in text and "x = 2  # your answer" in text
    assert "Closing text." in text and "**Student edition.**" in text and "without the solutions" in text
    assert all(c.get("outputs", []) == [] for c in nb.cells if c.cell_type == "code")
    target = notebooks.write_student_notebook(path, tmp_path / "out" / "chapter.student.ipynb")
    assert json.loads(target.read_text(encoding="utf-8"))["nbformat"] == 4


def test_every_chapter_with_exercises_offers_a_student_notebook(repo_root, built_site):
    """The download menu links to a student notebook that holds every exercise and no solution."""
    offered = 0
    for doc in toc_files(repo_root):
        source = (repo_root / f"{doc}.md").read_text(encoding="utf-8")
        if "{exercise}" not in source:
            continue
        html = (built_site / f"{doc}.html").read_text(encoding="utf-8")
        links = re.findall(rf'href="([^"]*_sources/{re.escape(doc)}\.student\.ipynb)"', html)
        assert links, f"{doc}: no student notebook in the download menu"
        nb = json.loads((built_site / "_sources" / f"{doc}.student.ipynb").read_text(encoding="utf-8"))
        text = "\n".join("".join(c["source"]) for c in nb["cells"])
        # The prose a student reads (computing cells may name a guarded sentence to find its line)
        prose = "\n".join("".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "markdown")
        labels = re.findall(r"^:label: (ex-[\w-]+)", source, re.M)
        assert labels and all(f":label: {label}" in text for label in labels), doc
        for body in re.findall(r"^(`{3,})\{solution\}[^\n]*\n(.*?)^\1\s*$", source, re.M | re.S):
            first = next(ln for ln in body[1].splitlines() if ln.strip() and not ln.startswith(":"))
            assert first not in prose, f"{doc}: solution text in the student notebook: {first!r}"
        offered += 1
    assert offered >= 5
