"""IPython startup file for the kernels the book build starts (see companion.sphinxext.kernel_env).

Copied into the build kernels' IPython profile; not imported by the package.
"""

# jsonschema, which Altair imports, loads the optional IRI-syntax checker `rfc3987_syntax`
# when it is installed (JupyterLab's dependencies install it); that module compiles a grammar
# on import, about 1.2 s of CPU in every kernel, for a string format no chapter uses. The
# build's kernels go without it: jsonschema then skips that one format check.
import sys

sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]  # None blocks the import

# The same holds for the checkers of the "uri" (rfc3986_validator: 0.25 s, it compiles its
# grammar), "duration" (isoduration, which imports arrow: 0.1 s) and "color" (webcolors)
# formats: no Vega-Lite property a chapter sets uses them.
for _name in ("rfc3986_validator", "isoduration", "webcolors"):
    sys.modules.setdefault(_name, None)  # type: ignore[arg-type]
del _name

# The state a fresh kernel starts with, to which the build brings its warm kernel back before
# each next chapter (companion.warm_kernels).
__import__("companion.warm_kernels").warm_kernels.snapshot()
