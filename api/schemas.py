"""What the API takes and gives (SPEC §6b), separate from `models/` so no internal field leaks.
The verdict itself is the public contract of SPEC §6a (`models.Verdict`), returned as written."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from models import Verdict

PrecheckStatusName = Literal["queued", "running", "done", "failed"]

EXAMPLE_VERDICT = {
    "schema_version": 1,
    "packet_id": "bj-jixie-2026",
    "enterprise": {"name": "北京某精密机械有限公司", "credit_code": "91110108MA01ABCD2X",
                   "industry_code": "C3411", "industry_group": 4},
    "period": {"assessment_year": 2026, "basis": "prior_year", "start": "2025-01-01", "end": "2025-12-31"},
    "indicators": {
        "key_process_nc_rate": {"value": 66.7, "unit": "%", "numerator": 4, "denominator": 6,
                                "threshold": 62.4, "passed": True},
        "robots_per_production_worker": {"value": 0.034, "unit": "ratio", "numerator": 12, "denominator": 350,
                                         "threshold": 0.03, "passed": True},
        "equipment_networking_rate": {"value": 58.0, "unit": "%", "numerator": 58, "denominator": 100,
                                      "threshold": 55.0, "passed": True},
        "digital_design_tool_coverage": {"value": 40.0, "unit": "%", "numerator": 2000, "denominator": 5000,
                                         "threshold": 71.2, "passed": False},
        "business_management_digital_rate": {"value": 71.4, "unit": "%", "numerator": 5, "denominator": 7,
                                             "threshold": 80.0, "passed": False},
        "cost_to_output_ratio": {"value": 71.2, "unit": "%", "benchmark": None, "passed": None},
    },
    "passed": True,
    "needs_review": False,
    "route": "three_of_five",
    "flags": [{"code": "PARTIAL_NC_PROCESS", "severity": "warning",
               "message": "关键工序“精加工”的设备中既有数控设备也有非数控设备",
               "evidence": [{"file": "设备清单.xlsx", "sheet": "Sheet1", "row": 14}]}],
}


EXAMPLE_PRECHECK_DONE = {
    "id": "pc_3f9a0c2e6b1d4a5f7e8c9b0a", "status": "done", "verdict": EXAMPLE_VERDICT, "error": None,
    "links": {"self": "/v1/prechecks/pc_3f9a0c2e6b1d4a5f7e8c9b0a",
              "report": "/v1/prechecks/pc_3f9a0c2e6b1d4a5f7e8c9b0a/report",
              "facts": "/v1/prechecks/pc_3f9a0c2e6b1d4a5f7e8c9b0a/facts",
              "flags": "/v1/prechecks/pc_3f9a0c2e6b1d4a5f7e8c9b0a/flags"},
}


class BucketReference(BaseModel):
    """A packet already in the bucket: `incoming/<id>/` (a folder with manifest.json) or `incoming/<id>.zip`."""

    model_config = ConfigDict(extra="forbid", json_schema_extra={"examples": [{"bucket_key": "incoming/acme-2026/"}]})

    bucket_key: str = Field(min_length=10, max_length=1000)


class PrecheckLinks(BaseModel):
    self: str
    report: str | None = None
    facts: str | None = None
    flags: str | None = None


class PrecheckCreated(BaseModel):
    """202 answer to a submission (also for a replay of the same Idempotency-Key and body)."""

    model_config = ConfigDict(json_schema_extra={"examples": [
        {"id": "pc_3f9a0c2e6b1d4a5f7e8c9b0a", "status": "queued",
         "links": {"self": "/v1/prechecks/pc_3f9a0c2e6b1d4a5f7e8c9b0a"}}]})

    id: str
    status: PrecheckStatusName
    links: PrecheckLinks


class PrecheckOut(BaseModel):
    """A pre-check: 202 while queued or running, 200 once done or failed."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE_PRECHECK_DONE]})

    id: str
    status: PrecheckStatusName
    verdict: Verdict | None = Field(default=None, description="SPEC §6a verdict.json, once done")
    error: str | None = None
    links: PrecheckLinks


class Problem(BaseModel):
    """Every error answer: FastAPI's `{"detail": …}`."""

    detail: str | list | dict


class WorkerOut(BaseModel):
    id: str
    host: str
    pid: int
    state: Literal["starting", "idle", "busy"] | str
    precheck_id: str | None
    heartbeat_age_seconds: float


class ReadinessOut(BaseModel):
    ready: bool
    database: str
    store: str
    workers: list[WorkerOut]
    queued: int


class PacketOut(BaseModel):
    id: str
    enterprise_name: str | None
    latest_precheck: str | None
    passed: bool | None
    needs_review: bool
    updated_at: str
    industry_group: int | None = None
    assessor: str | None = None  # the token that submitted the latest check
    open_errors: int = 0
    open_warnings: int = 0
    held_by: str | None = None  # a reviewer's lease (until held_until)
    held_until: str | None = None
