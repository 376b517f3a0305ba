"""Checking a packet: the entry points over the one step list (flows.steps) and its runner (flows.runner).

    check_files(packet_id, files)        the check as plain calls (tests, service workers, tools)
    check_packet_files(packet_id, files) the same steps as Prefect tasks, one flow run (the bucket path)
    check_packet(source, out)            flow: a local folder or zip, results written to `out` (the CLI)
    rescore(facts, flags, decisions)     the steps from "score" on, after a reviewer's decisions

Thin on purpose (Prefect's own examples): the logic is in the steps' packages.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from prefect import flow
from prefect.runtime import flow_run
from pydantic import BaseModel

from extractors.packet import packet_id_from_name
from flows.results import result_files
from flows.runner import PlainRunner, PrefectRunner, run_steps
from flows.steps import RESCORE_STEPS, STEPS, STEPS_BEFORE_SCORE, CheckConfig, ReviewDecisions
from models import Flag, FlagCode, PacketFacts, PacketFile, ResultFile, ScoreResult, Verdict
from models.check import CheckState
from models.settings import get_settings
from storage.local import read_local_packet, write_local_results


class CheckOutcome(BaseModel):
    """What one packet check produced: the verdict, the facts, all flags and the files to write;
    also the scoring result, the validators' own flags and the final state, for tests, benchmarks
    and the review service (which stores `facts` and `flags` to re-score later)."""

    verdict: Verdict
    facts: PacketFacts
    flags: list[Flag]
    files: list[ResultFile]
    score: ScoreResult | None
    validator_flags: list[Flag]
    state: CheckState

    @classmethod
    def of(cls, state: CheckState) -> CheckOutcome:
        if state.verdict is None:  # only when deciding the verdict itself failed
            raise RuntimeError(f"the check of {state.packet_id} gave no verdict: {state.errors}")
        facts, flags = state.known_facts(), state.merged_flags()
        return cls(
            verdict=state.verdict,
            facts=facts,
            flags=flags,
            files=result_files(facts, state.verdict, flags, state.rendered),
            score=state.score,
            validator_flags=state.flags_of("validate"),
            state=state,
        )


def check_files(packet_id: str, files: list[PacketFile], config: CheckConfig | None = None) -> CheckOutcome:
    """The whole check as plain calls, without Prefect's engine."""
    return CheckOutcome.of(run_steps(CheckState(packet_id=packet_id, files=files), STEPS, config, PlainRunner()))


def rescore(
    facts: PacketFacts,
    flags: list[Flag] | None = None,
    decisions: ReviewDecisions | None = None,
    config: CheckConfig | None = None,
) -> CheckOutcome:
    """Score, validate, decide and render again from stored `facts` (facts.json) after a reviewer's
    `decisions` (flows.steps.ReviewDecisions). `flags`: the stored flags (flags.json); those the steps
    before "score" raised stand, the later steps raise theirs anew. Without page documents, the
    table-total check (TOTAL_MISMATCH) keeps its stored flags instead of running again."""
    base = config or CheckConfig()
    config = dataclasses.replace(base, decisions=decisions or base.decisions)
    kept = [f for f in flags or [] if _stands_on_rescore(f)]
    state = CheckState(packet_id=facts.packet_id, manifest=facts.manifest, facts=facts, flags=kept)
    return CheckOutcome.of(run_steps(state, RESCORE_STEPS, config, PlainRunner()))


def _stands_on_rescore(flag: Flag) -> bool:
    """Flags of the steps before scoring, the table totals (their tables are not stored), and flags
    stored without a step (older results: kept, merged by id with the new ones)."""
    if flag.step is None or flag.step in STEPS_BEFORE_SCORE:
        return True
    return flag.step == "validate" and flag.code is FlagCode.TOTAL_MISMATCH


def _config() -> CheckConfig:
    """The flows are entry points (CLI, deployments): extraction settings from the environment (EVIDENCE_*)."""
    return CheckConfig(extraction=get_settings().extraction)


def _run_name() -> str:
    params = flow_run.parameters or {}
    return f"check-{params.get('packet_id') or packet_id_from_name(str(params.get('source', 'packet')))}"


@flow(name="check-packet-files", flow_run_name=_run_name)
def check_packet_files(packet_id: str, files: list[PacketFile]) -> CheckOutcome:
    """Check a packet given as its members (a folder's files, or one zip); each step a Prefect task."""
    return CheckOutcome.of(run_steps(CheckState(packet_id=packet_id, files=files), STEPS, _config(), PrefectRunner()))


@flow(name="check-packet", flow_run_name=_run_name)
def check_packet(source: str, out: str | None = None) -> CheckOutcome:
    """Check a local packet folder or zip and write facts.json, flags.json, report.html and
    verdict.json (last) into `out` (default: `<source>.results/`)."""
    path = Path(source)
    state = CheckState(packet_id=packet_id_from_name(path.name), files=read_local_packet(path))
    outcome = CheckOutcome.of(run_steps(state, STEPS, _config(), PrefectRunner()))
    write_local_results(Path(out) if out else default_out_dir(path), outcome.files)
    return outcome


def default_out_dir(source: Path) -> Path:
    base = source.name[:-4] if source.name.lower().endswith(".zip") else source.name
    return source.parent / f"{base}.results"

