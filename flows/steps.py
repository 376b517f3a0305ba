"""The packet check as one list of named steps over one state (models.check.CheckState).

    unpack → manifest → extract → facts → period → staff → score → validate → verdict → render

Each step is a plain function `(state, ctx) -> state` wrapping one function of `extractors/`,
`validators/` or `scoring/`; it returns a new state and changes nothing it was given. The runner
(`flows.runner.run_steps`) runs them in order, as plain calls or as Prefect tasks, and turns a step
that raises into a `StepError` (a CHECK_STEP_FAILED flag, the verdict `partial_success`); the steps
after it still run on the state as it was. Inside "score" and "validate" each indicator and each
validator fails on its own (`score:<key>`, `validate:<name>`).

`RESCORE_STEPS` re-runs the check from "score" on, for a reviewer's decisions (`flows.check_packet.rescore`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Protocol

from extractors.archive import expand_packet
from extractors.duplicates import drop_duplicate_documents
from extractors.isolation import extract_isolated
from extractors.matches import match_flags, packet_matches
from extractors.packet import assemble_facts, parse_manifest, split_manifest
from extractors.pipeline import extract
from extractors.staff import classify_packet_staff
from extractors.staff.overrides import OverrideTable
from flows.report import render
from models import ExtractionResult, Flag, PacketFacts, PacketFile
from models.check import CheckState
from models.period import decide_period
from models.policy import DEFAULT_POLICY, ScoringPolicy
from models.settings import ExtractionSettings, get_settings
from scoring.indicators import INDICATORS, Compute
from scoring.score import build_verdict, score, unscored
from validators.registry import VALIDATORS, Validator, validate

# A reviewer's decisions, applied before re-scoring (the review service supplies it): given the
# stored facts and the flags still standing, return the facts to score (corrected values, titles'
# classes decided) and the flags that remain open (the resolved ones dropped).
ReviewDecisions = Callable[[PacketFacts, list[Flag]], tuple[PacketFacts, list[Flag]]]


class Runner(Protocol):
    """How steps run: as plain calls or as Prefect tasks (flows.runner)."""

    def call(self, step: Step, state: CheckState, ctx: StepContext) -> CheckState: ...

    def map(
        self, fn: Callable[..., ExtractionResult], items: list[PacketFile], run_name: str, **fixed: object
    ) -> list[ExtractionResult]:
        """`fn(item, **fixed)` for every item, concurrently where the runner can."""
        ...


@dataclass(frozen=True)
class CheckConfig:
    """What the steps are parametrised by: the extraction settings, the counting policy, the
    validators and indicators to run (tests inject failing ones), a reviewer's decisions for re-scoring."""

    # The process's settings (EVIDENCE_*): every entry point (CLI, watcher, service workers) reads
    # documents under the same limits.
    extraction: ExtractionSettings = field(default_factory=lambda: get_settings().extraction)
    policy: ScoringPolicy = DEFAULT_POLICY
    validators: tuple[tuple[str, Validator], ...] = VALIDATORS
    indicators: Mapping[str, Compute] = field(default_factory=lambda: dict(INDICATORS))
    decisions: ReviewDecisions | None = None
    # Reviewers' title decisions (the service's staff_overrides table); None: the JSON file named by
    # EVIDENCE_CHECK_STAFF_OVERRIDES, if any (extractors.staff.packet.default_overrides).
    staff_overrides: OverrideTable | None = None


@dataclass(frozen=True)
class StepContext:
    config: CheckConfig
    runner: Runner


StepFn = Callable[[CheckState, StepContext], CheckState]


@dataclass(frozen=True)
class Step:
    name: str
    run: StepFn


def unpack(state: CheckState, ctx: StepContext) -> CheckState:
    members, flags = expand_packet(state.files)
    return state.model_copy(update={"members": members}).raised("unpack", flags)


def read_manifest(state: CheckState, ctx: StepContext) -> CheckState:
    manifest_file, evidence = split_manifest(state.members or state.files)
    manifest, flags = parse_manifest(manifest_file, state.packet_id)
    update = {"manifest_file": manifest_file, "evidence": evidence, "manifest": manifest}
    return state.model_copy(update=update).raised("manifest", flags)


def extract_member(member: PacketFile, settings: ExtractionSettings) -> ExtractionResult:
    """One document, bytes → Document → records (extractors.pipeline never raises for bad input),
    in its own worker process under the per-document time-out and memory cap
    (extractors.isolation) unless `settings.isolate_documents` is off."""
    if settings.isolate_documents:
        return extract_isolated(member.data, member.name, settings)
    return extract(member.data, member.name, settings)


def extract_documents(state: CheckState, ctx: StepContext) -> CheckState:
    """Documents are independent: the runner may extract them concurrently."""
    results = ctx.runner.map(extract_member, state.evidence, "extract {member.name}", settings=ctx.config.extraction)
    # The same document uploaded twice counts once (its later copies keep no records).
    named = drop_duplicate_documents(list(zip([m.name for m in state.evidence], results, strict=True)))
    results = [r for _, r in named]
    flags = [f for r in results for f in r.flags]
    return state.model_copy(update={"extractions": results}).raised("extract", flags)


def build_facts(state: CheckState, ctx: StepContext) -> CheckState:
    named = list(zip([m.name for m in state.evidence], state.extractions, strict=True))
    facts = assemble_facts(state.known_manifest(), named)
    # the tolerant matches the reading rests on; those below the review bar are flagged for a reviewer
    matches = packet_matches(facts, state.documents)
    facts = facts.model_copy(update={"matches": matches})
    return state.model_copy(update={"facts": facts}).raised("facts", match_flags(matches))


def decide_data_period(state: CheckState, ctx: StepContext) -> CheckState:
    facts = state.known_facts()
    period = decide_period(facts.manifest, facts, policy=ctx.config.policy)
    return state.model_copy(update={"facts": facts.model_copy(update={"period": period})})


def classify_staff(state: CheckState, ctx: StepContext) -> CheckState:
    facts, flags = classify_packet_staff(state.known_facts(), ctx.config.staff_overrides)
    return state.model_copy(update={"facts": facts}).raised("staff", flags)


def apply_review(state: CheckState, ctx: StepContext) -> CheckState:
    """Re-scoring only: the reviewer's decisions change the facts and close flags."""
    if ctx.config.decisions is None:
        return state
    facts, open_flags = ctx.config.decisions(state.known_facts(), state.flags)
    return state.model_copy(update={"facts": facts, "flags": open_flags})


def score_indicators(state: CheckState, ctx: StepContext) -> CheckState:
    facts = state.known_facts()
    result = score(facts, ctx.config.policy, ctx.config.indicators)
    facts = facts.model_copy(update={"derived": result.derived})
    return state.model_copy(update={"facts": facts, "score": result}).raised("score", result.flags).failed(result.errors)


def run_validators(state: CheckState, ctx: StepContext) -> CheckState:
    indicators = state.score.indicators if state.score else None
    tables = [t for d in state.documents for t in d.tables]
    found = validate(state.known_facts(), indicators, tables, ctx.config.validators, ctx.config.policy)
    return state.raised("validate", found.flags).failed(found.errors)


def decide_verdict(state: CheckState, ctx: StepContext) -> CheckState:
    """The verdict over every flag merged once; partial when a step failed."""
    facts = state.known_facts()
    result = state.score or unscored(facts, ctx.config.policy)
    verdict = build_verdict(facts, result, state.merged_flags(), state.failed_steps)
    return state.model_copy(update={"verdict": verdict})


def render_results(state: CheckState, ctx: StepContext) -> CheckState:
    if state.verdict is None:
        raise RuntimeError("no verdict to render")
    rendered = render(state.known_facts(), state.verdict, state.merged_flags(), state.documents)
    return state.model_copy(update={"rendered": rendered})


STEPS: tuple[Step, ...] = (
    Step("unpack", unpack),
    Step("manifest", read_manifest),
    Step("extract", extract_documents),
    Step("facts", build_facts),
    Step("period", decide_data_period),
    Step("staff", classify_staff),
    Step("score", score_indicators),
    Step("validate", run_validators),
    Step("verdict", decide_verdict),
    Step("render", render_results),
)

# Re-scoring after review: the steps from "score" on, after the reviewer's decisions.
RESCORE_STEPS: tuple[Step, ...] = (
    Step("review", apply_review),
    *STEPS[[s.name for s in STEPS].index("score"):],
)
# The flags of the steps before "score" stand when a packet is re-scored; the later steps raise theirs anew.
STEPS_BEFORE_SCORE: frozenset[str] = frozenset(s.name for s in STEPS[: [s.name for s in STEPS].index("score")])
