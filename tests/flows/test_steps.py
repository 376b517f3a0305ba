"""The check as one list of steps: a failing validator, indicator or step becomes a flag naming it,
the verdict is marked partial, and everything else is still checked; re-scoring reuses the steps."""

from __future__ import annotations

import json

import pytest
from prefect import flow

from flows.check_packet import CheckOutcome, check_files, rescore
from flows.runner import PrefectRunner, run_steps
from flows.steps import RESCORE_STEPS, STEPS, CheckConfig, Step
from models import FlagCode, PacketFile
from models.check import CheckState
from scoring.indicators import INDICATORS
from tests.packetgen.generate import build_files
from tests.validators.packets import small_spec
from validators.registry import VALIDATORS

ROBOTS = "robots_per_production_worker"


def _explode(*_: object) -> list:
    raise ValueError("boom")


@pytest.fixture(scope="module")
def packet() -> list[PacketFile]:
    files, _ = build_files(small_spec(seed=21))
    return [PacketFile(name=n, data=d) for n, d in files.items()]


@pytest.fixture(scope="module")
def clean(packet: list[PacketFile]) -> CheckOutcome:
    return check_files("pkt", packet)


def _failed_step_flags(outcome: CheckOutcome) -> dict[str, str]:
    return {str(f.data["failed_step"]): f.message for f in outcome.flags if f.code is FlagCode.CHECK_STEP_FAILED}


def test_a_clean_check_is_a_success(clean: CheckOutcome) -> None:
    assert not clean.verdict.partial and clean.verdict.failed_steps == []
    assert _failed_step_flags(clean) == {}
    assert [s.name for s in STEPS] == ["unpack", "manifest", "extract", "facts", "period", "staff", "score",
                                       "validate", "verdict", "render"]


def test_failing_validator_and_indicator_give_a_partial_verdict(packet: list[PacketFile], clean: CheckOutcome) -> None:
    config = CheckConfig(
        validators=(*VALIDATORS, ("exploding", _explode)),
        indicators={**INDICATORS, ROBOTS: _explode},
    )
    outcome = check_files("pkt", packet, config)
    verdict = json.loads(next(f.data for f in outcome.files if f.name == "verdict.json"))

    assert verdict["status"] == "partial_success"
    assert verdict["failed_steps"] == [f"score:{ROBOTS}", "validate:exploding"]
    failed = _failed_step_flags(outcome)
    assert set(failed) == {f"score:{ROBOTS}", "validate:exploding"} and all("boom" in m for m in failed.values())
    assert [f["code"] for f in verdict["flags"]].count("CHECK_STEP_FAILED") == 2
    assert verdict["needs_review"] is True
    # The failed indicator is null; every other indicator and validator flag is as in the clean check.
    assert verdict["indicators"][ROBOTS]["value"] is None and verdict["indicators"][ROBOTS]["passed"] is None
    for key in INDICATORS:
        if key != ROBOTS:
            assert getattr(outcome.verdict.indicators, key) == getattr(clean.verdict.indicators, key)
    assert {f.id for f in outcome.validator_flags} == {f.id for f in clean.validator_flags}
    assert {f.name for f in outcome.files} == {f.name for f in clean.files}


def test_a_failing_step_is_named_and_the_steps_after_it_still_run(packet: list[PacketFile], clean: CheckOutcome) -> None:
    steps = tuple(Step(s.name, _explode) if s.name in ("staff", "render") else s for s in STEPS)
    state = run_steps(CheckState(packet_id="pkt", files=packet), steps)
    outcome = CheckOutcome.of(state)
    assert outcome.verdict.failed_steps == ["staff", "render"] and outcome.verdict.partial
    assert set(_failed_step_flags(outcome)) == {"staff", "render"}
    # No report (render failed), the JSON results still written, verdict last.
    names = [f.name for f in outcome.files]
    assert "report.html" not in names and names[-1] == "verdict.json"
    assert outcome.verdict.indicators.key_process_nc_rate == clean.verdict.indicators.key_process_nc_rate


def test_steps_do_not_change_the_state_they_receive(packet: list[PacketFile]) -> None:
    state = run_steps(CheckState(packet_id="pkt", files=packet), STEPS[:5])
    before = state.model_dump()
    after = run_steps(state, STEPS[5:])
    assert state.model_dump() == before
    assert after.facts is not None and after.facts.derived and not state.facts.derived


def test_rescore_from_stored_facts_gives_the_same_verdict(clean: CheckOutcome) -> None:
    facts = type(clean.facts).model_validate_json(clean.facts.model_dump_json())
    again = rescore(facts, clean.flags)
    assert again.verdict.indicators == clean.verdict.indicators
    assert {f.id for f in again.flags} == {f.id for f in clean.flags}
    assert [s.name for s in RESCORE_STEPS][:2] == ["review", "score"]


def test_rescore_applies_the_reviewers_decisions(clean: CheckOutcome) -> None:
    def nothing_networked(facts, flags):  # type: ignore[no-untyped-def]
        devices = [d.model_copy(update={"is_networked": False}) for d in facts.devices]
        return facts.model_copy(update={"devices": devices}), [f for f in flags if f.step != "extract"]

    again = rescore(clean.facts, clean.flags, decisions=nothing_networked)
    assert not any(f.step == "extract" for f in again.flags)
    assert again.verdict.indicators.equipment_networking_rate.numerator == 0
    assert clean.verdict.indicators.equipment_networking_rate.numerator


def test_prefect_runner_records_a_failing_task_and_finishes() -> None:
    manifest = PacketFile(name="manifest.json", data=b'{"packet_id": "p", "industry_code": "C3911"}')
    steps = tuple(Step(s.name, _explode) if s.name == "score" else s for s in STEPS)

    @flow(name="test-partial-check")
    def partial_check() -> CheckState:
        return run_steps(CheckState(packet_id="p", files=[manifest]), steps, runner=PrefectRunner())

    state = partial_check()
    assert state.verdict is not None and state.verdict.failed_steps == ["score"]
    assert state.verdict.indicators.key_process_nc_rate.value is None
