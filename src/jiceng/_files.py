"""Writing a file so that a reader sees the old file or the whole new one, never a part."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

__all__ = ["write_atomically"]


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a temporary file beside ``path``, then rename it over ``path``.

    A failure leaves any old file as it was and no temporary file behind. Every file jiceng
    writes (``dump``, Parquet, the command line's exports) goes through here.

    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomically(target, lambda temporary: temporary.write_text("新", encoding="utf-8"))
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('新', ['out.txt'])
    """
    temporary = path.with_name(f".{path.name}.tmp")
    try:
        write(temporary)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)
