"""Equivalent-level certifications (相当水平认定) stated in a document.

A certification counts only when the line states it as obtained: lines of intent (拟、计划、
申报、争创、力争) are skipped, and the unlevelled ones (智能工厂, 两化融合 …) need a word of award
(认定、评为、入选、获评、通过、证书 …).
"""

from __future__ import annotations

import re

from extractors.normalize import chinese_numeral_to_int, clean_text
from models import Certification, Document, EvidenceRef

_LEVEL = r"(?P<level>[一二三四五六七八九1-9１-９])"
# (kind key, pattern, needs an award word). Kind keys are stable names scoring maps to its rules.
CERTIFICATION_PATTERNS: tuple[tuple[str, re.Pattern[str], bool], ...] = (
    ("smart_manufacturing_maturity", re.compile(rf"智能制造(?:能力)?成熟度(?:评估|贯标|等级|评定)?\D{{0,6}}?{_LEVEL}\s*级"), False),
    ("digital_transformation_maturity", re.compile(rf"数字化转型成熟度(?:评估|等级|评定)?\D{{0,6}}?{_LEVEL}\s*星"), False),
    ("dcmm", re.compile(rf"(?:DCMM|数据管理能力成熟度)(?:评估|等级|评定|认证)?\D{{0,6}}?{_LEVEL}\s*级", re.IGNORECASE), False),
    ("two_integration", re.compile(r"两化融合(?:管理体系)?(?:贯标|评定|认证|证书)"), True),
    ("beijing_smart_factory", re.compile(r"北京市?(?:级)?智能工厂"), True),
    ("beijing_digital_workshop", re.compile(r"北京市?(?:级)?数字化车间"), True),
    ("miit_demo_factory", re.compile(r"智能制造示范工厂"), True),
    ("miit_5g_factory", re.compile(r"5G全(?:连接|链接)工厂"), True),
)
_INTENT = re.compile(r"拟|计划|正在申报|申报中|争创|力争|目标|将于|准备|筹备|规划")
_AWARD = re.compile(r"认定|评为|入选|获评|荣获|获得|通过|授予|称号|证书|名单|评定|达到|贯标")


def _level(text: str) -> int | None:
    t = clean_text(text)
    return int(t) if t.isdigit() else chinese_numeral_to_int(t)


def certification_records(doc: Document) -> list[Certification]:
    out: list[Certification] = []
    seen: set[tuple[str, int | None]] = set()
    for page in doc.pages:
        for raw in page.text.splitlines():
            line = clean_text(raw).replace(" ", "")
            if not line or _INTENT.search(line):
                continue
            for kind, pattern, needs_award in CERTIFICATION_PATTERNS:
                m = pattern.search(line)
                if m is None or (needs_award and not _AWARD.search(line)):
                    continue
                level = _level(m.group("level")) if "level" in pattern.groupindex else None
                if (kind, level) in seen:
                    continue
                seen.add((kind, level))
                ref = EvidenceRef(
                    file=doc.file,
                    page=None if page.sheet else page.number,
                    sheet=page.sheet,
                    text=line[:200],
                    confidence=page.ocr_confidence,
                )
                out.append(
                    Certification(ref=ref, min_confidence=page.ocr_confidence, name=m.group(0), kind=kind, level=level)
                )
    return out
