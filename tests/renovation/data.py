"""A completed project with a passed vote and full funding, and ways to vary it."""

from __future__ import annotations

from typing import Any

from jiceng import RenovationProject

VOTE: dict[str, Any] = {
    "matter": "rebuild",
    "on": "2021-03-01",
    "owners": 100,
    "area": "8000",
    "owners_voting": 80,
    "area_voting": "6400",
    "owners_agreeing": 70,
    "area_agreeing": "5600",
}

HISTORY = ["applied", "planned", "consulting", "designing", "under_construction", "completed"]


def project(pid: str = "p1", compound: str = "k-old", **changes: Any) -> RenovationProject:
    """Return project ``pid`` on ``compound``: 100 households, ¥2,000,000, completed."""
    data: dict[str, Any] = {
        "id": pid,
        "name": f"{pid}改造",
        "compound": compound,
        "batch": 2021,
        "households": 100,
        "buildings": 4,
        "floor_area": "8000",
        "measures": [
            {"category": "basic", "item": "雨污分流", "cost": "1200000"},
            {"category": "improvement", "item": "加装电梯", "cost": "800000"},
        ],
        "funding": [
            {"source": "central_subsidy", "amount": "1500000"},
            {"source": "residents", "amount": "500000"},
        ],
        "consultations": [VOTE],
        "history": [
            {"status": status, "on": f"2021-0{i + 1}-10"} for i, status in enumerate(HISTORY)
        ],
    }
    data.update(changes)
    return RenovationProject.model_validate(data)
