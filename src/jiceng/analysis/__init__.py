"""Analyses of a hierarchy: free functions over a :class:`~jiceng.Hierarchy`, typed results.

Each function takes the hierarchy (and options) and returns ``attrs`` results in a documented
order; :func:`jiceng.results.to_jsonable` turns any of them into JSON-ready data, and a result's
``to_pandas()`` into a DataFrame (extra ``pandas``). The package has a module per family of
analyses; every public name is re-exported here.

- :mod:`jiceng.analysis.overview` — level counts, grand totals, spans of control, the largest
  units, missing data;
- :mod:`jiceng.analysis.profiles` — level profiles and the distribution of children per unit;
- :mod:`jiceng.analysis.compare` — profiles side by side;
- :mod:`jiceng.analysis.coverage` — coverage (全覆盖) by party organisations, per level and per
  street, and the units lacking the level below;
- :mod:`jiceng.analysis.consistency` — recorded figures that differ from the sum below them;
- :mod:`jiceng.analysis.compliance` — party organisations against the rules on their size;
- :mod:`jiceng.analysis.norms` — territories' sizes against norms of local practice;
- :mod:`jiceng.analysis.staffing` — community workers per community and per 10,000 residents;
- :mod:`jiceng.analysis.rules` — the rules and norms those check, as data, and their findings.

Examples
--------
>>> from jiceng.examples import mafangba
>>> from jiceng.analysis import grand_totals, level_profile
>>> grand_totals(mafangba())
{'households': 241, 'population': None, 'party_members': None}
>>> level_profile(mafangba()).row("community").children.mean
2.0
"""

from jiceng.analysis._stats import Summary, summarise
from jiceng.analysis.compare import MEASURES, Comparison, ComparisonRow, compare, compare_units
from jiceng.analysis.compliance import (
    APPROVED_EXCEPTION_KEY,
    FULL_MEMBERS_NOT_RECORDED,
    Compliance,
    compliance,
)
from jiceng.analysis.consistency import Consistency, Discrepancy, consistency
from jiceng.analysis.coverage import Coverage, CoverageCounts, CoverageGap, coverage
from jiceng.analysis.norms import SUMMED_FROM_BELOW, NormsCheck, norms
from jiceng.analysis.overview import (
    LevelCount,
    MissingData,
    SpanOfControl,
    UnitSize,
    grand_totals,
    largest,
    level_counts,
    missing_data,
    spans_of_control,
)
from jiceng.analysis.profiles import LevelProfile, ProfileRow, Span, level_profile, spans
from jiceng.analysis.rules import (
    BRANCH_COMMITTEE,
    BRANCH_COMMITTEE_KEY,
    BRANCH_FULL_MEMBERS,
    BRANCH_MEMBERS,
    COMMITTEE_MEMBERS,
    COMMUNITY_HOUSEHOLDS,
    COMMUNITY_STAFF,
    GENERAL_BRANCH_MEMBERS,
    JOINT_BRANCH_UNITS,
    MANAGEMENT_GRID_HOUSEHOLDS,
    MANAGEMENT_GRID_POPULATION,
    PARTY_ORGANISATION_RULES,
    SIZE_NORMS,
    STAFF_NORMS,
    STAFF_PER_10000,
    Bound,
    Finding,
    Measure,
    PartyOrganisationRule,
    RuleSummary,
    SizeNorm,
    StaffMeasure,
    StaffNorm,
)
from jiceng.analysis.staffing import Staffing, UnitStaffing, staffing

__all__ = [
    "APPROVED_EXCEPTION_KEY",
    "BRANCH_COMMITTEE",
    "BRANCH_COMMITTEE_KEY",
    "BRANCH_FULL_MEMBERS",
    "BRANCH_MEMBERS",
    "COMMITTEE_MEMBERS",
    "COMMUNITY_HOUSEHOLDS",
    "COMMUNITY_STAFF",
    "FULL_MEMBERS_NOT_RECORDED",
    "GENERAL_BRANCH_MEMBERS",
    "JOINT_BRANCH_UNITS",
    "MANAGEMENT_GRID_HOUSEHOLDS",
    "MANAGEMENT_GRID_POPULATION",
    "MEASURES",
    "PARTY_ORGANISATION_RULES",
    "SIZE_NORMS",
    "STAFF_NORMS",
    "STAFF_PER_10000",
    "SUMMED_FROM_BELOW",
    "Bound",
    "Comparison",
    "ComparisonRow",
    "Compliance",
    "Consistency",
    "Coverage",
    "CoverageCounts",
    "CoverageGap",
    "Discrepancy",
    "Finding",
    "LevelCount",
    "LevelProfile",
    "Measure",
    "MissingData",
    "NormsCheck",
    "PartyOrganisationRule",
    "ProfileRow",
    "RuleSummary",
    "SizeNorm",
    "Span",
    "SpanOfControl",
    "StaffMeasure",
    "StaffNorm",
    "Staffing",
    "Summary",
    "UnitSize",
    "UnitStaffing",
    "compare",
    "compare_units",
    "compliance",
    "consistency",
    "coverage",
    "grand_totals",
    "largest",
    "level_counts",
    "level_profile",
    "missing_data",
    "norms",
    "spans",
    "spans_of_control",
    "staffing",
    "summarise",
]
