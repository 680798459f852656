"""The records of a service catalogue: vocabularies, departments, materials, fees and items.

A :class:`ServiceItem` is one entry of the implementation list (实施清单) as its service guide
(办事指南) publishes it. Records check only their own invariants; the
:class:`~jiceng.services.ServiceCatalogue` checks them against each other.

Examples
--------
>>> item = ServiceItem(id="gl", name="高龄补贴", type="benefit", department="mz",
...                    channels=["window", "online"], visits=0, applicants=["natural_person"])
>>> item.type.zh, item.channels[1].zh, item.remote
('行政给付', '网上办理', True)
"""

from __future__ import annotations

from fractions import Fraction
from typing import Annotated, Self

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from jiceng._records import Record
from jiceng._vocabulary import Vocabulary, labels
from jiceng.types import Count, Days, Money, Name, RecordId

__all__ = [
    "Applicant",
    "BusinessCase",
    "Channel",
    "DayCount",
    "DeliveryMode",
    "Department",
    "Fee",
    "ItemType",
    "Material",
    "MaterialForm",
    "ServiceItem",
    "TongbanScope",
]


@labels(
    {
        "licence": "行政许可",
        "confirmation": "行政确认",
        "adjudication": "行政裁决",
        "benefit": "行政给付",
        "award": "行政奖励",
        "filing": "行政备案",
        "other_power": "其他行政权力",
        "public_service": "公共服务",
    }
)
class ItemType(Vocabulary):
    """The type of a government service item (政务服务事项类型).

    Examples
    --------
    >>> ItemType.BENEFIT.zh
    '行政给付'
    """

    LICENCE = "licence"
    CONFIRMATION = "confirmation"
    ADJUDICATION = "adjudication"
    BENEFIT = "benefit"
    AWARD = "award"
    FILING = "filing"
    OTHER_POWER = "other_power"
    PUBLIC_SERVICE = "public_service"


@labels(
    {
        "appointment_extended": "预约+延时",
        "proxy_home": "代办+上门",
        "self_service_fallback": "自助+兜底",
        "online_post": "网办+邮寄",
    }
)
class DeliveryMode(Vocabulary):
    """A delivery mode of community centres, one of four pairs.

    预约+延时 appointment and extended hours; 代办+上门 proxy handling and home visits;
    自助+兜底 self-service with a fallback; 网办+邮寄 online handling with postal delivery.

    Examples
    --------
    >>> DeliveryMode("proxy_home").zh
    '代办+上门'
    """

    APPOINTMENT_EXTENDED = "appointment_extended"
    PROXY_HOME = "proxy_home"
    SELF_SERVICE_FALLBACK = "self_service_fallback"
    ONLINE_POST = "online_post"


@labels(
    {
        "window": "窗口",
        "online": "网上办理",
        "mobile": "移动端",
        "self_service_terminal": "自助终端",
        "post": "邮寄",
    }
)
class Channel(Vocabulary):
    """A channel through which an item can be handled.

    Examples
    --------
    >>> Channel.SELF_SERVICE_TERMINAL.zh, Channel("post").zh
    ('自助终端', '邮寄')
    """

    WINDOW = "window"
    ONLINE = "online"
    MOBILE = "mobile"
    SELF_SERVICE_TERMINAL = "self_service_terminal"
    POST = "post"


@labels(
    {
        "paper": "纸质",
        "electronic": "电子",
        "either": "纸质或电子",
    }
)
class MaterialForm(Vocabulary):
    """Whether a material is handed in on paper, electronically, or either.

    Examples
    --------
    >>> MaterialForm.ELECTRONIC.zh
    '电子'
    """

    PAPER = "paper"
    ELECTRONIC = "electronic"
    EITHER = "either"


@labels(
    {
        "natural_person": "自然人",
        "legal_person": "法人",
    }
)
class Applicant(Vocabulary):
    """Who may apply: natural persons (自然人) or legal persons (法人).

    Examples
    --------
    >>> Applicant("legal_person").zh
    '法人'
    """

    NATURAL_PERSON = "natural_person"
    LEGAL_PERSON = "legal_person"


@labels(
    {
        "new": "新办",
        "change": "变更",
        "renew": "延续",
        "cancel": "注销",
        "replace": "补领",
    }
)
class BusinessCase(Vocabulary):
    """The business case of an item under a main item: new, change, renew, cancel or replace.

    ``replace`` (补领, 补办) is the reissue of a lost certificate, a case of its own where the
    law sets it apart: 居民身份证法 Art. 20 waives the fee of a first application and a renewal
    for residents on 低保, not of a replacement, and the national fee standard charges ¥20 for
    the first and ¥40 for the last.

    Examples
    --------
    >>> [case.zh for case in BusinessCase]
    ['新办', '变更', '延续', '注销', '补领']
    """

    NEW = "new"
    CHANGE = "change"
    RENEW = "renew"
    CANCEL = "cancel"
    REPLACE = "replace"


@labels(
    {
        "working": "工作日",
        "calendar": "自然日",
    }
)
class DayCount(Vocabulary):
    """How a time limit counts its days: working days (工作日) or calendar days (自然日).

    A limit counts as the law that sets it does: 居民身份证法 Art. 12 gives the police sixty
    days (六十日), calendar days, to issue an identity card, while a service guide's promised
    limit is most often in working days. An item that does not say is read in working days, as
    jiceng 0.1 read every limit. To compare limits of different counts, a working day is taken as
    7/5 of a calendar day (a five-day week; public holidays are not modelled).

    Examples
    --------
    >>> DayCount.CALENDAR.zh, DayCount("working").zh
    ('自然日', '工作日')
    >>> DayCount.WORKING.in_calendar_days(15), DayCount.CALENDAR.in_calendar_days(60)
    (Fraction(21, 1), Fraction(60, 1))
    """

    WORKING = "working"
    CALENDAR = "calendar"

    def in_calendar_days(self, days: int) -> Fraction:
        """Return a limit of ``days`` of this count in calendar days (a working day is 7/5).

        Examples
        --------
        >>> DayCount.WORKING.in_calendar_days(10), DayCount.WORKING.in_calendar_days(3)
        (Fraction(14, 1), Fraction(21, 5))
        """
        return Fraction(days * 7, 5) if self is DayCount.WORKING else Fraction(days)


@labels(
    {
        "none": "不通办",
        "district": "区内通办",
        "city": "市内通办",
        "province": "省内通办",
        "nationwide": "全国通办",
    }
)
class TongbanScope(Vocabulary):
    """Where else an item can be handled (通办范围).

    Examples
    --------
    >>> TongbanScope.NATIONWIDE.zh, TongbanScope("none").zh
    ('全国通办', '不通办')
    """

    NONE = "none"
    DISTRICT = "district"
    CITY = "city"
    PROVINCE = "province"
    NATIONWIDE = "nationwide"


_REMOTE = frozenset({Channel.ONLINE, Channel.MOBILE, Channel.POST})


class Department(Record):
    """A department that implements items, e.g. 区民政局.

    Examples
    --------
    >>> Department(id="mz", name="通川区民政局", short_name="民政局").short_name
    '民政局'
    """

    id: RecordId
    name: Name
    short_name: Name | None = None


class Material(Record):
    """A material an applicant hands in (申请材料).

    Examples
    --------
    >>> Material(name="居民身份证", form="either", copies=1, source="申请人自备").form.zh
    '纸质或电子'
    """

    name: Name
    required: bool = True
    condition: Name | None = None
    form: MaterialForm = MaterialForm.EITHER
    copies: Count = 1
    source: Name | None = None


class Fee(Record):
    """Whether an item is charged for, how much, on what basis, and whether it can be waived.

    A charged fee needs an ``amount`` or a ``standard`` (error type ``fee_without_amount``); a
    free item has neither (``fee_not_charged``).

    Examples
    --------
    >>> Fee().charged, Fee(charged=True, amount="20", basis="国家计委收费标准").amount
    (False, Decimal('20'))
    """

    charged: bool = False
    amount: Money | None = None
    standard: Name | None = None
    basis: Name | None = None
    waivable: bool = False

    @model_validator(mode="after")
    def _check_fee(self) -> Self:
        if self.charged and self.amount is None and self.standard is None:
            raise PydanticCustomError(
                "fee_without_amount", "a charged fee needs an amount or a standard"
            )
        if not self.charged and (self.amount or self.standard):
            raise PydanticCustomError(
                "fee_not_charged", "a fee that is not charged has no amount or standard"
            )
        return self


class ServiceItem(Record):
    """One service item as its guide publishes it.

    Parameters
    ----------
    id
        The item code (事项编码), or any stable id.
    name, type, department
        Its name, :class:`ItemType` and implementing department's id.
    parent, case
        The item it belongs to (main item → sub-item → business case) and the business case.
    legal_basis, conditions, materials, steps
        Legal basis, acceptance conditions (受理条件), materials (申请材料), process (办理流程).
    statutory_days, promised_days
        Time limits (法定/承诺办结时限); the promised one at most the statutory one.
    statutory_unit, promised_unit
        How each limit counts its days (:class:`DayCount`): ``working`` (工作日, the default,
        which is how a file without a unit reads) or ``calendar`` (自然日), as the law that sets
        the limit counts; limits of different counts compare at 7 calendar days per 5 working
        days.
    instant
        An instant case (即办件), handled on the spot.
    fee
        The :class:`Fee`.
    channels, visits, modes
        Channels, on-site visits needed (到办事现场次数) and the centre's delivery modes.
    on_site_reason
        Why an item needs a visit (必须现场办理原因), e.g. taking fingerprints; only for an item
        with at least one visit.
    applicants, scope
        Who may apply and where else it can be handled (通办范围).

    Raises
    ------
    pydantic.ValidationError
        ``time_limit_order`` (promised beyond statutory), ``instant_with_days`` (an instant case
        with a promised time), ``zero_visit_unreachable`` (no visit needed, but neither online
        handling nor post offered), ``on_site_reason_without_visit`` (a reason for a visit that
        the item does not need), plus the usual field errors.

    Examples
    --------
    >>> item = ServiceItem(id="gl", name="高龄补贴", type="benefit", department="mz",
    ...                    channels=["window", "online", "mobile"], visits=0,
    ...                    modes=["online_post", "proxy_home"], applicants=["natural_person"],
    ...                    statutory_days=20, promised_days=10)
    >>> item.remote, item.at_most_one_visit, item.statutory_unit.zh
    (True, True, '工作日')

    The identity card's sixty statutory days are calendar days (居民身份证法 Art. 12); a
    promise of 15 working days (21 calendar days) is within them, one of 45 is not:

    >>> card = ServiceItem(id="sfz", name="居民身份证申领", type="confirmation",
    ...                    department="ga", channels=["window"], visits=1,
    ...                    on_site_reason="采集人像和指纹信息", applicants=["natural_person"],
    ...                    statutory_days=60, statutory_unit="calendar", promised_days=15)
    >>> card.statutory_unit.zh, card.promised_unit.zh
    ('自然日', '工作日')
    >>> from pydantic import ValidationError
    >>> try:
    ...     card.model_validate({**card.model_dump(), "promised_days": 45})
    ... except ValidationError as error:
    ...     print(error.errors()[0]["type"])
    time_limit_order
    """

    id: RecordId
    name: Name
    type: ItemType
    department: RecordId
    parent: RecordId | None = None
    case: BusinessCase | None = None
    legal_basis: tuple[Name, ...] = ()
    conditions: tuple[Name, ...] = ()
    materials: tuple[Material, ...] = ()
    steps: tuple[Name, ...] = ()
    statutory_days: Days | None = None
    statutory_unit: DayCount = DayCount.WORKING
    promised_days: Days | None = None
    promised_unit: DayCount = DayCount.WORKING
    instant: bool = False
    fee: Fee = Fee()
    channels: tuple[Channel, ...] = Field(min_length=1)
    visits: Annotated[int, Field(ge=0, le=10, strict=True)]
    modes: tuple[DeliveryMode, ...] = ()
    on_site_reason: Name | None = None
    applicants: tuple[Applicant, ...] = Field(min_length=1)
    scope: TongbanScope = TongbanScope.NONE

    @model_validator(mode="after")
    def _check_item(self) -> Self:
        if (
            self.statutory_days is not None
            and self.promised_days is not None
            and self.promised_unit.in_calendar_days(self.promised_days)
            > self.statutory_unit.in_calendar_days(self.statutory_days)
        ):
            raise PydanticCustomError(
                "time_limit_order",
                "promised {promised} {promised_unit} exceed the statutory {statutory} "
                "{statutory_unit}",
                {
                    "promised": self.promised_days,
                    "promised_unit": f"{self.promised_unit.value} days",
                    "statutory": self.statutory_days,
                    "statutory_unit": f"{self.statutory_unit.value} days",
                },
            )
        if self.instant and self.promised_days:
            raise PydanticCustomError(
                "instant_with_days", "an instant case (即办件) has no promised time limit"
            )
        if self.visits == 0 and not _REMOTE.intersection(self.channels):
            raise PydanticCustomError(
                "zero_visit_unreachable",
                "an item needing no visit must be handled online or delivered by post",
            )
        if self.visits == 0 and self.on_site_reason is not None:
            raise PydanticCustomError(
                "on_site_reason_without_visit",
                "an item needing no visit has no reason for an on-site visit",
            )
        return self

    @property
    def remote(self) -> bool:
        """Whether it can be handled without a visit (online, mobile or by post).

        Examples
        --------
        >>> item = ServiceItem(id="k", name="社会保障卡补换", type="public_service",
        ...                    department="rs", channels=["window", "post"], visits=0,
        ...                    applicants=["natural_person"])
        >>> item.remote, item.model_copy(update={"visits": 1}).remote
        (True, False)
        """
        return self.visits == 0

    @property
    def at_most_one_visit(self) -> bool:
        """Whether it needs at most one visit (最多跑一次).

        Examples
        --------
        >>> item = ServiceItem(id="d", name="最低生活保障", type="benefit", department="mz",
        ...                    channels=["window"], visits=2, applicants=["natural_person"])
        >>> item.at_most_one_visit, item.model_copy(update={"visits": 1}).at_most_one_visit
        (False, True)
        """
        return self.visits <= 1
