from __future__ import annotations

from decimal import Decimal

import pytest
from pydantic import TypeAdapter, ValidationError

from jiceng import SANGANG_SHIBAJI, SIGANG_ERSHISIJI, XIAN_2020, PayScheme
from jiceng.pay import BUILTIN_PAY_SCHEMES, PaySchemeOrName, resolve_pay_scheme


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


def test_builtin_schemes_by_name() -> None:
    assert list(BUILTIN_PAY_SCHEMES) == [
        "sangang_shibaji",
        "sigang_ershisiji",
        "tongchuan_2020",
        "xian_2020",
    ]
    assert all(BUILTIN_PAY_SCHEMES[name].name == name for name in BUILTIN_PAY_SCHEMES)
    assert resolve_pay_scheme("sigang_ershisiji") is SIGANG_ERSHISIJI
    given = {"name": "own"}
    assert resolve_pay_scheme(given) is given


def test_a_scheme_field_takes_a_scheme_or_a_builtin_name() -> None:
    adapter = TypeAdapter(list[PaySchemeOrName])
    custom = SANGANG_SHIBAJI.model_copy(update={"name": "custom"})
    assert adapter.validate_python(["xian_2020", custom.model_dump(mode="json")]) == [
        XIAN_2020,
        custom,
    ]
    with pytest.raises(ValidationError) as caught:
        adapter.validate_python(["sangang_shibaji", "nonesuch"])
    (error,) = caught.value.errors()
    assert error["loc"] == (1,)
    assert error["msg"] == (
        "Value error, unknown built-in pay scheme 'nonesuch'; name one of sangang_shibaji, "
        "sigang_ershisiji, tongchuan_2020, xian_2020 or give a scheme"
    )
    items = adapter.json_schema()["items"]
    assert items["anyOf"][1] == {
        "type": "string",
        "enum": ["sangang_shibaji", "sigang_ershisiji", "tongchuan_2020", "xian_2020"],
    }
