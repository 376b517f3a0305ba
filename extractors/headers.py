"""Header synonyms (表头同义词): which canonical field each column of an evidence table holds.

The canonical field names are those of docs/EVIDENCE-FORMATS.md; this module is the source of
truth for the synonyms. Headers are matched after NFKC normalisation with spaces, required-field
stars and bracketed units (``数量（台）`` → ``数量``) removed: an exact match first, then the
longest synonym the header contains.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from models import DocumentType

Synonyms = Mapping[str, tuple[str, ...]]

# Fields shared by every kind of table. Order matters only for ties of equal length.
COMMON_SYNONYMS: dict[str, tuple[str, ...]] = {
    # equipment_list — 生产设备清单
    "device_name": ("设备名称", "设备", "设备名", "名称", "设备(机器)名称", "生产设备名称", "机器名称", "设备品名"),
    "model": ("型号", "规格型号", "设备型号", "规格", "型号规格", "规格及型号", "型号/规格"),
    "asset_no": (
        "资产编号", "设备编号", "固定资产编号", "编号", "资产编码", "设备编码", "设备ID", "设备id",
        "设备代码", "资产号", "固定资产卡片编号", "设备号", "设备标识",
    ),
    "quantity": ("数量", "台数", "台(套)数", "台套数", "套数", "设备数量", "数量(台)", "数量(台/套)", "数量(套)"),
    "process": (
        "所属工序", "对应工序", "工序", "使用工序", "对应生产工序", "应用工序", "所在工序", "所用工序", "生产工序",
        "所属生产工序", "工序环节",
    ),
    "control_type": ("控制方式", "控制系统", "数控系统类型", "控制类型", "控制系统类型", "数控系统", "控制方式类型"),
    "is_nc": ("是否数控", "是否数控化", "数控化", "是否为数控设备", "是否数控设备", "数控设备", "是否数字化控制"),
    "is_networked": (
        "是否联网", "是否自动采集", "自动采集", "是否具备自动采集", "联网情况", "数据采集", "是否具备数据自动采集",
        "是否数据自动采集", "联网", "是否接入网络", "是否接入平台", "数据自动采集", "是否实现自动采集",
        "是否具备数据采集功能", "联网状态", "是否联网采集",
    ),
    "category": ("设备类别", "类别", "设备类型", "设备分类", "类型", "分类"),
    "is_robot": ("是否机器人", "是否工业机器人", "是否为机器人", "是否为工业机器人", "机器人(是/否)", "是否属于工业机器人"),
    # robot_list — 机器人设备清单
    "robot_name": ("机器人名称", "机器人", "机器人型号名称"),
    "brand": ("品牌", "生产厂家", "制造商", "厂家", "生产厂商", "厂商品牌", "制造厂商", "制造厂家"),
    # staff_roster — 生产人员清单 / 员工花名册
    "employee_no": ("工号", "员工编号", "职工号", "员工号", "职工编号", "人员编号", "员工工号"),
    "person_name": ("姓名", "员工姓名", "职工姓名", "人员姓名"),
    "department": ("部门", "所在部门", "车间/部门", "所属部门", "部门/车间", "车间", "所在车间", "部门名称", "班组"),
    "job_title": ("岗位", "职务", "工种", "岗位名称", "职位", "岗位/工种", "工作岗位", "岗位类别", "所在岗位", "职务/岗位"),
    "hired": ("入职日期", "入职时间", "入厂日期", "入厂时间", "到岗日期", "参加工作时间"),
    "left": ("离职日期", "离职时间", "离厂日期", "离岗日期"),
    "status": ("在职状态", "状态", "人员状态", "运行状态", "设备状态", "在岗状态"),
    "headcount": ("人数", "数量(人)", "人员数量", "人数(人)", "员工人数", "在岗人数", "职工人数"),
    # process_description — 生产工序说明
    "process_name": ("工序名称", "工序内容", "工艺名称", "生产工艺", "工序名", "生产工序名称"),
    "is_key": ("是否关键工序", "关键工序", "是否为关键工序", "工序类别", "工序类型", "是否关键"),
    "description": ("工序说明", "工艺说明", "说明", "工序描述", "工艺描述", "主要内容"),
    # product_list — 产品类型及产量
    "product_name": ("产品名称", "产品类型", "产品", "产品品种", "产品种类", "主要产品", "产品系列"),
    "output_qty": ("产量", "年产量", "生产数量", "产品产量", "实际产量", "年度产量", "总产量"),
    "unit": ("单位", "计量单位", "产量单位"),
    "digital_design": (
        "是否应用数字化设计工具", "是否使用数字化研发设计工具", "数字化设计", "是否数字化设计",
        "是否应用数字化研发设计工具", "是否使用数字化设计工具", "是否采用数字化设计", "数字化研发设计",
        "是否应用数字化研发设计",
    ),
    "design_tools": ("设计软件", "使用的设计工具", "研发设计工具", "设计工具", "使用软件", "所用设计软件", "应用的设计工具"),
    # design_tool_list — 数字化研发设计软件清单
    "tool_name": ("软件名称", "工具名称", "软件", "设计软件名称", "工具软件名称"),
    "purpose": ("用途", "应用环节", "主要用途", "功能", "应用场景", "使用用途", "主要功能"),
    "vendor": ("厂商", "软件厂商", "供应商", "开发商", "软件供应商"),
    # business_system_list — 业务环节及信息系统清单
    "segment": ("业务环节", "环节", "业务领域", "业务板块", "经营管理环节", "管理环节", "业务类别", "应用领域"),
    "system_name": ("系统名称", "软件系统", "信息化系统", "使用系统", "信息系统", "信息系统名称", "应用系统", "系统", "软件系统名称"),
    "go_live": ("上线时间", "启用时间", "上线日期", "投用时间", "启用日期", "投入使用时间", "使用时间", "投运时间", "部署时间"),
    "usage": ("应用情况", "使用情况", "运行情况", "使用状态", "应用状态", "运行状况"),
    # data_collection_log — 设备数据采集记录
    "timestamp": ("采集时间", "时间", "时间戳", "记录时间", "数据时间", "采集时刻", "上报时间", "timestamp", "time", "datetime"),
    "log_date": ("日期", "采集日期", "记录日期", "数据日期", "date"),
    "value": ("数值", "采集值", "主轴转速", "温度", "电流", "电压", "功率", "压力", "值", "value", "读数"),
    # audit_report / output_record — figures in small tables
    "fin_item": ("项目", "科目", "报表项目", "指标", "指标名称", "项目名称"),
    "amount": ("金额", "本期金额", "本年金额", "本期数", "本年数", "本年累计数", "本期发生额", "本年累计", "期末余额", "本年度"),
    "month": ("月份", "月度", "统计月份", "期间"),
    "output_value": ("工业总产值", "工业产值", "产值", "总产值", "当月产值"),
}

# Per document type, synonyms that win over the common table (the same word means another field).
TYPE_SYNONYMS: dict[DocumentType, dict[str, tuple[str, ...]]] = {
    DocumentType.ROBOT_LIST: {
        "robot_name": ("机器人名称", "设备名称", "名称", "设备", "机器人", "机器人类型", "设备名"),
    },
    DocumentType.STAFF_ROSTER: {
        "employee_no": ("编号", "序号/工号"),
        "person_name": ("名称",),
    },
    DocumentType.PROCESS_DESCRIPTION: {
        "process_name": ("工序", "生产工序", "名称", "工序名"),
    },
    DocumentType.PRODUCT_LIST: {
        "product_name": ("名称", "产品型号"),
        "output_qty": ("数量", "产量(台)", "产量(件)", "产量(吨)"),
        "digital_design": ("是否应用", "是否使用"),
    },
    DocumentType.DESIGN_TOOL_LIST: {
        "tool_name": ("名称", "软件", "工具"),
        "vendor": ("品牌", "生产厂家", "制造商"),
    },
    DocumentType.BUSINESS_SYSTEM_LIST: {
        "system_name": ("名称", "软件名称"),
        "segment": ("业务", "业务名称"),
    },
    DocumentType.DATA_COLLECTION_LOG: {
        "asset_no": ("设备", "设备名称", "点位设备"),
        "status": ("状态",),
    },
    DocumentType.OUTPUT_RECORD: {
        "output_qty": ("数量",),
    },
}

# Header words that mark a header row without naming a field we read (序号, 备注 …).
NEUTRAL_HEADER_WORDS: frozenset[str] = frozenset(
    {"序号", "序", "No", "NO", "no", "备注", "附注", "说明", "备注说明", "合计", "编码", "行次", "注"}
)

# Shortest synonym that may match by containment, per field (default 2). 时间/日期 inside 购置日期
# or 购置时间 must not turn an asset register into a data log.
MIN_CONTAINED_CHARS: dict[str, int] = {"timestamp": 3, "log_date": 3, "value": 3}

# Header cells this long or longer may match a synonym with one character misread (OCR).
OCR_FUZZY_MIN_CHARS = 4

# Credit of a short text cell naming no field we know (原值, 存放地点): a header may hold a few.
UNKNOWN_LABEL_CREDIT = 0.3

# A header cell longer than this (after normalisation) is prose, not a column name.
MAX_HEADER_CHARS = 16

_BRACKETS = re.compile(r"[(\[【<《{][^)\]】>》}]*[)\]】>》}]")
_STRIP = re.compile(r"[\s*※#:：、/\\]+$|^[\s*※#]+|\s+")
_LABEL_VALUE = re.compile(r"^[^:：]{1,12}[:：]\s*\S")
_UNIT_SUFFIX = re.compile(r"(?:/|单位[:：]?)(?:台|套|台套|人|元|万元|件|个|吨)$")


def normalize_header(text: str) -> str:
    """NFKC, without spaces, line breaks, ``*`` markers and trailing colons (keeps brackets)."""
    s = unicodedata.normalize("NFKC", text or "")
    s = re.sub(r"\s+", "", s)
    return s.strip("*※#:：")


def strip_units(text: str) -> str:
    """``数量(台/套)`` → ``数量``; ``金额/万元`` → ``金额``."""
    s = _BRACKETS.sub("", text)
    s = _UNIT_SUFFIX.sub("", s)
    return s.strip("*※#:：/、")


def _index(synonyms: Synonyms) -> dict[str, str]:
    out: dict[str, str] = {}
    for field, words in synonyms.items():
        for w in words:
            for key in (normalize_header(w), strip_units(normalize_header(w))):
                if key:
                    out.setdefault(key, field)
                    out.setdefault(key.lower(), field)
    return out


_COMMON_INDEX = _index(COMMON_SYNONYMS)
_TYPE_INDEX = {t: _index(s) for t, s in TYPE_SYNONYMS.items()}


def _lookup_exact(key: str, indexes: list[dict[str, str]]) -> str | None:
    for idx in indexes:
        field = idx.get(key) or idx.get(key.lower())
        if field:
            return field
    return None


def _lookup_contained(key: str, indexes: list[dict[str, str]]) -> str | None:
    """The field of the longest synonym (≥ 2 characters) contained in `key`; the type index wins ties."""
    best: tuple[int, int, str] | None = None
    low = key.lower()
    for rank, idx in enumerate(indexes):
        for word, field in idx.items():
            min_len = MIN_CONTAINED_CHARS.get(field, 2)
            if len(word) >= min_len and word in low:
                cand = (len(word), -rank, field)
                if best is None or cand > best:
                    best = cand
    return best[2] if best else None


def match_field(text: str, doc_type: DocumentType | None = None) -> tuple[str | None, bool]:
    """(canonical field or None, exact?) for one header cell."""
    full = normalize_header(text)
    if not full or len(full) > MAX_HEADER_CHARS * 2:
        return None, False
    indexes = ([_TYPE_INDEX[doc_type]] if doc_type in _TYPE_INDEX else []) + [_COMMON_INDEX]
    stripped = strip_units(full)
    # A flattened two-row header "设备信息/设备名称": the lower row names the column.
    lower = stripped.rsplit("/", 1)[-1] if "/" in stripped else ""
    for key in (full, stripped, lower):
        if key:
            field = _lookup_exact(key, indexes)
            if field:
                return field, True
    if lower and lower in NEUTRAL_HEADER_WORDS:
        return None, False
    if not stripped or stripped in NEUTRAL_HEADER_WORDS or len(stripped) > MAX_HEADER_CHARS:
        return None, False
    return _lookup_contained(stripped, indexes) or _lookup_misread(stripped, indexes), False


def _lookup_misread(key: str, indexes: list[dict[str, str]]) -> str | None:
    """A synonym of at least OCR_FUZZY_MIN_CHARS characters read with one character wrong
    (OCR: 设备名杯 for 设备名称, 是否联冈 for 是否联网), when exactly one field fits."""
    if len(key) < OCR_FUZZY_MIN_CHARS:
        return None
    fields = {
        field
        for idx in indexes
        for word, field in idx.items()
        if len(word) == len(key) and sum(a != b for a, b in zip(word, key)) == 1
    }
    return fields.pop() if len(fields) == 1 else None


def map_header(header: list[str], doc_type: DocumentType | None = None) -> list[str | None]:
    """Canonical field per column (None when no synonym matches). A field claimed by an exact
    match is not given again to a column that only contains a synonym; the first column wins."""
    matches = [match_field(h, doc_type) for h in header]
    taken: set[str] = set()
    out: list[str | None] = [None] * len(header)
    for exact_pass in (True, False):
        for i, (field, exact) in enumerate(matches):
            if field and exact == exact_pass and field not in taken:
                out[i] = field
                taken.add(field)
    return out


def _looks_numeric(s: str) -> bool:
    return bool(re.fullmatch(r"[-+]?[\d.,，%]+", s))


def header_score(cells: list[str]) -> float:
    """How much a row looks like a header row, 0–1: the mean over its non-empty cells of
    exact synonym 1.0, contained synonym 0.6, neutral word (序号, 备注) 0.8, other short label 0.3,
    number / prose / ``label：value`` 0; scaled down when fewer than two cells name a field (a
    title row, a 填报单位 line)."""
    texts = [normalize_header(c) for c in cells if c and normalize_header(c)]
    if not texts:
        return 0.0
    total = 0.0
    hits = 0
    for t in texts:
        if _looks_numeric(t) or len(t) > MAX_HEADER_CHARS or _LABEL_VALUE.match(t):
            continue
        if t in NEUTRAL_HEADER_WORDS or strip_units(t) in NEUTRAL_HEADER_WORDS:
            total += 0.8
            hits += 1
            continue
        field, exact = match_field(t)
        if field:
            total += 1.0 if exact else 0.6
            hits += 1
        else:
            total += UNKNOWN_LABEL_CREDIT
    score = total / len(texts)
    return round(score * min(1.0, hits / 2), 4)
