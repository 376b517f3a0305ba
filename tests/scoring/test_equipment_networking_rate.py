from datetime import date

from models import FlagCode, Severity
from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.indicators.equipment_networking_rate import compute
from tests.scoring.builders import PERIOD_2025, device, log, packet

FULL = (date(2025, 1, 1), date(2025, 12, 31))


def test_no_logs_counts_claims_and_raises_one_missing_evidence():
    facts = packet(devices=[device(networked=True, quantity=3), device(networked=False, quantity=5),
                            device("机器人", networked=True, robot=True), device(networked=None, quantity=1)])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (4, 10)
    assert [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]
    assert "3个月" in out.flags[0].message


def test_no_claims_and_no_logs_raise_nothing():
    out = compute(packet(devices=[device(networked=False, quantity=2)]), DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (0, 2) and out.flags == []


def test_logs_must_hold_min_days_inside_the_period():
    facts = packet(
        devices=[
            device(asset_no="SB-001", networked=True),
            device(asset_no="SB-002", networked=True),
            device(asset_no="SB-003", networked=True),
            device(asset_no="SB-004", networked=True),
            device(asset_no="SB-005", networked=False),
        ],
        log_spans=[
            log("SB001", date(2025, 10, 3), date(2025, 12, 31)),  # exactly 90 days: counts
            log("ｓｂ００２", date(2025, 10, 4), date(2025, 12, 31)),  # 89 days: not enough
            log("SB003", date(2024, 6, 1), date(2025, 2, 1)),  # mostly before the period: 32 days inside
        ],
    )
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (1, 5)
    bad = {f.data["asset_no"]: f for f in out.flags}
    assert set(bad) == {"SB-002", "SB-003", "SB-004"}
    assert all(f.code == FlagCode.NETWORK_DATA_INSUFFICIENT and f.severity == Severity.ERROR for f in bad.values())
    assert bad["SB-002"].data["days_found"] == 89 and "89天" in bad["SB-002"].message
    assert bad["SB-003"].data["days_found"] == 32
    assert "未找到" in bad["SB-004"].message
    assert compute(facts, ScoringPolicy(min_log_days=30)).numerator == 3


def test_multi_quantity_row_supported_by_per_unit_logs():
    facts = packet(
        devices=[device(asset_no="CNC-01", quantity=3, networked=True), device(asset_no="CNC-011", networked=False)],
        log_spans=[log("CNC0101", *FULL), log("CNC0102", *FULL), log("CNC011", *FULL)],
    )
    out = compute(facts, DEFAULT_POLICY)
    # CNC011 is another device's own key, so it does not support CNC01
    assert out.numerator == 2 and out.denominator == 4
    assert [f.data["units_not_counted"] for f in out.flags] == [1]
    assert compute(facts, ScoringPolicy(log_suffix_match=False)).numerator == 0


def test_row_level_log_supports_every_unit():
    facts = packet(devices=[device(asset_no="L1", quantity=12, networked=True)], log_spans=[log("L1", *FULL)])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (12, 12) and out.flags == []


def test_no_period_uses_all_days_with_data():
    facts = packet(period=None, devices=[device(asset_no="A", networked=True)],
                   log_spans=[log("A", date(2023, 1, 1), date(2023, 4, 30))])
    assert compute(facts, DEFAULT_POLICY).numerator == 1
    assert PERIOD_2025.start is not None


def test_no_equipment_list_gives_null():
    out = compute(packet(), DEFAULT_POLICY)
    assert out.exact() is None and [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]


def test_a_repeated_asset_number_counts_once_and_the_conservative_row_is_kept():
    # the same asset on two rows (two workshop sheets), one row claiming networked and one not
    facts = packet(devices=[device(asset_no="EQ-01", networked=True), device(asset_no="EQ01", networked=False),
                            device(asset_no="EQ-02", networked=True)],
                   log_spans=[log("EQ-01", *FULL), log("EQ-02", *FULL)])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (1, 2)
    total = next(f for f in out.facts if f.name == "production_devices_total")
    assert len(total.evidence) == 3  # both rows of the repeated asset are cited
    # agreeing repeats: still one device, networked
    facts = packet(devices=[device(asset_no="EQ-01", networked=True), device(asset_no="EQ-01", networked=True)],
                   log_spans=[log("EQ-01", *FULL)])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (1, 1)
