"""Compliance of party organisations with the rules on their size: :func:`compliance`.

Each unit with an organisation of its own (``org_status`` ``own`` or not recorded) is checked
against the rules for its kind (:meth:`~jiceng.Hierarchy.org_kind`): a 党委 normally has 100 or
more members, a 党总支 50 to 100, a 党支部 at least 3 full members and normally at most 50, a
branch elects a committee from 7 full members, a joint branch joins at most 5 units
(:data:`~jiceng.analysis.PARTY_ORGANISATION_RULES`, each with its source). A unit beyond a bound
is a :class:`~jiceng.analysis.Finding`, never an error: real data has approved exceptions.

What is counted, and why:

- **Members.** An organisation's members are every party member in its territory: the unit's
  total of ``party_members`` (:meth:`~jiceng.Hierarchy.total`), so a community's 党委 counts the
  members of the compounds' branches under it, as they belong to it. The units it leads as a
  joint or regional organisation (``led_by``) add their totals, each subtree once (a led unit
  inside the leader's territory, or inside another unit it leads, adds nothing more).
- **Full members** (正式党员) are members less probationary members (预备党员). Probationary
  members roll up as totals do, taken with the party-members figure they are recorded beside; where
  some figure that makes up the members lacks them, the full members are unknown, the rule on full
  members uses all members and the finding says ``full members not recorded: party members
  used``.
- **Not checked:** a unit led by a joint or regional organisation (it has none of its own; its
  members count in its leader's) and a unit with status ``none`` (it has no organisation;
  :func:`~jiceng.analysis.coverage` reports it). A unit whose territory records no party members
  is counted as ``unknown`` in the rule's summary.
- **Committees.** :data:`~jiceng.analysis.BRANCH_COMMITTEE_KEY` (``attributes["branch_committee"]``,
  the committee's number of members, 0 for none) says whether a branch has a committee; a branch
  that records one with fewer than 7 full members, or records none with 7 or more, is a finding.
  Branches that do not record it (or record something that is not a whole number) are
  ``unknown``.
- **Approved exceptions.** A unit whose organisation is an approved exception records the approval
  in ``attributes["approved_exception"]`` (:data:`APPROVED_EXCEPTION_KEY`, a short text naming
  it): its findings are still listed, with ``approved`` set to that text, and counted apart.

The example, in the four-level scheme (no grids; ``str`` of the result lists the findings by
rule)::

    东风街道 df (street)
    ├── 甲社区 a (community, 党总支, 42 members recorded)
    │   └── 一号小区 a1 (compound, 党支部, 2 members, 0 probationary)
    └── 乙社区 b (community, 党委, 80 members, an approved exception)

Examples
--------
>>> from jiceng import URBAN_FOUR_LEVEL, Hierarchy, OrgUnit
>>> h = Hierarchy([
...     OrgUnit(id="df", name="东风街道", level="street"),
...     OrgUnit(id="a", name="甲社区", level="community", parent="df",
...             org_kind="general_branch", party_members=42),
...     OrgUnit(id="a1", name="一号小区", level="compound", parent="a",
...             party_members=2, probationary_members=0),
...     OrgUnit(id="b", name="乙社区", level="community", parent="df", party_members=80,
...             attributes={"approved_exception": "区委组织部 2021"}),
... ], URBAN_FOUR_LEVEL)
>>> result = compliance(h)
>>> for finding in result.findings:
...     print(finding.rule, finding)
committee_members 乙社区 (b, community): 80, minimum 100 [approved: 区委组织部 2021]
general_branch_members 甲社区 (a, community): 42, minimum 50
branch_full_members 一号小区 (a1, compound): 2, minimum 3
>>> len(result.open), len(result.approved)
(2, 1)
"""

from __future__ import annotations

from collections.abc import Sequence
from operator import attrgetter
from typing import TYPE_CHECKING

import attrs

from jiceng._bulk import paused_gc
from jiceng.analysis._checks import describe, evaluate, findings_frame, records_of_type, summarise
from jiceng.analysis.profiles import hierarchy_of
from jiceng.analysis.rules import (
    BRANCH_COMMITTEE_KEY,
    PARTY_ORGANISATION_RULES,
    Finding,
    PartyOrganisationRule,
    RuleSummary,
)
from jiceng.dataset import Dataset
from jiceng.edits import UnitRef
from jiceng.hierarchy import Hierarchy
from jiceng.levels import OrgKind, OrgStatus
from jiceng.units import OrgUnit

if TYPE_CHECKING:
    import pandas as pd  # type: ignore[import-untyped,unused-ignore]

__all__ = ["APPROVED_EXCEPTION_KEY", "FULL_MEMBERS_NOT_RECORDED", "Compliance", "compliance"]

APPROVED_EXCEPTION_KEY = "approved_exception"
"""The unit attribute that marks its organisation as an approved exception (the approval's text).

Examples
--------
>>> from jiceng import OrgUnit
>>> unit = OrgUnit(id="b", name="乙社区", level="community", party_members=30,
...                attributes={APPROVED_EXCEPTION_KEY: "区委组织部批复 2021"})
>>> unit.attributes[APPROVED_EXCEPTION_KEY]
'区委组织部批复 2021'
"""

FULL_MEMBERS_NOT_RECORDED = "full members not recorded: party members used"
"""The note of a finding on full members that used all party members.

Examples
--------
>>> FULL_MEMBERS_NOT_RECORDED.startswith("full members")
True
"""

_LED = (OrgStatus.JOINT, OrgStatus.REGIONAL)

_Figures = tuple[OrgUnit, tuple[int | None, int | None]]
"""A unit with its organisation's members and full members (``None`` where unknown)."""


@attrs.frozen
class Compliance:
    """What :func:`compliance` found: a summary per rule and every finding.

    Attributes
    ----------
    rules : tuple[RuleSummary, ...]
        One per rule, in the order the rules were given.
    findings : tuple[Finding, ...]
        In rule order, then hierarchy order.

    Examples
    --------
    >>> import jiceng
    >>> result = compliance(jiceng.examples.mafangba())
    >>> result.findings, [summary.unknown for summary in result.rules][:2]
    ((), [1, 2])
    """

    rules: tuple[RuleSummary, ...]
    findings: tuple[Finding, ...]

    @property
    def open(self) -> tuple[Finding, ...]:
        """The findings that are not approved exceptions, in order.

        Examples
        --------
        >>> import jiceng
        >>> compliance(jiceng.examples.mafangba()).open
        ()
        """
        return tuple(finding for finding in self.findings if finding.approved is None)

    @property
    def approved(self) -> tuple[Finding, ...]:
        """The findings that are approved exceptions, in order.

        Examples
        --------
        >>> import jiceng
        >>> compliance(jiceng.examples.mafangba()).approved
        ()
        """
        return tuple(finding for finding in self.findings if finding.approved is not None)

    def to_pandas(self) -> pd.DataFrame:
        """Return the findings as a DataFrame, one row each, a column per field of ``Finding``.

        Raises
        ------
        MissingExtraError
            If pandas is not installed.

        Examples
        --------
        >>> import jiceng
        >>> list(compliance(jiceng.examples.mafangba()).to_pandas().columns)[:4]
        ['rule', 'unit', 'name', 'level']
        """
        return findings_frame(self.findings)

    def __str__(self) -> str:
        """Return each rule with its counts and source, then its findings."""
        return describe(self.rules, self.findings)


def compliance(
    h: Hierarchy | Dataset,
    rules: Sequence[PartyOrganisationRule] = PARTY_ORGANISATION_RULES,
    *,
    under: UnitRef | None = None,
) -> Compliance:
    """Check every party organisation against the rules for its kind.

    See the module documentation for what is counted: members are the territory's total (with
    the units it leads), full members where recorded, approved exceptions marked.

    Parameters
    ----------
    h
        The hierarchy.
    rules
        The rules (default :data:`~jiceng.analysis.PARTY_ORGANISATION_RULES`).
    under
        Check only this unit and its subtree (members still count the whole territory).

    Returns
    -------
    Compliance
        A summary per rule and the findings, in rule order, then hierarchy order.

    Raises
    ------
    UnknownUnitError
        If ``under`` is not in the hierarchy.

    Examples
    --------
    >>> import attrs
    >>> from jiceng import Hierarchy, OrgUnit
    >>> from jiceng.analysis import JOINT_BRANCH_UNITS
    >>> h = Hierarchy([
    ...     OrgUnit(id="a", name="甲小区", level="compound", party_members=4),
    ...     OrgUnit(id="b", name="乙小区", level="compound", party_members=1,
    ...             org_status="joint", led_by="a"),
    ...     OrgUnit(id="c", name="丙小区", level="compound", party_members=1,
    ...             org_status="joint", led_by="a"),
    ... ])
    >>> [(f.rule, f.figure) for f in compliance(h).findings]
    []
    >>> three = (attrs.evolve(JOINT_BRANCH_UNITS, maximum=2),)
    >>> [(f.rule, f.figure, f.limit) for f in compliance(h, three).findings]
    [('joint_branch_units', 3, 2)]
    >>> compliance(h).rules[3].checked  # branch_members: the joint branch of 6 members
    1
    """
    h = hierarchy_of(h)
    rules = records_of_type(rules, PartyOrganisationRule, "rules")
    units = list(h) if under is None else [h[under], *h.descendants(under)]
    with paused_gc():
        count = _Counter(h)
        level_kind = {level.key: level.kind for level in h.scheme}
        own = [u for u in units if u.org_status is None or u.org_status is OrgStatus.OWN]
        kinds = [u.org_kind or level_kind[u.level] for u in own]
        if any(h.total(root, "party_members") is not None for root in h.roots()):
            figures = [count.members(u) for u in own]
        else:  # nothing records party members: every figure unknown, found at C speed
            figures = [(None, None)] * len(own)
        summaries = []
        findings: list[Finding] = []
        chosen: dict[tuple[frozenset[OrgKind], bool], list[_Figures]] = {}
        for rule in rules:
            wanted = frozenset(rule.kinds)
            led = rule.measure == "joined_units"
            applies = chosen.get((wanted, led))
            if applies is None:  # rules on the same kinds share one list
                applies = chosen[wanted, led] = [
                    (u, figure)
                    for u, kind, figure in zip(own, kinds, figures, strict=True)
                    if (not wanted or kind in wanted) and (not led or count.joined(u))
                ]
            found, checked, unknown = _check(rule, applies, count)
            summaries.append(summarise(rule, checked, unknown, found))
            findings += found
    return Compliance(tuple(summaries), tuple(findings))


class _Counter:
    """The members, full members and joined units of organisations."""

    __slots__ = ("_h", "_joined", "_led", "_probationary")

    def __init__(self, h: Hierarchy) -> None:
        self._h = h
        self._probationary = _probationary(h)
        self._led: dict[str, list[OrgUnit]] = {}
        self._joined: dict[str, int] = {}
        for unit in [u for u in h if u.led_by is not None]:
            if unit.led_by is not None and unit.org_status in _LED:
                self._led.setdefault(unit.led_by, []).append(unit)
                if unit.org_status is OrgStatus.JOINT:
                    self._joined[unit.led_by] = self._joined.get(unit.led_by, 0) + 1

    def joined(self, unit: OrgUnit) -> int:
        """Return the units of the joint branch based at ``unit``, itself included; 0 for none."""
        if not self._joined:
            return 0
        n = self._joined.get(unit.id, 0)
        return n + 1 if n else 0

    def _parts(self, unit: OrgUnit) -> list[str]:
        """Return the ids whose totals make up the organisation's members, each subtree once."""
        led = self._led.get(unit.id)
        if not led:
            return [unit.id]
        covered = {unit.id, *(x.id for x in led)}
        ancestors = self._h.ancestors
        return [unit.id] + [
            x.id for x in led if not any(above.id in covered for above in ancestors(x))
        ]

    def members(self, unit: OrgUnit) -> tuple[int | None, int | None]:
        """Return the organisation's members and full members (``None`` where unknown)."""
        uid = unit.id
        if uid in self._led:
            return self._joint_members(self._parts(unit))
        members = self._h.total(uid, "party_members")  # the common case: its own territory
        if members is None:
            return None, None
        p = self._probationary.get(uid)
        return members, None if p is None else members - p

    def _joint_members(self, parts: list[str]) -> tuple[int | None, int | None]:
        total = self._h.total
        figures = [(uid, m) for uid in parts if (m := total(uid, "party_members")) is not None]
        if not figures:
            return None, None
        members = sum(m for _, m in figures)
        probationary = [self._probationary.get(uid) for uid, _ in figures]
        if None in probationary:
            return members, None
        return members, members - sum(p for p in probationary if p is not None)


def _probationary(h: Hierarchy) -> dict[str, int]:
    """Probationary members rolled up with the party members, where every part records them."""
    units = list(h)
    if list(map(attrgetter("probationary_members"), units)).count(None) == len(units):
        return {}
    known: dict[str, int] = {}
    below: dict[str, int] = {}
    broken: set[str] = set()
    has_below: set[str] = set()
    for unit in reversed(units):
        uid = unit.id
        if unit.party_members is not None:
            value = unit.probationary_members
        elif uid in has_below and uid not in broken:
            value = below.get(uid, 0)
        else:
            value = None
        contributes = unit.party_members is not None or uid in has_below
        if value is not None:
            known[uid] = value
        parent = unit.parent
        if parent is not None and contributes:
            has_below.add(parent)
            if value is None:
                broken.add(parent)
            else:
                below[parent] = below.get(parent, 0) + value
    return known


def _approval(unit: OrgUnit) -> str | None:
    value = unit.attributes.get(APPROVED_EXCEPTION_KEY)
    return None if value is None else str(value)


def _check(
    rule: PartyOrganisationRule,
    applies: Sequence[_Figures],
    count: _Counter,
) -> tuple[list[Finding], int, int]:
    found: list[Finding] = []
    checked = unknown = 0
    for unit, (members, full) in applies:
        notes: tuple[str, ...] = ()
        if rule.measure == "joined_units":
            figure = count.joined(unit)
        else:
            if members is None:
                unknown += 1
                continue
            figure = members
            if rule.measure in ("full_members", "committee"):
                if full is None:
                    notes = (FULL_MEMBERS_NOT_RECORDED,)
                else:
                    figure = full
        minimum, maximum = rule.minimum, rule.maximum
        if rule.measure == "committee":
            size = unit.attributes.get(BRANCH_COMMITTEE_KEY)
            if not isinstance(size, int) or size < 0:
                unknown += 1
                continue
            if size and minimum is not None:  # has a committee: needs the minimum
                notes = (f"a committee of {size}, which needs {minimum} full members", *notes)
                maximum = None
            elif minimum is not None:  # none: fewer than the minimum, a secretary only
                notes = (f"no committee: {minimum} or more full members elect one", *notes)
                maximum = minimum - 1
                minimum = None
        checked += 1
        beyond = evaluate(figure, minimum, maximum)
        if beyond is None:
            continue
        bound, limit, gap = beyond
        found.append(
            Finding(
                rule.key,
                unit.id,
                unit.name,
                unit.level,
                figure,
                bound,
                limit,
                gap,
                rule.source,
                notes,
                _approval(unit),
            )
        )
    return found, checked, unknown
