from __future__ import annotations

import datetime
import gc
import io
import json
from collections import Counter
from decimal import Decimal
from itertools import pairwise
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import jiceng
from jiceng import (
    SANGANG_SHIBAJI,
    SIGANG_ERSHISIJI,
    XIAN_2020,
    Hierarchy,
    IntegrityError,
    OrgUnit,
    Payroll,
    PayScheme,
    UnknownUnitError,
    Worker,
)
from jiceng.cli import main

D = datetime.date


@pytest.fixture
def town() -> Hierarchy:
    return Hierarchy(
        [
            OrgUnit(id="s1", name="东城街道", level="street"),
            OrgUnit(id="c1", name="一社区", level="community", parent="s1"),
            OrgUnit(id="g1", name="一网格", level="grid", parent="c1"),
            OrgUnit(id="c2", name="二社区", level="community", parent="s1"),
        ]
    )


def worker(wid: str = "w1", **changes: Any) -> Worker:
    data: dict[str, Any] = {
        "id": wid,
        "name": f"{wid}号",
        "unit": "c1",
        "post": "other",
        "service_start": "2014-03-01",
        "hired": "2014-03-01",
    }
    data.update(changes)
    return Worker.model_validate(data)


# -- records ---------------------------------------------------------------------------------


SCHEME = SANGANG_SHIBAJI.model_dump()


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"grades": 12}, "band_outside_scheme"),
        ({"coefficients": SCHEME["coefficients"][:10]}, "ladder_length"),
        ({"coefficients": None}, "ladder_choice"),
        ({"table": {"head": [1] * 12, "deputy": [1] * 12, "other": [1] * 12}}, "ladder_choice"),
        ({"certificate_allowances": {"assistant": 200}}, "certificate_rule"),
        ({"posts": [SCHEME["posts"][0], SCHEME["posts"][0]]}, "duplicate_post"),
        ({"effective_to": "2019-12-31"}, "dates_order"),
        (
            {"posts": [{"key": "x", "name": "x", "label": "x", "lowest": 5, "highest": 3}]},
            "band_order",
        ),
        ({"probation_rate": "1.2"}, "less_than_equal"),
        ({"performance": {"excellent": "-1"}}, "greater_than_equal"),
    ],
)
def test_invalid_schemes(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PayScheme.model_validate({**SCHEME, **changes})
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_table_schemes() -> None:
    table = PayScheme(
        name="table",
        title="表",
        effective_from=D(2020, 1, 1),
        posts=[{"key": "a", "name": "正职", "label": "head", "lowest": 2, "highest": 3}],
        grades=3,
        table={"a": ["4000", "4200.50"]},
    )
    assert table.base("a", 3) == Decimal("4200.50")
    with pytest.raises(ValueError, match="outside the band"):
        table.base("a", 1)
    with pytest.raises(ValidationError) as caught:
        PayScheme.model_validate({**table.model_dump(), "table": {"a": ["4000"]}})
    assert caught.value.errors()[0]["type"] == "ladder_length"


@pytest.mark.parametrize(
    ("changes", "error_type"),
    [
        ({"hired": "2013-01-01"}, "dates_order"),
        (
            {
                "appraisals": [
                    {"year": 2020, "rating": "excellent"},
                    {"year": 2020, "rating": "competent"},
                ]
            },
            "duplicate_appraisal",
        ),
        ({"appraisals": [{"year": 2020, "rating": "superb"}]}, "enum"),
        (
            {"post_history": [{"post": "other", "start": "2020-01-01", "end": "2019-01-01"}]},
            "dates_order",
        ),
        ({"degree": "phd"}, "enum"),
        ({"post": "Head Of"}, "key_format"),
    ],
)
def test_invalid_workers(changes: dict[str, Any], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        worker(**changes)
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_templates() -> None:
    assert [(p.name, p.lowest, p.highest) for p in SANGANG_SHIBAJI.posts] == [
        ("正职", 7, 18),
        ("副职", 4, 15),
        ("其他", 1, 12),
    ]
    assert (SANGANG_SHIBAJI.grades, SANGANG_SHIBAJI.years_per_step) == (18, 3)
    assert [p.name for p in SIGANG_ERSHISIJI.posts] == ["正职", "副职", "专职", "其他"]
    assert (SIGANG_ERSHISIJI.grades, SIGANG_ERSHISIJI.years_per_step) == (24, 2)
    assert SANGANG_SHIBAJI.illustrative
    for scheme in (SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020):
        assert PayScheme.model_validate_json(scheme.model_dump_json()) == scheme


@pytest.mark.parametrize(
    ("post", "low", "high"),
    [("head", 3800, 5400), ("deputy", 3480, 4920), ("other", 3200, 4450)],
)
def test_xian_example_reproduces_the_published_ranges(post: str, low: int, high: int) -> None:
    band = XIAN_2020.post(post)
    assert XIAN_2020.reference_wage == Decimal(38724)
    assert abs(XIAN_2020.base(post, band.lowest) - low) <= 50
    assert abs(XIAN_2020.base(post, band.highest) - high) <= 50
    ladder = [XIAN_2020.base(post, g) for g in range(band.lowest, band.highest + 1)]
    assert ladder == sorted(ladder)


# -- grades ----------------------------------------------------------------------------------


def test_grade_rule() -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [
            worker("plain"),
            worker("degree", degree="master"),
            worker("cert", certificate="social_worker"),
            worker(
                "withheld",
                appraisals=[
                    {"year": 2020, "rating": "incompetent"},
                    {"year": 2021, "rating": "incompetent"},
                ],
            ),
            worker(
                "head",
                post="head",
                service_start="1990-01-01",
                hired="1990-01-01",
                certificate="senior",
            ),
            worker("new", service_start="2025-12-01", hired="2025-12-01"),
        ],
    )
    on = D(2026, 1, 1)
    plain = payroll.grade("plain", on=on)
    assert (plain.service_years, plain.countable_years, plain.steps, plain.grade) == (11, 11, 3, 4)
    assert payroll.grade("degree", on=on).grade == 1 + (11 + 5) // 3
    assert payroll.grade("cert", on=on).grade == 4 + 2
    withheld = payroll.grade("withheld", on=on)
    assert (withheld.withheld_years, withheld.grade) == (2, 1 + 9 // 3)
    head = payroll.grade("head", on=on)
    assert (head.grade, head.capped) == (18, True)
    assert payroll.grade("new", on=on).grade == 1
    assert "grade 18 (capped at the ceiling 18)" in payroll.grade("head", on=on).lines()
    with pytest.raises(ValueError, match="had not started"):
        payroll.grade("new", on=D(2025, 1, 1))
    with pytest.raises(ValueError, match="no pay scheme is in force"):
        payroll.grade("plain", on=D(2019, 1, 1))


def test_a_change_of_post_moves_into_the_new_band() -> None:
    promoted = worker(
        post="deputy",
        post_history=[
            {"post": "other", "start": "2014-03-01", "end": "2022-06-30"},
            {"post": "deputy", "start": "2022-07-01"},
        ],
    )
    payroll = Payroll(SANGANG_SHIBAJI, [promoted])
    assert payroll.grade("w1", on=D(2022, 6, 30)).post == "other"
    assert payroll.grade("w1", on=D(2022, 6, 30)).grade == 1 + 8 // 3
    after = payroll.grade("w1", on=D(2022, 7, 1))
    assert (after.post, after.band, after.grade) == ("deputy", (4, 15), 4 + 8 // 3)


@st.composite
def workers(draw: st.DrawFn) -> Worker:
    start = draw(st.dates(D(1995, 1, 1), D(2024, 12, 31)))
    years = list(range(start.year, 2026))
    appraisals = (
        [
            {
                "year": y,
                "rating": draw(
                    st.sampled_from(
                        ["excellent", "competent", "basically_competent", "incompetent"]
                    )
                ),
            }
            for y in draw(st.lists(st.sampled_from(years), unique=True, max_size=8))
        ]
        if years
        else []
    )
    history = []
    if draw(st.booleans()):
        change = start + datetime.timedelta(days=draw(st.integers(1, 6000)))
        history = [
            {
                "post": "other",
                "start": start.isoformat(),
                "end": (change - datetime.timedelta(days=1)).isoformat(),
            },
            {"post": draw(st.sampled_from(["deputy", "head"])), "start": change.isoformat()},
        ]
    return worker(
        post=draw(st.sampled_from(["head", "deputy", "other"])),
        service_start=start.isoformat(),
        hired=(start + datetime.timedelta(days=draw(st.integers(0, 400)))).isoformat(),
        degree=draw(st.sampled_from([None, "associate", "bachelor", "master", "doctor"])),
        certificate=draw(st.sampled_from([None, "assistant", "social_worker", "senior"])),
        appraisals=appraisals,
        post_history=history,
    )


@given(
    workers(),
    st.lists(st.dates(D(1995, 1, 1), D(2070, 12, 31)), min_size=2, max_size=12),
    st.sampled_from([SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020]),
)
def test_grades_stay_in_band_and_only_fall_when_withheld_or_moved(
    w: Worker, dates: list[datetime.date], scheme: PayScheme
) -> None:
    payroll = Payroll(scheme, [w])
    days = sorted(d for d in dates if d >= max(w.service_start, scheme.effective_from))
    grades = [payroll.grade(w, on=d) for d in days]
    for g in grades:
        low, high = g.band
        assert low <= g.grade <= high
        band = scheme.post(g.post)
        assert g.band == (band.lowest, band.highest)
    for a, b in pairwise(grades):
        if b.grade < a.grade:
            assert b.withheld_years > a.withheld_years or b.post != a.post


# -- pay -------------------------------------------------------------------------------------


def test_pay_breakdown() -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [
            worker("a", appraisals=[{"year": 2025, "rating": "excellent"}]),
            worker("b"),
            worker("new", service_start="2025-10-15", hired="2025-10-15"),
        ],
    )
    on = D(2026, 1, 1)
    a = payroll.pay("a", on=on)
    assert a.base == SANGANG_SHIBAJI.base("other", 4) == Decimal("5750.00")  # 60000 × 1.15 / 12
    assert a.performance == Decimal(600)
    assert a.monthly == a.total == a.base + a.performance
    assert a.annual == 12 * a.monthly
    assert payroll.pay("b", on=on).performance == Decimal(400)  # unappraised: competent
    new = payroll.pay("new", on=on)
    assert new.probation
    assert new.base == Decimal("4000.00")  # 80% of the grade-1 rate of 5000
    assert new.performance == 0
    assert not payroll.pay("new", on=D(2026, 4, 15)).probation


def test_certificate_allowances() -> None:
    w = worker(certificate="senior", post="specialist")
    pay = Payroll(SIGANG_ERSHISIJI, [w]).pay(w, on=D(2026, 1, 1))
    assert pay.allowances == Decimal(500)
    assert pay.grade == 3 + 11 // 2  # no extra grades under an allowance scheme


def test_next_step() -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [worker(), worker("top", post="head", service_start="1980-01-01", hired="1980-01-01")],
    )
    step = payroll.next_step("w1", after=D(2026, 1, 1))
    assert step is not None
    assert (step.on, step.grade) == (D(2026, 3, 1), 5)
    assert step.pay.grade == 5
    assert payroll.grade("w1", on=step.on - datetime.timedelta(days=1)).grade == 4
    assert payroll.next_step("top", after=D(2026, 1, 1)) is None


def test_dated_schemes() -> None:
    old = SANGANG_SHIBAJI.model_copy(update={"name": "old", "effective_to": D(2023, 12, 31)})
    new = XIAN_2020.model_copy(update={"name": "new", "effective_from": D(2024, 1, 1)})
    payroll = Payroll([new, old], [worker()])
    assert payroll.pay("w1", on=D(2023, 6, 1)).scheme == "old"
    assert payroll.pay("w1", on=D(2024, 6, 1)).scheme == "new"
    late = SANGANG_SHIBAJI.model_copy(update={"effective_from": D(2030, 1, 1)})
    with pytest.raises(ValueError, match="no pay scheme is in force"):
        Payroll(late, [worker()]).pay("w1", on=D(2026, 1, 1))


# -- the payroll ------------------------------------------------------------------------------


def test_every_problem_at_once(town: Hierarchy) -> None:
    overlapping = SANGANG_SHIBAJI.model_copy(update={"name": "second"})
    with pytest.raises(IntegrityError) as caught:
        Payroll(
            [SANGANG_SHIBAJI, overlapping],
            [
                worker("dup"),
                worker("dup"),
                worker("post", post="mayor"),
                worker("nowhere", unit="zz"),
                worker("grid", unit="g1"),
                worker("future", appraisals=[{"year": 2090, "rating": "excellent"}]),
                worker(
                    "twice",
                    post_history=[
                        {"post": "other", "start": "2014-03-01"},
                        {"post": "deputy", "start": "2020-01-01"},
                    ],
                ),
            ],
            town,
        )
    assert [(p.code, p.ids[0]) for p in caught.value.problems] == [
        ("duplicate_id", "dup"),
        ("overlapping_schemes", "sangang_shibaji"),
        ("unknown_post", "post"),
        ("future_appraisal", "future"),
        ("overlapping_posts", "twice"),
        ("unknown_unit", "nowhere"),
        ("unit_level", "grid"),
    ]


def test_roll_ups(town: Hierarchy) -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [worker("a"), worker("b", post="head"), worker("c", unit="c2"), worker("d", unit="s1")],
        town,
    )
    on = D(2026, 1, 1)
    total = sum((payroll.pay(w, on=on).annual for w in payroll), Decimal(0))
    assert payroll.annual_cost(on=on) == total
    assert payroll.annual_cost("s1", on=on) == total
    assert (
        payroll.annual_cost("c1", on=on)
        == payroll.pay("a", on=on).annual + payroll.pay("b", on=on).annual
    )
    assert [w.id for w in payroll.workers("c2")] == ["c"]
    assert payroll.headcount(on=on) == {("head", 10): 1, ("other", 4): 3}
    spread = payroll.distribution(on=on)
    assert list(spread) == ["c1", "c2"]
    assert spread["c1"].workers == 2
    assert spread["c1"].total == payroll.pay("a", on=on).monthly + payroll.pay("b", on=on).monthly
    with pytest.raises(UnknownUnitError):
        payroll.get("zz")
    with pytest.raises(ValueError, match="needs a payroll built with a hierarchy"):
        Payroll(SANGANG_SHIBAJI, [worker()]).annual_cost("c1", on=on)


@given(st.lists(workers(), max_size=8), st.dates(D(2026, 1, 1), D(2040, 1, 1)))
def test_roll_ups_equal_the_sum_of_pay(staff: list[Worker], on: datetime.date) -> None:
    town = Hierarchy(
        [
            OrgUnit(id="s1", name="东城街道", level="street"),
            OrgUnit(id="c1", name="一社区", level="community", parent="s1"),
        ]
    )
    staff = [w.model_copy(update={"id": f"w{i}"}) for i, w in enumerate(staff)]
    payroll = Payroll(SANGANG_SHIBAJI, staff, town)
    pays = [payroll.pay(w, on=on) for w in staff]
    assert payroll.annual_cost("s1", on=on) == sum((p.annual for p in pays), Decimal(0))
    assert sum(payroll.headcount(on=on).values()) == len(staff)
    if staff:
        assert payroll.distribution(on=on)["c1"].total == sum((p.monthly for p in pays), Decimal(0))


def test_compare() -> None:
    payroll = Payroll(SIGANG_ERSHISIJI, [worker("a"), worker("b", post="specialist")])
    result = payroll.compare(SIGANG_ERSHISIJI, SANGANG_SHIBAJI, on=D(2026, 1, 1))
    a_row, b_row = result.rows
    assert a_row[0] == "a"
    assert None not in a_row
    assert b_row[3] is None  # 三岗十八级 has no 专职 post
    assert result.total_a == a_row[2]
    assert result.total_b == a_row[4]
    assert result.difference == result.total_b - result.total_a


def test_edits_cannot_strand_workers(town: Hierarchy) -> None:
    payroll = Payroll(SANGANG_SHIBAJI, [worker()], town)
    with pytest.raises(IntegrityError) as caught, town.edit() as batch:
        batch.remove("c1")
    assert caught.value.codes == ("unknown_unit",)
    del payroll
    gc.collect()
    with town.edit() as batch:
        batch.remove("c1")
    assert "c1" not in town


# -- the bundled staff, files and the command line -------------------------------------------


def test_bundled_staff() -> None:
    district = jiceng.examples.tongchuan()
    payroll = district.payroll
    assert payroll is not None
    assert payroll.hierarchy is district.hierarchy
    assert [s.name for s in payroll.schemes] == ["sangang_shibaji"]
    per_unit = Counter(w.unit for w in payroll)
    assert set(per_unit) >= {"tuanbaoliang", "mafangba", "xiaobeijie", "dabeijie", "xinjin"}
    assert max(per_unit.values()) <= 17
    heads = Counter(w.unit for w in payroll if w.post == "head")
    assert all(heads[unit] == 1 for unit in per_unit)
    on = D(2026, 11, 26)
    assert sum(payroll.pay(w, on=on).probation for w in payroll) >= 1


def test_pay_sections_in_files(tmp_path: Path) -> None:
    units = [{"id": "c1", "name": "一社区", "level": "community"}]
    path = tmp_path / "p.json"
    custom = SANGANG_SHIBAJI.model_copy(update={"name": "custom", "illustrative": False})
    document: dict[str, Any] = {
        "format": "jiceng/1",
        "units": units,
        "pay_schemes": [custom.model_dump(mode="json")],
        "workers": [worker().model_dump(mode="json")],
    }
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    loaded = jiceng.load(path)
    assert loaded.payroll is not None
    assert loaded.payroll.schemes == (custom,)
    out = tmp_path / "out.json"
    jiceng.dump(loaded, out)
    assert jiceng.load(out) == loaded
    document["pay_schemes"] = ["nonesuch"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(jiceng.DataFileError) as caught:
        jiceng.load(path)
    assert caught.value.field == "pay_schemes"
    del document["pay_schemes"]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(IntegrityError) as integrity:
        jiceng.load(path)
    assert integrity.value.codes == ("no_pay_scheme",)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), out=out), out.getvalue()


def test_payroll_command(capsys: pytest.CaptureFixture[str]) -> None:
    status, text = run("payroll", "--on", "2026-11-26")
    assert status == 0
    assert "sangang_shibaji" in text
    assert "illustrative" in text
    status, text = run("payroll", "--unit", "mafangba", "--on", "2026-11-26", "--json")
    data = json.loads(text)
    assert status == 0
    assert data["unit"] == "mafangba"
    assert data["workers"] == len(data["list"]) <= 17
    assert Decimal(data["annual_cost"]) == sum(Decimal(w["annual"]) for w in data["list"])
    assert run("payroll", "--unit", "nope")[0] == 1
    assert "no unit" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        run("payroll", "--on", "yesterday")
    status, text = run("report")
    assert "Community workers' pay" in text


def test_payroll_command_compares_schemes() -> None:
    on = "2026-11-26"
    status, text = run("payroll", "--on", on, "--compare", "xian_2020", "--json")
    assert status == 0
    data = json.loads(text)["compare"]
    district = jiceng.examples.tongchuan()
    assert district.payroll is not None
    expected = district.payroll.compare(SANGANG_SHIBAJI, XIAN_2020, on=D(2026, 11, 26))
    assert Decimal(data["total_a"]) == expected.total_a
    assert Decimal(data["total_b"]) == expected.total_b
    assert len(data["rows"]) == len(district.payroll.serving(on=D(2026, 11, 26)))
    status, text = run("payroll", "--on", on, "--unit", "xinjin", "--compare", "xian_2020")
    assert status == 0
    assert "Annual pay under sangang_shibaji and under xian_2020" in text
    with pytest.raises(SystemExit):
        run("payroll", "--compare", "nonesuch")


def test_a_leap_day_start_steps_on_the_first_of_march() -> None:
    w = worker(service_start="2020-02-29", hired="2020-02-29")
    payroll = Payroll(SANGANG_SHIBAJI, [w])
    assert payroll.grade(w, on=D(2023, 2, 28)).grade == 1
    assert payroll.grade(w, on=D(2023, 3, 1)).grade == 2
    step = payroll.next_step(w, after=D(2022, 12, 31))
    assert step is not None
    assert step.on == D(2023, 3, 1)


def test_every_overlap_of_schemes_and_posts_the_latest_scheme_lacks() -> None:
    a = SANGANG_SHIBAJI.model_copy(update={"name": "a", "effective_to": D(2030, 12, 31)})
    b = SANGANG_SHIBAJI.model_copy(
        update={"name": "b", "effective_from": D(2021, 1, 1), "effective_to": D(2022, 12, 31)}
    )
    c = SANGANG_SHIBAJI.model_copy(
        update={"name": "c", "effective_from": D(2023, 1, 1), "effective_to": D(2024, 12, 31)}
    )
    with pytest.raises(IntegrityError) as caught:
        Payroll([a, b, c], [worker()])
    assert [p.ids for p in caught.value.problems] == [("a", "b"), ("a", "c")]
    old = SIGANG_ERSHISIJI.model_copy(update={"effective_to": D(2021, 12, 31)})
    new = SANGANG_SHIBAJI.model_copy(update={"effective_from": D(2022, 1, 1)})
    with pytest.raises(IntegrityError) as caught:
        Payroll([old, new], [worker(post="specialist")])
    assert caught.value.codes == ("unknown_post",)


def test_report_without_a_scheme_in_force(tmp_path: Path) -> None:
    district = jiceng.examples.tongchuan()
    assert district.payroll is not None
    expired = SANGANG_SHIBAJI.model_copy(update={"effective_to": D(2021, 12, 31)})
    path = tmp_path / "expired.json"
    jiceng.dump(district, path)
    document = json.loads(path.read_text(encoding="utf-8"))
    document["pay_schemes"] = [expired.model_dump(mode="json")]
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    status, text = run("report", str(path))
    assert status == 0
    assert "cannot compute pay" in text
    status, text = run("report", str(path), "--on", "2021-06-01")
    assert status == 0
    assert "scheme in force on 2021-06-01" in text
