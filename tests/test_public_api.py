from __future__ import annotations

import importlib

import pytest

import jiceng

INTENDED = [
    "ADMINISTRATIVE",
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
    "ChangeEvent",
    "ChangeKind",
    "ChangeLog",
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
    "HierarchyDiff",
    "InferredChange",
    "IntegrityError",
    "InvalidArgumentError",
    "ItemType",
    "JicengError",
    "JicengTypeError",
    "JicengWarning",
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
    "OrgStatus",
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
    "Transfer",
    "TransitionError",
    "UnitChange",
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
    "diff",
    "divisions",
    "dump",
    "dumps",
    "examples",
    "history",
    "interop",
    "load",
    "loads",
    "replay",
    "results",
]

MODULES = [
    "jiceng.analysis",
    "jiceng.analysis.compare",
    "jiceng.analysis.profiles",
    "jiceng.cli",
    "jiceng.cli.analysis",
    "jiceng.cli.command",
    "jiceng.cli.console",
    "jiceng.cli.core",
    "jiceng.cli.app",
    "jiceng.dataset",
    "jiceng.divisions",
    "jiceng.edits",
    "jiceng.errors",
    "jiceng.examples",
    "jiceng.hierarchy",
    "jiceng.interop",
    "jiceng.interop.arrow",
    "jiceng.interop.dot",
    "jiceng.interop.networkx",
    "jiceng.interop.pandas",
    "jiceng.interop.tree",
    "jiceng.io",
    "jiceng.levels",
    "jiceng.pay",
    "jiceng.plot",
    "jiceng.renovation",
    "jiceng.results",
    "jiceng.services",
    "jiceng.testing",
    "jiceng.types",
    "jiceng.units",
]


def test_all_is_what_we_intend() -> None:
    assert jiceng.__all__ == INTENDED


def test_every_public_name_resolves() -> None:
    for name in jiceng.__all__:
        assert getattr(jiceng, name) is not None


def isort_style(name: str) -> tuple[int, str]:
    """Constants, then classes, then everything else, each alphabetically (ruff's RUF022)."""
    if name.isupper():
        return (0, name)
    if name[0].isupper():
        return (1, name)
    return (2, name)


def test_top_level_all_is_sorted() -> None:
    assert jiceng.__all__ == sorted(jiceng.__all__, key=isort_style)


@pytest.mark.parametrize("module", MODULES)
def test_module_all_is_sorted_and_resolves(module: str) -> None:
    loaded = importlib.import_module(module)
    assert loaded.__all__ == sorted(loaded.__all__, key=isort_style)
    for name in loaded.__all__:
        assert hasattr(loaded, name)


def test_errors_derive_from_the_base_and_the_builtin() -> None:
    assert issubclass(jiceng.IntegrityError, jiceng.JicengError)
    assert issubclass(jiceng.IntegrityError, ValueError)
    assert issubclass(jiceng.UnknownUnitError, KeyError)
    assert issubclass(jiceng.UnknownLevelError, KeyError)
    assert issubclass(jiceng.DataFileError, ValueError)
    assert issubclass(jiceng.NoPathError, ValueError)
    assert issubclass(jiceng.TransitionError, ValueError)


def test_version_comes_from_metadata() -> None:
    from importlib.metadata import version

    assert jiceng.__version__ == version("jiceng")


def test_errors_need_something_to_report() -> None:
    with pytest.raises(ValueError, match="at least one"):
        jiceng.IntegrityError([])
    with pytest.raises(ValueError, match="at least one"):
        jiceng.DataFileError("x.json", [])
    error = jiceng.TransitionError("cannot", id="p1", allowed=["planned"])
    assert (error.id, error.allowed) == ("p1", ("planned",))
    many = jiceng.IntegrityError(
        [jiceng.Problem("duplicate_id", (str(i),), f"id {i}") for i in range(7)]
    )
    assert str(many).endswith("and 2 more")
