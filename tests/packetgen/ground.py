"""Ground-truth records of a packet: every process, device, person … its documents show."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

from pydantic import BaseModel, Field

Group = Literal["supported", "unsupported", "none"]  # networking: claimed with logs / claimed without / not claimed


class GTProcess(BaseModel):
    name: str
    is_key: bool


class GTDevice(BaseModel):
    name: str
    model: str
    asset_no: str
    quantity: int
    process: str
    control: str  # CNC / PLC / DCS / 手动 …
    is_nc: bool
    networked: bool  # claimed 是否联网
    network_group: Group
    is_robot: bool = False
    brand: str | None = None
    category: str = ""


class GTRobot(BaseModel):
    name: str
    model: str
    brand: str
    asset_no: str
    quantity: int
    process: str


class GTEmployee(BaseModel):
    employee_no: str
    name: str
    gender: str
    department: str
    job_title: str
    role: Literal["direct", "indirect", "borderline", "away"]
    hired: date
    status: str = "在职"


class GTProduct(BaseModel):
    name: str
    unit: str
    output: int
    digital: bool
    tools: list[str] = Field(default_factory=list)


class GTTool(BaseModel):
    name: str
    purpose: str
    vendor: str


class GTSegment(BaseModel):
    key: str | None  # standard segment key, None for an extra segment
    written: str
    system: str | None
    go_live: date | None
    state: Literal["digitised", "late", "none"]


class GTLog(BaseModel):
    asset_no: str  # as written in the log
    device_asset_no: str  # as written in the equipment list
    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class World(BaseModel):
    packet_id: str
    enterprise_name: str
    credit_code: str
    other_name: str  # a near-miss name for IDENTITY_MISMATCH packets
    period_start: date
    period_end: date
    processes: list[GTProcess]
    unknown_processes: list[str]
    devices: list[GTDevice]
    robots: list[GTRobot]
    employees: list[GTEmployee]
    products: list[GTProduct]
    tools: list[GTTool]
    segments: list[GTSegment]
    logs: list[GTLog]
    fiscal_year: int
    revenue_wan: Decimal
    cost_wan: Decimal
    output_wan: Decimal
