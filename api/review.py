"""The review service behind `/v1/packets`, `/v1/flags` and the `/review` pages: where a check's
results are, the flags with their effects, and a decision's whole path (rescore → audit → new
verdict version in the database and the store)."""

from __future__ import annotations

import html
import json
from dataclasses import dataclass
from typing import Any

from fastapi import HTTPException, status
from sqlalchemy.orm import Session

from flows.rescore import (
    TITLE_CODES,
    AppliedDecision,
    DecisionError,
    RescoreResult,
    rescore_decided,
    result_files_of,
)
from models import Flag, FlagCode, PacketFacts
from storage.base import BucketStore
from storage.db import Database, Packet, Precheck, VerdictVersion
from storage.db import review as rv
from storage.db.queue import now
from storage.db.review_tables import FlagStatus, ReviewDecision, ReviewFlag, StaffOverride
from storage.db.tables import PrecheckSource

VERDICT = "verdict.json"
MACHINE_FLAGS = "flags.machine.json"  # flags.json as the check wrote it (flags.json then holds the latest)


@dataclass
class Results:
    """A check's result set: the store it is in and the key prefix (…/results/)."""

    store: BucketStore
    prefix: str

    def get(self, name: str) -> bytes | None:
        got = self.store.get(self.prefix + name)
        return got[0] if got else None

    def put(self, name: str, data: bytes, content_type: str = "application/json") -> str:
        self.store.put(self.prefix + name, data, content_type)
        return self.prefix + name


def results_of(state: Any, precheck: Precheck) -> Results:
    """Bucket packets seen by the watcher/webhook keep results in results/<packet-id>/ of the bucket."""
    if precheck.source == PrecheckSource.WATCH.value:
        from storage.layout import result_key

        return Results(state.bucket, result_key(precheck.packet_id or "", ""))
    from api.store import result_key as pc_key

    return Results(state.store, pc_key(precheck.id, ""))


def not_found(what: str) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, what)


def load_json(results: Results, name: str) -> Any:
    data = results.get(name)
    if data is None:
        raise HTTPException(status.HTTP_409_CONFLICT, f"the check's {name} is not in the store")
    return json.loads(data)


def sync_packets(state: Any, db: Database, packets: list[Packet] | None = None) -> None:
    """Flags of checks not yet in review_flags (new checks, bucket packets) are read from flags.json."""
    with db.session() as s:
        todo = packets if packets is not None else rv.unsynced(s)
        for p in todo:
            p = s.merge(p)
            if p.latest_precheck_id is None or p.flags_synced == p.latest_precheck_id:
                continue
            pc = s.get(Precheck, p.latest_precheck_id)
            res = results_of(state, pc)
            flags = json.loads(res.get("flags.json") or b"[]")
            verdict = json.loads(res.get(VERDICT) or b"{}")
            rv.sync_flags(s, p, flags, (verdict.get("enterprise") or {}).get("industry_group"))


def packet_or_404(s: Session, packet_id: str) -> Packet:
    p = s.get(Packet, packet_id)
    if p is None or p.latest_precheck_id is None:
        raise not_found(f"no packet {packet_id}")
    return p


def stored_check(state: Any, s: Session, packet: Packet) -> tuple[Results, PacketFacts, list[Flag]]:
    pc = s.get(Precheck, packet.latest_precheck_id)
    res = results_of(state, pc)
    facts = PacketFacts.model_validate(load_json(res, "facts.json"))
    name = MACHINE_FLAGS if res.get(MACHINE_FLAGS) is not None else "flags.json"
    flags = [Flag.model_validate(f) for f in load_json(res, name)]
    return res, facts, flags


def applied(s: Session, precheck_id: str) -> list[AppliedDecision]:
    flags = {f.key: f.flag_id for f in s.query(ReviewFlag).filter(ReviewFlag.precheck_id == precheck_id)}
    return [AppliedDecision(flag_id=flags[d.flag_key], action=d.action, value=d.value)  # type: ignore[arg-type]
            for d in rv.standing_decisions(s, precheck_id) if d.flag_key in flags]


def verdict_json(result: RescoreResult, version: int, decisions: int) -> dict:
    body = json.loads(result.verdict.to_contract_json())
    body["version"] = version
    body["review"] = {"decisions": decisions,
                      "open_errors": sum(1 for f in result.flags if f.severity and f.severity.value == "error")}
    return body


def with_review(body: dict, version: int, decisions: int) -> dict:
    """A stored verdict as the API shows it (version 1, the machine's, was written without these keys)."""
    body.setdefault("version", version)
    body.setdefault("review", {"decisions": decisions,
                               "open_errors": sum(1 for f in body.get("flags", []) if f.get("severity") == "error")})
    return body


# -- alternatives: what each decision would do --------------------------------------------------

def alternatives(flag: ReviewFlag) -> list[tuple[str, Any]]:
    """The decisions whose effect can be computed without a typed value."""
    alts: list[tuple[str, Any]] = [("accept", None), ("reject", None)]
    if FlagCode(flag.code) in TITLE_CODES:
        alts += [("correct", "direct"), ("correct", "indirect")]
    return alts


def effects(facts: PacketFacts, flags: list[Flag], standing: list[AppliedDecision], flag: ReviewFlag
            ) -> dict[str, dict]:
    """For each alternative decision on `flag`: the indicator's value and `passed` after it."""
    out: dict[str, dict] = {}
    for action, value in alternatives(flag):
        try:
            r = rescore_decided(facts, flags, [*standing, AppliedDecision(flag_id=flag.flag_id, action=action,
                                                                          value=value)])
        except DecisionError:
            continue
        label = action if value is None else f"{action}:{value}"
        vals = r.indicator_values()
        out[label] = {"passed": r.verdict.passed, "indicator_value": vals.get(flag.indicator) if flag.indicator else None}
    return out


def ensure_effects(state: Any, db: Database, packet_id: str) -> None:
    """Compute can_change_verdict for open flags of the packet that lack it (re-scoring each alternative)."""
    with db.session() as s:
        packet = packet_or_404(s, packet_id)
        todo = [f for f in rv.packet_flags(s, packet) if f.can_change_verdict is None]
        if not todo:
            return
        _, facts, flags = stored_check(state, s, packet)
        standing = applied(s, packet.latest_precheck_id)
        current = rescore_decided(facts, flags, standing).verdict.passed
        for f in todo:
            if f.status != FlagStatus.OPEN:
                f.can_change_verdict = False
                continue
            eff = effects(facts, flags, standing, f)
            f.can_change_verdict = any(e["passed"] != current for e in eff.values())


# -- a decision ---------------------------------------------------------------------------------

@dataclass
class Actor:
    name: str
    role: str


def decide(state: Any, db: Database, key: str, actor: Actor, action: str, value: Any, comment: str | None,
           expected_version: int | None = None, scope: str | None = None) -> dict:
    """Resolve flag `key` by `action`; returns the new verdict (with version and review)."""
    if action in ("reject", "correct") and not (comment or "").strip():
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, f"a comment is required to {action}")
    if action == "correct" and value is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, "correct needs the right value in `value`")
    if scope == "global" and actor.role != "lead":
        raise HTTPException(status.HTTP_403_FORBIDDEN, "only a lead may make a global title decision")
    with db.session() as s:
        found = rv.find_flag(s, key)
        if found is None:
            raise not_found(f"no flag {key} in a packet's latest check")
        flag, packet = found
        if flag.status != FlagStatus.OPEN:
            raise HTTPException(status.HTTP_409_CONFLICT, f"flag {key} is already {flag.status}")
        held = rv.holder(packet)
        if held and held[0] != actor.name and actor.role != "lead":
            raise HTTPException(status.HTTP_409_CONFLICT, f"packet held by {held[0]} until {held[1].isoformat()}")
        res, facts, flags = stored_check(state, s, packet)
        if res.get(MACHINE_FLAGS) is None:  # flags.json will be the latest: re-scoring starts from the machine's
            res.put(MACHINE_FLAGS, res.get("flags.json") or b"[]")
        standing = applied(s, flag.precheck_id)
        before = rescore_decided(facts, flags, standing)
        new = AppliedDecision(flag_id=flag.flag_id, action=action, value=value)  # type: ignore[arg-type]
        try:
            after = rescore_decided(facts, flags, [*standing, new])
        except DecisionError as exc:
            raise HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, str(exc)) from None
        if not rv.resolve_flag(s, flag, FlagStatus.OF_ACTION[action], expected_version):
            raise HTTPException(status.HTTP_409_CONFLICT, f"flag {key} was changed since it was loaded")
        body = _record(s, res, packet, flag, actor, action, value, comment, scope, before, after)
        if FlagCode(flag.code) in TITLE_CODES:
            _title_override(s, facts, flag, actor, action, value, scope, comment)
        return body


def undo(state: Any, db: Database, key: str, actor: Actor, comment: str | None) -> dict:
    """Reverse a flag's standing decision by a new one (history is never edited); the flag reopens."""
    with db.session() as s:
        found = rv.find_flag(s, key)
        if found is None:
            raise not_found(f"no flag {key}")
        flag, packet = found
        standing = applied(s, flag.precheck_id)
        last = next((d for d in reversed(rv.standing_decisions(s, flag.precheck_id)) if d.flag_key == key), None)
        if last is None or not rv.resolve_flag(s, flag, FlagStatus.OPEN, None):
            raise HTTPException(status.HTTP_409_CONFLICT, f"flag {key} has no decision to undo")
        res, facts, flags = stored_check(state, s, packet)
        before = rescore_decided(facts, flags, standing)
        after = rescore_decided(facts, flags, [d for d in standing if d.flag_id != flag.flag_id])
        return _record(s, res, packet, flag, actor, "undo", last.value, comment, None, before, after, last.id)


def _record(s: Session, res: Results, packet: Packet, flag: ReviewFlag, actor: Actor, action: str, value: Any,
            comment: str | None, scope: str | None, before: RescoreResult, after: RescoreResult,
            reverses: int | None = None) -> dict:
    pc = packet.latest_precheck_id
    version = rv.next_version(s, pc)
    if version == 2:  # the machine's verdict.json is about to be replaced: keep it as version 1
        v1 = s.query(VerdictVersion).filter(VerdictVersion.precheck_id == pc, VerdictVersion.version == 1).first()
        if v1 is not None:
            v1.verdict_key = res.put("verdict.v1.json", res.get(VERDICT) or b"{}")
    decisions = len(rv.standing_decisions(s, pc)) + (0 if action == "undo" else 1)
    row = ReviewDecision(packet_id=packet.id, precheck_id=pc, flag_key=flag.key, actor=actor.name,
                         actor_role=actor.role, action=action, value=value, comment=comment, scope=scope,
                         reverses=reverses, before=before.summary(), after=after.summary(), verdict_version=version,
                         created_at=now())
    s.add(row)
    s.flush()
    body = verdict_json(after, version, decisions)
    data = json.dumps(body, ensure_ascii=False, indent=2).encode()
    key = res.put(f"verdict.v{version}.json", data)
    for f in result_files_of(after):
        if f.name == "report.html":
            res.put(f.name, with_history(f.data, rv.decisions_of(s, packet.id, pc)), f.content_type)
        elif f.name == "flags.json":
            res.put(f.name, f.data, f.content_type)
    res.put(VERDICT, data)  # always the latest
    s.add(VerdictVersion(packet_id=packet.id, precheck_id=pc, version=version, passed=after.verdict.passed,
                         needs_review=after.verdict.needs_review, verdict_key=key, created_at=now()))
    packet.passed, packet.needs_review = after.verdict.passed, after.verdict.needs_review
    rv.forget_effects(s, pc)
    return body


def _title_override(s: Session, facts: PacketFacts, flag: ReviewFlag, actor: Actor, action: str, value: Any,
                    scope: str | None, comment: str | None) -> None:
    """A title's class decided: kept for the enterprise (or for all, by a lead) and reused by later checks."""
    if action == "accept":
        return
    data = flag.flag.get("data") or {}
    role = str(value) if action == "correct" else ("direct" if data.get("guess") == "direct" else "indirect")
    title = data.get("name")
    if not title:
        return
    s.add(StaffOverride(title=str(title), department=data.get("department"),
                        enterprise=None if scope == "global" else facts.manifest.credit_code, role=role,
                        decided_by=actor.name, decided_at=now(), note=comment))


def with_history(report: bytes, decisions: list[ReviewDecision]) -> bytes:
    """The report with its review history (every decision, escaped) before </body>."""
    rows = "".join(
        f"<tr><td>{html.escape(d.created_at.isoformat(timespec='seconds'))}</td><td>{html.escape(d.actor)}</td>"
        f"<td>{html.escape(d.action)}</td><td>{html.escape(json.dumps(d.value, ensure_ascii=False))}</td>"
        f"<td>{html.escape(d.comment or '')}</td><td>{d.before.get('passed')} → {d.after.get('passed')}</td></tr>"
        for d in decisions)
    section = ("<section id='review-history'><h2>复核记录 Review history</h2><table><tr><th>时间</th><th>复核人</th>"
               f"<th>操作</th><th>值</th><th>说明</th><th>达标</th></tr>{rows}</table></section>")
    text = report.decode("utf-8", errors="replace")
    if "</body>" in text:
        return text.replace("</body>", section + "</body>", 1).encode()
    return (text + section).encode()


def staff_override_table(db: Database):  # noqa: ANN201  (extractors.staff.overrides.OverrideTable)
    """The reviewers' title decisions as the staff step reads them (later checks reuse them)."""
    from extractors.staff.overrides import OverrideEntry, OverrideTable
    from models.records import StaffRole

    with db.session() as s:
        rows = rv.overrides(s)
    return OverrideTable(entries=[OverrideEntry(title=o.title, department=o.department, enterprise=o.enterprise,
                                                role=StaffRole(o.role), subclass=o.subclass, decided_by=o.decided_by,
                                                decided_at=o.decided_at, note=o.note) for o in rows])
