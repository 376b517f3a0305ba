"""The packet check end to end, as real Prefect flow runs on generated packets with known answers."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from flows.check_packet import check_packet
from models import FlagCode
from tests.packetgen import (
    boundary_spec,
    certification_spec,
    corrupt_spec,
    default_spec,
    failing_spec,
    generate_packet,
    two_plus_benefit_spec,
    variety_spec,
    zip_spec,
)
from tests.packetgen.compare import compare

PRESETS = {
    "default": default_spec,
    "failing": failing_spec,
    "two_plus_benefit": two_plus_benefit_spec,
    "certification": certification_spec,
    "variety": variety_spec,
}


def _check(spec, tmp_path: Path):  # type: ignore[no-untyped-def]
    truth = generate_packet(spec, tmp_path / "packet")
    source = next((tmp_path / "packet").glob("*.zip"), tmp_path / "packet") if spec.write_zip else tmp_path / "packet"
    outcome = check_packet(str(source), str(tmp_path / "out"))
    return truth, outcome


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_verdict_matches_the_generators_truth(preset: str, tmp_path: Path) -> None:
    truth, outcome = _check(PRESETS[preset](11), tmp_path)
    assert compare(truth, outcome.verdict) == []


@pytest.mark.parametrize(
    "indicator",
    [
        "key_process_nc_rate",
        "robots_per_production_worker",
        "equipment_networking_rate",
        "digital_design_tool_coverage",
        "business_management_digital_rate",
    ],
)
def test_value_exactly_on_the_threshold_passes(indicator: str, tmp_path: Path) -> None:
    truth, outcome = _check(boundary_spec(5, indicator), tmp_path)
    ind = getattr(outcome.verdict.indicators, indicator)
    assert ind.numerator / ind.denominator == pytest.approx(
        ind.threshold / (100 if ind.unit == "%" else 1), abs=1e-12
    )
    assert ind.passed is True
    assert compare(truth, outcome.verdict) == []


@pytest.mark.parametrize("kind", ["random_xlsx", "truncated_pdf"])
def test_one_corrupt_file_still_gives_a_verdict(kind: str, tmp_path: Path) -> None:
    truth, outcome = _check(corrupt_spec(3, kind), tmp_path)
    unreadable = [f for f in outcome.verdict.flags if f.code == FlagCode.UNREADABLE_DOCUMENT]
    assert len(unreadable) == 1
    bad = unreadable[0].evidence[0].file
    assert any(d.file == bad and not d.readable for d in outcome.facts.documents)
    assert sum(1 for d in outcome.facts.documents if d.readable) == len(outcome.facts.documents) - 1
    assert outcome.verdict.needs_review is True
    assert compare(truth, outcome.verdict) == []


def test_zip_packet_gives_the_same_verdict_as_the_folder(tmp_path: Path) -> None:
    truth, outcome = _check(zip_spec(4), tmp_path / "zip")
    assert compare(truth, outcome.verdict) == []
    spec = zip_spec(4).model_copy(update={"write_zip": False})
    _, folder_outcome = _check(spec, tmp_path / "folder")
    assert outcome.verdict.indicators == folder_outcome.verdict.indicators


def test_result_files_are_written_with_the_contract(tmp_path: Path) -> None:
    truth, outcome = _check(default_spec(2), tmp_path)
    out = tmp_path / "out"
    assert sorted(p.name for p in out.iterdir()) == ["facts.json", "flags.json", "report.html", "verdict.json"]
    verdict = json.loads((out / "verdict.json").read_text(encoding="utf-8"))
    assert set(verdict) == {
        "schema_version", "packet_id", "enterprise", "period", "indicators", "passed", "needs_review", "route", "flags",
        "status", "failed_steps", "low_confidence_matches",
    }
    assert (verdict["status"], verdict["failed_steps"]) == ("success", [])
    assert verdict["schema_version"] == 1
    assert set(verdict["enterprise"]) == {"name", "credit_code", "industry_code", "industry_group"}
    assert set(verdict["period"]) == {"assessment_year", "basis", "start", "end"}
    assert verdict["period"]["basis"] in ("prior_year", "current_months")
    for key, ind in verdict["indicators"].items():
        if key == "cost_to_output_ratio":
            assert set(ind) == {"value", "unit", "benchmark", "passed"}
        else:
            assert set(ind) == {"value", "unit", "numerator", "denominator", "threshold", "passed"}
    assert verdict["indicators"]["robots_per_production_worker"]["unit"] == "ratio"
    assert verdict["indicators"]["key_process_nc_rate"]["unit"] == "%"
    assert 0 <= verdict["indicators"]["key_process_nc_rate"]["value"] <= 100
    assert verdict["route"] == truth.route
    facts = json.loads((out / "facts.json").read_text(encoding="utf-8"))
    assert facts["devices"] and all(d["ref"]["file"] for d in facts["devices"])
    assert any(f["indicator"] == "key_process_nc_rate" and f["evidence"] for f in facts["derived"])
    report = (out / "report.html").read_text(encoding="utf-8")
    assert truth.enterprise_name in report and "关键工序数控化率" in report


def test_every_flag_and_fact_points_at_a_file_of_the_packet(tmp_path: Path) -> None:
    truth, outcome = _check(failing_spec(8), tmp_path)
    names = {d.file for d in outcome.facts.documents} | {"manifest.json"}
    for flag in outcome.flags:
        for ev in flag.evidence:
            assert ev.file in names, (flag.code, ev.file)
    for device in outcome.facts.devices:
        assert device.ref.file in names and (device.ref.row is not None)
