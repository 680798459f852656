"""The renovation policy: eligibility, local consent rules, the lifecycle and the categories.

A :class:`RenovationPolicy` is the ``renovation_policy`` record of a data file. Besides the
eligibility terms of :class:`~jiceng.renovation.EligibilityPolicy`, it states the rules that are
local practice rather than law, as data a city can replace:

- ``consent_rules``: thresholds of residents' consent apart from the Civil Code's Art. 278,
  such as 意愿征询 (residents asked whether they want their compound included, commonly at least
  two thirds of households agreeing) or a lift retrofit decided per stairwell
  (:class:`ConsentRule`, checked against a project's recorded :class:`~jiceng.renovation.Consent`);
- ``construction_needs_vote``: whether construction must wait for a passed Art. 278 vote. The
  law does not say so: it is the policy's choice. The default ``True`` keeps the rule jiceng
  has always checked, as local practice;
- ``lifecycle``: the stage sequence (:class:`~jiceng.renovation.Lifecycle`), by default the
  common one;
- ``categories``: categories beyond the built-in three of 国办发〔2020〕23号
  (:class:`PolicyCategory`), such as the 安全类 some cities add.

Examples
--------
>>> policy = RenovationPolicy(
...     consent_rules=[{"key": "willingness", "name": "意愿征询", "counts": "households",
...                     "share": "2/3", "before": "applied", "source": "illustrative"}],
...     categories=[{"key": "safety", "zh": "安全类", "source": "illustrative"}])
>>> rule = policy.consent_rules[0]
>>> rule.reason(Consent(rule="willingness", on="2021-01-01", total=90, agreeing=59))
'意愿征询: 59 of 90 households agreed, fewer than 2/3'
>>> policy.category_zh("safety"), policy.category_zh("basic")
('安全类', '基础类')
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Any, Self

from pydantic import (
    SerializerFunctionWrapHandler,
    StringConstraints,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.renovation.eligibility import EligibilityPolicy
from jiceng.renovation.lifecycle import COMMON_LIFECYCLE, Lifecycle, ProjectStatus
from jiceng.renovation.records import Consent, RenovationCategory
from jiceng.types import Key, Name

__all__ = ["ConsentBasis", "ConsentRule", "PolicyCategory", "RenovationPolicy"]


@labels({"households": "户数", "owners": "业主人数", "area": "专有部分面积"})
class ConsentBasis(Vocabulary):
    """What a consent rule counts: households, owners, or exclusive floor area (m²).

    Examples
    --------
    >>> ConsentBasis.HOUSEHOLDS.zh
    '户数'
    """

    HOUSEHOLDS = "households"
    OWNERS = "owners"
    AREA = "area"


Share = Annotated[str, StringConstraints(strip_whitespace=True, pattern=r"^\d{1,6}/\d{1,6}$")]
"""A share as an exact fraction, ``"2/3"``: numerator and denominator of up to six digits."""


class ConsentRule(Record):
    """A local threshold of residents' consent, apart from the Civil Code's Art. 278.

    Parameters
    ----------
    key
        The key that a project's :class:`~jiceng.renovation.Consent` records name.
    name
        Its name, e.g. ``"意愿征询"``.
    counts
        What it counts (:class:`ConsentBasis`).
    share
        The share of agreement needed, as a fraction ``"2/3"``, from 0 to 1.
    inclusive
        ``True`` (default) when the share itself is enough (以上: at least); ``False`` when
        more is needed (超过 / 过半数: strictly more).
    before
        A stage a project may enter only with a passing count of this rule dated on or before
        that day; ``None`` to judge the counts without requiring them.
    per_scope
        ``True`` for a rule decided part by part, such as a lift per stairwell: then every
        scope counted by that day needs its latest count to pass, not just one count.
    source
        The document or practice it comes from, with place and year.

    Examples
    --------
    >>> rule = ConsentRule(key="lift", name="加装电梯（每单元）", counts="owners", share="2/3",
    ...                    source="illustrative")
    >>> print(rule.reason(Consent(rule="lift", on="2021-05-01", total=12, agreeing=8)))
    None
    >>> strict = rule.model_copy(update={"inclusive": False})
    >>> strict.reason(Consent(rule="lift", on="2021-05-01", total=12, agreeing=8))
    '加装电梯（每单元）: 8 of 12 owners agreed, not more than 2/3'
    """

    key: Key
    name: Name
    counts: ConsentBasis
    share: Share
    inclusive: bool = True
    before: ProjectStatus | None = None
    per_scope: bool = False
    source: Name

    @model_validator(mode="after")
    def _check_share(self) -> Self:
        numerator, denominator = (int(part) for part in self.share.split("/"))
        if not denominator > 0 or numerator > denominator:
            raise PydanticCustomError(
                "consent_share",
                "share {share} must be a fraction from 0 to 1 with a positive denominator",
                {"share": self.share},
            )
        return self

    @property
    def fraction(self) -> Fraction:
        """The share as an exact fraction.

        Examples
        --------
        >>> ConsentRule(key="w", name="意愿征询", counts="households", share="2/3",
        ...             source="illustrative").fraction
        Fraction(2, 3)
        """
        numerator, denominator = (int(part) for part in self.share.split("/"))
        return Fraction(numerator, denominator)

    def reason(self, consent: Consent) -> str | None:
        """Why a count does not meet the rule, or ``None`` if it does (exact, no floats).

        Examples
        --------
        >>> rule = ConsentRule(key="w", name="意愿征询", counts="households", share="2/3",
        ...                    source="illustrative")
        >>> print(rule.reason(Consent(rule="w", on="2021-01-01", total=90, agreeing=60)))
        None
        >>> rule.reason(Consent(rule="w", on="2021-01-01", total=90, agreeing=59))
        '意愿征询: 59 of 90 households agreed, fewer than 2/3'
        """
        got = Fraction(consent.agreeing) / Fraction(consent.total)
        what = f"{self.name}: {consent.agreeing} of {consent.total} {self.counts.value} agreed"
        if self.inclusive and got < self.fraction:
            return f"{what}, fewer than {self.share}"
        if not self.inclusive and got <= self.fraction:
            return f"{what}, not more than {self.share}"
        return None


class PolicyCategory(Record):
    """A renovation category that a policy adds to the built-in three, e.g. 安全类.

    Examples
    --------
    >>> PolicyCategory(key="safety", zh="安全类", source="illustrative").zh
    '安全类'
    """

    key: Key
    zh: Name
    source: Name


_LOCAL_RULES = ("consent_rules", "construction_needs_vote", "lifecycle", "categories")
"""The fields a policy adds to the eligibility terms; a dump leaves out those at their default."""


class RenovationPolicy(EligibilityPolicy):
    """The renovation policy of a portfolio: eligibility and the local rules, as data.

    Parameters
    ----------
    cutoff_year, extended_cutoff_year, extended_share_cap, excluded_tags
        Eligibility, as :class:`~jiceng.renovation.EligibilityPolicy`.
    consent_rules
        Local consent thresholds (:class:`ConsentRule`), each key once; default none.
    construction_needs_vote
        Whether construction must wait for a passed Art. 278 vote dated on or before its
        start. Default ``True``: local practice that jiceng has always checked, not a rule of
        law (民法典 Art. 278 says how owners decide, not when building may start).
    lifecycle
        The stage sequence; default :data:`~jiceng.renovation.COMMON_LIFECYCLE`.
    categories
        Categories beyond the built-in three (:class:`PolicyCategory`), each key once and none
        a built-in key.

    Examples
    --------
    >>> from jiceng.renovation import BOTTOM_UP_LIFECYCLE
    >>> policy = RenovationPolicy(lifecycle=BOTTOM_UP_LIFECYCLE, construction_needs_vote=False)
    >>> policy.lifecycle.key, policy.cutoff_year, policy.construction_needs_vote
    ('bottom_up', 2000, False)
    >>> from pydantic import ValidationError
    >>> try:
    ...     RenovationPolicy(categories=[{"key": "basic", "zh": "基础", "source": "x"}])
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    policy_keys
    """

    consent_rules: tuple[ConsentRule, ...] = ()
    construction_needs_vote: bool = True
    lifecycle: Lifecycle = COMMON_LIFECYCLE
    categories: tuple[PolicyCategory, ...] = ()

    @model_serializer(mode="wrap")
    def _leave_out_default_rules(self, handler: SerializerFunctionWrapHandler) -> Any:
        """Write the eligibility terms always, the local rules only where not the defaults."""
        data = handler(self)
        if isinstance(data, dict):
            for name in _LOCAL_RULES:
                if getattr(self, name) == type(self).model_fields[name].default:
                    data.pop(name, None)
        return data

    @model_validator(mode="after")
    def _check_keys(self) -> Self:
        rules = [rule.key for rule in self.consent_rules]
        own = [category.key for category in self.categories]
        twice = sorted({key for key in rules if rules.count(key) > 1})
        twice += sorted({key for key in own if own.count(key) > 1})
        built_in = sorted(set(own) & {c.value for c in RenovationCategory})
        if twice or built_in:
            raise PydanticCustomError(
                "policy_keys",
                "keys given twice: {twice}; categories that are built in: {built_in}",
                {"twice": ", ".join(twice) or "none", "built_in": ", ".join(built_in) or "none"},
            )
        return self

    @property
    def category_keys(self) -> tuple[str, ...]:
        """Every category key: the built-in three, then the policy's own, in order.

        Examples
        --------
        >>> RenovationPolicy().category_keys
        ('basic', 'improvement', 'upgrade')
        """
        return (*(c.value for c in RenovationCategory), *(c.key for c in self.categories))

    def category_zh(self, key: str) -> str:
        """Return the Chinese name of a category key, built in or the policy's own.

        Examples
        --------
        >>> RenovationPolicy().category_zh("upgrade")
        '提升类'
        """
        for category in self.categories:
            if category.key == key:
                return category.zh
        return RenovationCategory(key).zh

    def rule(self, key: str) -> ConsentRule | None:
        """Return the consent rule of a key, or ``None``.

        Examples
        --------
        >>> print(RenovationPolicy().rule("willingness"))
        None
        """
        for rule in self.consent_rules:
            if rule.key == key:
                return rule
        return None
