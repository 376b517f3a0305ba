"""What a document is evidence of (证明材料类型), from its content, never its file name.

Each table is typed from the canonical fields its header maps to, helped by its title; the
document takes the type of its tables (the one with the most rows) unless its text is plainly
an audit report. A document without typed tables is typed from its title and text keywords.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from rapidfuzz import fuzz

from extractors.headers import (
    COMMON_SYNONYMS,
    NEUTRAL_HEADER_WORDS,
    TYPE_SYNONYMS,
    map_header,
    match_field,
    normalize_header,
    strip_units,
)
from extractors.matching import (
    STEM_SCORE,
    Match,
    header_stems,
    infer_fields_from_values,
    refine_fields,
    settle_shared_headers,
    stem_match,
)
from extractors.normalize import names_a_robot
from models import Cell, Document, DocumentType, Engine, Table, TableRow
from models.matches import MatchKind, MatchRecord

D = DocumentType

# Titles that name a robot list (工业机器人清单, 机器人设备清单, 机器人台账 …). A general equipment list
# "生产设备清单（含机器人）" does not match: 机器人 must be followed by the list word.
_ROBOT_TITLE = re.compile(r"机器人(?:设备|装备)?(?:清单|明细|台账|统计|一览|列表|汇总|登记)")
_MIXED_EQUIPMENT_TITLE = re.compile(r"生产设备|设备及|设备和|设备与")
_AUDIT_STRONG = re.compile(r"审计报告|资产负债表|利润表|现金流量表|财务报表")
_PROCESS_DOC_TITLE = re.compile(r"工序(?:说明|描述|介绍)|工艺(?:流程)?(?:说明|描述|介绍)")
# Characters at the top of a document (title, addressee) where its kind is announced.
HEAD_CHARS = 200
_TITLE_TYPES: tuple[tuple[re.Pattern[str], DocumentType], ...] = (
    (re.compile(r"审计报告|财务报表|资产负债表|利润表"), D.AUDIT_REPORT),
    (re.compile(r"数采|采集记录|采集数据|运行记录|运行数据|数据记录|历史数据"), D.DATA_COLLECTION_LOG),
    (re.compile(r"设计软件|设计工具清单|研发设计工具|研发设计软件"), D.DESIGN_TOOL_LIST),
    (re.compile(r"信息系统|业务环节|经营管理数字化|信息化系统"), D.BUSINESS_SYSTEM_LIST),
    (re.compile(r"花名册|人员清单|人员名单|员工名单|员工清单|人员名册|职工名册|岗位人数|人员统计"), D.STAFF_ROSTER),
    (re.compile(r"工序说明|工艺流程|工序清单|关键工序|生产工序"), D.PROCESS_DESCRIPTION),
    (re.compile(r"产品类型|产品清单|产品及产量|产量及|产品产量"), D.PRODUCT_LIST),
    (re.compile(r"产量报告|产值报告|工业总产值|产值统计|产量统计"), D.OUTPUT_RECORD),
    (re.compile(r"设备清单|设备台账|设备明细|设备一览|设备统计"), D.EQUIPMENT_LIST),
)


def _norm(text: str | None) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


def title_says_robot_list(title: str | None) -> bool:
    """工业机器人清单 / 机器人设备清单 yes; 生产设备清单（含机器人）/ 生产设备及机器人清单 no."""
    t = _norm(title)
    return bool(_ROBOT_TITLE.search(t)) and not _MIXED_EQUIPMENT_TITLE.search(t)


def type_from_fields(fields: list[str | None], robot_titled: bool = False) -> DocumentType:
    """The table type its header fields point to (UNKNOWN when none fits). `robot_titled` (the
    title names a robot list) breaks the robot/equipment tie of a 设备名称 header."""
    f = {x for x in fields if x}
    named_device = bool(f & {"device_name", "robot_name"})
    if "robot_name" in f or (named_device and robot_titled):
        return D.ROBOT_LIST
    if "timestamp" in f and f & {"asset_no"}:
        return D.DATA_COLLECTION_LOG
    if "device_name" in f and f & {"process", "is_nc", "control_type", "is_networked", "category", "quantity", "model"}:
        return D.EQUIPMENT_LIST
    if "asset_no" in f and f & {"timestamp", "log_date"}:
        return D.DATA_COLLECTION_LOG
    if "job_title" in f and f & {"employee_no", "headcount", "person_name", "hired"}:
        return D.STAFF_ROSTER
    if "person_name" in f and f & {"employee_no", "department", "hired"}:
        return D.STAFF_ROSTER
    if "segment" in f and f & {"system_name", "go_live", "usage"}:
        return D.BUSINESS_SYSTEM_LIST
    if "product_name" in f and f & {"output_qty", "digital_design", "design_tools", "unit"}:
        return D.PRODUCT_LIST
    if "tool_name" in f:
        return D.DESIGN_TOOL_LIST
    if "system_name" in f and f & {"go_live", "usage"}:
        return D.BUSINESS_SYSTEM_LIST
    if ("process_name" in f or "process" in f) and f & {"is_key", "description"}:
        return D.PROCESS_DESCRIPTION
    if "process_name" in f and len(f) <= 3:
        return D.PROCESS_DESCRIPTION
    if "month" in f and f & {"output_value", "output_qty"}:
        return D.OUTPUT_RECORD
    if "fin_item" in f and "amount" in f:
        return D.AUDIT_REPORT
    return D.UNKNOWN


def type_from_title(title: str | None) -> DocumentType:
    t = _norm(title)
    if title_says_robot_list(t):
        return D.ROBOT_LIST
    for pattern, doc_type in _TITLE_TYPES:
        if pattern.search(t):
            return doc_type
    return D.UNKNOWN


def type_from_text(text: str) -> DocumentType:
    """A document without typed tables: keywords of its text (prose process descriptions,
    audit reports, product statements)."""
    t = _norm(text)
    if not t:
        return D.UNKNOWN
    if is_audit_text(t):
        return D.AUDIT_REPORT
    if "关键工序" in t or ("工序" in t and re.search(r"工艺流程|生产工序|工序如下|工序包括", t)):
        return D.PROCESS_DESCRIPTION
    if "产量" in t and re.search(r"数字化设计|数字化研发设计|设计工具", t):
        return D.PRODUCT_LIST
    if re.search(r"工业总产值|工业产值", t) and "产量" in t:
        return D.OUTPUT_RECORD
    return type_from_title(t[:HEAD_CHARS])


def is_audit_text(text: str) -> bool:
    """An auditor's opinion (我们审计了) anywhere, or a report/statement title near the top; a
    statement named in passing further down (设备原值以审计报告为准) does not make one."""
    t = _norm(text)
    return "我们审计了" in t or bool(_AUDIT_STRONG.search(t[:HEAD_CHARS])) or ("资产负债表" in t and "利润表" in t)


def transposed(table: Table) -> Table | None:
    """A table laid out sideways (field names down the first column, one record per column:
    ``工序名称 | 下料 | 焊接`` over ``是否关键工序 | 是 | 否``) turned the usual way round; None
    when its first column does not read as a header."""
    rows = table.data_rows()
    if not rows or not table.header:
        return None
    first_col = [table.header[0]] + [r.cells[0].text if r.cells else "" for r in rows]
    if sum(map(bool, map_header(first_col))) < 2:
        return None  # its first column does not read as field names
    width = max(len(table.header), *(len(r.cells) for r in rows))
    records: list[TableRow] = []
    for c in range(1, width):
        head = Cell(text=table.header[c] if c < len(table.header) else "", ref=table.ref)
        cells = [head] + [r.cells[c] if c < len(r.cells) else Cell(text="", ref=r.ref) for r in rows]
        if not any(x.text.strip() for x in cells):
            continue
        records.append(TableRow(cells=cells, ref=cells[0].ref if c >= len(table.header) else rows[0].cells[c].ref
                                if c < len(rows[0].cells) else table.ref))
    return table.model_copy(update={"header": first_col, "header_rows": [first_col], "rows": records})


def _own_fields(table: Table) -> int:
    """How many columns name a field that the table's type holds (机器人焊接 read as a header names
    is_robot, which no process table holds)."""
    own = set(header_stems(table.doc_type or ""))
    return sum(1 for f in table.fields if f and (not own or f in own))


def classify_table(table: Table, doc_title: str | None = None) -> Table:
    """A copy of `table` with `doc_type` and type-specific `fields` set."""
    typed = _classify_table(table, doc_title)
    turned = transposed(table)
    if turned is not None:
        again = _classify_table(turned, doc_title)
        names = list(header_stems(again.doc_type or ""))
        if names and (not again.fields[0] or again.fields[0] not in names) and names[0] not in again.fields:
            # the corner cell (项目, 名称) heads the records' names: the type's name field
            again = again.model_copy(update={"fields": [names[0], *again.fields[1:]]})
        # the reading that names more fields wins (a sideways table names one: its corner cell)
        if again.doc_type != D.UNKNOWN.value and _own_fields(again) > _own_fields(typed):
            return again
    return typed


def _classify_table(table: Table, doc_title: str | None = None) -> Table:
    # The table's own title (a title row, its sheet's name) speaks first; the document title only
    # when those say nothing about its kind.
    own_title = " ".join(x for x in (table.title, table.ref.sheet) if x)  # a sheet named 机器人清单 speaks too
    own = type_from_title(own_title)
    robot_titled = title_says_robot_list(own_title) if own != D.UNKNOWN else title_says_robot_list(doc_title)
    generic = map_header(table.header)
    doc_type = type_from_fields(generic, robot_titled)
    if doc_type == D.UNKNOWN and not any(generic):
        # A headerless table (a scan, a two-column figure list): its title may still say what it is.
        doc_type = own
    if doc_type == D.EQUIPMENT_LIST and _only_robots(table, generic):
        doc_type = D.ROBOT_LIST
    titled_output = own == D.OUTPUT_RECORD or (own == D.UNKNOWN and type_from_title(doc_title) == D.OUTPUT_RECORD)
    if doc_type == D.PRODUCT_LIST and titled_output and not set(generic) & {"digital_design", "design_tools"}:
        doc_type = D.OUTPUT_RECORD  # 产量报告 by product: output figures, not the design-coverage list
    if doc_type == D.UNKNOWN and own != D.UNKNOWN:
        doc_type = own  # 生产工序说明 above a table whose headers name no field we know exactly
    fields = map_header(table.header, doc_type) if doc_type != D.UNKNOWN else generic
    if doc_type != D.UNKNOWN:
        # A column whose header named nothing, or a field this kind of table does not hold, is read
        # again among the type's own fields (工艺环节名称 in a process table, 投运日期 in a system list).
        before = fields
        fields, made = refine_fields(table.header, fields, doc_type.value, COMMON_SYNONYMS, NEUTRAL_HEADER_WORDS)
        matches = header_matches(table, doc_type, before, fields, made)
        if table.ref.engine == Engine.TESSERACT:
            fields, inferred = fields_from_values(table, doc_type, fields)
            matches += inferred
    else:
        matches = []
    return table.model_copy(update={"doc_type": doc_type.value, "fields": fields, "field_matches": matches})


def fields_from_values(table: Table, doc_type: DocumentType,
                       fields: list[str | None]) -> tuple[list[str | None], list[MatchRecord]]:
    """A header garbled by OCR: the column's values say which field it is (control types, yes/no
    marks, dates, codes, counts). Each inferred column is a match scored by the share of its values
    of that kind (0–100), method `values`, citing the header cell."""
    columns = [[r.cells[c].text if c < len(r.cells) else "" for r in table.data_rows()] for c in range(len(fields))]
    fields, settled = settle_shared_headers(table.header, fields, columns)
    fields, inferred = infer_fields_from_values(table.header, fields, columns, doc_type.value, NEUTRAL_HEADER_WORDS)
    synonyms = {**COMMON_SYNONYMS, **TYPE_SYNONYMS.get(doc_type, {})}
    records = [
        MatchRecord(kind=MatchKind.HEADER, text=table.header[c] if c < len(table.header) else "", matched=f,
                    matched_label=next(iter(synonyms.get(f, ())), None), score=round(100 * share, 1),
                    method="values", evidence=[table.header_ref(c)])
        for c, f, share in settled + inferred
    ]
    return fields, records


def header_matches(table: Table, doc_type: DocumentType, before: list[str | None], fields: list[str | None],
                   made: list[Match]) -> list[MatchRecord]:
    """The columns whose field was not a listed synonym, each with how it matched and its score: the
    type's stems or edit distance (refine_fields), a synonym inside a longer header (contained,
    STEM_SCORE) or a synonym read with a character wrong (misread, its similarity)."""
    synonyms = {**COMMON_SYNONYMS, **TYPE_SYNONYMS.get(doc_type, {})}
    by_key = {m.key: m for m in made}
    out: list[MatchRecord] = []
    for i, (field, header) in enumerate(zip(fields, table.header)):
        if not field:
            continue
        m = by_key.get(field) if field != before[i] else None
        if m is not None:
            score, method = m.score, m.method
        else:
            found, exact = match_field(header, doc_type)
            if exact or found != field:
                continue
            key = strip_units(normalize_header(header)).lower()
            words = [strip_units(normalize_header(w)).lower() for w in synonyms.get(field, ())]
            if any(w and w in key for w in words):
                score, method = STEM_SCORE, "contained"
            elif stem_match(header, header_stems(doc_type.value)).key == field:
                score, method = STEM_SCORE, "stem"  # 使用工段: a stem of the field (工段), not only a near synonym
            else:
                score, method = round(max((fuzz.ratio(key, w) for w in words if w), default=0.0), 1), "misread"
        label = next(iter(COMMON_SYNONYMS.get(field) or synonyms.get(field, ())), None)
        out.append(MatchRecord(kind=MatchKind.HEADER, text=header, matched=field, matched_label=label, score=score,
                               method=method, evidence=[table.header_ref(i)]))
    return out


def _only_robots(table: Table, fields: list[str | None]) -> bool:
    """An untitled list of devices that are all robots, with no NC/networking columns: a robot list."""
    if set(fields) & {"is_nc", "is_networked", "control_type", "is_robot"} or "device_name" not in fields:
        return False
    col = fields.index("device_name")
    names = [r.cells[col].text for r in table.data_rows() if col < len(r.cells) and r.cells[col].text.strip()]
    return bool(names) and all(names_a_robot(n) for n in names)


def _titled_process_description(doc: Document) -> bool:
    """生产工序说明 / 工艺流程说明 as the title or the first lines (not 关键工序设备清单)."""
    head = _norm((doc.title or "") + "\n" + "\n".join(doc.text.splitlines()[:3]))
    return bool(_PROCESS_DOC_TITLE.search(head)) and "设备清单" not in head


def _is_audit_report(doc: Document) -> bool:
    return is_audit_text((doc.title or "") + "\n" + doc.text)


def classify_document(doc: Document) -> Document:
    """A copy of `doc` with its own `doc_type` and every table's `doc_type` and `fields` set.
    A workbook may hold different kinds per sheet; the document's type is that of its tables
    with the most data rows, an audit report's text wins over its statement tables."""
    tables = [classify_table(t, doc.title) for t in doc.tables]
    weight: Counter[DocumentType] = Counter()
    for t in tables:
        if t.doc_type and t.doc_type != D.UNKNOWN.value:
            weight[D(t.doc_type)] += 1 + len(t.data_rows())
    if _is_audit_report(doc):
        doc_type = D.AUDIT_REPORT
    elif _titled_process_description(doc):
        doc_type = D.PROCESS_DESCRIPTION  # its prose names the key processes; a device table may sit inside
    elif weight:
        doc_type = weight.most_common(1)[0][0]
    else:
        doc_type = type_from_title(doc.title)
        if doc_type == D.UNKNOWN:
            doc_type = type_from_text(doc.text)
    # Tables nobody recognised inherit the type of a document read from its text (e.g. an audit
    # report's statement tables), so record extraction looks at them.
    if doc_type in (D.AUDIT_REPORT, D.OUTPUT_RECORD):
        tables = [
            t.model_copy(update={"doc_type": doc_type.value}) if t.doc_type == D.UNKNOWN.value else t
            for t in tables
        ]
    return doc.model_copy(update={"doc_type": doc_type, "tables": tables})
