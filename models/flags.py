"""Flags: the stable codes of SPEC §5, their severities, and the evidence they rest on."""

from __future__ import annotations

import hashlib
from enum import Enum

from pydantic import BaseModel, Field, computed_field

from models.provenance import EvidenceRef


class Severity(str, Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class FlagCode(str, Enum):
    IDENTITY_MISMATCH = "IDENTITY_MISMATCH"
    CREDIT_CODE_INVALID = "CREDIT_CODE_INVALID"
    PERIOD_NOT_COVERED = "PERIOD_NOT_COVERED"
    AUDIT_YEAR_MISMATCH = "AUDIT_YEAR_MISMATCH"
    NETWORK_DATA_INSUFFICIENT = "NETWORK_DATA_INSUFFICIENT"
    SYSTEM_DATA_INSUFFICIENT = "SYSTEM_DATA_INSUFFICIENT"
    PARTIAL_NC_PROCESS = "PARTIAL_NC_PROCESS"
    PROCESS_WITHOUT_EQUIPMENT = "PROCESS_WITHOUT_EQUIPMENT"
    UNKNOWN_PROCESS_REF = "UNKNOWN_PROCESS_REF"
    ROBOT_COUNT_MISMATCH = "ROBOT_COUNT_MISMATCH"
    STAFF_COUNT_MISMATCH = "STAFF_COUNT_MISMATCH"
    DUPLICATE_RECORD = "DUPLICATE_RECORD"
    TOTAL_MISMATCH = "TOTAL_MISMATCH"
    STAFF_ROLE_UNCERTAIN = "STAFF_ROLE_UNCERTAIN"
    MISSING_EVIDENCE = "MISSING_EVIDENCE"
    STANDARD_SEGMENT_MISSING = "STANDARD_SEGMENT_MISSING"
    CLAIM_DEVIATION = "CLAIM_DEVIATION"
    OCR_LOW_CONFIDENCE = "OCR_LOW_CONFIDENCE"
    INDUSTRY_UNMAPPED = "INDUSTRY_UNMAPPED"
    UNREADABLE_DOCUMENT = "UNREADABLE_DOCUMENT"
    # Not in SPEC §5's table: the assessment year was not in the manifest and was inferred from
    # the documents (validators.period), so every period check rests on a guess a reviewer confirms.
    ASSESSMENT_YEAR_INFERRED = "ASSESSMENT_YEAR_INFERRED"
    # Not in SPEC §5's table: a step of the check (or one validator or indicator inside it) failed
    # on a bug or an input nobody foresaw; the rest of the check ran and the verdict is partial.
    CHECK_STEP_FAILED = "CHECK_STEP_FAILED"
    # Not in SPEC §5's table: a header, business segment or process name was read by the tolerant
    # matcher with a score below the review bar (models.matches); the reading is used, a reviewer confirms.
    MATCH_LOW_CONFIDENCE = "MATCH_LOW_CONFIDENCE"
    # Not in SPEC §5's table: an equivalent-level certificate was not in force when it had to be
    # (expired before, or valid only after, the day ScoringPolicy.certificate_valid_on names): it does
    # not carry the certification route. Error when the certificate would otherwise qualify.
    CERTIFICATE_NOT_VALID = "CERTIFICATE_NOT_VALID"


SEVERITY: dict[FlagCode, Severity] = {
    FlagCode.IDENTITY_MISMATCH: Severity.ERROR,
    FlagCode.CREDIT_CODE_INVALID: Severity.ERROR,
    FlagCode.PERIOD_NOT_COVERED: Severity.ERROR,
    FlagCode.AUDIT_YEAR_MISMATCH: Severity.ERROR,
    FlagCode.NETWORK_DATA_INSUFFICIENT: Severity.ERROR,
    FlagCode.SYSTEM_DATA_INSUFFICIENT: Severity.ERROR,
    FlagCode.PARTIAL_NC_PROCESS: Severity.WARNING,
    FlagCode.PROCESS_WITHOUT_EQUIPMENT: Severity.WARNING,
    FlagCode.UNKNOWN_PROCESS_REF: Severity.WARNING,
    FlagCode.ROBOT_COUNT_MISMATCH: Severity.ERROR,
    FlagCode.STAFF_COUNT_MISMATCH: Severity.WARNING,
    FlagCode.DUPLICATE_RECORD: Severity.WARNING,
    FlagCode.TOTAL_MISMATCH: Severity.WARNING,
    FlagCode.STAFF_ROLE_UNCERTAIN: Severity.INFO,
    FlagCode.MISSING_EVIDENCE: Severity.ERROR,
    FlagCode.STANDARD_SEGMENT_MISSING: Severity.WARNING,
    FlagCode.CLAIM_DEVIATION: Severity.WARNING,
    FlagCode.OCR_LOW_CONFIDENCE: Severity.WARNING,
    FlagCode.INDUSTRY_UNMAPPED: Severity.ERROR,
    FlagCode.UNREADABLE_DOCUMENT: Severity.ERROR,
    FlagCode.ASSESSMENT_YEAR_INFERRED: Severity.WARNING,
    FlagCode.CHECK_STEP_FAILED: Severity.ERROR,
    FlagCode.MATCH_LOW_CONFIDENCE: Severity.INFO,
    FlagCode.CERTIFICATE_NOT_VALID: Severity.ERROR,
}


class Flag(BaseModel):
    """One finding. `message` is in Chinese for the reviewer; `indicator` names the indicator
    key it affects, if any; `data` holds the figures behind the message (expected/actual …)."""

    code: FlagCode
    message: str
    evidence: list[EvidenceRef] = Field(default_factory=list)
    indicator: str | None = None
    data: dict[str, str | float | int | bool | None] = Field(default_factory=dict)
    severity: Severity | None = None  # None → the catalogue's severity
    step: str | None = None  # the check step that raised it (set by the runner; rescore keeps the earlier steps' flags)

    def model_post_init(self, __context: object) -> None:
        if self.severity is None:
            self.severity = SEVERITY[self.code]

    @computed_field  # type: ignore[prop-decorator]
    @property
    def id(self) -> str:
        """Stable identifier (code + evidence + indicator), so a reviewer's decision survives a re-run."""
        key = "|".join(
            [self.code.value, self.indicator or ""]
            + [e.model_dump_json(include={"file", "page", "sheet", "row", "column"}) for e in self.evidence]
            + [f"{k}={self.data[k]}" for k in sorted(self.data) if k in ("asset_no", "name", "segment", "process", "key", "failed_step")]
        )
        return hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]


def make_flag(
    code: FlagCode,
    message: str,
    evidence: list[EvidenceRef] | None = None,
    indicator: str | None = None,
    **data: str | float | int | bool | None,
) -> Flag:
    """Short-hand used by extractors, validators and scoring."""
    return Flag(code=code, message=message, evidence=evidence or [], indicator=indicator, data=data)


def unique_flags(flags: list[Flag]) -> list[Flag]:
    """Flags in order, each id once (two stages may find the same thing)."""
    seen: set[str] = set()
    out: list[Flag] = []
    for f in flags:
        if f.id not in seen:
            seen.add(f.id)
            out.append(f)
    return out


class StepError(BaseModel):
    """A step of the check that failed: its name (``validate``, ``validate:identity``,
    ``score:key_process_nc_rate`` …) and the error, as data (docling's ErrorItem)."""

    step: str
    error: str

    @classmethod
    def of(cls, step: str, exc: BaseException) -> StepError:
        return cls(step=step, error=f"{type(exc).__name__}: {exc}")

    def flag(self) -> Flag:
        return make_flag(
            FlagCode.CHECK_STEP_FAILED,
            f"检查步骤“{self.step}”未能完成（{self.error}），其余步骤照常进行，结论为部分结果，需人工复核",
            failed_step=self.step,
            error=self.error,
        )
