"""Rules before statistics: titles SPEC §2 places explicitly, and what the rules leave alone."""

from __future__ import annotations

import pytest

from extractors.staff.labels import AUXILIARY_PRODUCTION, BASIC_PRODUCTION, MANAGEMENT, OTHER, SALES, SERVICE
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
    ("title", "department"),
    [
        ("叉车工", "物流部"),  # warehouse: the department decides, the model weighs it
        ("叉车工", ""),
        ("质检员", "一车间"),  # inspectors are borderline
        ("班组长", "总装车间"),
        ("学徒工", "一车间"),
        ("工艺员", "技术部"),
        ("操作工", "销售部"),  # a craft outside the workshops
        ("叉车司机", "物流部"),  # not a company driver
    ],
)
def test_borderline_titles_are_left_to_the_model(title: str, department: str) -> None:
    assert apply_rules(title, department) is None


def test_title_key_drops_grades_and_qualifiers() -> None:
    assert title_key("焊工（高级）") == title_key("焊工 一级") == title_key("（劳务）焊工") == "焊工"
    assert title_key("ＣＮＣ操作工") == "cnc操作工"


@pytest.mark.parametrize(
    ("status", "away"),
    [("在职", False), ("长期病假", True), ("外派（8个月）", True), ("借调3个月", False), ("病假", False),
     ("病假（七个月）", True), ("停薪留职", True), ("离职", False), (None, False)],
)
def test_long_absence_status(status: str | None, away: bool) -> None:
    assert long_absence(status) is away
