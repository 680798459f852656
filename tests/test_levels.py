from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from pydantic import ValidationError

from jiceng import RURAL, URBAN_FIVE_LEVEL, URBAN_FOUR_LEVEL, Level, LevelScheme, OrgKind
from jiceng.testing import level_schemes


def level(key: str, **extra: Any) -> dict[str, Any]:
    return {
        "key": key,
        "territory": "网格",
        "organisation": "网格党支部",
        "label": key,
        "kind": "branch",
        **extra,
    }


def test_org_kinds_carry_chinese_names() -> None:
    assert [(kind.value, kind.zh) for kind in OrgKind] == [
        ("local_committee", "地方党委"),
        ("working_committee", "党工委"),
        ("committee", "党委"),
        ("general_branch", "党总支"),
        ("branch", "党支部"),
        ("group", "党小组"),
    ]


def test_the_default_five_level_scheme() -> None:
    assert URBAN_FIVE_LEVEL.keys == ("street", "community", "grid", "compound", "building")
    assert [lv.organisation for lv in URBAN_FIVE_LEVEL] == [
        "街道党工委",
        "社区党委",
        "网格党总支",
        "小区党支部",
        "楼栋党小组",
    ]
    assert [lv.kind for lv in URBAN_FIVE_LEVEL] == list(OrgKind)[1:]
    for upper, lower in zip(URBAN_FIVE_LEVEL.keys, URBAN_FIVE_LEVEL.keys[1:], strict=False):
        assert URBAN_FIVE_LEVEL.parent_levels(lower) == (upper,)
    assert all(URBAN_FIVE_LEVEL.may_be_root(key) for key in URBAN_FIVE_LEVEL.keys)


def test_other_built_in_schemes() -> None:
    assert URBAN_FOUR_LEVEL.keys == ("street", "community", "compound", "building")
    assert URBAN_FOUR_LEVEL.admits("community", "compound")
    assert RURAL.keys == ("township", "village", "villager_group")
    assert RURAL["villager_group"].organisation == "村民小组党支部"


def test_scheme_lookup() -> None:
    assert "grid" in URBAN_FIVE_LEVEL
    assert "county" not in URBAN_FIVE_LEVEL
    assert len(URBAN_FIVE_LEVEL) == 5
    assert URBAN_FIVE_LEVEL.index("grid") == 2
    with pytest.raises(KeyError):
        URBAN_FIVE_LEVEL["county"]
    with pytest.raises(KeyError):
        URBAN_FIVE_LEVEL.index("county")


def test_defaults_admit_the_level_above_and_root_the_first() -> None:
    scheme = LevelScheme(name="s", title="三级", levels=[level("a"), level("b"), level("c")])
    assert scheme.parent_levels("a") == ()
    assert scheme.parent_levels("c") == ("b",)
    assert scheme.may_be_root("a")
    assert not scheme.may_be_root("b")


def test_nesting_and_extra_parents() -> None:
    scheme = LevelScheme(
        name="micro",
        title="微网格",
        levels=[level("community"), level("grid", parents=["community", "grid"])],
    )
    assert scheme.admits("grid", "grid")
    assert scheme.admits("community", "grid")


INVALID_SCHEMES: list[tuple[list[dict[str, Any]], str]] = [
    ([], "too_short"),
    ([level("a"), level("a")], "duplicate_level"),
    ([level("a"), level("b", parents=["zz"])], "unknown_parent_level"),
    ([level("a", root=False)], "no_root_level"),
    ([level("a"), level("b", parents=[], root=False)], "unreachable_level"),
    ([level("Bad Key")], "key_format"),
    ([level("a", kind="club")], "enum"),
    ([level("a", territory="")], "string_too_short"),
]


@pytest.mark.parametrize(("levels", "error_type"), INVALID_SCHEMES)
def test_invalid_schemes(levels: list[dict[str, Any]], error_type: str) -> None:
    with pytest.raises(ValidationError) as caught:
        LevelScheme(name="bad", title="坏", levels=levels)  # type: ignore[arg-type]
    assert error_type in {e["type"] for e in caught.value.errors()}


def test_level_records_are_frozen_and_strict() -> None:
    lv = Level(**level("a"))
    with pytest.raises(ValidationError):
        lv.key = "b"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Level(**level("a"), colour="red")


@given(level_schemes())
def test_schemes_round_trip_through_json(scheme: LevelScheme) -> None:
    assert LevelScheme.model_validate_json(scheme.model_dump_json()) == scheme


@pytest.mark.parametrize("scheme", [URBAN_FIVE_LEVEL, URBAN_FOUR_LEVEL, RURAL])
def test_built_in_schemes_round_trip(scheme: LevelScheme) -> None:
    assert LevelScheme.model_validate_json(scheme.model_dump_json()) == scheme


def test_a_level_only_reachable_through_itself_is_rejected() -> None:
    with pytest.raises(ValidationError) as caught:
        LevelScheme(
            name="bad",
            title="坏",
            levels=[level("a"), level("grid", parents=["grid"], root=False)],
        )
    assert [e["type"] for e in caught.value.errors()] == ["unreachable_level"]


def test_a_vocabulary_needs_every_label() -> None:
    from jiceng._vocabulary import Vocabulary, labels

    with pytest.raises(TypeError, match="no Chinese label for b"):

        @labels({"a": "甲"})
        class Pair(Vocabulary):
            A = "a"
            B = "b"


def test_code_digits_are_validated() -> None:

    assert Level.model_validate(level("g", code_digits=0)).code_digits == 0
    assert Level.model_validate(level("g")).code_digits is None
    for bad in (1, 3, 13, -2):
        with pytest.raises(ValidationError) as caught:
            Level.model_validate(level("g", code_digits=bad))
        assert caught.value.errors()[0]["type"] == "code_digits"


def test_every_built_in_scheme_declares_code_digits() -> None:
    from jiceng.levels import ADMINISTRATIVE, BUILTIN_SCHEMES

    expected = {
        "urban_five_level": [9, 12, 0, 0, 0],
        "urban_four_level": [9, 12, 0, 0],
        "rural": [9, 12, 0],
        "administrative": [2, 4, 6, 9, 12],
    }
    assert {name: [lv.code_digits for lv in s] for name, s in BUILTIN_SCHEMES.items()} == expected
    assert RURAL["township"].kind is OrgKind.COMMITTEE
    # Most villages' organisation is a branch; a larger village's 党总支 or 党委 is set per unit.
    assert RURAL["village"].kind is OrgKind.BRANCH
    assert [lv.kind.value for lv in ADMINISTRATIVE] == [
        "local_committee",
        "local_committee",
        "local_committee",
        "committee",
        "branch",
    ]
    assert all(ADMINISTRATIVE.may_be_root(key) for key in ADMINISTRATIVE.keys)
    assert BUILTIN_SCHEMES["administrative"] is ADMINISTRATIVE
