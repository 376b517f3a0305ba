"""Identity: the enterprise named in every document is the one in the manifest (企业名称, 统一社会信用代码).

Names are compared after normalisation (`name_key`): full-/half-width folded, whitespace removed
(OCR splits Chinese into spaced characters), and the company-form suffix dropped, so
北京某某有限公司 and 北京某某股份有限公司 are one name; 北京某某 and 北京某乙 are not.
A name read by OCR that differs from the reference by one character (models.enterprise.names_agree)
is a probable misread: OCR_LOW_CONFIDENCE asks a reviewer to compare it with the original, and no
IDENTITY_MISMATCH is raised; two or more characters, or any difference in a typed name, is a mismatch.
Credit codes are compared exactly after normalisation and checked per GB 32100-2015.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable

from models import (
    Certification,
    EvidenceRef,
    Flag,
    FlagCode,
    IdentityMention,
    PacketFacts,
    enterprise_name_key,
    make_flag,
    names_agree,
)
from models.settings import OCR_CONFIDENCE_BAR
from validators.evidence import MANIFEST_FILE, capped, join_zh, manifest_ref

# GB 32100-2015 统一社会信用代码: 18 characters over 31 symbols (no I, O, Z, S, V).
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
CREDIT_CODE_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
CREDIT_CODE_LENGTH = 18

# A mention read from a line naming a third party (the audit firm's licence on an audit report,
# a bank account line) is about that party, not the enterprise: such mentions are not compared.
THIRD_PARTY_MARKERS = ("会计师事务所", "律师事务所", "评估事务所", "开户行", "开户银行", "软件供应商")

_SPACES = re.compile(r"\s+")


def normalise_credit_code(code: str) -> str:
    """Full-width folded, upper case, spaces and separators removed."""
    s = unicodedata.normalize("NFKC", code).upper()
    return re.sub(r"[\s\-]", "", s)


def credit_code_check_char(first17: str) -> str | None:
    """The 18th character GB 32100-2015 expects after these 17, or None if they hold a foreign symbol."""
    total = 0
    for ch, w in zip(first17, CREDIT_CODE_WEIGHTS, strict=True):
        v = CREDIT_CODE_ALPHABET.find(ch)
        if v < 0:
            return None
        total += v * w
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def credit_code_valid(code: str) -> bool:
    """True when `code` is 18 symbols of the alphabet and its check character is right."""
    s = normalise_credit_code(code)
    if len(s) != CREDIT_CODE_LENGTH:
        return False
    return credit_code_check_char(s[:17]) == s[17]


def name_key(name: str) -> str:
    """Comparison key of an enterprise name: width-folded, no spaces, no company-form suffix."""
    return enterprise_name_key(name)


def credit_code_flags(facts: PacketFacts) -> list[Flag]:
    """CREDIT_CODE_INVALID once per distinct invalid code, wherever it is written (manifest first)."""
    by_code: dict[str, list[EvidenceRef]] = {}
    ocr: set[str] = set()
    code = facts.manifest.credit_code
    if code and not credit_code_valid(code):
        by_code[normalise_credit_code(code)] = [manifest_ref("credit_code", code)]
    for m in facts.identities:
        if m.credit_code and not credit_code_valid(m.credit_code):
            key = normalise_credit_code(m.credit_code)
            by_code.setdefault(key, []).append(m.ref)
            if m.min_confidence is not None:
                ocr.add(key)
    return [_invalid_code_flag(bad, refs, bad in ocr) for bad, refs in by_code.items()]


def _invalid_code_flag(code: str, refs: list[EvidenceRef], from_ocr: bool) -> Flag:
    if len(code) != CREDIT_CODE_LENGTH:
        why = f"长度为 {len(code)} 位，应为 18 位"
    else:
        expected = credit_code_check_char(code[:17])
        why = "含有编码规则不允许的字符（I、O、Z、S、V 等）" if expected is None else (
            f"校验码应为“{expected}”，实为“{code[17]}”"
        )
    where = join_zh(dict.fromkeys("申报清单" if r.file == MANIFEST_FILE else r.file for r in refs))
    hint = "（部分为扫描件 OCR 识别结果，可能是识别误差）" if from_ocr else ""
    return make_flag(
        FlagCode.CREDIT_CODE_INVALID,
        f"{where}中的统一社会信用代码 {code} 不符合 GB 32100-2015 校验规则（{why}），"
        f"可能填写有误{hint}；请核对营业执照。",
        capped(refs),
        key=code,
        occurrences=len(refs),
    )


def is_third_party(mention: IdentityMention) -> bool:
    text = mention.ref.text or ""
    return any(m in text for m in THIRD_PARTY_MARKERS)


def identity_flags(facts: PacketFacts) -> list[Flag]:
    """IDENTITY_MISMATCH: each name or code found in the documents that differs from the reference
    (the manifest's; without one, the value most documents give). One flag per differing value."""
    mentions = [m for m in facts.identities if not is_third_party(m)]
    flags: list[Flag] = []
    names = [(m, m.enterprise_name) for m in mentions if m.enterprise_name]
    declared = facts.manifest.enterprise_name
    if declared:
        misread = [(m, v) for m, v in names if names_agree(v, declared, m.min_confidence is not None) == (True, True)]
        names = [(m, v) for m, v in names if not names_agree(v, declared, m.min_confidence is not None)[0]]
        flags += _misread_name_flags(misread, declared)
    flags += _mismatches("企业名称", "name", declared, names, name_key)
    flags += _mismatches(
        "统一社会信用代码",
        "credit_code",
        facts.manifest.credit_code,
        [(m, m.credit_code) for m in mentions if m.credit_code],
        normalise_credit_code,
    )
    return flags


def _mismatches(
    label: str,
    field: str,
    declared: str | None,
    found: list[tuple[IdentityMention, str]],
    key: Callable[[str], str],
) -> list[Flag]:
    if not found:
        return []
    if declared:
        ref_key, ref_text = key(declared), declared
        ref_where = "申报清单（manifest）"
        ref_evidence = [manifest_ref("enterprise_name" if field == "name" else "credit_code", declared)]
    else:
        # No declared value: the value most mentions agree on is the reference.
        counts = Counter(key(v) for _, v in found)
        ref_key = counts.most_common(1)[0][0]
        ref_text = next(v for _, v in found if key(v) == ref_key)
        ref_where = "多数材料"
        ref_evidence = capped(m.ref for m, v in found if key(v) == ref_key)[:3]
    groups: dict[str, list[tuple[IdentityMention, str]]] = {}
    for m, v in found:
        k = key(v)
        if k != ref_key:
            groups.setdefault(k, []).append((m, v))
    flags: list[Flag] = []
    for k, items in groups.items():
        text = items[0][1]
        files = join_zh(sorted({m.ref.file for m, _ in items}))
        hint = "（该处为扫描件 OCR 识别结果，请对照原件）" if all(m.min_confidence is not None for m, _ in items) else ""
        flags.append(
            make_flag(
                FlagCode.IDENTITY_MISMATCH,
                f"{files}中的{label}“{_SPACES.sub('', text)}”与{ref_where}中的“{ref_text}”不一致，"
                f"请确认材料是否属于同一企业{hint}。",
                capped([m.ref for m, _ in items] + ref_evidence),
                field=field,
                found=text,
                expected=ref_text,
                key=k,
                occurrences=len(items),
            )
        )
    return flags


def _misread_name_flags(found: list[tuple[IdentityMention, str]], declared: str) -> list[Flag]:
    """OCR_LOW_CONFIDENCE once per file whose OCR'd name is one character off the declared name."""
    by_file: dict[str, list[tuple[IdentityMention, str]]] = {}
    for m, v in found:
        by_file.setdefault(m.ref.file, []).append((m, v))
    flags: list[Flag] = []
    for file, items in by_file.items():
        text = _SPACES.sub("", items[0][1])
        flags.append(make_flag(
            FlagCode.OCR_LOW_CONFIDENCE,
            f"{file}中识别出的企业名称“{text}”与申报清单中的“{declared}”相差一个字，"
            f"按扫描件识别误差处理（未判为不同企业）；请对照原件确认。",
            capped([m.ref for m, _ in items] + [manifest_ref("enterprise_name", declared)]),
            field="name", found=text, expected=declared, key=f"name:{file}", occurrences=len(items),
        ))
    return flags


def _certificate_doubt(c: Certification) -> str | None:
    if c.min_confidence is None:
        return None
    if c.min_confidence < OCR_CONFIDENCE_BAR:
        return f"识别置信度{c.min_confidence:.0f}低于{OCR_CONFIDENCE_BAR:.0f}"
    if c.level_uncertain:
        return f"等级字样识别不清，按可能的最低等级{c.level}判断"
    return None


def certificate_review_flags(facts: PacketFacts) -> list[Flag]:
    """OCR_LOW_CONFIDENCE for a scanned certificate whose reading may decide the certification route
    (page below the OCR confidence bar, or an ambiguous level glyph): a reviewer confirms it."""
    flags: list[Flag] = []
    for c in facts.certifications:
        if c.holder is None or (why := _certificate_doubt(c)) is None:
            continue
        flags.append(make_flag(
            FlagCode.OCR_LOW_CONFIDENCE,
            f"{c.ref.file}中的证书“{c.name}”为扫描件，{why}；该证书可能决定是否按相当水平认定通过，请对照原件复核。",
            [c.ref], field="certificate", key=f"certificate:{c.ref.file}:{c.kind}",
        ))
    return flags
