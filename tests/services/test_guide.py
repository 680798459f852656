from __future__ import annotations

import pytest

import jiceng
from jiceng import Hierarchy
from jiceng.services import VisitShares

from .builders import catalogue


def test_visit_shares(town: Hierarchy) -> None:
    shares = catalogue(town).visit_shares()
    assert (shares.items, shares.at_most_one, shares.zero) == (4, 3, 1)
    assert shares.share_zero == pytest.approx(0.25)
    assert shares.share_at_most_one == pytest.approx(0.75)
    assert VisitShares(0, 0, 0).share_zero == 0.0
    assert catalogue(town).visit_shares("centre") == shares


def test_guides(town: Hierarchy) -> None:
    guide = catalogue(town).guide("居住证新办")
    assert [p.id for p in guide.parents] == ["c"]
    assert guide.department.name == "区人社局"
    assert guide.lines() == [
        "居住证新办 (行政给付) — 区人社局",
        "属于: 居住证",
        "时限: —",
        "收费: 不收费",
        "渠道: 窗口；到现场 1 次",
    ]


def test_a_bundled_guide() -> None:
    cat = jiceng.examples.tongchuan().services
    assert cat is not None
    assert cat.guide("最低生活保障").lines() == [
        "最低生活保障 (行政给付) — 通川区民政局",
        "受理条件: 申请人在户籍所在地提出申请；共同生活的家庭成员人均收入低于当地最低生活保障标准；"
        "家庭财产状况符合当地规定",
        "材料: 居民身份证和户口簿（必要，纸质或电子，1份）",
        "材料: 家庭经济状况声明及核对授权书（必要，纸质，1份）",
        "材料: 残疾证明或疾病诊断证明（容缺/视情: 家庭成员有残疾或重病的，纸质或电子，1份）",
        "办理流程: 申请 → 受理 → 家庭经济状况调查核对 → 公示 → 审核确认",
        "时限: 法定30个工作日，承诺20个工作日",
        "收费: 不收费",
        "渠道: 窗口、网上办理、移动端；到现场 1 次",
        "服务方式: 代办+上门、预约+延时",
    ]
