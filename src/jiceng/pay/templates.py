"""The built-in pay schemes: two templates and one worked example, by name.

:data:`SANGANG_SHIBAJI` (三岗十八级) and :data:`SIGANG_ERSHISIJI` (四岗二十四级) have *illustrative*
coefficients and reference wages: load your own city's table. :data:`XIAN_2020` is a worked
example whose monthly base pay reproduces the ranges published for Xi'an in 2020.
:data:`TONGCHUAN_2020` is the bundled district's scheme: 通川区's 差异化岗位等级薪酬, in force from
2020-09-01, at an illustrative pay level near Sichuan's published wages.
:data:`BUILTIN_PAY_SCHEMES` lists them by name, and :data:`PaySchemeOrName` is the field type
of a data file's ``pay_schemes`` entries, which may name one of them instead of writing it out.

Examples
--------
>>> sorted(BUILTIN_PAY_SCHEMES)
['sangang_shibaji', 'sigang_ershisiji', 'tongchuan_2020', 'xian_2020']
>>> [(post.key, post.lowest, post.highest) for post in SIGANG_ERSHISIJI.posts]
[('head', 9, 24), ('deputy', 6, 21), ('specialist', 3, 18), ('other', 1, 15)]
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal
from itertools import pairwise
from typing import Annotated, Any

from pydantic import BeforeValidator

from jiceng.errors import InvalidArgumentError
from jiceng.pay.records import AppraisalRating, CertificateLevel, Degree, PayScheme, Post
from jiceng.types import BuiltinNames

__all__ = [
    "BUILTIN_PAY_SCHEMES",
    "SANGANG_SHIBAJI",
    "SIGANG_ERSHISIJI",
    "TONGCHUAN_2020",
    "XIAN_2020",
    "PaySchemeOrName",
    "resolve_pay_scheme",
]

_TWELVE = Decimal(12)


def _ladder(start: str, step: str, count: int) -> tuple[Decimal, ...]:
    return tuple(Decimal(start) + Decimal(step) * i for i in range(count))


def _anchored(anchors: Mapping[int, Decimal], grades: int, base: Decimal) -> tuple[Decimal, ...]:
    """Coefficients, to 4 places, that put the monthly base at the anchors, linear between."""
    points = sorted(anchors.items())
    out = []
    for grade in range(1, grades + 1):
        for (g0, m0), (g1, m1) in pairwise(points):
            if g0 <= grade <= g1:
                monthly = m0 + (m1 - m0) * (grade - g0) / (g1 - g0)
                break
        out.append((monthly * _TWELVE / base).quantize(Decimal("0.0001")))
    return tuple(out)


_DEGREES = {Degree.BACHELOR: 3, Degree.MASTER: 5, Degree.DOCTOR: 7}
_PERFORMANCE = {
    AppraisalRating.EXCELLENT: Decimal("600"),
    AppraisalRating.COMPETENT: Decimal("400"),
    AppraisalRating.BASICALLY_COMPETENT: Decimal("200"),
    AppraisalRating.INCOMPETENT: Decimal("0"),
}
_CERTIFICATES = {
    CertificateLevel.ASSISTANT: 1,
    CertificateLevel.SOCIAL_WORKER: 2,
    CertificateLevel.SENIOR: 3,
}

SANGANG_SHIBAJI = PayScheme(
    name="sangang_shibaji",
    title="三岗十八级 (template, illustrative coefficients)",
    effective_from=datetime.date(2020, 1, 1),
    posts=(
        Post(key="head", name="正职", label="head (secretary / director)", lowest=7, highest=18),
        Post(key="deputy", name="副职", label="deputy", lowest=4, highest=15),
        Post(key="other", name="其他", label="other staff", lowest=1, highest=12),
    ),
    grades=18,
    years_per_step=3,
    coefficients=_ladder("1.00", "0.05", 18),
    reference_wage=Decimal("60000"),
    reference_note="an illustrative local average wage; replace it with your city's figure",
    degree_credits=_DEGREES,
    certificate_grades=_CERTIFICATES,
    probation_months=6,
    probation_rate=Decimal("0.8"),
    performance=_PERFORMANCE,
    illustrative=True,
)
"""三岗十八级: three posts — 正职 grades 7–18, 副职 4–15, 其他 1–12 — and a step every 3 years.
The coefficients (1.00 rising 0.05 a grade), the ¥60,000 reference wage, the performance pay and
the allowances are illustrative; degrees credit 3/5/7 years and certificates add 1/2/3 grades, as
some cities do. Years rated 基本称职 or 不称职 withhold the step (公务员考核规定); probation is
6 months (the most 劳动合同法 Art. 19 allows, for a contract of three years or more) at 80% (the
least 劳动合同法实施条例 Art. 15 allows); a change of post keeps every countable year (a choice)."""

SIGANG_ERSHISIJI = PayScheme.model_validate(
    {
        **SANGANG_SHIBAJI.model_dump(exclude={"certificate_grades"}),
        "name": "sigang_ershisiji",
        "title": "四岗二十四级 (template, illustrative coefficients)",
        "posts": (
            Post(
                key="head", name="正职", label="head (secretary / director)", lowest=9, highest=24
            ),
            Post(key="deputy", name="副职", label="deputy", lowest=6, highest=21),
            Post(key="specialist", name="专职", label="full-time specialist", lowest=3, highest=18),
            Post(key="other", name="其他", label="other staff", lowest=1, highest=15),
        ),
        "grades": 24,
        "years_per_step": 2,
        "coefficients": _ladder("1.00", "0.035", 24),
        "certificate_allowances": {
            CertificateLevel.ASSISTANT: Decimal("200"),
            CertificateLevel.SOCIAL_WORKER: Decimal("300"),
            CertificateLevel.SENIOR: Decimal("500"),
        },
    }
)
"""四岗二十四级: four posts — 正职 9–24, 副职 6–21, 专职 3–18, 其他 1–15 (illustrative
bands) — and a step every 2 years; certificates pay a monthly allowance (¥200 / 300 / 500)
instead of grades."""

_XIAN_BASE = Decimal("38724")
XIAN_2020 = PayScheme(
    name="xian_2020",
    title="西安 2020 社区工作者岗位等级 (worked example)",
    effective_from=datetime.date(2020, 1, 1),
    posts=SANGANG_SHIBAJI.posts,
    grades=18,
    years_per_step=3,
    coefficients=_anchored(
        {
            1: Decimal(3200),
            4: Decimal(3480),
            7: Decimal(3800),
            12: Decimal(4450),
            15: Decimal(4920),
            18: Decimal(5400),
        },
        18,
        _XIAN_BASE,
    ),
    reference_wage=_XIAN_BASE,
    reference_note="the ¥38,724 annual base published for Xi'an in 2020 (indicative)",
    degree_credits=_DEGREES,
    certificate_grades=_CERTIFICATES,
    illustrative=True,
)
"""A worked example: a ¥38,724 annual base and coefficients chosen so that monthly base pay spans
the published Xi'an 2020 ranges — 正职 ¥3,800–5,400, 副职 ¥3,480–4,920, 其他 ¥3,200–4,450 — to
within ¥50 at each end (coefficients interpolated linearly between those ends)."""

_SICHUAN_2019_PRIVATE = Decimal("46974")
TONGCHUAN_2020 = PayScheme(
    name="tongchuan_2020",
    title="通川区 2020 差异化岗位等级薪酬 (example, illustrative pay level)",
    effective_from=datetime.date(2020, 9, 1),
    posts=SANGANG_SHIBAJI.posts,
    grades=18,
    years_per_step=3,
    coefficients=_ladder("0.80", "0.035", 18),
    reference_wage=_SICHUAN_2019_PRIVATE,
    reference_note=(
        "¥46,974, Sichuan's 2019 average wage of urban private-unit employees (the provincial "
        "statistics bureau's 2020 figure, ¥53,338, less its ¥6,364 rise), the latest before "
        "2020-09-01; illustrative, not the district's own figure"
    ),
    degree_credits=_DEGREES,
    certificate_grades=_CERTIFICATES,
    probation_months=6,
    probation_rate=Decimal("0.8"),
    performance={
        AppraisalRating.EXCELLENT: Decimal("400"),
        AppraisalRating.COMPETENT: Decimal("300"),
        AppraisalRating.BASICALLY_COMPETENT: Decimal("150"),
        AppraisalRating.INCOMPETENT: Decimal("0"),
    },
    illustrative=True,
)
"""通川区's 差异化岗位等级薪酬 (Tongchuan, Dazhou, 2020), as the bundled district uses it: the first
of the district's six measures on community cadres, in force from 2020-09-01. The posts and bands
are 三岗十八级's; the pay level is illustrative: a reference wage of ¥46,974 (Sichuan's 2019
private-unit average wage) × coefficients 0.80 rising 0.035 a grade gives ¥3,131.60 a month at
grade 1 and ¥5,460.73 at grade 18, near the pay of community workers in Sichuan's smaller cities.
Probation, degree credits, certificates, withholding and the promotion rule are 三岗十八级's.

Examples
--------
>>> TONGCHUAN_2020.effective_from, TONGCHUAN_2020.base("other", 1), TONGCHUAN_2020.base("head", 18)
(datetime.date(2020, 9, 1), Decimal('3131.60'), Decimal('5460.73'))
"""

BUILTIN_PAY_SCHEMES: dict[str, PayScheme] = {
    scheme.name: scheme for scheme in (SANGANG_SHIBAJI, SIGANG_ERSHISIJI, TONGCHUAN_2020, XIAN_2020)
}
"""The built-in pay scheme templates by name; a data file may name one instead of writing it."""


def resolve_pay_scheme(value: Any) -> Any:
    """Turn the name of a built-in pay scheme into the scheme; leave anything else to validation.

    Raises
    ------
    ValueError
        For a name that no built-in scheme has (pydantic reports it as a validation error of
        the entry).

    Examples
    --------
    >>> resolve_pay_scheme("xian_2020") is XIAN_2020
    True
    >>> resolve_pay_scheme({"name": "own"})
    {'name': 'own'}
    >>> resolve_pay_scheme("nonesuch")
    Traceback (most recent call last):
    ...
    jiceng.errors.InvalidArgumentError: unknown built-in pay scheme 'nonesuch'; name one of ...
    """
    if not isinstance(value, str):
        return value
    scheme = BUILTIN_PAY_SCHEMES.get(value)
    if scheme is None:
        known = ", ".join(BUILTIN_PAY_SCHEMES)
        # A validator's error: pydantic turns a ValueError into a ValidationError of the entry.
        raise InvalidArgumentError(
            f"unknown built-in pay scheme {value!r}; name one of {known} or give a scheme"
        )
    return scheme


PaySchemeOrName = Annotated[
    PayScheme, BeforeValidator(resolve_pay_scheme), BuiltinNames(BUILTIN_PAY_SCHEMES)
]
"""A :class:`~jiceng.pay.PayScheme`, or the name of a built-in one (see
:data:`BUILTIN_PAY_SCHEMES`); its JSON Schema accepts either."""
