"""The rules and norms that the rule-based analyses check, as data, and what a check finds.

A rule is a record with a stable ``key``, the figure it measures, its bounds and the document it
comes from; the analyses take a tuple of them, so a user passes their own or a changed copy
(``attrs.evolve(rule, maximum=40)``). Nothing here rejects data: a unit beyond a bound is a
:class:`Finding`, since real data has approved exceptions.

- :class:`PartyOrganisationRule` and :data:`PARTY_ORGANISATION_RULES`, the national rules on the
  size of party organisations that :func:`~jiceng.analysis.compliance` checks;
- :class:`SizeNorm` and :data:`SIZE_NORMS`, local practice on the size of territories that
  :func:`~jiceng.analysis.norms` checks;
- :class:`StaffNorm` and :data:`STAFF_NORMS`, local practice on community workers that
  :func:`~jiceng.analysis.staffing` checks;
- :class:`Finding` (one unit beyond one bound) and :class:`RuleSummary` (one rule's counts).

Bounds are inclusive: a minimum of 3 accepts 3, a maximum of 50 accepts 50.

Examples
--------
>>> [rule.key for rule in PARTY_ORGANISATION_RULES]  # doctest: +NORMALIZE_WHITESPACE
['committee_members', 'general_branch_members', 'branch_full_members', 'branch_members',
 'branch_committee', 'joint_branch_units']
>>> BRANCH_MEMBERS.maximum, BRANCH_MEMBERS.source
(50, '中国共产党支部工作条例（试行）(2018) Art. 4')
>>> COMMUNITY_HOUSEHOLDS.level, MANAGEMENT_GRID_HOUSEHOLDS.level
('community', None)
"""

from __future__ import annotations

from typing import Literal

import attrs

from jiceng.errors import InvalidArgumentError
from jiceng.levels import OrgKind
from jiceng.units import CountField

__all__ = [
    "BRANCH_COMMITTEE",
    "BRANCH_COMMITTEE_KEY",
    "BRANCH_FULL_MEMBERS",
    "BRANCH_MEMBERS",
    "COMMITTEE_MEMBERS",
    "COMMUNITY_HOUSEHOLDS",
    "COMMUNITY_STAFF",
    "GENERAL_BRANCH_MEMBERS",
    "JOINT_BRANCH_UNITS",
    "MANAGEMENT_GRID_HOUSEHOLDS",
    "MANAGEMENT_GRID_POPULATION",
    "PARTY_ORGANISATION_RULES",
    "SIZE_NORMS",
    "STAFF_NORMS",
    "STAFF_PER_10000",
    "Bound",
    "Finding",
    "Measure",
    "PartyOrganisationRule",
    "RuleSummary",
    "SizeNorm",
    "StaffMeasure",
    "StaffNorm",
]

Bound = Literal["minimum", "maximum"]
"""Which bound of a rule a finding is beyond."""

Measure = Literal["members", "full_members", "committee", "joined_units"]
"""What a :class:`PartyOrganisationRule` measures.

``members``: the organisation's party members (full and probationary); ``full_members``: its
full members (正式党员); ``committee``: whether a branch that records its committee
(:data:`BRANCH_COMMITTEE_KEY`) has the full members to elect one, or lacks one it should have;
``joined_units``: the units a joint branch (联合党支部) joins, the unit it is based at included.
"""

StaffMeasure = Literal["workers", "per_10000"]
"""What a :class:`StaffNorm` measures: a unit's community workers, or workers per 10,000
residents."""

BRANCH_COMMITTEE_KEY = "branch_committee"
"""The unit attribute recording a branch's committee (支部委员会): its number of members, 0 for
none (a secretary only).

Examples
--------
>>> from jiceng import OrgUnit
>>> OrgUnit(id="b", name="春兰小区", level="compound",
...         attributes={BRANCH_COMMITTEE_KEY: 5}).attributes[BRANCH_COMMITTEE_KEY]
5
"""


def _check_bounds(minimum: int | None, maximum: int | None, key: str) -> None:
    if minimum is None and maximum is None:
        raise InvalidArgumentError(f"rule {key!r} has neither a minimum nor a maximum")
    if minimum is not None and maximum is not None and minimum > maximum:
        raise InvalidArgumentError(
            f"rule {key!r} has a minimum {minimum} above its maximum {maximum}"
        )


@attrs.frozen
class PartyOrganisationRule:
    """A rule on the size of a kind of party organisation.

    Attributes
    ----------
    key : str
        A stable key (``"branch_members"``).
    kinds : tuple[OrgKind, ...]
        The kinds of organisation it applies to; ``()`` for every kind (the joint branch rule
        applies to any organisation that joins units).
    measure : Measure
        What it measures (see :data:`Measure`).
    minimum, maximum : int or None
        Inclusive bounds; at least one is given. For ``committee`` the minimum is the full members
        from which a branch elects a committee.
    text : str
        The rule in a sentence.
    source : str
        The document it comes from.
    normally : bool
        Whether the rule says "normally" (exceptions are approved); the findings say so.

    Raises
    ------
    InvalidArgumentError
        Without a bound, or with a minimum above the maximum.

    Examples
    --------
    >>> import attrs
    >>> stricter = attrs.evolve(JOINT_BRANCH_UNITS, maximum=3)
    >>> stricter.key, stricter.maximum
    ('joint_branch_units', 3)
    >>> PartyOrganisationRule("x", (OrgKind.BRANCH,), "members", None, None, "", "")
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: rule 'x' has neither a minimum nor a maximum
    """

    key: str
    kinds: tuple[OrgKind, ...]
    measure: Measure
    minimum: int | None
    maximum: int | None
    text: str
    source: str
    normally: bool = False

    def __attrs_post_init__(self) -> None:
        """Refuse a rule without a bound or with its bounds crossed."""
        _check_bounds(self.minimum, self.maximum, self.key)


_CHARTER = "中国共产党章程 Ch. 5 (党的基层组织)"
_PRIMARY = (
    f"{_CHARTER}; the thresholds of the working rules for primary organisations "
    "(中国共产党国有企业基层组织工作条例（试行）, 中国共产党农村基层组织工作条例)"
)
_BRANCH_RULES = "中国共产党支部工作条例（试行）(2018)"

COMMITTEE_MEMBERS = PartyOrganisationRule(
    "committee_members",
    (OrgKind.COMMITTEE,),
    "members",
    100,
    None,
    "a primary party committee (党委) normally has 100 or more party members",
    _PRIMARY,
    normally=True,
)
"""A 党委 normally has at least 100 members; fewer with approval.

Examples
--------
>>> COMMITTEE_MEMBERS.minimum, COMMITTEE_MEMBERS.kinds[0].zh
(100, '党委')
"""

GENERAL_BRANCH_MEMBERS = PartyOrganisationRule(
    "general_branch_members",
    (OrgKind.GENERAL_BRANCH,),
    "members",
    50,
    100,
    "a general branch (党总支) normally has 50 to 100 party members",
    _PRIMARY,
    normally=True,
)
"""A 党总支 normally has 50 to 100 members; fewer with approval, more should be a 党委.

Examples
--------
>>> GENERAL_BRANCH_MEMBERS.minimum, GENERAL_BRANCH_MEMBERS.maximum
(50, 100)
"""

BRANCH_FULL_MEMBERS = PartyOrganisationRule(
    "branch_full_members",
    (OrgKind.BRANCH,),
    "full_members",
    3,
    None,
    "a branch (党支部) has at least 3 full members; fewer join a joint branch",
    f"{_BRANCH_RULES} Art. 4; 中国共产党章程 Ch. 5",
)
"""A 党支部 has at least 3 full (正式) members.

Examples
--------
>>> BRANCH_FULL_MEMBERS.measure, BRANCH_FULL_MEMBERS.minimum
('full_members', 3)
"""

BRANCH_MEMBERS = PartyOrganisationRule(
    "branch_members",
    (OrgKind.BRANCH,),
    "members",
    None,
    50,
    "a branch (党支部) normally has at most 50 party members",
    f"{_BRANCH_RULES} Art. 4",
    normally=True,
)
"""A 党支部 normally has at most 50 members.

Examples
--------
>>> BRANCH_MEMBERS.maximum
50
"""

BRANCH_COMMITTEE = PartyOrganisationRule(
    "branch_committee",
    (OrgKind.BRANCH,),
    "committee",
    7,
    None,
    "a branch with 7 or more full members elects a committee (支部委员会); "
    "one with fewer has a secretary only",
    f"{_BRANCH_RULES} Art. 20",
)
"""A branch elects a committee from 7 full members; checked where the branch records its
committee in :data:`BRANCH_COMMITTEE_KEY`.

Examples
--------
>>> BRANCH_COMMITTEE.minimum, BRANCH_COMMITTEE.measure
(7, 'committee')
"""

JOINT_BRANCH_UNITS = PartyOrganisationRule(
    "joint_branch_units",
    (),
    "joined_units",
    None,
    5,
    "a joint branch (联合党支部) joins at most 5 units",
    f"{_BRANCH_RULES} Art. 4",
)
"""A joint branch joins at most 5 units (the hierarchy refuses more; a lower maximum is a
stricter local rule).

Examples
--------
>>> JOINT_BRANCH_UNITS.maximum
5
"""

PARTY_ORGANISATION_RULES: tuple[PartyOrganisationRule, ...] = (
    COMMITTEE_MEMBERS,
    GENERAL_BRANCH_MEMBERS,
    BRANCH_FULL_MEMBERS,
    BRANCH_MEMBERS,
    BRANCH_COMMITTEE,
    JOINT_BRANCH_UNITS,
)
"""The rules :func:`~jiceng.analysis.compliance` checks by default, in the order it reports.

Examples
--------
>>> len(PARTY_ORGANISATION_RULES), PARTY_ORGANISATION_RULES[0].key
(6, 'committee_members')
"""


@attrs.frozen
class SizeNorm:
    """A norm of local practice on the size of the units of one level.

    Attributes
    ----------
    key : str
        A stable key (``"community_households"``).
    level : str or None
        The level key it applies to; ``None`` applies it to no level (name one with :meth:`at`).
    field : CountField
        The count it measures (``"households"`` or ``"population"``), the unit's total.
    minimum, maximum : int or None
        Inclusive bounds; at least one is given.
    text : str
        The norm in a sentence.
    source : str
        Where it comes from.
    local_practice : bool
        ``True``: it is some places' practice, not a national rule.
    excluding : tuple[str, ...]
        Tags of units the norm does not apply to: the community norm, a rule on urban
        communities, leaves out a villagers' committee (``"村民委员会"``) kept at that level.

    Raises
    ------
    InvalidArgumentError
        Without a bound, or with a minimum above the maximum.

    Examples
    --------
    >>> MANAGEMENT_GRID_HOUSEHOLDS.at("micro_grid").level
    'micro_grid'
    >>> COMMUNITY_HOUSEHOLDS.excluding
    ('村民委员会',)
    """

    key: str
    level: str | None
    field: CountField
    minimum: int | None
    maximum: int | None
    text: str
    source: str
    local_practice: bool = True
    excluding: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        """Refuse a rule without a bound or with its bounds crossed."""
        _check_bounds(self.minimum, self.maximum, self.key)

    def at(self, level: str | None) -> SizeNorm:
        """Return the norm applied to another level (``None``: to none).

        Examples
        --------
        >>> COMMUNITY_HOUSEHOLDS.at("village").level, COMMUNITY_HOUSEHOLDS.level
        ('village', 'community')
        """
        return attrs.evolve(self, level=level)


_SIZES = "urban comprehensive management grids (网格化管理); local practice, widespread"

COMMUNITY_HOUSEHOLDS = SizeNorm(
    "community_households",
    "community",
    "households",
    2000,
    4000,
    "an urban community has 2,000 to 4,000 households",
    "a Sichuan rule on urban community size; local practice",
    excluding=("村民委员会",),
)
"""An urban community of 2,000 to 4,000 households (a Sichuan rule).

Examples
--------
>>> COMMUNITY_HOUSEHOLDS.minimum, COMMUNITY_HOUSEHOLDS.maximum
(2000, 4000)
"""

MANAGEMENT_GRID_HOUSEHOLDS = SizeNorm(
    "management_grid_households",
    None,
    "households",
    300,
    500,
    "a comprehensive management grid has 300 to 500 households",
    _SIZES,
)
"""A management grid of 300 to 500 households, applied to no level by default.

The five-level network's ``grid`` (网格党总支; in 通川区 a 片区 of thousands of households) is not
the management grid: name the level that holds management grids with :meth:`SizeNorm.at`.

Examples
--------
>>> MANAGEMENT_GRID_HOUSEHOLDS.at("micro_grid").minimum
300
"""

MANAGEMENT_GRID_POPULATION = SizeNorm(
    "management_grid_population",
    None,
    "population",
    None,
    2500,
    "a comprehensive management grid has at most 2,000 to 2,500 people (the upper figure)",
    _SIZES,
)
"""A management grid of at most 2,500 people (the norm says 2,000–2,500), applied to no level
by default.

Examples
--------
>>> MANAGEMENT_GRID_POPULATION.maximum, MANAGEMENT_GRID_POPULATION.level
(2500, None)
"""

SIZE_NORMS: tuple[SizeNorm, ...] = (
    COMMUNITY_HOUSEHOLDS,
    MANAGEMENT_GRID_HOUSEHOLDS,
    MANAGEMENT_GRID_POPULATION,
)
"""The norms :func:`~jiceng.analysis.norms` checks by default, in the order it reports.

Examples
--------
>>> [(norm.key, norm.level) for norm in SIZE_NORMS]  # doctest: +NORMALIZE_WHITESPACE
[('community_households', 'community'), ('management_grid_households', None),
 ('management_grid_population', None)]
"""


@attrs.frozen
class StaffNorm:
    """A norm of local practice on the community workers (社区工作者) of the units of one level.

    Attributes
    ----------
    key : str
        A stable key (``"community_staff"``).
    level : str
        The level key it applies to.
    measure : StaffMeasure
        ``"workers"`` (the unit's workers) or ``"per_10000"`` (workers per 10,000 residents).
    minimum, maximum : int or None
        Inclusive bounds; at least one is given.
    text, source : str
        The norm in a sentence, and where it comes from.
    local_practice : bool
        ``True``: it is some places' practice or target, not a national rule.

    Raises
    ------
    InvalidArgumentError
        Without a bound, or with a minimum above the maximum.

    Examples
    --------
    >>> import attrs
    >>> attrs.evolve(COMMUNITY_STAFF, maximum=15).maximum
    15
    """

    key: str
    level: str
    measure: StaffMeasure
    minimum: int | None
    maximum: int | None
    text: str
    source: str
    local_practice: bool = True

    def __attrs_post_init__(self) -> None:
        """Refuse a rule without a bound or with its bounds crossed."""
        _check_bounds(self.minimum, self.maximum, self.key)


COMMUNITY_STAFF = StaffNorm(
    "community_staff",
    "community",
    "workers",
    None,
    17,
    "a community has at most about 17 community workers",
    "common practice; local practice",
)
"""At most about 17 workers a community.

Examples
--------
>>> COMMUNITY_STAFF.maximum
17
"""

STAFF_PER_10000 = StaffNorm(
    "staff_per_10000",
    "community",
    "per_10000",
    18,
    None,
    "18 community workers per 10,000 urban residents",
    "Hubei's provincial target; local practice",
)
"""At least 18 workers per 10,000 residents (Hubei's target).

Examples
--------
>>> STAFF_PER_10000.minimum, STAFF_PER_10000.measure
(18, 'per_10000')
"""

STAFF_NORMS: tuple[StaffNorm, ...] = (COMMUNITY_STAFF, STAFF_PER_10000)
"""The norms :func:`~jiceng.analysis.staffing` checks by default, in the order it reports.

Examples
--------
>>> [norm.key for norm in STAFF_NORMS]
['community_staff', 'staff_per_10000']
"""


@attrs.frozen
class Finding:
    """One unit beyond one bound of one rule or norm.

    Attributes
    ----------
    rule : str
        The rule's or norm's key.
    unit, name, level : str
        The unit (its id, name and level key).
    figure : int or float
        What the rule measures, for this unit (workers per 10,000 residents are a float).
    bound : Bound
        ``"minimum"`` or ``"maximum"``.
    limit : int
        The bound.
    gap : int or float
        How far beyond it: ``limit - figure`` below a minimum, ``figure - limit`` above a maximum.
    source : str
        The rule's source.
    notes : tuple[str, ...]
        What qualifies the figure (``"full members not recorded: party members used"``).
    approved : str or None
        For an approved exception, the approval's text (the unit's ``approved_exception``
        attribute); ``None`` otherwise.

    Examples
    --------
    >>> finding = Finding("branch_members", "cl", "春兰小区", "compound", 58, "maximum", 50, 8,
    ...                   BRANCH_MEMBERS.source)
    >>> str(finding)
    '春兰小区 (cl, compound): 58, maximum 50'
    """

    rule: str
    unit: str
    name: str
    level: str
    figure: int | float
    bound: Bound
    limit: int
    gap: int | float
    source: str
    notes: tuple[str, ...] = ()
    approved: str | None = None

    def __str__(self) -> str:
        """Return the unit, the figure and the bound; the approval and notes where there are any."""
        text = (
            f"{self.name} ({self.unit}, {self.level}): {self.figure:,}, {self.bound} {self.limit:,}"
        )
        if self.approved is not None:
            text += f" [approved: {self.approved}]"
        if self.notes:
            text += f" ({'; '.join(self.notes)})"
        return text


@attrs.frozen
class RuleSummary:
    """How one rule or norm fared: the units it checked and the findings.

    Attributes
    ----------
    rule : str
        The key.
    text, source : str
        The rule in a sentence, and its source.
    checked : int
        The units it applied to that had the figure it measures.
    unknown : int
        The units it applied to that lacked the figure.
    findings : int
        The findings, approved exceptions included.
    approved : int
        Of those, the approved exceptions.

    Examples
    --------
    >>> summary = RuleSummary("branch_members", "…", "…", checked=10, unknown=2, findings=3,
    ...                       approved=1)
    >>> summary.findings - summary.approved
    2
    """

    rule: str
    text: str
    source: str
    checked: int
    unknown: int
    findings: int
    approved: int
