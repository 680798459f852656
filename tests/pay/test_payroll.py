from __future__ import annotations

import datetime
import gc
import io
import json
import pickle
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import jiceng
from jiceng import (
    SANGANG_SHIBAJI,
    SIGANG_ERSHISIJI,
    TONGCHUAN_2020,
    XIAN_2020,
    Hierarchy,
    IntegrityError,
    OrgUnit,
    Payroll,
    Worker,
)
from jiceng.cli import main
from jiceng.errors import (
    InvalidArgumentError,
    JicengError,
    JicengTypeError,
    NeedsHierarchyError,
    NoSchemeInForceError,
    UnknownWorkerError,
)
from jiceng.pay import DEFAULT_UNIT_LEVELS
from jiceng.testing.pay import workers

from .support import worker

D = datetime.date


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


def test_next_step_stops_where_no_scheme_is_in_force() -> None:
    ending = SANGANG_SHIBAJI.model_copy(update={"effective_to": D(2026, 2, 28)})
    assert Payroll(ending, [worker()]).next_step("w1", after=D(2026, 1, 1)) is None


def test_dated_schemes() -> None:
    old = SANGANG_SHIBAJI.model_copy(update={"name": "old", "effective_to": D(2023, 12, 31)})
    new = XIAN_2020.model_copy(update={"name": "new", "effective_from": D(2024, 1, 1)})
    payroll = Payroll([new, old], [worker()])
    assert [s.name for s in payroll.schemes] == ["old", "new"]
    assert payroll.pay("w1", on=D(2023, 6, 1)).scheme == "old"
    assert payroll.pay("w1", on=D(2024, 6, 1)).scheme == "new"
    late = SANGANG_SHIBAJI.model_copy(update={"effective_from": D(2030, 1, 1)})
    with pytest.raises(NoSchemeInForceError, match="no pay scheme is in force") as caught:
        Payroll(late, [worker()]).pay("w1", on=D(2026, 1, 1))
    # A ValueError, as it was before it had a name of its own.
    assert isinstance(caught.value, ValueError)
    with pytest.raises(ValueError, match="no pay scheme is in force"):
        Payroll(late, [worker()]).pay("w1", on=D(2026, 1, 1))
    assert caught.value.on == D(2026, 1, 1)


def test_a_payroll_needs_a_scheme_and_workers() -> None:
    with pytest.raises(InvalidArgumentError, match="at least one pay scheme"):
        Payroll([], [worker()])
    with pytest.raises(JicengTypeError, match="a Payroll holds Worker records"):
        Payroll(SANGANG_SHIBAJI, [worker().model_dump()])  # type: ignore[list-item]


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


def test_duplicate_schemes_are_reported_after_duplicate_workers() -> None:
    ending = SANGANG_SHIBAJI.model_copy(update={"effective_to": D(2020, 12, 31)})
    later = XIAN_2020.model_copy(
        update={"name": "sangang_shibaji", "effective_from": D(2021, 1, 1)}
    )
    with pytest.raises(IntegrityError) as caught:
        Payroll([ending, later], [worker(), worker()])
    assert [p.message for p in caught.value.problems] == [
        "worker id 'w1' is used 2 times",
        "scheme id 'sangang_shibaji' is used 2 times",
    ]


def test_an_appraisal_for_this_year_is_refused() -> None:
    this_year = datetime.date.today().year
    with pytest.raises(IntegrityError) as caught:
        Payroll(SANGANG_SHIBAJI, [worker(appraisals=[{"year": this_year, "rating": "competent"}])])
    assert caught.value.codes == ("future_appraisal",)
    last_year = worker(appraisals=[{"year": this_year - 1, "rating": "competent"}])
    assert len(Payroll(SANGANG_SHIBAJI, [last_year])) == 1


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
    assert [w.id for w in payroll.workers("s1")] == ["a", "b", "c", "d"]
    assert payroll.headcount(on=on) == {("head", 10): 1, ("other", 4): 3}
    spread = payroll.distribution(on=on)
    assert list(spread) == ["c1", "c2"]
    assert spread["c1"].workers == 2
    assert spread["c1"].total == payroll.pay("a", on=on).monthly + payroll.pay("b", on=on).monthly
    with pytest.raises(UnknownWorkerError):
        payroll.get("zz")
    with pytest.raises(NeedsHierarchyError, match="needs a payroll built with a hierarchy"):
        Payroll(SANGANG_SHIBAJI, [worker()]).annual_cost("c1", on=on)
    with pytest.raises(NeedsHierarchyError, match="needs a payroll built with a hierarchy"):
        Payroll(SANGANG_SHIBAJI, [worker()]).distribution(on=on)


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
    assert b_row[4] is None
    assert b_row[1] == 3 + 11 // 2
    assert result.total_a == a_row[2]
    assert result.total_b == a_row[4]
    assert result.difference == result.total_b - result.total_a


def test_compare_leaves_out_workers_not_yet_serving() -> None:
    payroll = Payroll(
        SANGANG_SHIBAJI,
        [worker("a"), worker("late", service_start="2027-01-01", hired="2027-01-01")],
    )
    result = payroll.compare(SANGANG_SHIBAJI, XIAN_2020, on=D(2026, 1, 1))
    assert result.rows[1] == ("late", None, None, None, None)
    assert result.total_a == payroll.pay("a", on=D(2026, 1, 1)).annual


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


# -- the container ---------------------------------------------------------------------------


def test_the_container(town: Hierarchy) -> None:
    staff = [worker("a"), worker("b", unit="c2")]
    payroll = Payroll(SANGANG_SHIBAJI, staff, town)
    assert len(payroll) == 2
    assert list(payroll) == staff
    assert "a" in payroll
    assert staff[1] in payroll
    assert "zz" not in payroll
    assert 3 not in payroll
    assert payroll.get(staff[1]) is staff[1]
    assert payroll.hierarchy is town
    assert payroll.unit_levels == DEFAULT_UNIT_LEVELS == ("street", "community")
    assert repr(payroll) == "<Payroll of 2 workers, 1 schemes>"
    assert payroll == Payroll(SANGANG_SHIBAJI, staff)
    assert payroll != Payroll(XIAN_2020, staff)
    assert payroll != Payroll(SANGANG_SHIBAJI, staff, unit_levels=["community"])
    assert payroll != Payroll(SANGANG_SHIBAJI, staff[:1])


def test_a_missing_worker_is_the_named_lookup_error() -> None:
    payroll = Payroll(SANGANG_SHIBAJI, [worker()])
    for call in (
        lambda: payroll.get("w9"),
        lambda: payroll.grade("w9", on=D(2026, 1, 1)),
        lambda: payroll.pay("w9", on=D(2026, 1, 1)),
        lambda: payroll.next_step("w9", after=D(2026, 1, 1)),
    ):
        with pytest.raises(UnknownWorkerError) as caught:
            call()
        assert isinstance(caught.value, KeyError)
        assert isinstance(caught.value, JicengError)
        assert caught.value.id == "w9"
        assert str(caught.value) == "no worker with id 'w9'"


def test_pickling_a_payroll_alone() -> None:
    payroll = Payroll(
        [SANGANG_SHIBAJI], [worker(), worker("b", post="head")], unit_levels=["community"]
    )
    again = pickle.loads(pickle.dumps(payroll))
    assert again == payroll
    assert again.unit_levels == ("community",)
    assert again.pay("b", on=D(2026, 1, 1)) == payroll.pay("b", on=D(2026, 1, 1))


def test_pickling_a_payroll_with_its_hierarchy(town: Hierarchy) -> None:
    payroll = Payroll(SANGANG_SHIBAJI, [worker(), worker("c", unit="c2")], town)
    town_again, payroll_again = pickle.loads(pickle.dumps((town, payroll)))
    assert payroll_again == payroll
    assert town_again == town
    assert payroll_again.hierarchy is town_again
    assert [w.id for w in payroll_again.workers("c2")] == ["c"]
    with pytest.raises(IntegrityError) as caught, town_again.edit() as batch:
        batch.remove("c2")
    assert caught.value.codes == ("unknown_unit",)
    assert "c2" in town_again


# -- the bundled staff, files and the command line -------------------------------------------


def test_bundled_staff() -> None:
    district = jiceng.examples.tongchuan()
    payroll = district.payroll
    assert payroll is not None
    assert payroll.hierarchy is district.hierarchy
    assert [s.name for s in payroll.schemes] == ["tongchuan_2020"]
    per_unit = Counter(w.unit for w in payroll)
    assert set(per_unit) >= {"tuanbaoliang", "mafangba", "xiaobeijie", "dabeijie", "xinjin"}
    assert max(per_unit.values()) <= 17
    heads = Counter(w.unit for w in payroll if w.post == "head")
    assert all(heads[unit] == 1 for unit in per_unit)
    on = D(2026, 11, 26)
    assert sum(payroll.pay(w, on=on).probation for w in payroll) == 2


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
    assert "tongchuan_2020" in text
    assert "illustrative" in text
    status, text = run("payroll", "--unit", "mafangba", "--on", "2026-11-26", "--json")
    data = json.loads(text)
    assert status == 0
    assert data["unit"] == "mafangba"
    assert data["workers"] == len(data["list"]) == 17
    assert Decimal(data["annual_cost"]) == sum(Decimal(w["annual"]) for w in data["list"])
    assert Decimal(data["annual_cost"]) == Decimal("860279.40")
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
    expected = district.payroll.compare(TONGCHUAN_2020, XIAN_2020, on=D(2026, 11, 26))
    assert Decimal(data["total_a"]) == expected.total_a
    assert Decimal(data["total_b"]) == expected.total_b
    assert len(data["rows"]) == len(district.payroll.serving(on=D(2026, 11, 26)))
    status, text = run("payroll", "--on", on, "--unit", "xinjin", "--compare", "xian_2020")
    assert status == 0
    assert "Annual pay under tongchuan_2020 and under xian_2020" in text
    with pytest.raises(SystemExit):
        run("payroll", "--compare", "nonesuch")


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
