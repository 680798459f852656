"""jiceng (基层): typed models of Chinese urban grassroots governance.

The organisational network 街道党工委 → 社区党委 → 网格党总支 → 小区党支部 → 楼栋党小组, each unit
both a territory and the party organisation that leads it, with fast queries over it.

Examples
--------
>>> import jiceng
>>> district = jiceng.examples.tongchuan()
>>> district.hierarchy.level_counts()
{'street': 5, 'community': 63, 'grid': 70, 'compound': 175, 'building': 480}
"""

from importlib.metadata import PackageNotFoundError, version

from jiceng import analysis, examples, interop, results
from jiceng.dataset import Dataset
from jiceng.edits import EditBatch
from jiceng.errors import (
    DataFileError,
    DumpError,
    EditBatchError,
    FileProblem,
    ForeignHierarchyError,
    IntegrityError,
    InvalidArgumentError,
    JicengError,
    JicengTypeError,
    MissingExtraError,
    NeedsHierarchyError,
    NoPathError,
    NoSchemeInForceError,
    NotServingError,
    Problem,
    RoutingError,
    TransitionError,
    UnknownCentreError,
    UnknownLevelError,
    UnknownPostError,
    UnknownProjectError,
    UnknownRecordError,
    UnknownSchemeError,
    UnknownServiceItemError,
    UnknownUnitError,
    UnknownWorkerError,
)
from jiceng.hierarchy import Hierarchy
from jiceng.io import dump, dumps, load, loads
from jiceng.levels import RURAL, URBAN_FIVE_LEVEL, URBAN_FOUR_LEVEL, Level, LevelScheme, OrgKind
from jiceng.pay import (
    SANGANG_SHIBAJI,
    SIGANG_ERSHISIJI,
    TONGCHUAN_2020,
    XIAN_2020,
    Appraisal,
    AppraisalRating,
    CertificateLevel,
    Degree,
    Payroll,
    PayScheme,
    Post,
    PostSpell,
    PromotionRule,
    Worker,
)
from jiceng.renovation import (
    Consent,
    ConsentRule,
    Consultation,
    ConsultationMatter,
    EligibilityPolicy,
    Funding,
    FundingSource,
    Lifecycle,
    Measure,
    Portfolio,
    ProjectStatus,
    RenovationCategory,
    RenovationPolicy,
    RenovationProject,
    StatusChange,
)
from jiceng.services import (
    Channel,
    DayCount,
    DeliveryMode,
    Department,
    ItemType,
    ServiceCatalogue,
    ServiceCentre,
    ServiceItem,
    Window,
    WindowKind,
)
from jiceng.types import Attributes
from jiceng.units import COUNT_FIELDS, CountField, OrgUnit

try:
    __version__ = version("jiceng")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "COUNT_FIELDS",
    "RURAL",
    "SANGANG_SHIBAJI",
    "SIGANG_ERSHISIJI",
    "TONGCHUAN_2020",
    "URBAN_FIVE_LEVEL",
    "URBAN_FOUR_LEVEL",
    "XIAN_2020",
    "Appraisal",
    "AppraisalRating",
    "Attributes",
    "CertificateLevel",
    "Channel",
    "Consent",
    "ConsentRule",
    "Consultation",
    "ConsultationMatter",
    "CountField",
    "DataFileError",
    "Dataset",
    "DayCount",
    "Degree",
    "DeliveryMode",
    "Department",
    "DumpError",
    "EditBatch",
    "EditBatchError",
    "EligibilityPolicy",
    "FileProblem",
    "ForeignHierarchyError",
    "Funding",
    "FundingSource",
    "Hierarchy",
    "IntegrityError",
    "InvalidArgumentError",
    "ItemType",
    "JicengError",
    "JicengTypeError",
    "Level",
    "LevelScheme",
    "Lifecycle",
    "Measure",
    "MissingExtraError",
    "NeedsHierarchyError",
    "NoPathError",
    "NoSchemeInForceError",
    "NotServingError",
    "OrgKind",
    "OrgUnit",
    "PayScheme",
    "Payroll",
    "Portfolio",
    "Post",
    "PostSpell",
    "Problem",
    "ProjectStatus",
    "PromotionRule",
    "RenovationCategory",
    "RenovationPolicy",
    "RenovationProject",
    "RoutingError",
    "ServiceCatalogue",
    "ServiceCentre",
    "ServiceItem",
    "StatusChange",
    "TransitionError",
    "UnknownCentreError",
    "UnknownLevelError",
    "UnknownPostError",
    "UnknownProjectError",
    "UnknownRecordError",
    "UnknownSchemeError",
    "UnknownServiceItemError",
    "UnknownUnitError",
    "UnknownWorkerError",
    "Window",
    "WindowKind",
    "Worker",
    "__version__",
    "analysis",
    "dump",
    "dumps",
    "examples",
    "interop",
    "load",
    "loads",
    "results",
]
