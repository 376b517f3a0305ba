"""Audit report / financial statements / output records → FinancialFigure records (in 元).

Figures are read from text lines (``营业成本 12,345.67 万元``, ``生产成本：123,456,789.00元``,
``工业总产值 3.2亿元``) and from statement tables (a row label then its amounts; the first
amount is the current period). A unit stated once (``单位：万元``, a header ``金额（万元）``)
applies to amounts written without one.
"""

from __future__ import annotations

import re
from collections import Counter

from extractors.normalize import clean_text, parse_amount_yuan, parse_number
from extractors.records._rows import squeeze_cjk, tables_of
from models import Document, DocumentType, EvidenceRef, FinancialFigure, FinancialKind, PageText, Table

K = FinancialKind

# Row labels and text keywords for each kind; longer phrases are tried first. 营业总成本 (which
# includes period expenses) and ratios such as 营业成本率 are not production cost.
FINANCIAL_LABELS: tuple[tuple[str, FinancialKind], ...] = (
    ("主营业务成本", K.PRODUCTION_COST),
    ("营业成本", K.PRODUCTION_COST),
    ("生产成本", K.PRODUCTION_COST),
    ("工业总产值", K.INDUSTRIAL_OUTPUT_VALUE),
    ("工业产值", K.INDUSTRIAL_OUTPUT_VALUE),
    ("主营业务收入", K.REVENUE),
    ("营业收入", K.REVENUE),
)
_LABEL_ALT = "|".join(label for label, _ in FINANCIAL_LABELS)
_KIND = dict(FINANCIAL_LABELS)
_UNIT = r"亿元|万元|千元|元"
_AMOUNT_IN_TEXT = re.compile(
    rf"(?<![总])(?P<label>{_LABEL_ALT})(?![率比占额度])"
    rf"\s*(?:[(（]\s*(?P<unit1>{_UNIT})\s*[)）])?"
    r"\s*(?:合计|总额|金额|共计|总计|为|是|达|达到|约|实现)?\s*[:：]?\s*(?:人民币)?\s*"
    rf"(?P<num>[-+]?\d[\d,，]*(?:\.\d+)?)(?![\d,，.]|\s*[年%％月日])\s*(?P<unit2>{_UNIT}|亿|万)?"
)
_UNIT_STATEMENT = re.compile(rf"(?:单位|金额单位|货币单位)\s*[:：]\s*(?:人民币)?\s*(?P<unit>{_UNIT})")
_FISCAL_YEAR_PATTERNS = (
    re.compile(r"(20\d{2})\s*年度"),
    re.compile(r"(20\d{2})\s*年\s*12\s*月\s*31\s*日"),
    re.compile(r"(20\d{2})\s*年\s*1\s*[-—~至到]\s*12\s*月"),
    re.compile(r"(20\d{2})\s*年\s*(?:全年|年报)"),
    re.compile(r"(20\d{2})\s*(?:年\s*\d{1,2}\s*月|[-/.]\d{1,2}(?![-/.\d]))"),  # monthly rows: 2025年3月, 2025-03
)


def fiscal_year(text: str) -> int | None:
    """The year a report covers: the most frequent ``YYYY年度``, else ``YYYY年12月31日``, else
    ``YYYY年1-12月``, else the most frequent year of monthly labels (``2025年3月``)."""
    t = squeeze_cjk(clean_text(text))
    for pattern in _FISCAL_YEAR_PATTERNS:
        years = Counter(int(y) for y in pattern.findall(t))
        if years:
            return years.most_common(1)[0][0]
    return None


def stated_unit(text: str) -> str | None:
    """The unit a document or table declares once: 单位：万元 → 万元."""
    m = _UNIT_STATEMENT.search(clean_text(text).replace(" ", ""))
    return m.group("unit") if m else None


def label_kind(label: str) -> FinancialKind | None:
    """营业成本 / 减：营业成本 / 其中：主营业务成本 / 一、营业收入 → kind; 营业总成本 → None."""
    s = clean_text(label).replace(" ", "")
    s = re.sub(r"^(?:[一二三四五六七八九十]+[、.]|\d+[、.]|减[:：]|加[:：]|其中[:：])+", "", s)
    s = re.sub(r"[(（][^)）]*[)）]$", "", s)
    for word, kind in FINANCIAL_LABELS:
        if s == word or s in (word + "合计", word + "总额", "本年" + word, word + "总计"):
            return kind
    return None


def _page_ref(file: str, page: PageText, text: str) -> EvidenceRef:
    return EvidenceRef(
        file=file,
        page=None if page.sheet else page.number,
        sheet=page.sheet,
        text=text[:200],
        confidence=page.ocr_confidence,
    )


def figures_from_text(doc: Document, year: int | None, unit_hint: str | None) -> list[FinancialFigure]:
    out: list[FinancialFigure] = []
    for page in doc.pages:
        page_unit = stated_unit(page.text) or unit_hint
        for raw in page.text.splitlines():
            line = squeeze_cjk(clean_text(raw))
            for m in _AMOUNT_IN_TEXT.finditer(line):
                unit = m.group("unit2") or m.group("unit1")
                num = m.group("num").replace("，", ",")
                value = parse_amount_yuan(num + (unit or ""), page_unit)
                if value is None:
                    continue
                out.append(
                    FinancialFigure(
                        ref=_page_ref(doc.file, page, line),
                        min_confidence=page.ocr_confidence,
                        kind=_KIND[m.group("label")],
                        value_yuan=value,
                        fiscal_year=year,
                    )
                )
    return out


def _column_unit(table: Table, col: int, fallback: str | None) -> str | None:
    header = table.header[col] if col < len(table.header) else ""
    return next((u for u in ("亿元", "万元", "千元", "元") if u in clean_text(header)), None) or fallback


# Statement columns that hold line numbers or note references, never amounts.
_NOT_AMOUNT_COLUMNS = re.compile(r"行次|附注|注释|序号|编号|行号")


def _amount_columns(table: Table, label_col: int, width: int) -> list[int]:
    """Columns right of the label that may hold its amounts: those whose header names an amount
    (本期金额 …) when there are any, else every column but 行次/附注."""
    right = range(label_col + 1, width)
    named = [j for j in right if j < len(table.fields) and table.fields[j] == "amount"]
    if named:
        return named
    return [j for j in right if not (j < len(table.header) and _NOT_AMOUNT_COLUMNS.search(clean_text(table.header[j])))]


def figures_from_table(table: Table, year: int | None, unit_hint: str | None) -> list[FinancialFigure]:
    """Statement rows: a label cell naming a figure, then the first amount to its right. A
    column per figure (工业总产值 by month) is summed unless a 合计 row states the total."""
    unit = stated_unit(table.title or "") or unit_hint
    out: list[FinancialFigure] = []
    for row in table.rows:
        texts = [squeeze_cjk(clean_text(c.text)) for c in row.cells]
        label_col = next((i for i, t in enumerate(texts) if label_kind(t) is not None), None)
        if label_col is None:
            continue
        kind = label_kind(texts[label_col])
        assert kind is not None
        for j in _amount_columns(table, label_col, len(texts)):
            value = parse_amount_yuan(texts[j], _column_unit(table, j, unit)) if parse_number(texts[j]) is not None else None
            if value is None:
                continue
            cell = row.cells[j]
            out.append(
                FinancialFigure(
                    ref=cell.ref.model_copy(update={"text": f"{texts[label_col]} {texts[j]}"}),
                    min_confidence=cell.ref.confidence,
                    kind=kind,
                    value_yuan=value,
                    fiscal_year=year,
                )
            )
            break
    out += _column_figures(table, year, unit)
    return out


def _column_figures(table: Table, year: int | None, unit: str | None) -> list[FinancialFigure]:
    out: list[FinancialFigure] = []
    for col, header in enumerate(table.header):
        kind = label_kind(re.sub(r"[(（][^)）]*[)）]", "", clean_text(header)))
        if kind is None:
            continue
        col_unit = _column_unit(table, col, unit)
        totals = [r for r in table.rows if r.is_total and col < len(r.cells) and parse_number(r.cells[col].text) is not None]
        rows = totals[:1] or [r for r in table.data_rows() if col < len(r.cells)]
        values = [parse_amount_yuan(clean_text(r.cells[col].text), col_unit) for r in rows]
        values = [v for v in values if v is not None]
        if not values:
            continue
        ref = (rows[0].cells[col].ref if totals else table.ref).model_copy(update={"column": header})
        out.append(
            FinancialFigure(ref=ref, kind=kind, value_yuan=round(sum(values), 2), fiscal_year=year)
        )
    return out


def financial_records(doc: Document) -> list[FinancialFigure]:
    """Figures of an audit report or output record, tables first; a text figure repeating a
    table figure (the PDF text layer holds the table too) is dropped."""
    if doc.doc_type not in (DocumentType.AUDIT_REPORT, DocumentType.OUTPUT_RECORD) and not any(
        t.doc_type in (DocumentType.AUDIT_REPORT.value, DocumentType.OUTPUT_RECORD.value) for t in doc.tables
    ):
        return []
    year = fiscal_year((doc.title or "") + "\n" + doc.text)
    unit_hint = stated_unit(doc.text)
    figures: list[FinancialFigure] = []
    for table in tables_of(doc.tables, DocumentType.AUDIT_REPORT) + tables_of(doc.tables, DocumentType.OUTPUT_RECORD):
        figures += figures_from_table(table, year, unit_hint)
    # The text layer of a PDF repeats its tables, often without their unit: a text figure whose
    # number equals a table figure's (in yuan, or as written in the table) is the same figure.
    seen = {(f.kind, round(f.value_yuan, 2)) for f in figures}
    seen |= {(f.kind, _written_number(f)) for f in figures}
    for f in figures_from_text(doc, year, unit_hint):
        keys = {(f.kind, round(f.value_yuan, 2)), (f.kind, _written_number(f))}
        if not keys & seen:
            seen |= keys
            figures.append(f)
    return figures


def _written_number(f: FinancialFigure) -> float | None:
    """The number as written in the source text the figure was read from (before units)."""
    text = f.ref.text or ""
    m = re.search(r"[-+]?\d[\d,，]*(?:\.\d+)?", re.sub(rf"^.*?(?:{_LABEL_ALT})", "", text))
    return parse_number(m.group(0).replace("，", ",")) if m else None
