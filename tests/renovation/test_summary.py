from __future__ import annotations

import io
import json


def test_projects_command() -> None:
    from jiceng.cli import main

    out = io.StringIO()
    assert main(["projects"], out=out) == 0
    text = out.getvalue()
    assert "2021-chunlan" in text
    assert "春兰小区" in text
    assert "within cap" in text
    out = io.StringIO()
    assert main(["projects", "--json"], out=out) == 0
    data = json.loads(out.getvalue())
    assert data["projects"] == 20
    assert data["cost"] == "138155147.44"
    out = io.StringIO()
    assert main(["report"], out=out) == 0
    assert "Renovation of old compounds" in out.getvalue()
