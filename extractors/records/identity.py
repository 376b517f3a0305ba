"""Enterprise names and credit codes named in a document (企业名称、统一社会信用代码).

A labelled credit code is kept even when malformed (the validator flags CREDIT_CODE_INVALID);
an unlabelled one must have the GB 32100-2015 shape.
"""

from __future__ import annotations

import re

from extractors.normalize import clean_text
from models import Document, EvidenceRef, IdentityMention, PageText

# Names of the firms around the enterprise (its auditor's letterhead), never the enterprise itself.
NOT_THE_ENTERPRISE = re.compile(r"事务所|会计师|审计|律师|评估|认证中心|检测中心")

CREDIT_CODE = re.compile(r"(?<![0-9A-Z])[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}(?![0-9A-Z])")
_LABELLED_CODE = re.compile(r"(?:统一社会信用代码|社会信用代码|信用代码)\s*[:：]?\s*(?P<code>[0-9A-Z]{15,20})")
_ORG_SUFFIX = r"(?:股份有限公司|有限责任公司|有限公司|集团公司|集团|总厂|分公司|厂)"
_NAME_CHARS = r"[\u4e00-\u9fff()（）A-Za-z0-9·]"
_LABELLED_NAME = re.compile(
    r"(?:企业名称|单位名称|公司名称|申报单位|申报企业|填报单位|被审计单位|编制单位|企业\(单位\)名称)"
    r"\s*(?:[(（]\s*(?:盖章|公章|签章)\s*[)）])?\s*[:：]\s*"
    rf"(?P<name>{_NAME_CHARS}{{2,40}}?{_ORG_SUFFIX})"
)
_AUDITED_NAME = re.compile(rf"我们审计了\s*(?P<name>{_NAME_CHARS}{{2,40}}?{_ORG_SUFFIX})")
# A title beginning with the enterprise's name: 北京某某科技有限公司生产设备清单.
_TITLE_NAME = re.compile(rf"^\s*(?P<name>(?:北京|中国|中关村){_NAME_CHARS}{{1,36}}?(?:股份有限公司|有限责任公司|有限公司))")


def _ref(doc: Document, page: PageText | None, text: str) -> EvidenceRef:
    if page is None:
        return EvidenceRef(file=doc.file, text=text[:200])
    return EvidenceRef(
        file=doc.file,
        page=None if page.sheet else page.number,
        sheet=page.sheet,
        text=text[:200],
        confidence=page.ocr_confidence,
    )


def _clean_name(name: str) -> str:
    return clean_text(name).replace(" ", "")


def identity_records(doc: Document) -> list[IdentityMention]:
    """Every distinct name and code mentioned (first occurrence kept): table titles, then each
    page's lines (labelled names and codes, the audited entity, a name heading the page)."""
    out: list[IdentityMention] = []
    seen: set[tuple[str, str]] = set()

    def add(ref: EvidenceRef, conf: float | None, name: str | None = None, code: str | None = None) -> None:
        if name and NOT_THE_ENTERPRISE.search(name):
            return
        key = ("name", name) if name else ("code", code or "")
        if key in seen:
            return
        seen.add(key)
        out.append(IdentityMention(ref=ref, min_confidence=conf, enterprise_name=name, credit_code=code))

    titled = [(t.title, t.ref.model_copy(update={"row": None, "column": None, "text": t.title})) for t in doc.tables if t.title]
    for title, ref in [*titled, (doc.title, _ref(doc, None, doc.title or ""))]:
        if title and (m := _TITLE_NAME.match(clean_text(title).replace(" ", ""))):
            add(ref, None, name=_clean_name(m.group("name")))
    for page in doc.pages:
        conf = page.ocr_confidence
        for i, raw in enumerate(page.text.splitlines()):
            line = clean_text(raw).replace(" ", "")
            if not line:
                continue
            ref = _ref(doc, page, line)
            for m in _LABELLED_NAME.finditer(line):
                add(ref, conf, name=_clean_name(m.group("name")))
            for m in _AUDITED_NAME.finditer(line):
                add(ref, conf, name=_clean_name(m.group("name")))
            if i < 3 and (m := _TITLE_NAME.match(line)):
                add(ref, conf, name=_clean_name(m.group("name")))
            labelled = {m.group("code") for m in _LABELLED_CODE.finditer(line)}
            for code in labelled:
                add(ref, conf, code=code)
            # An unlabelled code is one token: on a page with a text layer, whitespace (a tab between
            # table cells: 产量 26200 4600 9900 16400) separates values that must not be joined into
            # 18 digits. OCR spaces characters apart, so its line is searched joined.
            tokens = [line] if conf is not None else clean_text(raw).split()
            for token in tokens:
                for m in CREDIT_CODE.finditer(token):
                    if m.group(0) not in labelled:
                        add(ref, conf, code=m.group(0))
    return out
