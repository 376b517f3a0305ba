"""Facts: everything the pipeline established about a packet, handed to scoring (SPEC §4)."""

from __future__ import annotations

from datetime import date
from enum import Enum

from pydantic import BaseModel, Field

from models.document import DocumentType, SourceFormat
from models.manifest import Manifest
from models.matches import MatchRecord
from models.provenance import EvidenceRef
from models.records import RecordSet
from models.staff import StaffCount

# The seven standard business segments of Annex 2 indicator 5 (研发设计、生产、采购、销售、财务、人力、办公).
STANDARD_SEGMENTS: dict[str, str] = {
    "rnd_design": "研发设计",
    "production": "生产",
    "purchasing": "采购",
    "sales": "销售",
    "finance": "财务",
    "hr": "人力",
    "office": "办公",
}


class PeriodBasis(str, Enum):
    PRIOR_YEAR = "prior_year"  # the whole of Y−1
    CURRENT_MONTHS = "current_months"  # ≥ 3 consecutive months of Y


class DataPeriod(BaseModel):
    """The data basis the figures must come from (SPEC §2 "Data period")."""

    assessment_year: int | None
    basis: PeriodBasis | None
    start: date | None
    end: date | None
    inferred: bool = False  # True when the assessment year was not in the manifest


class DocumentSummary(BaseModel):
    """What each file of the packet was read as (for the report and facts.json)."""

    file: str
    format: SourceFormat
    doc_type: DocumentType
    table_types: list[DocumentType] = Field(default_factory=list)  # types of its tables/sheets when they differ
    pages: int = 0
    tables: int = 0
    records: int = 0
    readable: bool = True
    ocr_pages: int = 0


class Fact(BaseModel):
    """A derived figure (a count, a sum, a rate's numerator) and the evidence it rests on."""

    name: str  # e.g. "key_processes_total", "nc_key_processes"
    value: float | int | str | None
    unit: str | None = None
    indicator: str | None = None
    note: str | None = None  # how it was counted (which policy applied)
    evidence: list[EvidenceRef] = Field(default_factory=list)


class PacketFacts(RecordSet):
    """All records of a packet plus its manifest and period: the input of scoring."""

    packet_id: str
    manifest: Manifest
    period: DataPeriod | None = None
    documents: list[DocumentSummary] = Field(default_factory=list)
    derived: list[Fact] = Field(default_factory=list)  # filled by scoring: counts behind each indicator
    # Every tolerant match the reading rests on (headers, segments, processes), with score and source
    # (extractors.matches); the ones below the review bar are listed in the verdict.
    matches: list[MatchRecord] = Field(default_factory=list)
    staff_count: StaffCount | None = None  # direct staff over the period, set by the staff step (extractors.staff)

    def has_documents(self, doc_type: DocumentType) -> bool:
        return any(d.readable and (d.doc_type == doc_type or doc_type in d.table_types) for d in self.documents)
