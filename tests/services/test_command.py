from __future__ import annotations

import io
import json

import pytest

from jiceng.cli import main


def test_services_command() -> None:
    out = io.StringIO()
    assert main(["services"], out=out) == 0
    text = out.getvalue()
    assert "14 departments, 44 items" in text
    assert "兜底" in text
    out = io.StringIO()
    assert main(["services", "--centre", "xiaobeijie-centre", "--json"], out=out) == 0
    data = json.loads(out.getvalue())
    assert len(data["guide"]) == 44
    assert (data["visits"]["zero"], data["visits"]["at_most_one"]) == (17, 38)
    out = io.StringIO()
    assert main(["report"], out=out) == 0
    assert "14 departments, 44 items" in out.getvalue()


def test_services_command_names_an_unknown_centre(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["services", "--centre", "nope"], out=io.StringIO()) == 1
    assert "no centre with id" in capsys.readouterr().err
