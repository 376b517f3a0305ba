"""Business segments and their systems (业务环节及信息系统清单) → BusinessSystem records."""

from __future__ import annotations

import calendar
import re
from datetime import date

from extractors.matching import Match, match_segment, segment_from_system, unreadable
from extractors.normalize import clean_text, parse_bool, parse_date
from extractors.records._rows import field_rows, is_placeholder, tables_of
from models import STANDARD_SEGMENTS, BusinessSystem, Document, DocumentType

# Words naming each of the seven standard segments (models.facts.STANDARD_SEGMENTS). A segment
# is recognised (1) by one of these words, after dropping suffixes such as 管理/环节; (2) by a core
# word it starts with (生产计划 → production, 销售与客户服务 → sales); (3) by a phrase of four or
# more characters it contains (产品研发设计). Anything else is an extra segment, kept as written
# (供应商协同, 售后服务, 成本核算 are not standard segments).
SEGMENT_SYNONYMS: dict[str, tuple[str, ...]] = {
    "rnd_design": ("研发设计", "研发与设计", "研发和设计", "产品研发", "产品设计", "技术研发", "研发", "设计", "研究开发"),
    "production": ("生产制造", "生产运营", "制造执行", "生产", "制造", "生产计划", "生产执行"),
    "purchasing": ("采购供应", "采购与供应", "物资采购", "供应链", "采购", "采购供应链"),
    "sales": ("市场营销", "营销", "销售", "客户关系", "销售与服务", "营销服务"),
    "finance": ("财务", "会计核算", "财务核算", "会计", "财务会计"),
    "hr": ("人力资源", "人力", "人事", "人事行政"),
    "office": ("协同办公", "办公自动化", "行政办公", "oa", "办公", "oa办公"),
}
assert set(SEGMENT_SYNONYMS) == set(STANDARD_SEGMENTS)

SEGMENT_CORE_PREFIXES: dict[str, str] = {
    "研发": "rnd_design", "生产": "production", "制造": "production", "采购": "purchasing", "销售": "sales",
    "营销": "sales", "财务": "finance", "人力": "hr", "人事": "hr", "办公": "office", "oa": "office",
}
MIN_CONTAINED_SEGMENT_CHARS = 4

_EXACT = {w: key for key, words in SEGMENT_SYNONYMS.items() for w in words} | {
    v: k for k, v in STANDARD_SEGMENTS.items()
}
_CONTAINED = sorted(((w, k) for w, k in _EXACT.items() if len(w) >= MIN_CONTAINED_SEGMENT_CHARS), key=lambda kv: -len(kv[0]))
_SUFFIX = re.compile(r"(?:管理|环节|系统|业务|板块|领域|模块|方面|部分|工作)+$")


def _core(text: str) -> str:
    s = clean_text(text).lower().replace(" ", "")
    return _SUFFIX.sub("", s) or s


def canonical_segment(text: str) -> str:
    """A segment's canonical key (rnd_design …), or the text as written when not standard."""
    raw = clean_text(text).lower().replace(" ", "")
    core = _core(text)
    for key in (raw, core):
        if key in _EXACT:
            return _EXACT[key]
    for prefix, key in SEGMENT_CORE_PREFIXES.items():
        if core.startswith(prefix):
            return key
    for word, key in _CONTAINED:
        if word in core:
            return key
    return clean_text(text)


# A system on trial (试运行, 试用) is live: its age decides whether it counts, like any other.
TRIAL_WORDS = ("试运行", "试用", "试点运行", "试上线")
IN_USE_WORDS = ("在用", "使用中", "正常运行", "运行良好", "正常使用", "已上线", "稳定运行", "运行正常", "应用中", "良好", "全面应用")
NOT_IN_USE_WORDS = ("停用", "未使用", "未上线", "计划", "规划", "拟建", "在建", "建设中", "实施中", "未启用", "暂停", "废弃")


def parse_in_use(text: str) -> bool | None:
    """应用情况 → in use? 在用/正常运行 yes, 停用/计划/在建 no, else the boolean reading."""
    t = clean_text(text)
    if not t:
        return None
    if any(w in t for w in TRIAL_WORDS) and not re.search(r"未|尚未|计划|拟", t):
        return True
    if any(w in t for w in NOT_IN_USE_WORDS):
        return False
    if any(w in t for w in IN_USE_WORDS):
        return True
    return parse_bool(t)


def resolve_segment(segment_raw: str, system_name: str | None) -> tuple[str, Match]:
    """(segment key or the text as written, how it matched): the synonym lists first, then the
    tolerant matcher (core stems, the system's type when the cell is unreadable, edit distance)."""
    key = canonical_segment(segment_raw)
    if key in STANDARD_SEGMENTS:
        return key, match_segment(segment_raw, exact=key)
    m = match_segment(segment_raw, system_name)
    return (m.key, m) if m.key else (key, m)


# Letters OCR reads for digits inside a date (2022.1D, 2O21-05-l3).
_DATE_LOOKALIKES = str.maketrans({"D": "0", "O": "0", "o": "0", "Q": "0", "l": "1", "I": "1", "|": "1", "i": "1"})
_YEAR_ONLY = re.compile(r"^((?:19|20)\d{2})(?:\s*[年./\-]|$)")
_YEAR_MONTH = re.compile(r"^((?:19|20)\d{2})\s*[年./\-]\s*(\d{1,2})(?!\d)")


def read_go_live(text: str, by_ocr: bool) -> date | None:
    """The 上线时间 cell as a date. Read by OCR, a letter standing for a digit is read as the digit,
    and a date whose day is unreadable (a seal over 2022/4/1?) keeps its year and month: the last day
    of that month, the latest the system can have gone live (conservative for its age)."""
    d = parse_date(text)
    if d is not None or not by_ocr or not text:
        return d
    fixed = text.translate(_DATE_LOOKALIKES)
    d = parse_date(fixed)
    if d is not None:
        return d
    m = _YEAR_MONTH.match(fixed)
    if m and 1 <= int(m.group(2)) <= 12:
        y, mo = int(m.group(1)), int(m.group(2))
        return date(y, mo, calendar.monthrange(y, mo)[1])
    if m := _YEAR_ONLY.match(fixed):
        return date(int(m.group(1)), 12, 31)  # only the year legible (2019/777): its last day
    return None


def system_records(doc: Document) -> list[BusinessSystem]:
    """One record per row; a blank 业务环节 cell continues the segment above (a merged cell)."""
    out: list[BusinessSystem] = []
    for table in tables_of(doc.tables, DocumentType.BUSINESS_SYSTEM_LIST):
        segment_raw = ""
        for fr in field_rows(table):
            if fr.text("segment"):
                segment_raw = fr.text("segment")
            system = fr.text("system_name")
            if not segment_raw and not segment_from_system(system).key:
                continue
            if fr.min_confidence is not None and unreadable(system) and not fr.text("go_live"):
                continue  # a scan's fragment (a speck read as 四), not a system of the segment above
            segment, match = resolve_segment(segment_raw, None if is_placeholder(system) else system)
            out.append(
                BusinessSystem(
                    ref=fr.ref,
                    min_confidence=fr.min_confidence,
                    segment=segment,
                    segment_raw=segment_raw,
                    segment_match=match.method if match.key else None,
                    segment_score=match.score if match.key else None,
                    on_trial=any(w in fr.text("usage") for w in TRIAL_WORDS),
                    system_name=None if is_placeholder(system) else system,
                    go_live=read_go_live(fr.text("go_live"), fr.min_confidence is not None),
                    in_use=parse_in_use(fr.text("usage")),
                )
            )
    return out
