from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest

import jiceng
from jiceng import SANGANG_SHIBAJI, XIAN_2020, Payroll
from jiceng.cli import main
from jiceng.errors import NeedsHierarchyError, NoSchemeInForceError, UnknownSchemeError
from jiceng.pay import (
    PayOverview,
    PayrollSummary,
    PayUnavailable,
    pay_overview,
    payroll_summary,
    scheme_comparison,
)
from jiceng.results import to_jsonable as convert

from .support import worker

D = datetime.date
ON = D(2026, 11, 26)

RECORDED = json.loads((Path(__file__).parent / "report_0_1.json").read_text(encoding="utf-8"))
"""The figures that jiceng 0.1's report computed for these cases, recorded before the report's
dictionaries became typed results (the typed results must convert to exactly these)."""


@pytest.fixture(scope="module")
def district() -> jiceng.Dataset:
    return jiceng.examples.tongchuan()


def payroll_of(district: jiceng.Dataset) -> Payroll:
    assert district.payroll is not None
    return district.payroll


@pytest.mark.parametrize("unit", [None, "mafangba"])
@pytest.mark.parametrize("on", [ON, D(2021, 3, 1)])
def test_the_summary_is_todays_report(
    district: jiceng.Dataset, unit: str | None, on: datetime.date
) -> None:
    summary = payroll_summary(payroll_of(district), on=on, unit=unit)
    assert isinstance(summary, PayrollSummary)
    assert convert(summary) == RECORDED[f"payroll/{unit}/{on}"]


def test_the_summary_keeps_real_types(district: jiceng.Dataset) -> None:
    summary = payroll_summary(payroll_of(district), on=ON)
    assert summary.on == ON
    assert summary.scheme.reference_wage == Decimal(46974)
    assert summary.annual_cost == Decimal("3006335.88")
    assert summary.monthly * 12 == summary.annual_cost
    assert [row.unit for row in summary.distribution] == [
        "dabeijie",
        "xiaobeijie",
        "tuanbaoliang",
        "mafangba",
        "xinjin",
    ]
    assert sum(row.count for row in summary.headcount) == summary.workers == 60
    assert sum(line.probation for line in summary.list) == summary.on_probation == 2


def test_the_overview_is_todays_report_section(district: jiceng.Dataset) -> None:
    overview = pay_overview(payroll_of(district), on=ON)
    assert type(overview) is PayOverview
    assert convert(overview) == RECORDED[f"overview/{ON}"]
    assert "list" not in convert(overview)


def test_the_overview_without_a_scheme_in_force(district: jiceng.Dataset) -> None:
    overview = pay_overview(payroll_of(district), on=D(2019, 6, 1))
    assert overview == PayUnavailable(
        on=D(2019, 6, 1), error="no pay scheme is in force on 2019-06-01"
    )
    assert convert(overview) == {
        "on": "2019-06-01",
        "error": "no pay scheme is in force on 2019-06-01",
    }
    with pytest.raises(NoSchemeInForceError):
        payroll_summary(payroll_of(district), on=D(2019, 6, 1))


@pytest.mark.parametrize(
    ("scheme", "unit"),
    [
        ("xian_2020", None),
        ("sigang_ershisiji", None),
        ("sangang_shibaji", None),
        ("xian_2020", "xinjin"),
    ],
)
def test_the_comparison_is_todays_report(
    district: jiceng.Dataset, unit: str | None, scheme: str
) -> None:
    result = scheme_comparison(payroll_of(district), scheme, on=ON, unit=unit)
    assert convert(result) == RECORDED[f"compare/{scheme}/{unit}"]


def test_the_comparison_takes_a_scheme(district: jiceng.Dataset) -> None:
    by_name = scheme_comparison(payroll_of(district), "xian_2020", on=ON)
    by_scheme = scheme_comparison(payroll_of(district), XIAN_2020, on=ON)
    assert by_name == by_scheme
    assert (by_name.total_a, by_name.total_b) == (Decimal("3006335.88"), Decimal("2747046.12"))
    assert by_name.difference == Decimal("-259289.76")
    with pytest.raises(UnknownSchemeError) as caught:
        scheme_comparison(payroll_of(district), "nonesuch", on=ON)
    assert isinstance(caught.value, KeyError)


def test_a_summary_needs_a_hierarchy() -> None:
    payroll = Payroll(SANGANG_SHIBAJI, [worker()])
    with pytest.raises(NeedsHierarchyError, match="needs a payroll built with a hierarchy"):
        payroll_summary(payroll, on=ON)
    assert scheme_comparison(payroll, "xian_2020", on=ON).rows[0].grade_a == 5


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def expired_district(tmp_path: Path) -> Path:
    district = jiceng.examples.tongchuan()
    expired = SANGANG_SHIBAJI.model_copy(update={"effective_to": D(2021, 12, 31)})
    path = tmp_path / "expired.json"
    jiceng.dump(district, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["pay_schemes"] = [expired.model_dump(mode="json")]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_overview_of_a_file_without_a_scheme_in_force(tmp_path: Path) -> None:
    payroll = jiceng.load(expired_district(tmp_path)).payroll
    assert payroll is not None
    unavailable = pay_overview(payroll, on=D(2026, 11, 26))
    assert unavailable == PayUnavailable(
        on=D(2026, 11, 26), error="no pay scheme is in force on 2026-11-26"
    )
    available = pay_overview(payroll, on=D(2021, 6, 1))
    assert isinstance(available, PayOverview)
    assert available.scheme.name == "sangang_shibaji"


def test_report_without_a_scheme_in_force(tmp_path: Path) -> None:
    path = expired_district(tmp_path)
    status, text = run("report", str(path))
    assert status == 0
    assert "cannot compute pay" in text
    status, text = run("report", str(path), "--on", "2021-06-01")
    assert status == 0
    assert "scheme in force on 2021-06-01" in text
