"""The renovation part of a ``jiceng/1`` data file: its fields, the portfolio they build.

Three optional fields follow ``units``: ``renovation_level`` (the level key of compounds, left
out where it is the default ``"compound"``), ``renovation_policy`` (the
:class:`~jiceng.renovation.RenovationPolicy`: its eligibility terms always written, its local
rules where they are not the defaults) and ``projects`` (one
:class:`~jiceng.renovation.RenovationProject` a line, without its default fields). A file with a
policy or projects has a portfolio; a file with neither has none.

Examples
--------
>>> import jiceng
>>> portfolio = jiceng.examples.tongchuan().renovation
>>> [(written.key, written.records) for written in SECTION.dump(portfolio)]
[('renovation_policy', False), ('projects', True)]
>>> again = SECTION.build({"renovation_level": None,
...                        "renovation_policy": portfolio.policy,
...                        "projects": list(portfolio)}, portfolio.hierarchy)
>>> again == portfolio
True
>>> print(SECTION.build(dict.fromkeys(f.name for f in SECTION.fields), portfolio.hierarchy))
None
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from jiceng._section import FileField, FileSection, Written
from jiceng.hierarchy import Hierarchy
from jiceng.renovation.policy import RenovationPolicy
from jiceng.renovation.portfolio import DEFAULT_LEVEL, Portfolio
from jiceng.renovation.records import RenovationProject
from jiceng.types import Key

__all__ = ["SECTION"]


def _build(values: Mapping[str, Any], hierarchy: Hierarchy) -> Portfolio | None:
    """Make the portfolio from the fields' values, or ``None`` without policy and projects."""
    projects = values["projects"]
    policy = values["renovation_policy"]
    if projects is None and policy is None:
        return None
    return Portfolio(
        projects or (), hierarchy, policy, level=values["renovation_level"] or DEFAULT_LEVEL
    )


def _dump(portfolio: Portfolio) -> Iterator[Written]:
    """Write the level (where it is not the default), the policy, and one project a line."""
    if portfolio.level != DEFAULT_LEVEL:
        yield Written("renovation_level", portfolio.level)
    yield Written("renovation_policy", portfolio.policy.model_dump(mode="json"))
    yield Written.record_list("projects", portfolio)


SECTION: FileSection[Portfolio] = FileSection(
    domain="renovation",
    engine=Portfolio,
    fields=(
        FileField("renovation_level", Key | None, ""),
        FileField("renovation_policy", RenovationPolicy | None, ""),
        FileField("projects", list[RenovationProject] | None, ""),
    ),
    build=_build,
    dump=_dump,
    aliases=("projects",),
    doc=(
        "Old-compound renovation (see :mod:`jiceng.renovation`): the level key of "
        "renovated compounds where it is not ``compound``, the renovation policy and the "
        "projects. Either of the last two makes the dataset's ``renovation`` portfolio."
    ),
)
"""The renovation section of a dataset file: builds a :class:`~jiceng.renovation.Portfolio`."""
