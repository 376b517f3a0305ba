"""What scoring hands on: the industry group matched, the certifications recognised, and the
scored result (indicators, pass rule, the counts behind them, the flags raised while counting)."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from models.facts import Fact
from models.flags import Flag, StepError
from models.provenance import EvidenceRef
from models.verdict import Indicators, Route


class IndustryGroup(BaseModel):
    """One Annex 1 row: group number, name (行业), GB/T 4754-2017 divisions, and the threshold of
    each process indicator (percentages 0–100; robots per worker as a ratio)."""

    model_config = ConfigDict(frozen=True)

    group_no: int
    name: str
    divisions: tuple[str, ...]
    thresholds: dict[str, Decimal]

    def threshold(self, key: str) -> Decimal | None:
        return self.thresholds.get(key)


class CertificationMatch(BaseModel):
    kind: str
    name_zh: str
    text: str
    level: int | None
    qualifies: bool
    reason: str
    evidence: list[EvidenceRef] = []


class ScoreResult(BaseModel):
    """`errors`: indicators whose computation failed (each is then null, and the check partial)."""

    indicators: Indicators
    passed: bool
    route: Route | None
    group: IndustryGroup | None
    certifications: list[CertificationMatch] = Field(default_factory=list)
    derived: list[Fact] = Field(default_factory=list)
    flags: list[Flag] = Field(default_factory=list)
    errors: list[StepError] = Field(default_factory=list)
