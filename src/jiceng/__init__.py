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

from jiceng import analysis, divisions, examples, interop, results
from jiceng.dataset import Dataset
from jiceng.edits import EditBatch
from jiceng.errors import (
    DataFileError,
    DivisionCodeWarning,
    DumpError,
    EditBatchError,
    FileProblem,
    ForeignHierarchyError,
    IntegrityError,
    InvalidArgumentError,
    JicengError,
    JicengTypeError,
    JicengWarning,
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
from jiceng.io import dump, dumps, load
from jiceng.levels import (
    ADMINISTRATIVE,
    RURAL,
    URBAN_FIVE_LEVEL,
    URBAN_FOUR_LEVEL,
    Level,
    LevelScheme,
    OrgKind,
)
from jiceng.pay import (
    SANGANG_SHIBAJI,
    SIGANG_ERSHISIJI,
    XIAN_2020,
    Appraisal,
    AppraisalRating,
    CertificateLevel,
    Degree,
    Payroll,
    PayScheme,
    Post,
    PostSpell,
    Worker,
)
from jiceng.renovation import (
    Consultation,
    ConsultationMatter,
    EligibilityPolicy,
    Funding,
    FundingSource,
    Measure,
    Portfolio,
    ProjectStatus,
    RenovationCategory,
    RenovationProject,
    StatusChange,
)
from jiceng.services import (
    Channel,
    DeliveryMode,
    Department,
    ItemType,
    ServiceCatalogue,
    ServiceCentre,
    ServiceItem,
    Window,
    WindowKind,
)
from jiceng.units import COUNT_FIELDS, CountField, OrgUnit

try:
    __version__ = version("jiceng")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

__all__ = [
    "ADMINISTRATIVE",
    "COUNT_FIELDS",
    "RURAL",
    "SANGANG_SHIBAJI",
    "SIGANG_ERSHISIJI",
    "URBAN_FIVE_LEVEL",
    "URBAN_FOUR_LEVEL",
    "XIAN_2020",
    "Appraisal",
    "AppraisalRating",
    "CertificateLevel",
    "Channel",
    "Consultation",
    "ConsultationMatter",
    "CountField",
    "DataFileError",
    "Dataset",
    "Degree",
    "DeliveryMode",
    "Department",
    "DivisionCodeWarning",
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
    "JicengWarning",
    "Level",
    "LevelScheme",
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
    "RenovationCategory",
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
    "divisions",
    "dump",
    "dumps",
    "examples",
    "interop",
    "load",
    "results",
]
