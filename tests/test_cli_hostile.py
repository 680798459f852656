"""The command line under hostile conditions: broken output, bad files, terminal escapes, depth."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from jiceng import Hierarchy, OrgUnit, dump
from jiceng.cli import main
from jiceng.testing import deep_chain

SRC = str(Path(__file__).resolve().parents[1] / "src")


def jiceng(
    *args: str, stdout: int | None = subprocess.PIPE, **env: str
) -> subprocess.CompletedProcess[bytes]:
    environment = {**os.environ, "PYTHONPATH": SRC, **env}
    return subprocess.run(
        [sys.executable, "-m", "jiceng", *args],
        stdout=stdout,
        stderr=subprocess.PIPE,
        env=environment,
        timeout=120,
        check=False,
    )


def run(*args: str) -> tuple[int, str]:
    buffer = io.StringIO()
    return main(list(args), out=buffer), buffer.getvalue()


def test_no_traceback_when_standard_output_is_full() -> None:
    with open("/dev/full", "wb") as full:
        done = jiceng("report", stdout=full.fileno())
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert done.stderr.decode().strip() == (
        "jiceng: cannot write standard output: No space left on device"
    )


def test_no_traceback_when_standard_output_is_closed() -> None:
    environment = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-m", "jiceng", "report"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=environment,
        timeout=120,
        check=False,
        preexec_fn=lambda: os.close(1),  # a child without standard output
    )
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    assert b"standard output is closed" in done.stderr


def test_no_traceback_when_standard_output_cannot_encode_the_text() -> None:
    done = jiceng("report", PYTHONIOENCODING="ascii")
    assert done.returncode == 2
    assert b"Traceback" not in done.stderr
    message = done.stderr.decode("ascii")
    assert message.startswith("jiceng: standard output cannot write")
    assert "PYTHONIOENCODING=utf-8" in message


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path) -> None:
    environment = {**os.environ, "PYTHONPATH": SRC}
    child = subprocess.Popen(
        [sys.executable, "-m", "jiceng", "report"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environment,
    )
    assert child.stdout is not None
    assert child.stderr is not None
    with child, child.stderr:
        child.stdout.read(10)
        child.stdout.close()
        error = child.stderr.read()
        assert child.wait(timeout=120) == 0
    assert b"Traceback" not in error


@pytest.mark.parametrize(
    "raw",
    [
        b'{"format": "jiceng/1", "name": "\xff"}\n{"id": "a", "name": "x", "level": "street"}\n',
        b'{"format": "jiceng/1"}\n{"id": "a", "name": "\xff", "level": "street"}\n',
        b'{"id": "a", "name": "\xff", "level": "street"}\n',
    ],
    ids=["header", "body-after-header", "no-header"],
)
def test_an_undecodable_file_is_exit_status_2(
    tmp_path: Path, raw: bytes, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_bytes(raw)
    for command in ("validate", "report", "tree"):
        assert run(command, str(path))[0] == 2
    assert "cannot decode as utf-8" in capsys.readouterr().err


def test_a_named_pipe_is_refused_not_waited_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    pipe = tmp_path / "units.jsonl"
    os.mkfifo(pipe)
    done = jiceng("validate", str(pipe))
    assert done.returncode == 2
    assert b"not a regular file (a named pipe)" in done.stderr


def _hostile(tmp_path: Path) -> Path:
    """A file whose names and ids would act on a terminal, if the records accept them."""
    path = tmp_path / "hostile.jsonl"
    lines = [
        '{"id": "x\\u001b]0;owned\\u0007", "name": "\\u001b[2J清屏", "level": "street"}',
        '{"id": "c\\nfake line", "name": "a\\u202eb\\u0085c", "level": "community",'
        ' "parent": "x\\u001b]0;owned\\u0007", "households": 3}',
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CONTROLS = {chr(code) for code in [*range(0x20), *range(0x7F, 0xA0)]} - {"\n"} | {
    "\u202e",
    "\u2028",
}


@pytest.mark.parametrize("command", ["tree", "report", "validate", "stats"])
def test_human_output_escapes_what_would_act_on_a_terminal(
    tmp_path: Path, command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _hostile(tmp_path)
    status, text = run(command, str(path))
    err = capsys.readouterr().err
    assert status in (0, 1)
    for output in (text, err):
        assert not CONTROLS.intersection(output)
        assert "fake line" not in output or "c\\nfake line" in output
    if command == "tree" and status == 0:
        assert "\\x1b[2J清屏 [street] x\\x1b]0;owned\\x07" in text
        assert len(text.splitlines()) == 2


def test_a_file_name_with_a_newline_prints_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "two\nlines.json"
    assert run("validate", str(missing))[0] == 2
    err = capsys.readouterr().err
    assert len(err.splitlines()) == 1
    assert "two\\nlines.json" in err
    bad = tmp_path / "bad\nrow.csv"
    bad.write_text("id,name,level\nx,,street\n", encoding="utf-8")
    status, text = run("validate", str(bad))
    assert status == 1
    assert all("bad\\nrow.csv" in line for line in text.splitlines())


def test_tree_of_a_deep_chain_is_linear_in_time_and_output(tmp_path: Path) -> None:
    path = tmp_path / "chain.jsonl"
    dump(deep_chain(100_000, households=1), path)
    started = time.perf_counter()
    status, text = run("tree", str(path))
    elapsed = time.perf_counter() - started
    assert status == 0
    lines = text.splitlines()
    assert len(lines) == 100_000
    assert max(len(line) for line in lines) < 200
    assert lines[-1].lstrip().startswith("┆99999┆ └─ ")
    assert elapsed < 30


def test_tree_shows_depth_past_the_indentation_cap() -> None:
    from jiceng.cli.core import _write_tree

    chain = deep_chain(40)
    side = OrgUnit(id="side", name="旁", level=chain["n35"].level, parent="n35")
    h = Hierarchy([*chain, side], chain.scheme)
    buffer = io.StringIO()
    _write_tree(h, h["n0"], None, buffer)
    lines = buffer.getvalue().splitlines()
    assert len(lines) == 41
    assert "┆" not in lines[32]
    assert "┆33┆ └─ " in lines[33]
    assert "┆36┆ ├─ " in lines[36]
    assert "┆36┆ └─ 旁" in lines[-1]
    assert len({line.index("┆") for line in lines[33:]}) == 1
