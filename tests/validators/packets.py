"""Generated packets through the real extract → facts → staff → period → score → validate path
(flows.check_packet.check_files: the flow's own steps without Prefect's engine, so tests stay quick), and small
edits of generated files for defects the generator has no knob for."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import date, timedelta

from pydantic import BaseModel

from flows import check_packet as check
from models import DocumentType, Flag, PacketFacts, PacketFile, Severity
from scoring.score import ScoreResult
from tests.packetgen.generate import build_files
from tests.packetgen.spec import DocStyle, FileFormat, IndicatorKnobs, PacketSpec, default_styles
from tests.packetgen.truth import PacketTruth


class Checked(BaseModel):
    facts: PacketFacts
    result: ScoreResult
    validator_flags: list[Flag]  # what validators/ raised
    all_flags: list[Flag]  # every stage's flags
    truth: PacketTruth

    def codes(self, *severities: Severity) -> set[str]:
        return {f.code.value for f in self.all_flags if not severities or f.severity in severities}

    def validator_codes(self) -> set[str]:
        return {f.code.value for f in self.validator_flags}

    def flags_of(self, code: str) -> list[Flag]:
        return [f for f in self.validator_flags if f.code.value == code]


def small_spec(seed: int = 3, **changes) -> PacketSpec:
    """A clean packet, small enough to extract in a few seconds."""
    knobs = IndicatorKnobs(production_devices=30, networked_supported=14, robots=4, direct_staff=40, indirect_staff=8)
    spec = PacketSpec(seed=seed, knobs=knobs, log_readings_per_day=1)
    return spec.model_copy(update=changes)


def with_style(spec: PacketSpec, kind: DocumentType, style: DocStyle) -> PacketSpec:
    styles = dict(spec.styles or default_styles())
    styles[kind] = style
    return spec.model_copy(update={"styles": styles})


def file_of(truth: PacketTruth, kind: DocumentType) -> str:
    return next(name for name, k in truth.files.items() if k == kind.value)


def check_files(files: dict[str, bytes], truth: PacketTruth) -> Checked:
    outcome = check.check_files(truth.packet_id, [PacketFile(name=n, data=d) for n, d in files.items()])
    return Checked(facts=outcome.facts, result=outcome.score, validator_flags=outcome.validator_flags,
                   all_flags=outcome.flags, truth=truth)


def check_spec(spec: PacketSpec) -> Checked:
    return check_files(*build_files(spec))


# --- edits of generated files ---------------------------------------------------------------

def edit_manifest(files: dict[str, bytes], edit: Callable[[dict], object]) -> None:
    manifest = json.loads(files["manifest.json"])
    edit(manifest)
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode("utf-8")


def edit_text(files: dict[str, bytes], name: str, encoding: str, edit: Callable[[str], str]) -> None:
    files[name] = edit(files[name].decode(encoding)).encode(encoding)


_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def log_days(text: str) -> set[date]:
    return {date(int(y), int(m), int(d)) for y, m, d in _DAY.findall(text)}


def shift_days(text: str, days: int) -> str:
    """Every YYYY-MM-DD in `text` moved by `days`."""

    def move(m: re.Match) -> str:
        return (date(int(m[1]), int(m[2]), int(m[3])) + timedelta(days=days)).isoformat()

    return _DAY.sub(move, text)


def shift_for_days_within(text: str, start: date, end: date, target: int) -> int:
    """The backward shift (≤ 0: the data move towards Y−2) after which exactly `target` days with
    data lie inside [start, end]."""
    days = log_days(text)
    for s in range(0, -800, -1):
        if sum(1 for d in days if start <= d + timedelta(days=s) <= end) == target:
            return s
    raise AssertionError(f"no shift leaves {target} days in the period")


CSV_EQUIPMENT = DocStyle(format=FileFormat.CSV_UTF8, title_rows=1)
