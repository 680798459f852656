"""Community worker pay grades and payroll (社区工作者岗位等级薪酬).

A :class:`PayScheme` is data: posts with their grade bands, the grade ladder (coefficients of a
reference wage, or an explicit post × grade table), how service, degrees and certificates move a
worker up, probation, and performance pay by appraisal rating. :class:`Payroll` applies dated
schemes to :class:`Worker` records.

The package has a module per concept: :mod:`~jiceng.pay.records` (the vocabularies, posts,
schemes, appraisals and workers), :mod:`~jiceng.pay.grades` (the grade and pay rules),
:mod:`~jiceng.pay.results` (what queries return), :mod:`~jiceng.pay.payroll` (the engine),
:mod:`~jiceng.pay.templates` (the built-in schemes), :mod:`~jiceng.pay.section` (the part of a
data file) and :mod:`~jiceng.pay.summary` (typed summaries for reports).

The grade rule (a step every ``years_per_step`` countable years above the band's floor, plus
certificate grades, within the band) and the pay rule (base from the ladder, performance pay
for last year's rating, allowances, probation) are stated in :mod:`jiceng.pay.grades`.

The built-in templates :data:`SANGANG_SHIBAJI` (三岗十八级) and :data:`SIGANG_ERSHISIJI`
(四岗二十四级) have *illustrative* coefficients and reference wages: load your own city's table.
:data:`XIAN_2020` is a worked example whose monthly base pay reproduces the ranges published for
Xi'an in 2020, and :data:`TONGCHUAN_2020` the bundled district's scheme (通川区, from 2020-09-01).
Years rated 基本称职 or 不称职 withhold the step by default (:data:`WITHHOLDING`, after
公务员考核规定), and how a worker enters a new band on a change of post is the scheme's
:class:`PromotionRule`.

Examples
--------
>>> import datetime
>>> worker = Worker(id="w1", name="李华", unit="xiaobeijie", post="other",
...                 service_start="2014-03-01", hired="2014-03-01", degree="bachelor")
>>> payroll = Payroll(SANGANG_SHIBAJI, [worker])
>>> payroll.grade("w1", on=datetime.date(2026, 1, 1)).grade
5
>>> payroll.pay("w1", on=datetime.date(2026, 1, 1)).monthly
Decimal('6400.00')
>>> payroll.next_step("w1", after=datetime.date(2026, 1, 1)).on
datetime.date(2026, 3, 1)
>>> payroll.get("w2")
Traceback (most recent call last):
...
jiceng.errors.UnknownWorkerError: no worker with id 'w2'
"""

from jiceng.pay.grades import UNPAYABLE, grade_of, pay_of, post_changes
from jiceng.pay.payroll import DEFAULT_UNIT_LEVELS, Payroll, WorkerRef
from jiceng.pay.records import (
    FEN,
    WITHHOLDING,
    Appraisal,
    AppraisalRating,
    CertificateLevel,
    Degree,
    PayScheme,
    Post,
    PostSpell,
    PromotionRule,
    Worker,
)
from jiceng.pay.results import (
    Comparison,
    GradeExplanation,
    NextStep,
    PayBreakdown,
    PayDistribution,
)
from jiceng.pay.summary import (
    ComparisonRow,
    HeadcountRow,
    PayOverview,
    PayrollSummary,
    PayUnavailable,
    SchemeComparison,
    SchemeInForce,
    StepSummary,
    UnitPay,
    WorkerPay,
    pay_overview,
    payroll_summary,
    scheme_comparison,
)
from jiceng.pay.templates import (
    BUILTIN_PAY_SCHEMES,
    SANGANG_SHIBAJI,
    SIGANG_ERSHISIJI,
    TONGCHUAN_2020,
    XIAN_2020,
    PaySchemeOrName,
    resolve_pay_scheme,
)

__all__ = [
    "BUILTIN_PAY_SCHEMES",
    "DEFAULT_UNIT_LEVELS",
    "FEN",
    "SANGANG_SHIBAJI",
    "SIGANG_ERSHISIJI",
    "TONGCHUAN_2020",
    "UNPAYABLE",
    "WITHHOLDING",
    "XIAN_2020",
    "Appraisal",
    "AppraisalRating",
    "CertificateLevel",
    "Comparison",
    "ComparisonRow",
    "Degree",
    "GradeExplanation",
    "HeadcountRow",
    "NextStep",
    "PayBreakdown",
    "PayDistribution",
    "PayOverview",
    "PayScheme",
    "PaySchemeOrName",
    "PayUnavailable",
    "Payroll",
    "PayrollSummary",
    "Post",
    "PostSpell",
    "PromotionRule",
    "SchemeComparison",
    "SchemeInForce",
    "StepSummary",
    "UnitPay",
    "Worker",
    "WorkerPay",
    "WorkerRef",
    "grade_of",
    "pay_of",
    "pay_overview",
    "payroll_summary",
    "post_changes",
    "resolve_pay_scheme",
    "scheme_comparison",
]
