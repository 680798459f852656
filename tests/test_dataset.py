from __future__ import annotations

import pickle
import threading
from pathlib import Path

import pytest

import jiceng
from jiceng import Dataset, IntegrityError, Portfolio
from jiceng.dataset import DatasetFile, DatasetFileBase
from jiceng.errors import ForeignHierarchyError, JicengTypeError
from jiceng.pay import Payroll
from jiceng.services import ServiceCatalogue


def test_the_bundled_dataset_pickles_equal_and_stays_guarded() -> None:
    district = jiceng.examples.tongchuan()
    again = pickle.loads(pickle.dumps(district))
    assert again == district
    assert list(again.engines) == ["renovation", "pay", "services", "history"]
    # The engines still refer to the unpickled hierarchy, which they still guard.
    assert all(engine.hierarchy is again.hierarchy for engine in again.engines.values())  # type: ignore[attr-defined]
    compound = again.renovation.get("2022-xinjinyuan").compound
    with pytest.raises(IntegrityError) as caught, again.hierarchy.edit() as batch:
        batch.remove(compound)
    assert "unknown_compound" in caught.value.codes
    assert compound in again.hierarchy


def test_a_dataset_crosses_to_another_thread_by_pickle() -> None:
    # What multiprocessing and joblib do: pickle in one place, unpickle in another.
    payload = pickle.dumps(jiceng.examples.tongchuan())
    seen: list[int] = []
    worker = threading.Thread(target=lambda: seen.append(len(pickle.loads(payload).hierarchy)))
    worker.start()
    worker.join()
    assert seen == [793]


def test_engines_by_domain_and_earlier_names() -> None:
    district = jiceng.examples.tongchuan()
    assert isinstance(district.renovation, Portfolio)
    assert district.projects is district.renovation
    assert isinstance(district.pay, Payroll)
    assert district.payroll is district.pay
    assert isinstance(district.services, ServiceCatalogue)
    assert district.engine(Payroll) is district.pay
    assert district.engine(int) is None
    with pytest.raises(AttributeError, match="no attribute 'nonesuch'"):
        _ = district.nonesuch
    again = Dataset(district.hierarchy, district.name, projects=district.renovation)
    assert list(again.engines) == ["renovation"]
    assert again == Dataset(district.hierarchy, district.name, renovation=district.renovation)
    assert again.pay is None
    assert repr(again) == "<Dataset '通川区 (达州市) example district': 793 units; renovation>"


def test_bad_engines_are_refused() -> None:
    district = jiceng.examples.tongchuan()
    other = jiceng.examples.mafangba()
    with pytest.raises(ForeignHierarchyError):
        Dataset(other, renovation=district.renovation)
    with pytest.raises(JicengTypeError, match="no domain 'parking'"):
        Dataset(district.hierarchy, parking=district.renovation)
    with pytest.raises(JicengTypeError, match="must be a Payroll"):
        Dataset(district.hierarchy, pay=district.renovation)
    with pytest.raises(JicengTypeError):
        Dataset(other.to_networkx())  # type: ignore[arg-type]


def test_the_document_model_has_every_domains_fields_in_file_order() -> None:
    assert issubclass(DatasetFile, DatasetFileBase)
    assert list(DatasetFile.model_fields) == [
        "format",
        "name",
        "description",
        "scheme",
        "units",
        "renovation_level",
        "renovation_policy",
        "projects",
        "pay_schemes",
        "workers",
        "worker_levels",
        "departments",
        "services",
        "centres",
        "walking_times",
        "centre_levels",
        "changes",
    ]


def test_a_file_without_domain_sections_has_no_engines(tmp_path: Path) -> None:
    path = tmp_path / "units.json"
    jiceng.dump(jiceng.examples.mafangba(), path)
    dataset = jiceng.load(path)
    assert dataset.engines == {}
    assert (dataset.renovation, dataset.pay, dataset.services) == (None, None, None)
