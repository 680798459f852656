"""Owners' votes on a renovation matter, judged by the Civil Code (民法典), Art. 278.

A vote is *quorate* when owners holding at least two thirds of the exclusive floor area, and at
least two thirds of the owners, take part. A ``major`` matter (raising maintenance funds,
rebuilding, changing the use of common parts) then passes with at least three quarters of the
voting area and of the voting owners; an ``ordinary`` one with more than half of each. Every
threshold is compared in integers (``3 * voting >= 2 * total``), never in floats.

Examples
--------
>>> vote = Consultation(matter="ordinary", on="2021-04-01", owners=60, area="4800",
...                     owners_voting=45, area_voting="3700",
...                     owners_agreeing=30, area_agreeing="1800")
>>> vote.quorate, vote.passed
(True, False)
>>> vote.reason
'ordinary matter: owners of 1800 of 3700 m² voting agreed, not more than half'
"""

from __future__ import annotations

import datetime
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import DocumentedEnum
from jiceng.types import Area, Count, Name

__all__ = ["Consultation", "ConsultationMatter"]


class ConsultationMatter(DocumentedEnum):
    """What owners vote on, which sets the threshold (民法典 Art. 278).

    ``major`` covers raising maintenance funds, rebuilding buildings and their facilities, and
    changing the use of common parts (the Article's items 6–8): it needs three quarters of those
    voting. Everything else is ``ordinary`` and needs more than half.

    Examples
    --------
    >>> [matter.value for matter in ConsultationMatter]
    ['ordinary', 'major']
    """

    ORDINARY = "ordinary"
    MAJOR = "major"


class Consultation(Record):
    """A vote of owners on a renovation matter, judged by the Civil Code, Art. 278.

    A vote is *quorate* when owners holding at least two thirds of the exclusive floor area, and at
    least two thirds of the owners, take part. A ``major`` matter then *passes* with at least three
    quarters of the voting area and three quarters of the voting owners agreeing; an ``ordinary``
    one with more than half of each. Lift retrofits are decided per stairwell (``scope``).

    Parameters
    ----------
    matter
        ``"ordinary"`` or ``"major"``.
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
    >>> vote = Consultation(matter="major", on="2021-03-01", owners=120, area="9600",
    ...                     owners_voting=90, area_voting="7300",
    ...                     owners_agreeing=70, area_agreeing="5600")
    >>> vote.quorate, vote.passed, vote.reason
    (True, True, None)
    >>> vote.model_copy(update={"owners_agreeing": 67}).reason
    'major matter: 67 of 90 voting owners agreed, fewer than three quarters'
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
        """Whether at least two thirds of the area and of the owners took part.

        Examples
        --------
        >>> vote = Consultation(matter="major", on="2021-03-01", owners=90, area="7200",
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
        >>> vote = Consultation(matter="ordinary", on="2021-03-01", owners=10, area="800",
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
        >>> vote = Consultation(matter="major", on="2021-03-01", owners=90, area="7200",
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
        if self.matter is ConsultationMatter.MAJOR:
            if 4 * self.owners_agreeing < 3 * self.owners_voting:
                return (
                    f"major matter: {self.owners_agreeing} of {self.owners_voting} voting owners "
                    "agreed, fewer than three quarters"
                )
            if 4 * self.area_agreeing < 3 * self.area_voting:
                return (
                    f"major matter: owners of {self.area_agreeing} of {self.area_voting} m² "
                    "voting agreed, less than three quarters"
                )
            return None
        if 2 * self.owners_agreeing <= self.owners_voting:
            return (
                f"ordinary matter: {self.owners_agreeing} of {self.owners_voting} voting owners "
                "agreed, not more than half"
            )
        if 2 * self.area_agreeing <= self.area_voting:
            return (
                f"ordinary matter: owners of {self.area_agreeing} of {self.area_voting} m² "
                "voting agreed, not more than half"
            )
        return None
