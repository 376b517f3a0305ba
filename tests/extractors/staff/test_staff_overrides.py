"""The reviewer override table: precedence, persistence, normalised matching."""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.staff.overrides import OverrideTable
from models import StaffRole

CREDIT = "911100001234567890"


def test_most_specific_decision_wins() -> None:
    t = OverrideTable()
    t.decide("仓管员", StaffRole.INDIRECT, "sales")
    t.decide("仓管员", StaffRole.DIRECT, "auxiliary_production", department="原料库")
    t.decide("仓管员", StaffRole.INDIRECT, "management", enterprise=CREDIT)
    t.decide("仓管员", StaffRole.DIRECT, "auxiliary_production", department="原料库", enterprise=CREDIT)
    assert t.lookup("仓管员", "成品库").subclass == "sales"
    assert t.lookup("仓管员", "原料库").role == StaffRole.DIRECT
    assert t.lookup("仓管员", "成品库", CREDIT).subclass == "management"
    assert t.lookup("仓 管 员（临时）", "原料库", CREDIT).subclass == "auxiliary_production"
    assert t.lookup("物料员", "原料库", CREDIT) is None


def test_a_new_decision_replaces_the_old_one_and_survives_a_round_trip(tmp_path: Path) -> None:
    t = OverrideTable()
    t.decide("技术员", StaffRole.INDIRECT, "management")
    t.decide("技术员", StaffRole.DIRECT, "line_technical", decided_by="张三", note="现场驻线")
    assert len(t.entries) == 1 and t.lookup("技术员").role == StaffRole.DIRECT
    t.save(tmp_path / "o.json")
    again = OverrideTable.load(tmp_path / "o.json")
    assert again.lookup("技术员").decided_by == "张三"
    assert OverrideTable.load(tmp_path / "missing.json").entries == []


def test_subclass_must_belong_to_the_role() -> None:
    with pytest.raises(ValueError):
        OverrideTable().decide("技术员", StaffRole.DIRECT, "management")
