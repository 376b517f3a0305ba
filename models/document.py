"""A file of the packet after reading: its type (from content), its text, its tables."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from models.provenance import EvidenceRef
from models.table import Table


class SourceFormat(str, Enum):
    """The container format, sniffed from the bytes (never from the file name alone)."""

    PDF = "pdf"
    XLSX = "xlsx"
    XLS = "xls"
    CSV = "csv"
    DOCX = "docx"
    IMAGE = "image"
    UNKNOWN = "unknown"


class DocumentType(str, Enum):
    """What the document is evidence of (证明材料类型), identified from its content."""

    EQUIPMENT_LIST = "equipment_list"  # 生产设备清单
    ROBOT_LIST = "robot_list"  # 机器人设备清单
    STAFF_ROSTER = "staff_roster"  # 生产人员清单 / 花名册
    PROCESS_DESCRIPTION = "process_description"  # 生产工序说明
    PRODUCT_LIST = "product_list"  # 产品类型及产量 / 数字化设计应用
    DESIGN_TOOL_LIST = "design_tool_list"  # 数字化研发设计软件清单
    BUSINESS_SYSTEM_LIST = "business_system_list"  # 业务环节及信息系统清单
    DATA_COLLECTION_LOG = "data_collection_log"  # 设备数据采集记录
    AUDIT_REPORT = "audit_report"  # 年度审计报告 / 财务报表
    OUTPUT_RECORD = "output_record"  # 生产产量报告
    UNKNOWN = "unknown"


class PageText(BaseModel):
    """Plain text of one page (PDF/image) or one sheet/section, for keyword search and identity checks."""

    number: int  # 1-based
    text: str
    sheet: str | None = None
    has_text_layer: bool = True
    ocr_confidence: float | None = None  # mean word confidence 0–100 when OCR'd
    image_path: str | None = None  # rendered page image kept for the report / review UI
    # PNG of an OCR'd page with the extracted cell boxes drawn (bboxes are in its pixels). Carried
    # in memory from the extractor to the flow, which stores it and sets `image_path`; never
    # serialised (kept out of JSON dumps and reprs).
    image_png: bytes | None = Field(default=None, exclude=True, repr=False)


class ReadNote(BaseModel):
    """Part of a readable document that was left out or repaired (a page or frame cap, cells
    whose formulas have no value, lines in no known encoding, stray NUL bytes). The document is
    kept; each note becomes a flag (UNREADABLE_DOCUMENT, or a warning) naming what was left out."""

    reason: str  # page_limit | frame_limit | formula_uncached | undecodable_lines | nul_bytes | …
    message_zh: str  # shown to the reviewer
    evidence: list[EvidenceRef] = Field(default_factory=list)
    warning_only: bool = False  # nothing was lost (e.g. NUL bytes dropped): a warning, not an error


class Document(BaseModel):
    """One readable unit of evidence. A workbook with sheets of different kinds is still one
    Document; its tables say their sheet, and `doc_type` is the dominant type, with
    `table_types` giving each table's own type."""

    file: str  # path inside the packet, as the assessor named it
    format: SourceFormat
    doc_type: DocumentType = DocumentType.UNKNOWN
    title: str | None = None
    pages: list[PageText] = Field(default_factory=list)
    tables: list[Table] = Field(default_factory=list)
    sha256: str | None = None
    size_bytes: int | None = None
    read_notes: list[ReadNote] = Field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(p.text for p in self.pages)
