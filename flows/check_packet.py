"""The packet check: extract → facts → staff roles → period → score → validate → verdict + report.

Thin on purpose (Prefect's own examples): each task wraps one function of `extractors/`,
`validators/` or `scoring/`; the flow is the list of steps.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.runtime import flow_run
from pydantic import BaseModel

from extractors.archive import expand_packet
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
    """What one packet check produced: the verdict, the facts, all flags and the files to write."""

    verdict: Verdict
    facts: PacketFacts
    flags: list[Flag]
    files: list[ResultFile]


# Bytes and big documents go through these tasks: hashing them for Prefect's cache is waste.
@task(cache_policy=NO_CACHE, task_run_name="extract {member.name}")
def extract_member(member: PacketFile) -> ExtractionResult:
    return extract(member.data, member.name)


@task(cache_policy=NO_CACHE)
def classify_staff(facts: PacketFacts) -> tuple[PacketFacts, list[Flag]]:
    return classify_packet_staff(facts)


@task(cache_policy=NO_CACHE)
def score_facts(facts: PacketFacts) -> ScoreResult:
    return score(facts)


@task(cache_policy=NO_CACHE)
def validate_facts(facts: PacketFacts, result: ScoreResult, tables: list[Table]) -> list[Flag]:
    return run_validators(facts, result.indicators, tables)


@task(cache_policy=NO_CACHE)
def render_results(
    facts: PacketFacts, verdict: Verdict, flags: list[Flag], documents: list[Document]
) -> list[ResultFile]:
    return render_result_files(facts, verdict, flags, documents)


def _run_name() -> str:
    params = flow_run.parameters or {}
    return f"check-{params.get('packet_id') or packet_id_from_name(str(params.get('source', 'packet')))}"


@flow(name="check-packet-files", flow_run_name=_run_name)
def check_packet_files(packet_id: str, files: list[PacketFile]) -> CheckOutcome:
    """Check a packet given as its members (a folder's files, or one zip)."""
    members, flags = expand_packet(files)
    manifest_member, evidence = split_manifest(members)
    manifest, manifest_flags = parse_manifest(manifest_member, packet_id)
    flags += manifest_flags

    futures = extract_member.map(evidence)
    results = [(m.name, fut.result()) for m, fut in zip(evidence, futures)]
    for _, r in results:
        flags += r.flags
    facts = assemble_facts(manifest, results)
    facts.period = decide_period(manifest, facts)

    facts, staff_flags = classify_staff(facts)
    result = score_facts(facts)
    facts.derived = result.derived
    documents = [r.document for _, r in results if r.document]
    tables = [t for d in documents for t in d.tables]
    flags += staff_flags + result.flags + validate_facts(facts, result, tables)

    flags = unique_flags(flags)
    verdict = build_verdict(facts, result, flags)
    files_out = render_results(facts, verdict, flags, documents)
    return CheckOutcome(verdict=verdict, facts=facts, flags=flags, files=files_out)


@flow(name="check-packet", flow_run_name=_run_name)
def check_packet(source: str, out: str | None = None) -> CheckOutcome:
    """Check a local packet folder or zip and write facts.json, flags.json, report.html and
    verdict.json (last) into `out` (default: `<source>.results/`)."""
    path = Path(source)
    files = read_local_packet(path)
    outcome = check_packet_files(packet_id_from_name(path.name), files)
    write_local_results(Path(out) if out else default_out_dir(path), outcome.files)
    return outcome


def default_out_dir(source: Path) -> Path:
    base = source.name[:-4] if source.name.lower().endswith(".zip") else source.name
    return source.parent / f"{base}.results"
