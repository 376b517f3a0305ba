"""Business segments and their systems (业务环节及信息系统清单) → BusinessSystem records."""

from __future__ import annotations

import re

from extractors.normalize import clean_text, parse_bool, parse_date
from extractors.records._rows import field_rows, is_placeholder, tables_of
from models import STANDARD_SEGMENTS, BusinessSystem, Document, DocumentType

# Words naming each of the seven standard segments (models.facts.STANDARD_SEGMENTS), longest
# first within a segment. A segment is recognised by exact word, else by the first word it contains.
SEGMENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rnd_design": ("研发设计", "研发与设计", "产品研发", "产品设计", "技术研发", "研发", "设计"),
    "production": ("生产制造", "生产管理", "生产运营", "制造执行", "生产", "制造"),
    "purchasing": ("采购供应", "采购管理", "物资采购", "供应链", "采购", "供应"),
    "sales": ("销售管理", "市场营销", "营销管理", "客户管理", "销售", "营销"),
    "finance": ("财务管理", "财务核算", "会计核算", "财务", "会计"),
    "hr": ("人力资源", "人力资源管理", "人事管理", "人力", "人事"),
    "office": ("协同办公", "办公管理", "办公自动化", "行政办公", "oa", "办公"),
}
assert set(SEGMENT_SYNONYMS) == set(STANDARD_SEGMENTS)

_EXACT = {w: key for key, words in SEGMENT_SYNONYMS.items() for w in words} | {
    v: k for k, v in STANDARD_SEGMENTS.items()
}
_CONTAINED = sorted(_EXACT.items(), key=lambda kv: -len(kv[0]))

IN_USE_WORDS = ("在用", "使用中", "正常运行", "运行良好", "正常使用", "已上线", "稳定运行", "运行正常", "应用中", "良好", "全面应用")
NOT_IN_USE_WORDS = ("停用", "未使用", "未上线", "计划", "规划", "拟建", "在建", "建设中", "实施中", "试运行", "未启用", "暂停", "废弃")


def canonical_segment(text: str) -> str:
    """A segment's canonical key (rnd_design …), or the text as written when not standard."""
    s = re.sub(r"[\s环节管理系统]+$", "", clean_text(text).lower().replace(" ", "")) or clean_text(text).lower()
    for key in (clean_text(text).lower().replace(" ", ""), s):
        if key in _EXACT:
            return _EXACT[key]
    for word, key in _CONTAINED:
        if len(word) >= 2 and word in s:
            return key
    return clean_text(text)


def parse_in_use(text: str) -> bool | None:
    """应用情况 → in use? 在用/正常运行 yes, 停用/计划/在建 no, else the boolean reading."""
    t = clean_text(text)
    if not t:
        return None
    if any(w in t for w in NOT_IN_USE_WORDS):
        return False
    if any(w in t for w in IN_USE_WORDS):
        return True
    return parse_bool(t)


def system_records(doc: Document) -> list[BusinessSystem]:
    """One record per row; a blank 业务环节 cell continues the segment above (a merged cell)."""
    out: list[BusinessSystem] = []
    for table in tables_of(doc.tables, DocumentType.BUSINESS_SYSTEM_LIST):
        segment_raw = ""
        for fr in field_rows(table):
            if fr.text("segment"):
                segment_raw = fr.text("segment")
            if not segment_raw:
                continue
            system = fr.text("system_name")
            out.append(
                BusinessSystem(
                    ref=fr.ref,
                    min_confidence=fr.min_confidence,
                    segment=canonical_segment(segment_raw),
                    segment_raw=segment_raw,
                    system_name=None if is_placeholder(system) else system,
                    go_live=parse_date(fr.text("go_live")),
                    in_use=parse_in_use(fr.text("usage")),
                )
            )
    return out
