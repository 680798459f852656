"""Old residential compound renovation (老旧小区改造): projects, their lifecycle and a portfolio.

The national guideline is the State Council General Office's 国办发〔2020〕23号 (July 2020). Its
terms, and the figures this package uses by default, are *policy parameters*: every one of them can
be set per city.

- Eligibility: compounds built before the end of 2000 (``EligibilityPolicy.cutoff_year``); a local
  rule may extend the cut-off (2004 in Chengdu, 2005 elsewhere), capping the households renovated
  under the extension at a share of a batch (15% by default); self-built housing (自建房) and urban
  villages (城中村) are excluded by tag.
- Content: :class:`RenovationCategory` — basic 基础类 (fire safety 消防 among it), improvement
  完善类, upgrade 提升类 (国办发〔2020〕23号); a policy may add its own, such as the 安全类 some
  cities use (:class:`PolicyCategory`).
- Funding: :class:`FundingSource`, "who benefits pays" (谁受益、谁出资).
- Lifecycle: a :class:`Lifecycle` record of :class:`ProjectStatus` stages, by default the common
  sequence 申报 → 年度计划 → 征求意见 → 方案设计 → 施工 → 竣工验收 → 移交/长效管理
  (:data:`COMMON_LIFECYCLE`; a common one, not a national list), or the bottom-up
  :data:`BOTTOM_UP_LIFECYCLE`; a project may be suspended (and resumed where it stopped) or
  cancelled. :func:`next_statuses` gives the legal steps.
- Consent: :class:`Consultation`, a vote of owners on one of the nine matters of the Civil Code
  (民法典) Art. 278 (:class:`ConsultationMatter`); local consent rules such as 意愿征询 are data of
  the :class:`RenovationPolicy` (:class:`ConsentRule`), checked against a project's
  :class:`Consent` counts.
- The central subsidy is split by the factor method, with the dated weightings of the Ministry
  of Finance and MOHURD's central subsidy fund rules (:data:`SUBSIDY_WEIGHTS_2019`, the default:
  area 40%, households 40%, buildings 10%, compounds 10%; :data:`SUBSIDY_WEIGHTS_2020`;
  :data:`SUBSIDY_WEIGHTS_2024`) or your own, exactly to the fen (:meth:`Portfolio.allocate`).

Money is ``Decimal`` yuan, areas ``Decimal`` square metres, shares ``float``.

The modules, one per concept: :mod:`~jiceng.renovation.records` (the vocabularies, measures,
funding and projects), :mod:`~jiceng.renovation.lifecycle`, :mod:`~jiceng.renovation.consultation`,
:mod:`~jiceng.renovation.eligibility`, :mod:`~jiceng.renovation.policy`,
:mod:`~jiceng.renovation.allocation`, the engine
:mod:`~jiceng.renovation.portfolio`, the file :mod:`~jiceng.renovation.section` and the report's
:mod:`~jiceng.renovation.summary`. Every public name is importable from ``jiceng.renovation``.

Examples
--------
>>> import datetime
>>> from decimal import Decimal
>>> project = RenovationProject(
...     id="2021-cl", name="春兰小区改造", compound="mafangba-chunlan", batch=2021,
...     households=241, buildings=5, floor_area="18200",
...     measures=[{"category": "basic", "item": "雨污分流", "cost": "2100000"},
...               {"category": "improvement", "item": "加装电梯", "cost": "1800000"}],
...     funding=[{"source": "central_subsidy", "amount": "2500000"},
...              {"source": "residents", "amount": "1400000"}],
...     history=[{"status": "applied", "on": "2020-09-01"}])
>>> project.cost, project.funding_gap, project.status.zh
(Decimal('3900000'), Decimal('0'), '申报')
>>> portfolio = Portfolio([project])
>>> portfolio.advance("2021-cl", "planned", on=datetime.date(2021, 1, 15)).get("2021-cl").status
<ProjectStatus.PLANNED: 'planned'>
>>> portfolio.allocate("1000", ["2021-cl"])
{'2021-cl': Decimal('1000.00')}
"""

from __future__ import annotations

from jiceng.renovation.allocation import (
    ALLOCATION_WEIGHTS,
    QUANTITY_FACTORS,
    SUBSIDY_WEIGHTS_2019,
    SUBSIDY_WEIGHTS_2020,
    SUBSIDY_WEIGHTS_2024,
    SubsidyWeights,
    split_by_factors,
)
from jiceng.renovation.consultation import (
    Consultation,
    ConsultationMatter,
)
from jiceng.renovation.eligibility import (
    Eligibility,
    EligibilityPolicy,
    ExtendedShare,
)
from jiceng.renovation.lifecycle import (
    BOTTOM_UP_LIFECYCLE,
    COMMON_LIFECYCLE,
    Lifecycle,
    ProjectStatus,
    StatusChange,
    next_statuses,
)
from jiceng.renovation.policy import (
    ConsentBasis,
    ConsentRule,
    PolicyCategory,
    RenovationPolicy,
)
from jiceng.renovation.portfolio import (
    DEFAULT_LEVEL,
    Portfolio,
    Progress,
)
from jiceng.renovation.records import (
    FEN,
    Consent,
    Funding,
    FundingSource,
    Measure,
    RenovationCategory,
    RenovationProject,
)
from jiceng.renovation.section import (
    SECTION,
)
from jiceng.renovation.summary import (
    BatchSummary,
    CandidateSummary,
    ExtendedShareSummary,
    FundingShare,
    ProjectLine,
    RenovationSummary,
    extended_share_summary,
    portfolio_summary,
)

__all__ = [
    "ALLOCATION_WEIGHTS",
    "BOTTOM_UP_LIFECYCLE",
    "COMMON_LIFECYCLE",
    "DEFAULT_LEVEL",
    "FEN",
    "QUANTITY_FACTORS",
    "SECTION",
    "SUBSIDY_WEIGHTS_2019",
    "SUBSIDY_WEIGHTS_2020",
    "SUBSIDY_WEIGHTS_2024",
    "BatchSummary",
    "CandidateSummary",
    "Consent",
    "ConsentBasis",
    "ConsentRule",
    "Consultation",
    "ConsultationMatter",
    "Eligibility",
    "EligibilityPolicy",
    "ExtendedShare",
    "ExtendedShareSummary",
    "Funding",
    "FundingShare",
    "FundingSource",
    "Lifecycle",
    "Measure",
    "PolicyCategory",
    "Portfolio",
    "Progress",
    "ProjectLine",
    "ProjectStatus",
    "RenovationCategory",
    "RenovationPolicy",
    "RenovationProject",
    "RenovationSummary",
    "StatusChange",
    "SubsidyWeights",
    "extended_share_summary",
    "next_statuses",
    "portfolio_summary",
    "split_by_factors",
]
