"""The packet-check step: roles set, StaffCount attached, flags returned."""

from __future__ import annotations

from datetime import date

from extractors.staff.classifier import DirectStaffClassifier
from extractors.staff.overrides import OverrideTable
from extractors.staff.packet import classify_packet_staff
from models import DataPeriod, FlagCode, Manifest, PacketFacts, PeriodBasis, StaffRole
from tests.extractors.staff.conftest import employee

CREDIT = "91110108MA01ABCD2X"


def facts(*rows) -> PacketFacts:  # type: ignore[no-untyped-def]
    return PacketFacts(
        packet_id="p1",
        manifest=Manifest(packet_id="p1", credit_code=CREDIT, assessment_year=2025),
        period=DataPeriod(assessment_year=2025, basis=PeriodBasis.PRIOR_YEAR, start=date(2024, 1, 1), end=date(2024, 12, 31)),
        employees=list(rows),
    )


def test_roster_is_classified_and_counted(classifier: DirectStaffClassifier) -> None:
    f = facts(
        employee(2, "数控车工", "机加工车间", hired=date(2020, 3, 1)),
        employee(3, "装配工", "总装车间", hired=date(2024, 10, 1)),
        employee(4, "总经理", "总经办"),
        employee(5, "焊工", "焊装车间", left=date(2023, 6, 30)),
        employee(6, "质检员", None),  # no department to decide an inspector: flagged, counted as direct
    )
    out, flags = classify_packet_staff(f, OverrideTable(), classifier)
    assert [e.role for e in out.employees] == [StaffRole.DIRECT, StaffRole.DIRECT, StaffRole.INDIRECT, StaffRole.DIRECT, StaffRole.DIRECT]
    assert [fl.code for fl in flags] == [FlagCode.STAFF_ROLE_UNCERTAIN]
    c = out.staff_count
    assert c is not None
    assert (c.employed_during_period, c.at_period_end, c.indirect, c.uncertain_rows, c.rows_outside_period) == (3, 3, 1, 1, 1)
    assert c.direct == 3
    assert f.employees[0].role is None  # the input is not mutated


def test_enterprise_override_comes_from_the_manifest_credit_code(classifier: DirectStaffClassifier) -> None:
    table = OverrideTable()
    table.decide("质检员", StaffRole.INDIRECT, "management", department="质量部", enterprise=CREDIT)
    out, flags = classify_packet_staff(facts(employee(2, "质检员", "质量部")), table, classifier)
    assert flags == [] and out.employees[0].role == StaffRole.INDIRECT
    assert out.staff_count is not None and out.staff_count.direct == 0


def test_no_roster_no_work() -> None:
    f = facts()
    out, flags = classify_packet_staff(f)
    assert out is f and flags == []
