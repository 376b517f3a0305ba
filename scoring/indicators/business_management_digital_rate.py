"""经营管理数字化率: digitised business segments / all segments × 100 %.

The seven standard segments (models.facts.STANDARD_SEGMENTS) are always in the denominator,
plus each extra segment the enterprise lists. A segment is digitised when a system serving it
is named, is in use (应用情况 not "no") and went live ≥ `min_system_months` months before the
period end. A named, in-use system that is too young, or whose go-live date is missing (not
counted: policy `unknown_go_live_counts`), raises SYSTEM_DATA_INSUFFICIENT when the segment
is thereby not digitised. A standard segment absent from the evidence raises
STANDARD_SEGMENT_MISSING. Without a period end the age check cannot be made: dated systems count.
"""

from __future__ import annotations

import re
import unicodedata

from models import STANDARD_SEGMENTS, BusinessSystem, Flag, FlagCode, PacketFacts, make_flag
from models.period import live_cutoff, period_bounds
from models.policy import ScoringPolicy
from scoring.outcome import IndicatorOutcome, fact, missing

KEY = "business_management_digital_rate"

# Written forms of the standard segments, for rows the extractor left uncanonicalised.
_SEGMENT_WORDS: dict[str, tuple[str, ...]] = {
    "rnd_design": ("研发设计", "研发", "设计", "产品设计"),
    "production": ("生产", "生产制造", "生产管理", "制造"),
    "purchasing": ("采购", "采购供应", "采购管理", "供应链"),
    "sales": ("销售", "销售管理", "营销", "市场营销"),
    "finance": ("财务", "财务管理", "会计"),
    "hr": ("人力", "人力资源", "人事", "人力资源管理"),
    "office": ("办公", "协同办公", "oa", "行政办公"),
}
_WORD_TO_KEY = {w: k for k, words in _SEGMENT_WORDS.items() for w in words}


def segment_key(system: BusinessSystem) -> str:
    """The standard key of a row's segment, or its normalised written name for an extra segment."""
    if system.segment in STANDARD_SEGMENTS:
        return system.segment
    for text in (system.segment, system.segment_raw):
        s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).lower()
        # "协同办公(OA)": try the whole, the text outside the brackets, and the text inside them
        for candidate in (s, re.sub(r"\(.*?\)", "", s), *re.findall(r"\((.*?)\)", s)):
            candidate = candidate.removesuffix("环节")
            if candidate in _WORD_TO_KEY:
                return _WORD_TO_KEY[candidate]
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", system.segment_raw or system.segment))


def _judge(system: BusinessSystem, facts: PacketFacts, policy: ScoringPolicy) -> tuple[bool, str | None]:
    """(counts, reason it does not count when a flag is due)."""
    if not (system.system_name and system.system_name.strip()) or system.in_use is False:
        return False, None
    _, end = period_bounds(facts)
    if system.go_live is None:
        if policy.unknown_go_live_counts:
            return True, None
        return False, f"未注明上线时间，无法确认拥有不少于{policy.min_system_months}个月业务数据"
    if end is None:
        return True, None
    cutoff = live_cutoff(end, policy.min_system_months)
    if system.go_live > cutoff:
        return False, (f"上线时间{system.go_live.isoformat()}，至期末{end.isoformat()}不足"
                       f"{policy.min_system_months}个月（应不晚于{cutoff.isoformat()}）")
    return True, None


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    if not facts.business_systems:
        return missing(KEY, "%", "未提供业务环节及信息系统清单，无法计算经营管理数字化率")

    by_segment: dict[str, list[BusinessSystem]] = {}
    for s in facts.business_systems:
        by_segment.setdefault(segment_key(s), []).append(s)
    segments = list(STANDARD_SEGMENTS) + [k for k in by_segment if k not in STANDARD_SEGMENTS]

    outcome = IndicatorOutcome(key=KEY, unit="%")
    digitised: list[str] = []
    digitised_refs = []
    flags: list[Flag] = []
    for seg in segments:
        label = STANDARD_SEGMENTS.get(seg, seg)
        rows = by_segment.get(seg, [])
        if not rows:
            flags.append(make_flag(
                FlagCode.STANDARD_SEGMENT_MISSING,
                f"业务环节清单中缺少标准环节“{label}”，按未数字化计",
                indicator=KEY, segment=seg,
            ))
            continue
        judged = [(r, *_judge(r, facts, policy)) for r in rows]
        good = [r for r, ok, _ in judged if ok]
        if good:
            digitised.append(seg)
            digitised_refs.extend(r.ref for r in good)
            continue
        for r, _, reason in judged:
            if reason:
                flags.append(make_flag(
                    FlagCode.SYSTEM_DATA_INSUFFICIENT,
                    f"业务环节“{label}”的系统“{r.system_name}”{reason}，该环节不计为数字化",
                    evidence=[r.ref], indicator=KEY, segment=seg, name=r.system_name,
                ))
    outcome.flags = flags
    outcome.numerator, outcome.denominator = float(len(digitised)), float(len(segments))
    extra = [k for k in segments if k not in STANDARD_SEGMENTS]
    outcome.facts = [
        fact(KEY, "business_segments_total", len(segments), [s.ref for s in facts.business_systems], policy, "个",
             note="7个标准环节" + (f" + 企业列出的其他环节：{'、'.join(extra)}" if extra else "")),
        fact(KEY, "business_segments_digitised", len(digitised), digitised_refs, policy, "个",
             note="、".join(STANDARD_SEGMENTS.get(k, k) for k in digitised) or None),
    ]
    return outcome
