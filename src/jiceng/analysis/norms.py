"""Sizes of territories against norms of local practice: :func:`norms`.

A :class:`~jiceng.analysis.SizeNorm` names the level it applies to, the count it measures and its
bounds: an urban community of 2,000 to 4,000 households (a Sichuan rule), a comprehensive
management grid of 300 to 500 households and at most 2,000–2,500 people. These are local
practice, not national rules, and every one is data a user replaces.

The default norms (:data:`~jiceng.analysis.SIZE_NORMS`) apply the community norm to the level
``community`` and the management-grid norms to **no level**: the five-level network's ``grid``
(网格党总支; in 通川区 a 片区 of several thousand households) is a party organisation's area, not
the 300–500-household grid of 网格化管理, and checking it against that norm would report every
片区 as too large. Name the level that holds management grids in your scheme with
:meth:`~jiceng.analysis.SizeNorm.at` (``MANAGEMENT_GRID_HOUSEHOLDS.at("micro_grid")``); a norm
applied to no level, or to a level the scheme does not have, is listed as skipped.

A unit's figure is its total (:meth:`~jiceng.Hierarchy.total`); where the unit records none
itself, the figure is summed from the units below and the finding says so (``summed from the
units below``): with partial data below, that sum may fall short of the real size. Units with no
total are counted as ``unknown``.

Examples
--------
>>> from jiceng import Hierarchy, OrgUnit
>>> from jiceng.analysis import SIZE_NORMS, MANAGEMENT_GRID_HOUSEHOLDS
>>> h = Hierarchy([
...     OrgUnit(id="a", name="甲社区", level="community", households=4600),
...     OrgUnit(id="a-g", name="一网格", level="grid", parent="a", households=620),
... ])
>>> print(norms(h))
community_households: 1 findings in 1 units checked, 0 without data — an urban community has \
2,000 to 4,000 households (a Sichuan rule on urban community size; local practice)
  甲社区 (a, community): 4,600, maximum 4,000
skipped (applied to no level of the scheme): management_grid_households, \
management_grid_population
>>> grid = (MANAGEMENT_GRID_HOUSEHOLDS.at("grid"),)
>>> [(f.unit, f.figure, f.limit) for f in norms(h, grid).findings]
[('a-g', 620, 500)]
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from jiceng._bulk import paused_gc
from jiceng.analysis._checks import describe, evaluate, findings_frame, records_of_type, summarise
from jiceng.analysis.profiles import hierarchy_of
from jiceng.analysis.rules import SIZE_NORMS, Finding, RuleSummary, SizeNorm
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.hierarchy import Hierarchy
from jiceng.units import OrgUnit

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["SUMMED_FROM_BELOW", "NormsCheck", "norms"]

SUMMED_FROM_BELOW = "summed from the units below"
"""The note of a finding whose figure the unit does not record itself.

Examples
--------
>>> SUMMED_FROM_BELOW
'summed from the units below'
"""


@attrs.frozen
class NormsCheck:
    """What :func:`norms` found.

    Attributes
    ----------
    norms : tuple[RuleSummary, ...]
        One per norm applied, in the order the norms were given.
    skipped : tuple[str, ...]
        The keys of the norms applied to no level, or to a level the scheme does not have.
    findings : tuple[Finding, ...]
        In norm order, then hierarchy order.

    Examples
    --------
    >>> import jiceng
    >>> result = norms(jiceng.examples.mafangba())
    >>> [(s.rule, s.unknown) for s in result.norms], result.skipped[0]
    ([('community_households', 0)], 'management_grid_households')
    """

    norms: tuple[RuleSummary, ...]
    skipped: tuple[str, ...]
    findings: tuple[Finding, ...]

    def to_pandas(self) -> pd.DataFrame:
        """Return the findings as a DataFrame, one row each, a column per field of ``Finding``.

        Raises
        ------
        MissingExtraError
            If pandas is not installed.

        Examples
        --------
        >>> import jiceng
        >>> norms(jiceng.examples.mafangba()).to_pandas()[["unit", "figure"]].to_dict("records")
        [{'unit': 'mfb', 'figure': 241}]
        """
        return findings_frame(self.findings)

    def __str__(self) -> str:
        """Return each norm with its counts, source and findings; then the norms skipped."""
        text = describe(self.norms, self.findings)
        if self.skipped:
            text += f"\nskipped (applied to no level of the scheme): {', '.join(self.skipped)}"
        return text


def _units_at(h: Hierarchy, level: str, under: UnitRef | None) -> list[OrgUnit]:
    if under is None:
        return h.at_level(level)
    top = h[under]
    return (
        [top, *h.descendants(top, level=level)]
        if top.level == level
        else h.descendants(top, level=level)
    )


def norms(
    h: Hierarchy | Dataset, norms: Sequence[SizeNorm] = SIZE_NORMS, *, under: UnitRef | None = None
) -> NormsCheck:
    """Check the sizes of the units of each norm's level against the norm.

    Parameters
    ----------
    h
        The hierarchy.
    norms
        The norms (default :data:`~jiceng.analysis.SIZE_NORMS`: see the module documentation for
        why the management-grid norms apply to no level unless you name one).
    under
        Only this unit and its subtree.

    Returns
    -------
    NormsCheck
        A summary per norm applied, the norms skipped, and the findings in norm order, then
        hierarchy order.

    Raises
    ------
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import jiceng
    >>> h = jiceng.examples.mafangba()
    >>> [str(f) for f in norms(h).findings]
    ['马房坝社区 (mfb, community): 241, minimum 2,000 (summed from the units below)']
    >>> norms(h, under="qt").norms[0].checked
    0
    """
    h = hierarchy_of(h)
    norms = records_of_type(norms, SizeNorm, "norms")
    with paused_gc():
        return _norms(h, norms, under)


def _norms(h: Hierarchy, norms: Sequence[SizeNorm], under: UnitRef | None) -> NormsCheck:
    summaries = []
    skipped = []
    findings: list[Finding] = []
    for norm in norms:
        if norm.level is None or norm.level not in h.scheme:
            skipped.append(norm.key)
            continue
        field = norm.field
        found = []
        checked = unknown = 0
        for unit in _units_at(h, norm.level, under):
            if norm.excluding and not set(norm.excluding).isdisjoint(unit.tags):
                continue  # e.g. a villagers' committee under a rule on urban communities
            figure = h.total(unit, field)
            if figure is None:
                unknown += 1
                continue
            checked += 1
            beyond = evaluate(figure, norm.minimum, norm.maximum)
            if beyond is None:
                continue
            notes = () if getattr(unit, field) is not None else (SUMMED_FROM_BELOW,)
            bound, limit, gap = beyond
            found.append(
                Finding(
                    norm.key,
                    unit.id,
                    unit.name,
                    unit.level,
                    figure,
                    bound,
                    limit,
                    gap,
                    norm.source,
                    notes,
                )
            )
        summaries.append(summarise(norm, checked, unknown, found))
        findings += found
    return NormsCheck(tuple(summaries), tuple(skipped), tuple(findings))
