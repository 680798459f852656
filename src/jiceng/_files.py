"""Reading files and streams whole, and writing a file so that a reader sees it whole.

Reading (:func:`read_source`): a path is opened without following it into a device or a pipe
and read whole; an open file (binary or text, standard input among them) is read to its end.
Decoding (:func:`decode`) names the encoding a file most likely has when it fails.


Every file jiceng writes (``dump``, Parquet, the command line's exports) is written to a new
temporary file in the target's directory and then renamed over the target:

- the temporary file has an unpredictable name (``.{name}.{random}.tmp``) and is created
  exclusively (``O_CREAT | O_EXCL | O_NOFOLLOW``), so a file or link planted in the directory
  is never opened, followed or overwritten;
- it is written, flushed to disk (``fsync``) and renamed over the target in one step, so a
  reader, a second writer or a crash sees the old file or a whole new one; of two concurrent
  writers one wins, whole;
- a target that is a regular file keeps its permission bits (a ``0600`` file stays ``0600``);
  a new file gets the default the umask gives (``0666 & ~umask``), as ``open`` would;
- a target that is a symbolic link is replaced by the new file: the link's own target is never
  written (following it would let anyone who can write in the directory aim the dump at any
  file);
- any failure that Python sees removes the temporary file and leaves the old file as it was.
"""

from __future__ import annotations

import codecs
import contextlib
import os
import secrets
import stat
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from jiceng.errors import DataFileError, FileProblem, UnsafeWriteError

__all__ = [
    "atomic_file",
    "auto_encoding",
    "codec",
    "decode",
    "read_source",
    "unreadable",
    "write_atomically",
]


def unreadable(file: Path, message: str) -> DataFileError:
    """Return the error of a file that cannot be read as a whole.

    Examples
    --------
    >>> unreadable(Path("x.csv"), "no such file").unreadable
    True
    """
    return DataFileError(str(file), [FileProblem(None, None, None, message)], unreadable=True)


def read_source(
    source: str | os.PathLike[str] | IO[bytes] | IO[str],
) -> tuple[Path, bytes, bool]:
    r"""Read a path or an open file whole; return its name, its bytes and whether it was text.

    Text read from a text-mode file is returned encoded as UTF-8.

    Examples
    --------
    >>> import io
    >>> read_source(io.StringIO("新"))
    (PosixPath('<stream>'), b'\xe6\x96\xb0', True)
    """
    if isinstance(source, str | os.PathLike):
        file = Path(source)
        return file, _read(file), False
    name = getattr(source, "name", None)
    file = Path(name if isinstance(name, str) and name else "<stream>")
    try:
        data: Any = source.read()
    except (OSError, ValueError) as error:
        raise unreadable(file, str(error)) from error
    if isinstance(data, str):
        return file, data.encode("utf-8", "surrogatepass"), True
    return file, bytes(data), False


def _read(file: Path) -> bytes:
    """Read a regular file whole; refuse a device, a named pipe or a folder without reading it."""
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as error:
        raise unreadable(file, error.strerror or str(error)) from error
    try:
        mode = os.fstat(descriptor).st_mode
        if not stat.S_ISREG(mode):
            kind = (
                "a folder"
                if stat.S_ISDIR(mode)
                else "a named pipe"
                if stat.S_ISFIFO(mode)
                else "a device"
                if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
                else "a socket"
                if stat.S_ISSOCK(mode)
                else "not a regular file"
            )
            raise unreadable(file, f"not a regular file ({kind}); jiceng reads files only")
        with os.fdopen(descriptor, "rb", closefd=False) as binary:
            return binary.read()
    except OSError as error:
        raise unreadable(file, error.strerror or str(error)) from error
    finally:
        os.close(descriptor)


def codec(file: Path, encoding: str) -> str:
    """Return the codec's canonical name; an unknown encoding makes the file unreadable.

    Examples
    --------
    >>> codec(Path("x.csv"), "GBK"), codec(Path("x.csv"), "utf8")
    ('gbk', 'utf-8')
    """
    try:
        return codecs.lookup(encoding).name
    except LookupError as error:
        raise unreadable(file, f"unknown encoding {encoding!r}") from error


def auto_encoding(raw: bytes) -> str:
    r"""Return ``"utf-8-sig"`` for bytes that are UTF-8 (with or without a mark), else GB18030.

    Bytes that are neither get ``"utf-8-sig"``, so that the error that follows is UTF-8's.

    Examples
    --------
    >>> auto_encoding("社区".encode()), auto_encoding("社区".encode("gb18030"))
    ('utf-8-sig', 'gb18030')
    >>> auto_encoding(b"\xff\xff")  # neither
    'utf-8-sig'
    """
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            raw.decode("gb18030")
        except UnicodeDecodeError:
            return "utf-8-sig"
        return "gb18030"
    return "utf-8-sig"


def decode(file: Path, raw: bytes, encoding: str) -> str:
    """Decode a file's bytes; on failure, suggest GB18030 where the bytes read as GB18030.

    Examples
    --------
    >>> try:
    ...     decode(Path("x.csv"), "社区".encode("gb18030"), "utf-8")
    ... except DataFileError as error:
    ...     print(str(error).split("; ")[-1])
    looks like gb18030: pass encoding="gb18030" (on the command line, --encoding gb18030)
    """
    try:
        return raw.decode(encoding)
    except (UnicodeDecodeError, LookupError) as error:
        message = f"cannot decode as {encoding}: {error}"
        if codec(file, encoding) in ("utf-8", "utf-8-sig") and auto_encoding(raw) == "gb18030":
            message += (
                '; looks like gb18030: pass encoding="gb18030"'
                " (on the command line, --encoding gb18030)"
            )
        raise unreadable(file, message) from error


_FLAGS = (
    os.O_WRONLY
    | os.O_CREAT
    | os.O_EXCL
    | getattr(os, "O_NOFOLLOW", 0)
    | getattr(os, "O_CLOEXEC", 0)
    | getattr(os, "O_BINARY", 0)
)


def _create(path: Path) -> tuple[Path, int]:
    """Create a new temporary file beside ``path`` exclusively; return its name and descriptor."""
    while True:
        temporary = path.with_name(f".{path.name}.{secrets.token_hex(8)}.tmp")
        try:
            return temporary, os.open(temporary, _FLAGS, 0o666)
        except FileExistsError:  # pragma: no cover - 2**64 names
            continue


def _keep_mode(path: Path, descriptor: int) -> None:
    """Give the temporary file the permission bits of a regular file at ``path``."""
    try:
        old = os.lstat(path)
    except FileNotFoundError:
        return
    if stat.S_ISREG(old.st_mode) and hasattr(os, "fchmod"):
        os.fchmod(descriptor, stat.S_IMODE(old.st_mode))


def _sync_directory(folder: Path) -> None:
    """Flush the rename to disk where the system allows opening a directory."""
    try:
        descriptor = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:  # pragma: no cover - e.g. Windows
        return
    try:
        os.fsync(descriptor)
    except OSError:  # pragma: no cover - some file systems refuse
        pass
    finally:
        os.close(descriptor)


def _finish(path: Path, temporary: Path, descriptor: int) -> None:
    _keep_mode(path, descriptor)
    os.fsync(descriptor)
    os.replace(temporary, path)
    _sync_directory(path.parent)


@contextlib.contextmanager
def atomic_file(path: Path) -> Iterator[BinaryIO]:
    """Open a new temporary file beside ``path`` for writing; rename it over ``path`` on success.

    The file object is the only way to the temporary file: nothing reopens it by name. If the
    block raises, the temporary file is removed and any old file stays as it was.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> with atomic_file(target) as out:
    ...     _ = out.write("新".encode())
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('新', ['out.txt'])
    """
    temporary, descriptor = _create(path)
    try:
        with os.fdopen(descriptor, "wb", closefd=False) as out:
            yield out
            out.flush()
        _finish(path, temporary, descriptor)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    finally:
        os.close(descriptor)


def write_atomically(path: Path, write: Callable[[Path], None]) -> None:
    """Call ``write`` on a new temporary file beside ``path``, then rename it over ``path``.

    ``write`` gets the temporary file's name, already created (empty) for it, and opens it
    itself (for writers that take only a file name). Before the rename, the name is checked to
    still be the file created for it; if it was replaced, nothing is renamed and
    :class:`~jiceng.errors.UnsafeWriteError` is raised. :func:`atomic_file`, which hands over an
    open file, leaves no such window and is preferred where the writer takes a file object.

    A failure leaves any old file as it was and no temporary file behind.

    Examples
    --------
    >>> import pathlib, tempfile
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "out.txt"
    >>> write_atomically(target, lambda temporary: temporary.write_text("新", encoding="utf-8"))
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('新', ['out.txt'])
    """
    temporary, descriptor = _create(path)
    created = os.fstat(descriptor)
    try:
        write(temporary)
        now = os.lstat(temporary)
        if (now.st_dev, now.st_ino) != (created.st_dev, created.st_ino):
            raise UnsafeWriteError(
                f"the temporary file {temporary} was replaced while being written; "
                f"{path} is left as it was"
            )
        _finish(path, temporary, descriptor)
    except BaseException:
        with contextlib.suppress(OSError):
            # only remove a name that is still ours; a planted replacement is left for its owner
            now = os.lstat(temporary)
            if (now.st_dev, now.st_ino) == (created.st_dev, created.st_ino):
                temporary.unlink()
        raise
    finally:
        os.close(descriptor)
