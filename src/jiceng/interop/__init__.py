"""Ways out (and back in) for the tools that researchers and front ends already use.

One module per family of formats; optional dependencies are extras, imported only by the
functions that need them (``pip install "jiceng[pandas]"``, ``"jiceng[arrow]"``).
"""

__all__: list[str] = []
