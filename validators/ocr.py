"""Records read by OCR below the confidence bar (OCR_LOW_CONFIDENCE): one flag per page, listing
the rows whose values rest on uncertain text so a reviewer checks them against the page image."""

from __future__ import annotations

from collections import defaultdict

from models import Flag, FlagCode, PacketFacts, Record, RecordSet, make_flag
from models.settings import OCR_CONFIDENCE_BAR
from validators.evidence import capped

# Tesseract word confidence (0–100) below which a value is not trusted unchecked: the one bar the
# OCR stage also uses (models.settings.OCR_CONFIDENCE_BAR).

# Record lists and how a reviewer calls them.
_KINDS: dict[str, str] = {
    "processes": "工序",
    "devices": "设备",
    "robots": "机器人",
    "employees": "人员",
    "products": "产品",
    "design_tools": "设计软件",
    "business_systems": "业务系统",
    "financials": "财务数据",
    "log_spans": "采集记录",
    "identities": "企业名称/信用代码",
    "certifications": "资质证书",
}


def ocr_low_confidence_flags(facts: PacketFacts) -> list[Flag]:
    pages: dict[tuple[str, int | None, str | None], list[tuple[str, Record]]] = defaultdict(list)
    for field in RecordSet.model_fields:
        for rec in getattr(facts, field):
            if rec.min_confidence is not None and rec.min_confidence < OCR_CONFIDENCE_BAR:
                pages[(rec.ref.file, rec.ref.page, rec.ref.sheet)].append((field, rec))
    flags: list[Flag] = []
    for (file, page, sheet), items in pages.items():
        lowest = min(r.min_confidence or 0.0 for _, r in items)
        kinds = "、".join(dict.fromkeys(_KINDS.get(k, k) for k, _ in items))
        where = f"{file} 第 {page} 页" if page is not None else (f"{file} {sheet}" if sheet else file)
        flags.append(
            make_flag(
                FlagCode.OCR_LOW_CONFIDENCE,
                f"{where} 经 OCR 识别，其中 {len(items)} 条记录（{kinds}）的识别置信度低于 {OCR_CONFIDENCE_BAR:g}"
                f"（最低 {lowest:.0f}），请对照原件图像核对这些数值。",
                capped(r.ref for _, r in items),
                key=f"{file}#{page}#{sheet}",
                records=len(items),
                min_confidence=round(lowest, 1),
            )
        )
    return flags
