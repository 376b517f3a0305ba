"""`manifest.json`: what the assessor says about the packet (SPEC §3). All optional but packet_id."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, ConfigDict, Field


class ProcessType(str, Enum):
    """离散行业 (NC/DNC/CNC/FMC) vs 流程行业 (PLC/DCS/PCS)."""

    DISCRETE = "discrete"
    PROCESS = "process"


class Manifest(BaseModel):
    model_config = ConfigDict(extra="ignore")

    packet_id: str
    enterprise_name: str | None = None
    credit_code: str | None = None
    industry_code: str | None = None  # GB/T 4754-2017, e.g. "C3911"
    assessment_year: int | None = None
    process_type: ProcessType | None = None
    certifications: list[str] = Field(default_factory=list)
    declared: dict[str, float] = Field(default_factory=dict)  # indicator key → declared value
    benefit_benchmarks: dict[str, float] = Field(default_factory=dict)  # e.g. cost_to_output_ratio → %
