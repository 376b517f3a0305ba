"""Equivalent certifications (实现与之相当水平, SPEC §2): recognised from the manifest's
`certifications` strings and the packet's Certification records.

Bars: 智能制造能力成熟度 level ≥ 2; 数字化转型成熟度 ≥ 3 stars; 两化融合（管理体系）贯标 passed;
DCMM (数据管理能力成熟度) level ≥ 3; 北京市智能工厂 / 北京市数字化车间; MIIT 智能制造示范工厂;
MIIT 5G全连接工厂 (the seed writes 5G全链接工厂). A level below the bar, or a text saying the
certification is not (yet) obtained, does not qualify.
"""

from __future__ import annotations

import re
import unicodedata

from pydantic import BaseModel

from models import EvidenceRef, PacketFacts
from models.scoring import CertificationMatch


class CertificationKind(BaseModel):
    key: str
    name_zh: str
    pattern: str  # regex on the normalised text
    min_level: int | None = None  # None: recognising it is enough


# Order matters: the first kind whose pattern matches names the certification.
CERTIFICATIONS: tuple[CertificationKind, ...] = (
    CertificationKind(key="smart_manufacturing_maturity", name_zh="智能制造能力成熟度",
                      pattern=r"智能制造(能力)?成熟度|cmmm", min_level=2),
    CertificationKind(key="digital_transformation_maturity", name_zh="数字化转型成熟度",
                      pattern=r"数字化转型成熟度", min_level=3),
    CertificationKind(key="dcmm", name_zh="数据管理能力成熟度（DCMM）",
                      pattern=r"dcmm|数据管理能力成熟度", min_level=3),
    CertificationKind(key="two_integration", name_zh="两化融合管理体系贯标", pattern=r"两化融合"),
    CertificationKind(key="miit_5g_factory", name_zh="5G全连接工厂", pattern=r"5g全[连链]接工厂"),
    CertificationKind(key="miit_demo_factory", name_zh="智能制造示范工厂", pattern=r"智能制造示范工厂"),
    CertificationKind(key="beijing_smart_factory", name_zh="北京市智能工厂", pattern=r"北京(市)?.*智能工厂"),
    CertificationKind(key="beijing_digital_workshop", name_zh="北京市数字化车间", pattern=r"北京(市)?.*数字化车间"),
)

_NEGATION = re.compile(r"未通过|未获|未取得|未评|不通过|申请中|申报中|正在申请|拟申请|计划|筹备|未达")
_CN_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_LEVEL = re.compile(r"([一二两三四五1-5])(?:级|星)|(?:level|l)([1-5])(?!\d)|([1-5])(?:-|~)?(?:star)")


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def parse_level(text: str) -> int | None:
    """二级 / 2级 / Level 3 / L3 / 三星 / 3星 / ★★★ → the level; None when the text states none."""
    s = normalise(text)
    stars = s.count("★")
    if stars:
        return stars
    m = _LEVEL.search(s)
    if not m:
        return None
    token = next(g for g in m.groups() if g)
    return _CN_DIGITS.get(token) or int(token)


def recognise(text: str, evidence: list[EvidenceRef] | None = None, stated_level: int | None = None
              ) -> CertificationMatch | None:
    """The certification a text names, and whether it meets its bar; None when it names none.
    `stated_level` (a record's own level) is used when the text itself states none."""
    s = normalise(text)
    kind = next((k for k in CERTIFICATIONS if re.search(k.pattern, s)), None)
    if kind is None:
        return None
    level = (parse_level(text) or stated_level) if kind.min_level is not None else None
    if _NEGATION.search(s):
        ok, reason = False, "文字表明未取得该认定"
    elif kind.min_level is None:
        ok, reason = True, "已认定"
    elif level is None:
        ok, reason = False, f"未注明等级（应不低于{kind.min_level}级/星）"
    elif level < kind.min_level:
        ok, reason = False, f"等级{level}低于要求的{kind.min_level}"
    else:
        ok, reason = True, f"等级{level}达到要求的{kind.min_level}"
    return CertificationMatch(kind=kind.key, name_zh=kind.name_zh, text=text, level=level, qualifies=ok,
                              reason=reason, evidence=evidence or [])


def recognise_all(facts: PacketFacts) -> list[CertificationMatch]:
    """Every certification named by the manifest or a document of the packet."""
    found: list[CertificationMatch] = []
    for text in facts.manifest.certifications:
        m = recognise(text)
        if m:
            found.append(m)
    for c in facts.certifications:
        m = recognise(c.name, [c.ref], c.level)
        if m:
            found.append(m)
    return found
