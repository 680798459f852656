"""The records of a service catalogue: vocabularies, departments, materials, fees and items.

A :class:`ServiceItem` is one entry of the implementation list (实施清单) as its service guide
(办事指南) publishes it. Records check only their own invariants; the
:class:`~jiceng.services.ServiceCatalogue` checks them against each other.

Examples
--------
>>> item = ServiceItem(id="gl", name="高龄津贴申请", type="benefit", department="mz",
...                    channels=["window", "online"], visits=0, applicants=["natural_person"])
>>> item.type.zh, item.channels[1].zh, item.remote
('行政给付', '网上办理', True)
"""

from __future__ import annotations

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
    }
)
class BusinessCase(Vocabulary):
    """The business case of an item under a main item: new, change, renew or cancel.

    Examples
    --------
    >>> [case.zh for case in BusinessCase]
    ['新办', '变更', '延续', '注销']
    """

    NEW = "new"
    CHANGE = "change"
    RENEW = "renew"
    CANCEL = "cancel"


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
        Time limits in working days (法定/承诺办结时限); promised at most statutory.
    instant
        An instant case (即办件), handled on the spot.
    fee
        The :class:`Fee`.
    channels, visits, modes
        Channels, on-site visits needed (到办事现场次数) and the centre's delivery modes.
    applicants, scope
        Who may apply and where else it can be handled (通办范围).

    Raises
    ------
    pydantic.ValidationError
        ``time_limit_order`` (promised beyond statutory), ``instant_with_days`` (an instant case
        with a promised time), ``zero_visit_unreachable`` (no visit needed, but neither online
        handling nor post offered), plus the usual field errors.

    Examples
    --------
    >>> item = ServiceItem(id="gl", name="高龄津贴申请", type="benefit", department="mz",
    ...                    channels=["window", "online", "mobile"], visits=0,
    ...                    modes=["online_post", "proxy_home"], applicants=["natural_person"],
    ...                    statutory_days=20, promised_days=10)
    >>> item.remote, item.at_most_one_visit
    (True, True)
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
    promised_days: Days | None = None
    instant: bool = False
    fee: Fee = Fee()
    channels: tuple[Channel, ...] = Field(min_length=1)
    visits: Annotated[int, Field(ge=0, le=10, strict=True)]
    modes: tuple[DeliveryMode, ...] = ()
    applicants: tuple[Applicant, ...] = Field(min_length=1)
    scope: TongbanScope = TongbanScope.NONE

    @model_validator(mode="after")
    def _check_item(self) -> Self:
        if (
            self.statutory_days is not None
            and self.promised_days is not None
            and self.promised_days > self.statutory_days
        ):
            raise PydanticCustomError(
                "time_limit_order",
                "promised {promised} working days exceed the statutory {statutory}",
                {"promised": self.promised_days, "statutory": self.statutory_days},
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
