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
Xi'an in 2020.

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

from jiceng.pay.grades import UNPAYABLE, grade_of, pay_of
from jiceng.pay.payroll import DEFAULT_UNIT_LEVELS, Payroll, WorkerRef
from jiceng.pay.records import (
    FEN,
    Appraisal,
    AppraisalRating,
    CertificateLevel,
    Degree,
    PayScheme,
    Post,
    PostSpell,
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
    "UNPAYABLE",
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
    "resolve_pay_scheme",
    "scheme_comparison",
]
