"""The packet check: extract → facts → staff roles → period → score → validate → verdict + report.

Thin on purpose (Prefect's own examples): each task wraps one function of `extractors/`,
`validators/` or `scoring/`; `run_check` is the list of steps, run by the flow as Prefect tasks
(documents extracted concurrently) or by `check_members` as plain calls.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from pydantic import BaseModel

from extractors.archive import expand_packet
from extractors.duplicates import drop_duplicate_documents
from extractors.packet import assemble_facts, packet_id_from_name, parse_manifest, split_manifest
from extractors.pipeline import extract
from extractors.staff import classify_packet_staff
from flows.results import render_result_files
from models import Document, Flag, PacketFacts, PacketFile, Table, Verdict, unique_flags
from models.extraction import ExtractionResult
from scoring.score import ScoreResult, build_verdict, score
from storage.base import ResultFile
from storage.local import read_local_packet, write_local_results
from validators.period import decide_period
from validators.registry import run_validators


class CheckOutcome(BaseModel):
    """What one packet check produced: the verdict, the facts, all flags and the files to write;
    also the scoring result and the validators' own flags, for tests and benchmarks."""

    verdict: Verdict
    facts: PacketFacts
    flags: list[Flag]
    files: list[ResultFile]
    score: ScoreResult
    validator_flags: list[Flag]


@dataclass(frozen=True)
class CheckSteps:
    """How each step of the check runs: as Prefect tasks inside the flow, or as plain calls
    (tests, benchmarks, the agreement tool). The order of the steps lives only in `run_check`."""

    extract_all: Callable[[list[PacketFile]], list[ExtractionResult]]
    classify_staff: Callable[[PacketFacts], tuple[PacketFacts, list[Flag]]]
    score: Callable[[PacketFacts], ScoreResult]
    validate: Callable[[PacketFacts, ScoreResult, list[Table]], list[Flag]]
    render: Callable[[PacketFacts, Verdict, list[Flag], list[Document]], list[ResultFile]]


def run_check(packet_id: str, files: list[PacketFile], steps: CheckSteps) -> CheckOutcome:
    """The check, step by step: unpack → manifest → extract every document → facts → period →
    staff roles → score → validate → verdict → result files."""
    members, flags = expand_packet(files)
    manifest_member, evidence = split_manifest(members)
    manifest, manifest_flags = parse_manifest(manifest_member, packet_id)
    flags += manifest_flags

    results = drop_duplicate_documents(list(zip([m.name for m in evidence], steps.extract_all(evidence))))
    for _, r in results:
        flags += r.flags
    facts = assemble_facts(manifest, results)
    facts.period = decide_period(manifest, facts)

    facts, staff_flags = steps.classify_staff(facts)
    result = steps.score(facts)
    facts.derived = result.derived
    documents = [r.document for _, r in results if r.document]
    validator_flags = steps.validate(facts, result, [t for d in documents for t in d.tables])
    flags = unique_flags(flags + staff_flags + result.flags + validator_flags)

    verdict = build_verdict(facts, result, flags)
    files_out = steps.render(facts, verdict, flags, documents)
    return CheckOutcome(
        verdict=verdict, facts=facts, flags=flags, files=files_out, score=result, validator_flags=validator_flags
    )


def _validate(facts: PacketFacts, result: ScoreResult, tables: list[Table]) -> list[Flag]:
    return run_validators(facts, result.indicators, tables)


PLAIN_STEPS = CheckSteps(
    extract_all=lambda members: [extract(m.data, m.name) for m in members],
    classify_staff=classify_packet_staff,
    score=score,
    validate=_validate,
    render=render_result_files,
)


def check_members(packet_id: str, files: list[PacketFile]) -> CheckOutcome:
    """The same check as `check_packet_files`, as plain calls without Prefect."""
    return run_check(packet_id, files, PLAIN_STEPS)


# Bytes and big documents go through these tasks: hashing them for Prefect's cache is waste.
@task(cache_policy=NO_CACHE, task_run_name="extract {member.name}")
def extract_member(member: PacketFile) -> ExtractionResult:
    return extract(member.data, member.name)


def _extract_concurrently(members: list[PacketFile]) -> list[ExtractionResult]:
    """Documents are independent: one task each, run concurrently by the flow's task runner."""
    return [f.result() for f in extract_member.map(members)]


PREFECT_STEPS = CheckSteps(
    extract_all=_extract_concurrently,
    classify_staff=task(classify_packet_staff, cache_policy=NO_CACHE, name="classify-staff"),
    score=task(score, cache_policy=NO_CACHE, name="score"),
    validate=task(_validate, cache_policy=NO_CACHE, name="validate"),
    render=task(render_result_files, cache_policy=NO_CACHE, name="render-results"),
)


def _run_name() -> str:
    params = flow_run.parameters or {}
    return f"check-{params.get('packet_id') or packet_id_from_name(str(params.get('source', 'packet')))}"


@flow(name="check-packet-files", flow_run_name=_run_name)
def check_packet_files(packet_id: str, files: list[PacketFile]) -> CheckOutcome:
    """Check a packet given as its members (a folder's files, or one zip)."""
    return run_check(packet_id, files, PREFECT_STEPS)


@flow(name="check-packet", flow_run_name=_run_name)
def check_packet(source: str, out: str | None = None) -> CheckOutcome:
    """Check a local packet folder or zip and write facts.json, flags.json, report.html and
    verdict.json (last) into `out` (default: `<source>.results/`)."""
    path = Path(source)
    files = read_local_packet(path)
    outcome = run_check(packet_id_from_name(path.name), files, PREFECT_STEPS)
    write_local_results(Path(out) if out else default_out_dir(path), outcome.files)
    return outcome


def default_out_dir(source: Path) -> Path:
    base = source.name[:-4] if source.name.lower().endswith(".zip") else source.name
    return source.parent / f"{base}.results"
