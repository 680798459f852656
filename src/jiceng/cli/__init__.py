"""The ``jiceng`` command line (also ``python -m jiceng``).

The entry point and parser are in :mod:`jiceng.cli.app`, the shared console helpers in
:mod:`jiceng.cli.console`, the core commands in :mod:`jiceng.cli.core`, and each domain's
command and report section in a module named for the domain.

Examples
--------
>>> import io, jiceng
>>> buffer = io.StringIO()
>>> main(["stats", jiceng.examples.tongchuan_path()], out=buffer)
0
>>> buffer.getvalue().splitlines()[0]
'通川区 (达州市) example district: 793 units, 5 roots, maximum depth 4, scheme urban_five_level'
"""

from jiceng.cli.app import main

__all__ = ["main"]
