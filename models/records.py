"""Typed records read from the evidence tables (SPEC §4). Each keeps the row it came from."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime, timedelta
from enum import Enum

from pydantic import BaseModel, Field

from models.provenance import EvidenceRef


class Record(BaseModel):
    """Common part: where the record was read, and the lowest OCR confidence of the cells it
    rests on (None when read from a text layer or a spreadsheet, i.e. exact)."""

    ref: EvidenceRef
    min_confidence: float | None = None


class KeyProcess(Record):
    """A production process (生产工序) named in the process description. `is_key` says whether
    the description marks it as a key process (关键工序)."""

    name: str
    is_key: bool = True


class ControlType(str, Enum):
    """Normalised 控制方式 of a device: the NC families of Annex 2, or manual."""

    NC = "NC"
    CNC = "CNC"
    DNC = "DNC"
    FMC = "FMC"
    PLC = "PLC"
    DCS = "DCS"
    PCS = "PCS"
    MANUAL = "manual"  # 手动 / 普通 / 人工


class Device(Record):
    """A row of the production equipment list (生产设备清单). A row "数控车床 × 12" is one
    Device with quantity 12."""

    name: str
    model: str | None = None
    asset_no: str | None = None
    quantity: int = 1
    process: str | None = None  # 所属工序 as written (or the described process an OCR misread joined)
    process_written: str | None = None  # 所属工序 as OCR read it, when joined to a described process by similarity
    process_score: float | None = None  # 0–100 similarity of that join
    asset_no_written: str | None = None  # 资产编号 as OCR read it, when joined to a log's asset number (one character off)
    control_type: ControlType | None = None
    is_nc: bool | None = None  # 是否数控化; derived from control_type when only that is given
    is_networked: bool | None = None  # 是否联网 / 自动采集 as claimed
    is_robot: bool = False


class Robot(Record):
    """A row of the robot list (机器人设备清单)."""

    name: str
    model: str | None = None
    brand: str | None = None
    asset_no: str | None = None
    quantity: int = 1
    process: str | None = None
    process_written: str | None = None  # as for Device
    process_score: float | None = None


class StaffRole(str, Enum):
    """直接生产人员 (direct) vs 非直接生产人员 (indirect)."""

    DIRECT = "direct"
    INDIRECT = "indirect"


class Employee(Record):
    """A roster row: one person (headcount 1) or an aggregate line 岗位 + 人数."""

    name: str | None = None
    employee_no: str | None = None
    department: str | None = None
    job_title: str | None = None
    headcount: int = 1
    hired: date | None = None
    left: date | None = None
    status: str | None = None  # 在职状态 as written (在职/离职/长期病假/外派 …)
    role: StaffRole | None = None  # set by the staff classifier
    role_subclass: str | None = None
    role_probability: float | None = None  # probability of `role`
    role_uncertain: bool = False
    role_source: str | None = None  # "rule", "model", "override"

    def employed_during(self, start: date | None, end: date | None) -> bool:
        """In post at some time in [start, end]: hired on or before the end and not left before the
        start. A missing date does not exclude (hired unknown: from the start; left unknown: still in
        post); status text such as 离职 without a date does not either (the date decides)."""
        if end is not None and self.hired is not None and self.hired > end:
            return False
        return not (start is not None and self.left is not None and self.left < start)

    def counts_as_direct(self, uncertain_as_direct: bool) -> bool:
        """Direct production staff. A row without a role, or with a role the classifier is unsure
        of, counts as `uncertain_as_direct` (ScoringPolicy.uncertain_staff_count_as_direct: direct
        until a reviewer decides, SPEC §2)."""
        if self.role is None or self.role_uncertain:
            return uncertain_as_direct
        return self.role == StaffRole.DIRECT


def headcount(rows: Iterable[Employee]) -> int:
    """Headcount of roster rows (an aggregate line 岗位 + 人数 counts its 人数)."""
    return sum(max(e.headcount, 0) for e in rows)


class Product(Record):
    """A product type with its output (产品类型及产量) and whether digital design tools were used."""

    name: str
    output_qty: float | None = None
    unit: str | None = None
    digital_design: bool | None = None
    design_tools: str | None = None


class DesignTool(Record):
    """A digital R&D/design software tool (数字化研发设计工具)."""

    name: str
    purpose: str | None = None


class BusinessSystem(Record):
    """A business segment (业务环节) with the system serving it, if any."""

    segment: str  # canonical segment key when recognised (see models.facts.STANDARD_SEGMENTS), else as written
    segment_raw: str
    system_name: str | None = None
    go_live: date | None = None
    in_use: bool | None = None  # 应用情况 says it is used (是/在用/正常运行)
    on_trial: bool = False  # 试运行: live, judged by its age like any other system
    segment_match: str | None = None  # how the segment was recognised: synonym | stem | system_hint | fuzzy
    segment_score: float | None = None  # 0–100; below the review score a reviewer sees it


class FinancialKind(str, Enum):
    PRODUCTION_COST = "production_cost"  # 生产成本 / 营业成本
    INDUSTRIAL_OUTPUT_VALUE = "industrial_output_value"  # 工业总产值 / 工业产值
    REVENUE = "revenue"  # 营业收入


class FinancialFigure(Record):
    """An amount from the audit report or financial statements, in yuan (元)."""

    kind: FinancialKind
    value_yuan: float
    fiscal_year: int | None = None


def asset_key(asset_no: str | None) -> str:
    """Matching key for asset numbers written differently (``SB-001``, ``SB001``, ``ｓｂ－００１``)."""
    if not asset_no:
        return ""
    s = unicodedata.normalize("NFKC", asset_no).upper()
    return re.sub(r"[\s\-_/.#·]", "", s)


_PROCESS_KEY_MARK = re.compile(r"[（(]\s*关键(工序)?\s*[)）]")
_PROCESS_SPLIT = re.compile(r"[、/,，;；|]+")


def process_key(name: str | None) -> str:
    """Matching key for process names (工序名称) written differently in different documents:
    ``"焊接 工序"``, ``"焊接（关键工序）"``, ``"焊接工序"`` → ``"焊接"``."""
    if not name:
        return ""
    s = unicodedata.normalize("NFKC", name)
    s = _PROCESS_KEY_MARK.sub("", s)
    s = re.sub(r"\s+", "", s).lower()
    s = s.strip("：:.。-")
    # a code prefix (GX03 压片, P-03 焊接, 03#焊接) when a Chinese name follows it
    s = _PROCESS_CODE_PREFIX.sub("", s) or s
    for suffix in _PROCESS_SUFFIXES:
        if s.endswith(suffix) and len(s) - len(suffix) >= 2:
            s = s[: -len(suffix)]
            break
    return s


_PROCESS_CODE_PREFIX = re.compile(r"^(?:[a-z]{0,4}[-_]?\d{1,3}[#号]?)[-_.、:：#]*(?=[\u4e00-\u9fff])")
# Words written after a process name that do not change which process it is.
_PROCESS_SUFFIXES = ("工序", "工段", "车间", "工步", "岗位", "环节")


def process_keys(written: str | None, known: set[str]) -> list[str]:
    """The known process keys a device's 所属工序 refers to: the whole text when it matches, else
    its parts split on 、/，; (a device serving 焊接/装配 belongs to both), else the whole text
    (then unknown)."""
    whole = process_key(written)
    if not whole:
        return []
    if whole in known:
        return [whole]
    parts = [process_key(p) for p in _PROCESS_SPLIT.split(unicodedata.normalize("NFKC", written or ""))]
    matched = [p for p in dict.fromkeys(parts) if p in known]
    if matched:
        return matched
    # one known name inside the written one, or the written one inside exactly one known name
    # (机加工 / 精密机加工): a shared stem of two or more characters
    near = [k for k in known if len(k) >= 2 and (k in whole or (len(whole) >= 2 and whole in k))]
    return near if len(near) == 1 else [whole]


class DayRange(BaseModel):
    """A run of consecutive calendar days that each hold at least one log record (inclusive)."""

    start: date
    end: date

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


class DataLogSpan(Record):
    """What one device's data-collection export covers (设备数据采集记录): the runs of days with data."""

    asset_no: str
    first_seen: datetime
    last_seen: datetime
    n_rows: int
    runs: list[DayRange] = Field(default_factory=list)  # sorted, non-overlapping

    @property
    def days_with_data(self) -> int:
        return sum(r.days for r in self.runs)

    def days_within(self, start: date, end: date) -> int:
        """Days with data inside [start, end] (inclusive)."""
        total = 0
        for r in self.runs:
            lo, hi = max(r.start, start), min(r.end, end)
            if lo <= hi:
                total += (hi - lo).days + 1
        return total

    def gaps_within(self, start: date, end: date) -> list[DayRange]:
        """Runs of days without data inside [start, end], between the first and last day with data."""
        inside = [r for r in self.runs if r.end >= start and r.start <= end]
        gaps: list[DayRange] = []
        for a, b in zip(inside, inside[1:]):
            gaps.append(DayRange(start=a.end + timedelta(days=1), end=b.start - timedelta(days=1)))
        return gaps


class IdentityMention(Record):
    """An enterprise name or credit code found in a document (header, stamp, audit report)."""

    enterprise_name: str | None = None
    credit_code: str | None = None


class Certification(Record):
    """An equivalent-level certification (智能制造能力成熟度二级 …) claimed by the enterprise."""

    name: str
    kind: str | None = None  # key of scoring.certification.CERTIFICATIONS when recognised
    level: int | None = None  # the stated level/stars (智能制造能力成熟度三级 → 3), when the name has one
    # Read from a certificate document (one per image/page): its holder (企业名称/证书持有单位), the
    # validity it states, and whether the level was read through an OCR confusion (三 read as =):
    # then `level` is the lowest reading the glyph allows, and a reviewer must confirm it.
    holder: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    level_uncertain: bool = False

    def validity_problem(self, start: date, end: date) -> str | None:
        """Whether the certificate was in force at some day of [start, end]: ``expired`` (its
        validity ended before `start`), ``not_yet_valid`` (it starts after `end`), or None (in force,
        or its validity was not read)."""
        if self.valid_until is not None and self.valid_until < start:
            return "expired"
        if self.valid_from is not None and self.valid_from > end:
            return "not_yet_valid"
        return None


class RecordSet(BaseModel):
    """The typed records read from one document or a whole packet."""

    processes: list[KeyProcess] = Field(default_factory=list)
    devices: list[Device] = Field(default_factory=list)
    robots: list[Robot] = Field(default_factory=list)
    employees: list[Employee] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    design_tools: list[DesignTool] = Field(default_factory=list)
    business_systems: list[BusinessSystem] = Field(default_factory=list)
    financials: list[FinancialFigure] = Field(default_factory=list)
    log_spans: list[DataLogSpan] = Field(default_factory=list)
    identities: list[IdentityMention] = Field(default_factory=list)
    certifications: list[Certification] = Field(default_factory=list)

    def extend(self, other: RecordSet) -> None:
        for name in type(self).model_fields:
            if name in RecordSet.model_fields:
                getattr(self, name).extend(getattr(other, name))

    def count(self) -> int:
        return sum(len(getattr(self, name)) for name in RecordSet.model_fields)
