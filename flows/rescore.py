"""Re-scoring after a reviewer's decisions (SPEC §6b): the stored facts (facts.json) and flags
(flags.json) of a check, the decisions applied, scoring and validators run again — never extraction.

    apply_decisions(facts, flags, decisions)   the ReviewDecisions hook of flows.steps
    rescore_decided(facts, flags, decisions)   one re-score: verdict, flags, result files
    rescore_packet(...)                        the same as a Prefect flow (tracked runs)

What a decision does to the facts:
- accept: nothing; the flag is closed (the finding stands, the indicator as computed).
- reject (a false alarm): what the flag withheld counts the enterprise's way — a device's claimed
  networking counts (a reviewer-confirmed data span over the period), a system counts as live
  before the period, an uncertain title keeps the classifier's role as certain; other flags close.
- correct: the value the flag is about — for a title, its class (direct|indirect); otherwise the
  cited record's field (the evidence's column, or `{"field": value, …}`), validated by the record's type.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from prefect import flow
from pydantic import BaseModel, ValidationError

from flows.check_packet import rescore
from flows.results import render_result_files
from flows.steps import CheckConfig
from models import Flag, FlagCode, PacketFacts, Verdict
from models.provenance import Engine
from models.records import DataLogSpan, DayRange, Employee, RecordSet, StaffRole
from scoring.score import build_verdict

Action = Literal["accept", "correct", "reject"]
TITLE_CODES = frozenset({FlagCode.STAFF_ROLE_UNCERTAIN})


class DecisionError(ValueError):
    """A decision that cannot apply (a value of the wrong type, nothing to correct): HTTP 422."""


class AppliedDecision(BaseModel):
    """One standing decision on one flag (models.Flag.id), as re-scoring applies it."""

    flag_id: str
    action: Action
    value: Any = None


class RescoreResult(BaseModel):
    verdict: Verdict
    flags: list[Flag]  # the flags that still stand (decided ones dropped)
    facts: PacketFacts  # with the decisions applied

    def indicator_values(self) -> dict[str, float | None]:
        return {k: getattr(self.verdict.indicators, k).value for k in type(self.verdict.indicators).model_fields}

    def summary(self) -> dict[str, Any]:
        """What the audit keeps before and after a decision."""
        return {"indicators": self.indicator_values(), "passed": self.verdict.passed,
                "needs_review": self.verdict.needs_review}


_RECORD_LISTS = tuple(RecordSet.model_fields)


def _same_place(a, b) -> bool:  # noqa: ANN001  (two EvidenceRefs)
    return (a.file, a.sheet, a.page, a.table, a.row) == (b.file, b.sheet, b.page, b.table, b.row)


def cited_records(facts: PacketFacts, flag: Flag) -> list[tuple[str, int]]:
    """(record list, index) of every record the flag's first evidence ref points at."""
    if not flag.evidence:
        return []
    ref = flag.evidence[0]
    return [(name, i) for name in _RECORD_LISTS for i, r in enumerate(getattr(facts, name))
            if _same_place(r.ref, ref)]


def _replace(facts: PacketFacts, name: str, index: int, record: BaseModel) -> PacketFacts:
    items = list(getattr(facts, name))
    items[index] = record
    return facts.model_copy(update={name: items})


def _period(facts: PacketFacts) -> tuple[date, date]:
    p = facts.period
    if p and p.start and p.end:
        return p.start, p.end
    year = (p.assessment_year if p and p.assessment_year else date.today().year) - 1
    return date(year, 1, 1), date(year, 12, 31)


def _retitle(facts: PacketFacts, flag: Flag, role: StaffRole | None) -> PacketFacts:
    """Every roster row the title flag cites: `role` (None: the classifier's) and certain."""
    from extractors.staff.period import staff_counts  # the staff count follows the roles

    cited = {(e.file, e.sheet, e.page, e.table, e.row) for e in flag.evidence}
    employees: list[Employee] = []
    for e in facts.employees:
        r = e.ref
        if (r.file, r.sheet, r.page, r.table, r.row) in cited:
            e = e.model_copy(update={"role": role or e.role, "role_uncertain": False, "role_source": "override"})
        employees.append(e)
    start, end = (facts.period.start, facts.period.end) if facts.period else (None, None)
    return facts.model_copy(update={"employees": employees, "staff_count": staff_counts(employees, start, end)})


def title_role(value: Any) -> StaffRole:
    try:
        return StaffRole(str(value))
    except ValueError:
        raise DecisionError(f"a title's class is one of {', '.join(r.value for r in StaffRole)}, not {value!r}") from None


def _reject(facts: PacketFacts, flag: Flag) -> PacketFacts:
    if flag.code in TITLE_CODES:
        return _retitle(facts, flag, None)
    if flag.code is FlagCode.NETWORK_DATA_INSUFFICIENT and flag.data.get("asset_no") and flag.evidence:
        start, end = _period(facts)
        span = DataLogSpan(
            ref=flag.evidence[0].model_copy(update={"engine": Engine.DERIVED, "text": "复核确认联网"}),
            asset_no=str(flag.data["asset_no"]), first_seen=datetime.combine(start, time()),
            last_seen=datetime.combine(end, time()), n_rows=0, runs=[DayRange(start=start, end=end)],
        )
        return facts.model_copy(update={"log_spans": [*facts.log_spans, span]})
    if flag.code is FlagCode.CERTIFICATE_NOT_VALID:
        # the reviewer holds the certificate in force: its dates no longer withhold the route
        for name, i in cited_records(facts, flag):
            if name == "certifications":
                facts = _replace(facts, name, i, facts.certifications[i].model_copy(
                    update={"valid_from": None, "valid_until": None}))
        return facts
    if flag.code is FlagCode.SYSTEM_DATA_INSUFFICIENT:
        start, _ = _period(facts)
        for name, i in cited_records(facts, flag):
            if name == "business_systems":
                rec = getattr(facts, name)[i]
                facts = _replace(facts, name, i, rec.model_copy(
                    update={"go_live": start - timedelta(days=3 * 366), "in_use": True}))
    return facts


def _correct(facts: PacketFacts, flag: Flag, value: Any) -> PacketFacts:
    if flag.code in TITLE_CODES:
        return _retitle(facts, flag, title_role(value))
    targets = cited_records(facts, flag)
    if not targets:
        raise DecisionError("the flag cites no record whose value could be corrected")
    for name, i in targets:
        rec = getattr(facts, name)[i]
        if isinstance(value, dict):
            changes = value
        else:
            field = flag.evidence[0].column
            if field not in type(rec).model_fields:
                raise DecisionError(f"give the corrected fields as an object: the cited cell {field!r} is not "
                                    f"a field of {type(rec).__name__}")
            changes = {field: value}
        unknown = [k for k in changes if k not in type(rec).model_fields or k in ("ref", "min_confidence")]
        if unknown:
            raise DecisionError(f"{type(rec).__name__} has no correctable field {', '.join(map(str, unknown))}")
        try:
            fixed = type(rec).model_validate({**rec.model_dump(), **changes})
        except ValidationError as exc:
            raise DecisionError(f"not a valid value: {exc.errors()[0]['msg']}") from None
        facts = _replace(facts, name, i, fixed)
    return facts


def apply_decisions(facts: PacketFacts, flags: list[Flag], decisions: list[AppliedDecision]) -> tuple[PacketFacts, list[Flag]]:
    """The facts with every decision applied, and the flags not decided. Raises DecisionError."""
    by_id = {f.id: f for f in flags}
    for d in decisions:
        flag = by_id.get(d.flag_id)
        if flag is None:
            continue  # a decision on a flag this check no longer raises
        if d.action == "reject":
            facts = _reject(facts, flag)
        elif d.action == "correct":
            facts = _correct(facts, flag, d.value)
    decided = {d.flag_id for d in decisions}
    return facts, [f for f in flags if f.id not in decided]


def rescore_decided(
    facts: PacketFacts, flags: list[Flag], decisions: list[AppliedDecision], config: CheckConfig | None = None
) -> RescoreResult:
    """Score again with the decisions applied. The flags scoring and validators raise anew are
    dropped when decided (an accepted finding stays closed); the verdict is decided on the rest."""
    decided = {d.flag_id for d in decisions}

    def hook(f: PacketFacts, standing: list[Flag]) -> tuple[PacketFacts, list[Flag]]:
        out, _ = apply_decisions(f, flags, decisions)
        return out, [x for x in standing if x.id not in decided]

    apply_decisions(facts, flags, decisions)  # raise DecisionError here, not as a failed step
    outcome = rescore(facts, flags, hook, config)
    standing = [f for f in outcome.flags if f.id not in decided]
    verdict = outcome.verdict
    if outcome.score is not None:
        # build_verdict adds scoring's own flags back: the decided ones go from those too
        score = outcome.score.model_copy(update={"flags": [f for f in outcome.score.flags if f.id not in decided]})
        verdict = build_verdict(outcome.facts, score, standing, outcome.state.failed_steps)
    return RescoreResult(verdict=verdict, flags=standing, facts=outcome.facts)


def result_files_of(result: RescoreResult):  # noqa: ANN201
    """facts.json is not among them: the stored facts stay the machine's (decisions apply to them)."""
    files = render_result_files(result.facts, result.verdict, result.flags)
    return [f for f in files if f.name != "facts.json"]


@flow(name="rescore-packet", flow_run_name="rescore-{facts.packet_id}")
def rescore_packet(facts: PacketFacts, flags: list[Flag], decisions: list[AppliedDecision]) -> RescoreResult:
    """Re-score one packet from its stored facts and flags with the reviewers' decisions applied."""
    return rescore_decided(facts, flags, decisions)
