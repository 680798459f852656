"""Which compounds may be renovated: the cut-off years, the cap on the extension, the exclusions.

The national guideline (国办发〔2020〕23号) makes compounds built before the end of 2000 eligible.
A local rule may extend the cut-off (2004 in Chengdu, 2005 elsewhere); the households renovated
under the extension may then make at most a share of a batch (15% by default). Self-built housing
(自建房) and urban villages (城中村) are excluded by tag. Every figure is a field of
:class:`EligibilityPolicy`, set per city.

Examples
--------
>>> from jiceng import OrgUnit
>>> policy = EligibilityPolicy(extended_cutoff_year=2005)
>>> for year in (1998, 2004, 2010):
...     unit = OrgUnit(id=f"k{year}", name="某小区", level="compound", built_year=year)
...     print(policy.judge(unit).reason)
built 1998: before the end of 2000
built 2004: eligible under the extended cut-off (2005)
built 2010: after the cut-off (2005)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Self

import attrs
from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng.types import Rate, Tag
from jiceng.units import OrgUnit

__all__ = ["Eligibility", "EligibilityPolicy", "ExtendedShare"]


class EligibilityPolicy(Record):
    """Which compounds may be renovated: the cut-off years, the cap and the exclusions.

    Parameters
    ----------
    cutoff_year
        Compounds built in this year or before are eligible (default 2000: "built before the
        end of 2000", 国办发〔2020〕23号).
    extended_cutoff_year
        A local extension (2004 in Chengdu; 2005 elsewhere): compounds built after
        ``cutoff_year`` and up to this year are eligible too, within the cap.
    extended_share_cap
        The most that households renovated under the extension may make of one batch's
        households (default 0.15).
    excluded_tags
        Unit tags that make a compound ineligible (default 自建房 self-built housing and 城中村
        urban villages).

    Examples
    --------
    >>> EligibilityPolicy(extended_cutoff_year=2005).extended_share_cap
    Decimal('0.15')
    """

    cutoff_year: Annotated[int, Field(ge=1, le=9999)] = 2000
    extended_cutoff_year: Annotated[int, Field(ge=1, le=9999)] | None = None
    extended_share_cap: Rate = Decimal("0.15")
    excluded_tags: tuple[Tag, ...] = ("自建房", "城中村")

    @model_validator(mode="after")
    def _check_years(self) -> Self:
        if self.extended_cutoff_year is not None and self.extended_cutoff_year < self.cutoff_year:
            raise PydanticCustomError(
                "cutoff_order",
                "the extended cut-off {extended} is before the cut-off {cutoff}",
                {"extended": self.extended_cutoff_year, "cutoff": self.cutoff_year},
            )
        return self

    def judge(self, unit: OrgUnit) -> Eligibility:
        """Judge one compound by its built year and tags.

        Examples
        --------
        >>> from jiceng import OrgUnit
        >>> policy = EligibilityPolicy(extended_cutoff_year=2005)
        >>> policy.judge(OrgUnit(id="c", name="春兰小区", level="compound",
        ...                      built_year=2004)).reason
        'built 2004: eligible under the extended cut-off (2005)'
        """
        excluded = [tag for tag in unit.tags if tag in self.excluded_tags]
        if excluded:
            return Eligibility(unit.id, False, False, f"excluded: tagged {'、'.join(excluded)}")
        year = unit.built_year
        if year is None:
            return Eligibility(unit.id, False, False, "built year unknown")
        if year <= self.cutoff_year:
            return Eligibility(
                unit.id, True, False, f"built {year}: before the end of {self.cutoff_year}"
            )
        extended = self.extended_cutoff_year
        if extended is not None and year <= extended:
            return Eligibility(
                unit.id,
                True,
                True,
                f"built {year}: eligible under the extended cut-off ({extended})",
            )
        last = extended if extended is not None else self.cutoff_year
        return Eligibility(unit.id, False, False, f"built {year}: after the cut-off ({last})")


@attrs.frozen
class Eligibility:
    """Whether a compound may be renovated, and why.

    Attributes
    ----------
    unit : str
        The compound's id.
    eligible : bool
        Whether it is eligible.
    extended : bool
        Whether it is eligible only under the extended cut-off (and so counts towards the cap).
    reason : str
        A readable reason.

    Examples
    --------
    >>> from jiceng import OrgUnit
    >>> judged = EligibilityPolicy().judge(
    ...     OrgUnit(id="k", name="老厂宿舍", level="compound", built_year=1990))
    >>> judged.unit, judged.eligible, judged.extended, judged.reason
    ('k', True, False, 'built 1990: before the end of 2000')
    """

    unit: str
    eligible: bool
    extended: bool
    reason: str


@attrs.frozen
class ExtendedShare:
    """The households of a batch renovated under the extended cut-off, against the cap.

    Attributes
    ----------
    batch : int
        The batch year.
    households : int
        Households in the batch's projects that are not cancelled.
    extended : int
        Of those, households in compounds eligible only under the extended cut-off.
    share : float
        ``extended / households``.
    cap : Decimal
        The policy's cap.
    within_cap : bool
        Whether the share is at most the cap.
    projects : tuple[str, ...]
        The ids of the batch's projects under the extension.

    Examples
    --------
    >>> import jiceng
    >>> check = jiceng.examples.tongchuan().renovation.extended_share(2022)
    >>> check.extended, check.households, round(check.share, 4), check.cap, check.within_cap
    (611, 4128, 0.148, Decimal('0.15'), True)
    """

    batch: int
    households: int
    extended: int
    share: float
    cap: Decimal
    within_cap: bool
    projects: tuple[str, ...]
