"""The held-out titles (tests/extractors/staff/heldout.py): written apart from the training data,
ambiguous families are flagged, clear titles are not, software tests are not production work.

Measured (shipped artifact): uncertain recall 1.000, false uncertain 3.3 %, confidently wrong 0.5 %,
rosters with direct staff exact 55 % (before this change: 0.718 / 27.7 % / 10.9 % / 0 %).
"""

from __future__ import annotations

import pytest

from extractors.staff.classifier import DirectStaffClassifier, classify_employees
from extractors.staff.normalize import title_key
from models import FlagCode, StaffRole
from tests.extractors.staff.conftest import employee
from tests.extractors.staff.heldout import cases, measure
from tools.staff.dataset import load_rows

SOFTWARE_FAMILIES = ("software_test", "software_test_unseen")


@pytest.fixture(scope="module")
def figures(classifier: DirectStaffClassifier) -> dict[str, object]:
    return measure(classifier)


def test_held_out_titles_are_not_training_titles() -> None:
    trained = {title_key(r["title"]) for r in load_rows()}
    overlap = sorted({c.title for c in cases() if title_key(c.title) in trained})
    assert overlap == []


def test_ambiguous_rows_are_flagged_and_clear_rows_are_not(figures: dict[str, object]) -> None:
    assert figures["uncertain_recall"] >= 0.95, figures["misses"]
    assert figures["false_uncertain_rate"] <= 0.05, figures["misses"]
    assert figures["confidently_wrong_rate"] <= 0.02, figures["misses"]
    families = figures["families"]
    assert isinstance(families, dict)
    for name, f in families.items():
        if name not in SOFTWARE_FAMILIES and f.get("ambiguous"):
            assert f["flagged"] == f["ambiguous"], (name, f)
    # the rule was written from the first list; the second was written after it and mostly follows
    assert families["software_test"]["confidently_wrong"] == families["software_test"]["false_uncertain"] == 0
    unseen = families["software_test_unseen"]
    assert unseen["confidently_wrong"] + unseen["false_uncertain"] <= 6


def test_rosters_direct_count(figures: dict[str, object]) -> None:
    # the rosters that miss hold an indirect row left uncertain (iOS测试工程师, 机房运维专员: counted direct
    # until a reviewer decides) or 手机应用测试员 read as a product test (extractors/data/staff/README.md)
    assert figures["rosters_exact"] >= 0.5


@pytest.mark.parametrize(("title", "department"), [
    ("功能测试", None), ("功能测试", "品质部"), ("软件测试工程师", None), ("软件测试工程师", "总装车间"),
    ("测试开发", "研发中心"), ("Web测试员", None),
])
def test_software_tests_are_confidently_indirect(classifier: DirectStaffClassifier, title: str,
                                                 department: str | None) -> None:
    (p,) = classifier.predict([title], [department])
    assert (p.role, p.uncertain, p.rule) == (StaffRole.INDIRECT, False, "software_test")


@pytest.mark.parametrize(("title", "department", "role", "uncertain"), [
    ("功能测试工", "总装车间", StaffRole.DIRECT, False),  # a product test on the line
    ("功能测试工", None, StaffRole.DIRECT, True),  # a tester without a department: a reviewer decides
    ("整机测试员", "可靠性实验室", StaffRole.INDIRECT, False),  # a laboratory away from the line
    ("设备维护工", None, StaffRole.DIRECT, False),  # SPEC §2 names 设备维修工: equipment upkeep is production
    ("设备维护工", "物业管理部", StaffRole.INDIRECT, False),  # the buildings' equipment
    ("实习生", None, StaffRole.DIRECT, True),
    ("管理培训生", None, StaffRole.INDIRECT, False),  # the management track, not an intern
    ("天车司机", None, StaffRole.DIRECT, False),  # a crane, not a company car
])
def test_family_decisions(classifier: DirectStaffClassifier, title: str, department: str | None,
                          role: StaffRole, uncertain: bool) -> None:
    out, flags = classify_employees([employee(2, title, department)], classifier=classifier)
    counted_as = StaffRole.DIRECT if out[0].role_uncertain else out[0].role
    assert (counted_as, out[0].role_uncertain) == (role, uncertain)
    assert [f.code for f in flags] == ([FlagCode.STAFF_ROLE_UNCERTAIN] if uncertain else [])
