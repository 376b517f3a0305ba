"""flows.rescore: decisions applied to stored facts (JSON round trip, as the service stores them),
re-scored without extraction; title decisions reused by later checks through CheckConfig."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors.staff.overrides import OverrideTable
from flows.check_packet import CheckOutcome, check_files
from flows.rescore import AppliedDecision, DecisionError, rescore_decided, rescore_packet
from flows.steps import CheckConfig
from models import Flag, FlagCode, PacketFacts, make_flag
from models.records import StaffRole
from storage.local import read_local_packet
from tests.packetgen import borderline_staff_spec, generate_packet, two_plus_benefit_spec

NET = "equipment_networking_rate"


@pytest.fixture(scope="module")
def near_miss(tmp_path_factory: pytest.TempPathFactory) -> tuple[CheckOutcome, PacketFacts, list[Flag]]:
    spec = two_plus_benefit_spec(41)
    spec = spec.model_copy(update={"knobs": spec.knobs.model_copy(
        update={"networked_supported": 41, "networked_unsupported": 3})})
    folder = tmp_path_factory.mktemp("rescore") / "p"
    generate_packet(spec, folder)
    out = check_files("near-miss", read_local_packet(folder))
    facts = PacketFacts.model_validate_json(out.facts.model_dump_json())
    flags = [Flag.model_validate(json.loads(f.model_dump_json())) for f in out.flags]
    return out, facts, flags


def _net(flags: list[Flag]) -> list[Flag]:
    return [f for f in flags if f.code is FlagCode.NETWORK_DATA_INSUFFICIENT]


def test_reject_counts_the_claim_and_flips(near_miss) -> None:  # noqa: ANN001
    out, facts, flags = near_miss
    assert out.verdict.passed is False
    flag = _net(flags)[0]
    r = rescore_decided(facts, flags, [AppliedDecision(flag_id=flag.id, action="reject")])
    assert r.verdict.passed is True
    assert r.indicator_values()[NET] > out.verdict.indicators.equipment_networking_rate.value
    assert flag.id not in {f.id for f in r.flags}
    # nothing decided: the same verdict as the check's
    same = rescore_decided(facts, flags, [])
    assert same.verdict.to_contract_json() == out.verdict.to_contract_json()


def test_accept_closes_without_changing(near_miss) -> None:  # noqa: ANN001
    out, facts, flags = near_miss
    net = _net(flags)
    r = rescore_decided(facts, flags, [AppliedDecision(flag_id=f.id, action="accept") for f in net])
    assert r.indicator_values()[NET] == out.verdict.indicators.equipment_networking_rate.value
    assert not any(f.code is FlagCode.NETWORK_DATA_INSUFFICIENT for f in r.verdict.flags)
    assert r.verdict.needs_review is (any(f.severity.value == "error" for f in r.flags))


def test_correct_is_typed(near_miss) -> None:  # noqa: ANN001
    _, facts, flags = near_miss
    flag = _net(flags)[1]
    r = rescore_decided(facts, flags, [AppliedDecision(flag_id=flag.id, action="correct", value={"quantity": 0})])
    assert r.verdict.indicators.equipment_networking_rate.denominator == \
        rescore_decided(facts, flags, []).verdict.indicators.equipment_networking_rate.denominator - 1
    for bad in ({"quantity": "many"}, {"no_such_field": 1}, "3"):
        with pytest.raises(DecisionError):
            rescore_decided(facts, flags, [AppliedDecision(flag_id=flag.id, action="correct", value=bad)])


def test_rescore_packet_is_a_flow(near_miss) -> None:  # noqa: ANN001
    _, facts, flags = near_miss
    flag = _net(flags)[0]
    r = rescore_packet(facts, flags, [AppliedDecision(flag_id=flag.id, action="reject")])
    assert r.verdict.passed is True


def test_title_decisions_reach_later_checks(tmp_path: Path) -> None:
    generate_packet(borderline_staff_spec(11), tmp_path / "p")
    files = read_local_packet(tmp_path / "p")
    first = check_files("staff", files)
    direct = [e for e in first.facts.employees if e.role is StaffRole.DIRECT and e.job_title]
    title = direct[0].job_title
    table = OverrideTable()
    table.decide(title, StaffRole.INDIRECT, enterprise=first.facts.manifest.credit_code, decided_by="alice")
    again = check_files("staff", files, CheckConfig(staff_overrides=table))
    rows = [e for e in again.facts.employees if e.job_title == title]
    decided = [e for e in rows if e.role_source != "status"]  # a row on leave is "other staff" by its status
    assert decided and all(e.role is StaffRole.INDIRECT and e.role_source == "override" for e in decided)
    assert again.facts.staff_count != first.facts.staff_count
    # the same decision taken on a title flag in review re-scores the staff count from the stored facts
    cited = [e.ref for e in first.facts.employees if e.job_title == title]
    flag = make_flag(FlagCode.STAFF_ROLE_UNCERTAIN, "岗位待复核", cited, "robots_per_production_worker", name=title)
    facts = PacketFacts.model_validate_json(first.facts.model_dump_json())
    r = rescore_decided(facts, [*first.flags, flag], [AppliedDecision(flag_id=flag.id, action="correct", value="indirect")])
    assert r.facts.staff_count.direct == again.facts.staff_count.direct != first.facts.staff_count.direct
    assert r.verdict.indicators.robots_per_production_worker == again.verdict.indicators.robots_per_production_worker
    with pytest.raises(DecisionError):
        rescore_decided(facts, [flag], [AppliedDecision(flag_id=flag.id, action="correct", value="boss")])
