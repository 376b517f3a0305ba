"""Equivalent-level certifications (相当水平认定) stated in a document.

A certification counts only when the line states it as obtained: lines of intent (拟、计划、
申报、争创、力争) are skipped, and the unlevelled ones (智能工厂, 两化融合 …) need a word of award
(认定、评为、入选、获评、通过、证书 …).

A page laid out as a certificate (labelled fields such as 评定等级：, 企业名称：, 评定依据：) is read as
one document instead: the scheme from its title or 评定依据, the level from the 等级/级别 field, the
holder from 企业名称/证书持有单位, the validity from 有效期. Every other line — the issuer (发证机构) and
the words of its seal, which OCR scatters over the page (…两化融合评定中心) — is ignored: it names who
issued the certificate, not what the enterprise obtained.
"""

from __future__ import annotations

import re
from datetime import date

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


# Scheme names (no level), searched in a certificate's title and 评定依据 only.
SCHEME_NAMES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("smart_manufacturing_maturity", re.compile(r"智能制造(?:能力)?成熟度|CMMM", re.IGNORECASE)),
    ("digital_transformation_maturity", re.compile(r"数字化转型成熟度")),
    ("dcmm", re.compile(r"DCMM|数据管理能力成熟度", re.IGNORECASE)),
    ("two_integration", re.compile(r"两化融合")),
    ("miit_5g_factory", re.compile(r"5G全[连链]接工厂", re.IGNORECASE)),
    ("miit_demo_factory", re.compile(r"智能制造示范工厂")),
    ("beijing_smart_factory", re.compile(r"北京市?.{0,4}智能工厂")),
    ("beijing_digital_workshop", re.compile(r"北京市?.{0,4}数字化车间")),
)
# A labelled field: label, then a colon (OCR reads ：as ； or ;), then the value.
_FIELD = re.compile(r"^[^\w]{0,2}(?P<label>[\u4e00-\u9fff]{2,8})\s*[:：;；]\s*(?P<value>.*)$")
_LEVEL_LABEL = re.compile(r"(?:等级|级别|星级|成熟度等级)$")
_HOLDER_LABEL = re.compile(r"(?:企业名称|单位名称|证书持有单位|持证单位|获证单位|获证企业|受评单位|申请单位|组织名称)$")
_BASIS_LABEL = re.compile(r"(?:评定依据|评估依据|认定依据|依据标准|评价依据|认证依据)$")
_VALIDITY_LABEL = re.compile(r"有效期")
_LEVEL_VALUE = re.compile(r"(?P<n>[一二两三四五六七八九1-9１-９=＝])\s*(?:级|星)")
# Glyphs OCR reads for a numeral with a stroke lost or merged: the readings each allows.
_OCR_NUMERAL_CONFUSION = {"=": (2, 3), "＝": (2, 3)}
_HOLDER_END = re.compile(r"^.*?(?:股份有限公司|有限责任公司|有限公司|公司|厂|研究院|集团)")
_DATE = re.compile(r"(\d{4})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})(?=\s*(?:日|$|[至到~—-]))")


def _fields(lines: list[str]) -> list[tuple[int, str, str]]:
    out = []
    for i, line in enumerate(lines):
        m = _FIELD.match(line)
        if m:
            out.append((i, m.group("label"), m.group("value")))
    return out


def is_certificate_page(lines: list[str]) -> bool:
    """Laid out as a certificate: a level field and a holder or basis field."""
    labels = [label for _, label, _ in _fields(lines)]
    return any(_LEVEL_LABEL.search(x) for x in labels) and any(
        _HOLDER_LABEL.search(x) or _BASIS_LABEL.search(x) for x in labels)


def _certificate_level(value: str) -> tuple[int | None, bool]:
    """(level, uncertain). An OCR confusion glyph gives the lowest reading it allows (conservative)."""
    m = _LEVEL_VALUE.search(value)
    if m is None:
        stars = value.count("★")
        return (stars, False) if stars else (None, False)
    token = m.group("n")
    if token in _OCR_NUMERAL_CONFUSION:
        return min(_OCR_NUMERAL_CONFUSION[token]), True
    return _level(token), False


def _dates(value: str) -> list[date]:
    out = []
    for y, mo, d in _DATE.findall(value):
        try:
            out.append(date(int(y), int(mo), int(d)))
        except ValueError:
            continue
    return out


def certificate_record(doc: Document, page_number: int | None, sheet: str | None, lines: list[str],
                       confidence: float | None) -> Certification | None:
    """The one certification a certificate page states; None when it names no known scheme."""
    fields = _fields(lines)
    first_field = fields[0][0] if fields else len(lines)
    title = " ".join(lines[:first_field])
    basis = " ".join(v for _, label, v in fields if _BASIS_LABEL.search(label))
    kind = next((k for k, p in SCHEME_NAMES if p.search(title)), None) or next(
        (k for k, p in SCHEME_NAMES if p.search(basis)), None)
    if kind is None:
        return None
    level, uncertain, holder, validity, level_line = None, False, None, [], ""
    for _, label, value in fields:
        if level is None and _LEVEL_LABEL.search(label):
            level, uncertain = _certificate_level(value)
            level_line = f"{label}：{value}"
        elif holder is None and _HOLDER_LABEL.search(label):
            m = _HOLDER_END.match(value)
            holder = (m.group(0) if m else value).strip() or None
        elif not validity and _VALIDITY_LABEL.search(label):
            validity = _dates(value)
    name = next((p.search(title) or p.search(basis) for k, p in SCHEME_NAMES if k == kind))
    ref = EvidenceRef(file=doc.file, page=page_number, sheet=sheet,
                      text=(title + (" / " + level_line if level_line else ""))[:200], confidence=confidence)
    return Certification(
        ref=ref, min_confidence=confidence, name=name.group(0) if name else kind, kind=kind, level=level,
        holder=holder, valid_from=validity[0] if validity else None,
        valid_until=validity[1] if len(validity) > 1 else None, level_uncertain=uncertain,
    )


def certification_records(doc: Document) -> list[Certification]:
    out: list[Certification] = []
    rest = []
    for page in doc.pages:
        lines = [clean_text(raw).replace(" ", "") for raw in page.text.splitlines()]
        lines = [x for x in lines if x]
        if is_certificate_page(lines):
            c = certificate_record(doc, None if page.sheet else page.number, page.sheet, lines, page.ocr_confidence)
            if c is not None:
                out.append(c)
            continue
        rest.append(page)
    return out + _stated_certifications(doc, rest)


def _stated_certifications(doc: Document, pages: list) -> list[Certification]:  # type: ignore[type-arg]
    """Certifications stated line by line in prose (a 情况说明 saying 公司已通过…评定)."""
    out: list[Certification] = []
    seen: set[tuple[str, int | None]] = set()
    for page in pages:
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
