"""Owners' votes on a renovation matter, judged by the Civil Code (民法典), Art. 278.

Art. 278 lists nine matters that owners decide together (:class:`ConsultationMatter`, items
1–9). A vote is *quorate* when owners holding at least two thirds of the exclusive floor area, and
at least two thirds of the owners, take part. Items 6–8 (raising maintenance funds; rebuilding
buildings and their facilities; changing the use of common parts or running a business on them)
then pass with at least three quarters of the voting area and of the voting owners; every other
matter, including *using* maintenance funds (item 5) and other major matters (item 9), with more
than half of each. Art. 1259: "以上" (at least) includes the number itself; "过半数" (more than
half) does not. Every threshold is compared in integers (``3 * voting >= 2 * total``), never in
floats.

Examples
--------
>>> vote = Consultation(matter="other", on="2021-04-01", owners=60, area="4800",
...                     owners_voting=45, area_voting="3700",
...                     owners_agreeing=30, area_agreeing="1800")
>>> vote.quorate, vote.passed
(True, False)
>>> vote.reason
'item 9 (other): owners of 1800 of 3700 m² voting agreed, not more than half'
"""

from __future__ import annotations

import datetime
from typing import Annotated, Any, Self

from pydantic import Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.types import Area, Count, Name

__all__ = ["Consultation", "ConsultationMatter"]


@labels(
    {
        "rules": "制定和修改业主大会议事规则",
        "statute": "制定和修改管理规约",
        "committee": "选举业主委员会或者更换业主委员会成员",
        "manager": "选聘和解聘物业服务企业或者其他管理人",
        "use_fund": "使用建筑物及其附属设施的维修资金",
        "raise_fund": "筹集建筑物及其附属设施的维修资金",
        "rebuild": "改建、重建建筑物及其附属设施",
        "common_parts": "改变共有部分的用途或者利用共有部分从事经营活动",
        "other": "有关共有和共同管理权利的其他重大事项",
    }
)
class ConsultationMatter(Vocabulary):
    """The matter a vote is about: one of the nine items of 民法典 Art. 278, in order.

    ``.zh`` is the article's text of the item and ``.item`` its number. Items 6–8
    (``raise_fund``, ``rebuild``, ``common_parts``) need at least three quarters of the voting
    area and of the voting owners (``.special``); every other item more than half of each.

    Examples
    --------
    >>> [matter.value for matter in ConsultationMatter]
    ['rules', 'statute', 'committee', 'manager', 'use_fund', 'raise_fund', 'rebuild', 'common_parts', 'other']
    >>> ConsultationMatter.USE_FUND.zh, ConsultationMatter.USE_FUND.item
    ('使用建筑物及其附属设施的维修资金', 5)
    >>> [m.item for m in ConsultationMatter if m.special]
    [6, 7, 8]
    """  # noqa: E501

    RULES = "rules"
    STATUTE = "statute"
    COMMITTEE = "committee"
    MANAGER = "manager"
    USE_FUND = "use_fund"
    RAISE_FUND = "raise_fund"
    REBUILD = "rebuild"
    COMMON_PARTS = "common_parts"
    OTHER = "other"

    @property
    def item(self) -> int:
        """The item's number in Art. 278, 1–9.

        Examples
        --------
        >>> ConsultationMatter.RULES.item, ConsultationMatter.OTHER.item
        (1, 9)
        """
        return list(ConsultationMatter).index(self) + 1

    @property
    def special(self) -> bool:
        """Whether the matter is one of items 6–8, which need three quarters (以上: ≥).

        Examples
        --------
        >>> ConsultationMatter.RAISE_FUND.special, ConsultationMatter.USE_FUND.special
        (True, False)
        """
        return 6 <= self.item <= 8


_RETIRED = {"major", "ordinary"}
"""The two kinds of matter before the nine items: refused with a message naming the nine."""


class Consultation(Record):
    """A vote of owners on a renovation matter, judged by the Civil Code, Art. 278.

    A vote is *quorate* when owners holding at least two thirds of the exclusive floor area, and
    at least two thirds of the owners, take part. A matter of items 6–8 then *passes* with at
    least three quarters of the voting area and three quarters of the voting owners agreeing;
    any other matter with more than half of each. Lift retrofits are decided per stairwell
    (``scope``).

    Parameters
    ----------
    matter
        The item of Art. 278 the vote is about: a :class:`ConsultationMatter` key. The keys
        ``"major"`` and ``"ordinary"`` of earlier versions are refused (error type
        ``consultation_matter``) with a message naming the nine.
    on
        The date of the vote.
    owners, area
        All owners, and their exclusive floor area (m²), in the scope of the vote.
    owners_voting, area_voting
        Those who took part.
    owners_agreeing, area_agreeing
        Those who agreed.
    scope
        What the vote covers where it is not the whole compound, e.g. ``"3栋2单元"``.

    Examples
    --------
    >>> vote = Consultation(matter="rebuild", on="2021-03-01", owners=120, area="9600",
    ...                     owners_voting=90, area_voting="7300",
    ...                     owners_agreeing=70, area_agreeing="5600")
    >>> vote.quorate, vote.passed, vote.reason
    (True, True, None)
    >>> vote.model_copy(update={"owners_agreeing": 67}).reason
    'item 7 (rebuild): 67 of 90 voting owners agreed, fewer than three quarters'
    """

    matter: ConsultationMatter
    on: datetime.date
    owners: Annotated[int, Field(gt=0, le=10**12)]
    area: Annotated[Area, Field(gt=0)]
    owners_voting: Count
    area_voting: Area
    owners_agreeing: Count
    area_agreeing: Area
    scope: Name | None = None

    @field_validator("matter", mode="before")
    @classmethod
    def _check_matter(cls, value: Any) -> Any:
        if isinstance(value, str) and value.strip() in _RETIRED:
            raise PydanticCustomError(
                "consultation_matter",
                "'{value}' is no longer a matter: name the item of 民法典 Art. 278 the vote is "
                "about, one of {keys}",
                {"value": value.strip(), "keys": ", ".join(m.value for m in ConsultationMatter)},
            )
        return value

    @model_validator(mode="after")
    def _check_counts(self) -> Self:
        for what, agreeing, voting, total in (
            ("owners", self.owners_agreeing, self.owners_voting, self.owners),
            ("area", self.area_agreeing, self.area_voting, self.area),
        ):
            if not agreeing <= voting <= total:
                raise PydanticCustomError(
                    "vote_counts",
                    "{what}: agreeing ({agreeing}) <= voting ({voting}) <= total ({total}) fails",
                    {"what": what, "agreeing": agreeing, "voting": voting, "total": total},
                )
        return self

    @property
    def quorate(self) -> bool:
        """Whether at least two thirds of the area and of the owners took part (≥, 以上).

        Examples
        --------
        >>> vote = Consultation(matter="rebuild", on="2021-03-01", owners=90, area="7200",
        ...                     owners_voting=60, area_voting="4800",
        ...                     owners_agreeing=60, area_agreeing="4800")
        >>> vote.quorate, vote.model_copy(update={"owners_voting": 59}).quorate
        (True, False)
        """
        return 3 * self.owners_voting >= 2 * self.owners and 3 * self.area_voting >= 2 * self.area

    @property
    def passed(self) -> bool:
        """Whether the vote was quorate and carried the matter.

        Examples
        --------
        >>> vote = Consultation(matter="other", on="2021-03-01", owners=10, area="800",
        ...                     owners_voting=10, area_voting="800",
        ...                     owners_agreeing=6, area_agreeing="401")
        >>> vote.passed, vote.model_copy(update={"owners_agreeing": 5}).passed
        (True, False)
        """
        return self.reason is None

    @property
    def reason(self) -> str | None:
        """Why the vote did not pass, or ``None`` if it passed.

        Examples
        --------
        >>> vote = Consultation(matter="rebuild", on="2021-03-01", owners=90, area="7200",
        ...                     owners_voting=59, area_voting="4800",
        ...                     owners_agreeing=59, area_agreeing="4800")
        >>> vote.reason
        'not quorate: 59 of 90 owners voted, fewer than two thirds'
        """
        if 3 * self.owners_voting < 2 * self.owners:
            return (
                f"not quorate: {self.owners_voting} of {self.owners} owners voted, "
                "fewer than two thirds"
            )
        if 3 * self.area_voting < 2 * self.area:
            return (
                f"not quorate: owners of {self.area_voting} of {self.area} m² voted, "
                "less than two thirds"
            )
        matter = f"item {self.matter.item} ({self.matter.value})"
        if self.matter.special:
            if 4 * self.owners_agreeing < 3 * self.owners_voting:
                return (
                    f"{matter}: {self.owners_agreeing} of {self.owners_voting} voting owners "
                    "agreed, fewer than three quarters"
                )
            if 4 * self.area_agreeing < 3 * self.area_voting:
                return (
                    f"{matter}: owners of {self.area_agreeing} of {self.area_voting} m² "
                    "voting agreed, less than three quarters"
                )
            return None
        if 2 * self.owners_agreeing <= self.owners_voting:
            return (
                f"{matter}: {self.owners_agreeing} of {self.owners_voting} voting owners "
                "agreed, not more than half"
            )
        if 2 * self.area_agreeing <= self.area_voting:
            return (
                f"{matter}: owners of {self.area_agreeing} of {self.area_voting} m² "
                "voting agreed, not more than half"
            )
        return None
