"""Tests of the national division tree, on excerpts committed under ``tests/data/divisions``."""

from __future__ import annotations

from pathlib import Path

DATA = Path(__file__).resolve().parent.parent / "data" / "divisions"
