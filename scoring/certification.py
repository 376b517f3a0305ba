"""Equivalent certifications (实现与之相当水平, SPEC §2): recognised from the manifest's
`certifications` strings and the packet's Certification records.

Bars: 智能制造能力成熟度 level ≥ 2; 数字化转型成熟度 ≥ 3 stars; 两化融合（管理体系）贯标 passed;
DCMM (数据管理能力成熟度) level ≥ 3; 北京市智能工厂 / 北京市数字化车间; MIIT 智能制造示范工厂;
MIIT 5G全连接工厂 (the seed writes 5G全链接工厂). A level below the bar, or a text saying the
certification is not (yet) obtained, does not qualify.

A certificate document (a Certification with a holder) grants the route only for the enterprise
itself: its holder must be the manifest's enterprise (models.names_agree: one misread character is
tolerated only on an OCR'd certificate). An OCR'd certificate whose page reading is below the OCR
confidence bar, or whose level glyph was ambiguous and only its lowest reading clears the bar, is
granted on no more than that conservative reading and is marked for review in its reason.
A certificate must also be in force when it speaks for the enterprise (ScoringPolicy.certificate_valid_on:
the data period's last day by default): expired before it, or valid only from a later date, it does
not qualify (validators.certificates raises CERTIFICATE_NOT_VALID), and a manifest claim of the same
kind falls with it.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from pydantic import BaseModel

from models import Certification, EvidenceRef, PacketFacts, names_agree
from models.period import certificate_window
from models.policy import DEFAULT_POLICY, ScoringPolicy
from models.scoring import CertificationMatch
from models.settings import OCR_CONFIDENCE_BAR


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


def recognise_all(facts: PacketFacts, policy: ScoringPolicy = DEFAULT_POLICY) -> list[CertificationMatch]:
    """Every certification named by the manifest or a document of the packet."""
    claimed = [m for m in map(recognise, facts.manifest.certifications) if m]
    documented: list[CertificationMatch] = []
    window = certificate_window(facts.period, policy)
    for c in facts.certifications:
        m = recognise(c.name, [c.ref], c.level)
        if m:
            m = _judge_certificate(m, c, facts.manifest.enterprise_name)
            documented.append(_judge_validity(m, c, window))
    return [_cross_check(m, documented) for m in claimed] + documented


def _cross_check(claim: CertificationMatch, documented: list[CertificationMatch]) -> CertificationMatch:
    """A manifest claim of a kind the packet's own certificates also state is worth what they prove:
    when none of them qualifies (below the bar, another holder, not in force …), the claim does not
    either; when they state a lower level than claimed, the claim is worth their level. A claim no
    certificate of the packet states keeps its reading, and its reason says so."""
    same = [d for d in documented if d.kind == claim.kind]
    if not same:
        return claim.model_copy(update={"reason": f"{claim.reason}（仅见于申报清单，材料中未见该证书）"})
    good = [d for d in same if d.qualifies]
    if good and claim.qualifies and claim.level is not None:
        proved = max((d.level for d in good if d.level is not None), default=None)
        if proved is not None and proved < claim.level:
            return claim.model_copy(update={
                "level": proved,
                "reason": f"申报清单声称{claim.level}级/星，材料中的证书为{proved}级/星：按证书认定（{good[0].reason}）",
                "evidence": [e for d in good for e in d.evidence]})
    if not claim.qualifies or good:
        return claim
    return claim.model_copy(update={
        "qualifies": False,
        "reason": f"申报清单声称“{claim.text}”，但材料中的证书不支持：{same[0].reason}",
        "evidence": [e for d in same for e in d.evidence],
    })


def _judge_certificate(m: CertificationMatch, c: Certification, enterprise: str | None) -> CertificationMatch:
    """A certificate's holder and reading confidence decide whether its level may grant the route."""
    by_ocr = c.min_confidence is not None
    if c.holder and enterprise:
        same, _ = names_agree(c.holder, enterprise, by_ocr)
        if not same:
            return m.model_copy(update={
                "qualifies": False,
                "reason": f"证书持有单位“{c.holder}”不是本企业“{enterprise}”，不能作为本企业的相当水平认定"})
    if not m.qualifies:
        return m
    if by_ocr and c.min_confidence is not None and c.min_confidence < OCR_CONFIDENCE_BAR:
        return m.model_copy(update={
            "qualifies": False,
            "reason": f"{m.reason}；但证书为扫描件且识别置信度{c.min_confidence:.0f}低于{OCR_CONFIDENCE_BAR:.0f}，需人工复核后方可认定"})
    if c.level_uncertain:
        return m.model_copy(update={"reason": f"{m.reason}（等级字样识别不清，按可能的最低等级{c.level}判断，请对照原件复核）"})
    return m


def validity_reason(c: Certification, window: tuple[date, date]) -> str | None:
    """Why the certificate was not in force over `window` (first day, last day), or None."""
    start, end = window
    problem = c.validity_problem(start, end)
    stated = f"有效期{c.valid_from or '?'}至{c.valid_until or '?'}"
    on = f"{start}" if start == end else f"{start}至{end}"
    if problem == "expired":
        return f"证书{stated}，在{on}前已过期"
    if problem == "not_yet_valid":
        return f"证书{stated}，在{on}尚未生效"
    return None


def _judge_validity(m: CertificationMatch, c: Certification, window: tuple[date, date] | None) -> CertificationMatch:
    """A certificate not in force when it must be does not qualify, whatever its level."""
    why = validity_reason(c, window) if window else None
    if why is None:
        return m
    return m.model_copy(update={"qualifies": False, "reason": f"{why}，不能作为相当水平认定（{m.reason}）"})
