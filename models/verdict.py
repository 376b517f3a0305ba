"""The verdict contract (`verdict.json`, SPEC §6a). Field names are stable; bump
`SCHEMA_VERSION` on any incompatible change."""

from __future__ import annotations

import json
from enum import Enum

from pydantic import BaseModel, Field

from models.facts import PeriodBasis
from models.flags import Flag, FlagCode, Severity
from models.matches import MatchRecord
from models.provenance import EvidenceRef

SCHEMA_VERSION = 1

# Indicator keys, in Annex 1 / Annex 2 order.
PROCESS_INDICATORS: tuple[str, ...] = (
    "key_process_nc_rate",
    "robots_per_production_worker",
    "equipment_networking_rate",
    "digital_design_tool_coverage",
    "business_management_digital_rate",
)
BENEFIT_INDICATORS: tuple[str, ...] = ("cost_to_output_ratio",)

INDICATOR_NAMES_ZH: dict[str, str] = {
    "key_process_nc_rate": "关键工序数控化率",
    "robots_per_production_worker": "人均机器人拥有量",
    "equipment_networking_rate": "生产设备联网率",
    "digital_design_tool_coverage": "数字化研发设计工具覆盖率",
    "business_management_digital_rate": "经营管理数字化率",
    "cost_to_output_ratio": "产值成本率",
}

class EnterpriseInfo(BaseModel):
    name: str | None = None
    credit_code: str | None = None
    industry_code: str | None = None
    industry_group: int | None = None

class PeriodInfo(BaseModel):
    assessment_year: int | None = None
    basis: PeriodBasis | None = None
    start: str | None = None  # ISO date
    end: str | None = None

class ProcessIndicator(BaseModel):
    """A manufacturing-process indicator. Percentages are 0–100 numbers; robots per worker is a ratio."""

    value: float | None
    unit: str  # "%" or "ratio"
    numerator: float | None
    denominator: float | None
    threshold: float | None
    passed: bool | None

class BenefitIndicator(BaseModel):
    """A benefit indicator compared with an operator-supplied national average (`benchmark`)."""

    value: float | None
    unit: str
    benchmark: float | None
    passed: bool | None

class Indicators(BaseModel):
    key_process_nc_rate: ProcessIndicator
    robots_per_production_worker: ProcessIndicator
    equipment_networking_rate: ProcessIndicator
    digital_design_tool_coverage: ProcessIndicator
    business_management_digital_rate: ProcessIndicator
    cost_to_output_ratio: BenefitIndicator

class Route(str, Enum):
    THREE_OF_FIVE = "three_of_five"
    TWO_PLUS_BENEFIT = "two_plus_benefit"
    CERTIFICATION = "certification"

class VerdictFlag(BaseModel):
    """A flag as the contract shows it: code, severity, message, evidence (only the keys that are set)."""

    code: FlagCode
    severity: Severity
    message: str
    evidence: list[EvidenceRef] = Field(default_factory=list)

    @classmethod
    def of(cls, flag: Flag) -> VerdictFlag:
        assert flag.severity is not None
        return cls(code=flag.code, severity=flag.severity, message=flag.message, evidence=flag.evidence)

class CheckStatus(str, Enum):
    """Whether every step of the check ran (docling's SUCCESS / PARTIAL_SUCCESS)."""

    SUCCESS = "success"
    PARTIAL_SUCCESS = "partial_success"


class Verdict(BaseModel):
    """SPEC §6a, plus three additive fields: `status` (``partial_success`` when a step of the check
    failed; the rest still ran), `failed_steps` (their names; each also has a CHECK_STEP_FAILED flag)
    and `low_confidence_matches` (headers, segments and process names read by the tolerant matcher
    below its review bar, each with what it was read as, its score and where it was written)."""

    schema_version: int = SCHEMA_VERSION
    packet_id: str
    enterprise: EnterpriseInfo
    period: PeriodInfo
    indicators: Indicators
    passed: bool
    needs_review: bool
    route: Route | None
    flags: list[VerdictFlag] = Field(default_factory=list)
    status: CheckStatus = CheckStatus.SUCCESS
    failed_steps: list[str] = Field(default_factory=list)
    low_confidence_matches: list[MatchRecord] = Field(default_factory=list)

    @property
    def partial(self) -> bool:
        return self.status is CheckStatus.PARTIAL_SUCCESS

    def to_contract_json(self) -> str:
        """Serialise as SPEC §6a: evidence refs drop unset keys, everything else is kept (nulls included)."""
        data = self.model_dump(mode="json")
        for f in data["flags"]:
            f["evidence"] = [{k: v for k, v in e.items() if v is not None} for e in f["evidence"]]
        for m in data["low_confidence_matches"]:
            m["evidence"] = [{k: v for k, v in e.items() if v is not None} for e in m["evidence"]]

        return json.dumps(data, ensure_ascii=False, indent=2)
