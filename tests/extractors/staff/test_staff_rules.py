"""Rules before statistics: titles SPEC §2 places explicitly, and what the rules leave alone."""

from __future__ import annotations

import pytest

from extractors.staff.labels import (
    AUXILIARY_PRODUCTION,
    BASIC_PRODUCTION,
    LINE_TECHNICAL,
    MANAGEMENT,
    OTHER,
    SALES,
    SERVICE,
)
from extractors.staff.normalize import title_key
from extractors.staff.rules import apply_rules
from extractors.staff.status import long_absence


@pytest.mark.parametrize(
    ("title", "department", "subclass"),
    [
        ("总经理", "总经办", MANAGEMENT),
        ("财务经理", "财务部", MANAGEMENT),
        ("出纳", "", MANAGEMENT),
        ("食堂厨师", "后勤部", SERVICE),
        ("保安", "行政部", SERVICE),
        ("班车司机", "车队", SERVICE),
        ("销售经理", "营销中心", SALES),
        ("经理", "销售部", SALES),
        ("数控车工", "机加工车间", BASIC_PRODUCTION),
        ("数控车工（高级）", "", BASIC_PRODUCTION),
        ("ＣＮＣ操作工", "一车间", BASIC_PRODUCTION),
        ("叉车工", "总装车间", AUXILIARY_PRODUCTION),
        ("设备维修工", "设备部", AUXILIARY_PRODUCTION),
        ("长期病假（焊工）", "焊装车间", OTHER),
        ("外派人员", "技术部", OTHER),
    ],
)
def test_explicit_titles(title: str, department: str, subclass: str) -> None:
    match = apply_rules(title, department)
    assert match is not None and match.subclass == subclass


@pytest.mark.parametrize(
    ("title", "department", "subclass"),
    [
        ("叉车工", "物流部", SALES),  # warehouse: finished goods and shipping
        ("叉车工", "罐区储运车间", AUXILIARY_PRODUCTION),  # a unit named as a workshop is production, even when it stores
        ("装卸工", "油品储运分厂", AUXILIARY_PRODUCTION),
        ("仓管员", "成品包装工段", AUXILIARY_PRODUCTION),
        ("叉车司机", "物流部", SALES),  # not a company driver
        ("仓库管理员", "原料库", AUXILIARY_PRODUCTION),
        ("质检员", "一车间", AUXILIARY_PRODUCTION),  # inspectors on the line
        ("IQC检验员", "质量管理部", MANAGEMENT),  # … and in a quality office
        ("班组长", "总装车间", BASIC_PRODUCTION),
        ("工艺员", "技术部", MANAGEMENT),
        ("工艺工程师", "冲压车间", LINE_TECHNICAL),
        ("生产计划员", "PMC部", MANAGEMENT),
        ("安全员", "安环部", MANAGEMENT),
        ("维修电工", "物业部", SERVICE),
        ("车间主任", "", MANAGEMENT),  # a rank: management in every department
    ],
)
def test_borderline_titles_are_decided_by_their_department(title: str, department: str, subclass: str) -> None:
    match = apply_rules(title, department)
    assert match is not None and match.subclass == subclass


@pytest.mark.parametrize(
    ("title", "department"),
    [
        ("叉车工", ""),
        ("生产计划员", "一车间"),  # a planner in a workshop: no rule such as 计划员 → management fires
        ("计划员", ""),
        ("车间统计员", "总装车间"),
        ("安全员", "焊装车间"),
        ("仓库管理员", ""),
        ("工艺工程师", ""),
        ("IQC检验员", ""),
        ("学徒工", "一车间"),  # apprentices and crafts outside the workshops are left to the model
        ("操作工", "销售部"),
    ],
)
def test_no_rule_fires_where_the_department_does_not_decide(title: str, department: str) -> None:
    assert apply_rules(title, department) is None


def test_title_key_drops_grades_and_qualifiers() -> None:
    assert title_key("焊工（高级）") == title_key("焊工 一级") == title_key("（劳务）焊工") == "焊工"
    assert title_key("ＣＮＣ操作工") == "cnc操作工"


@pytest.mark.parametrize(
    ("status", "away"),
    [("在职", False), ("长期病假", True), ("外派（8个月）", True), ("借调3个月", False), ("病假", False),
     ("病假（七个月）", True), ("停薪留职", True), ("离职", False), (None, False), ("退休返聘", False), ("已退休", True)],
)
def test_long_absence_status(status: str | None, away: bool) -> None:
    assert long_absence(status) is away
