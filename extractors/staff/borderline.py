"""Borderline titles: decided by the department, or flagged — never by the model's confidence.

Each group is a kind of title whose role turns on where the person works (the table in
extractors/data/staff/README.md). `decide_borderline` returns the group and either the sub-class
the department settles, or None when it does not (no department, or one that does not tell):
the row is then STAFF_ROLE_UNCERTAIN and counts as direct until a reviewer decides.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.staff.labels import (
    AUXILIARY_PRODUCTION,
    BASIC_PRODUCTION,
    LINE_TECHNICAL,
    MANAGEMENT,
    SALES,
    SERVICE,
)
from extractors.staff.normalize import department_key, title_key

# ---- what a department says ---------------------------------------------------------------------
# An office (科室): management functions, R&D and technical centres, planning, EHS. Checked before
# the workshop pattern, so 生产管理部 and 质量管理部 are offices although they name production.
OFFICE_DEPARTMENT = re.compile(
    r"办公室|办$|行政|人事|人力|财务|审计|采购|销售|营销|市场|研发|技术中心|技术部|研究|设计|开发|信息|数字化|^it|^hr|品质保证|^qa|党群|工会|供应|计划|pmc"
    r"|管理部|管理中心|综合|安环|安全环保|ehs|科$|总经办|工艺部|工程部|供应链|运营"
)
WORKSHOP_DEPARTMENT = re.compile(
    r"车间|产线|[一二三四五六七八九十\d]线|线$|生产|制造|分厂|工段|班组|机加|设备|动力|机修|中控|smt|cnc|组装|装配|包装"
)
QUALITY_LINE_DEPARTMENT = re.compile(r"质量部|品质部|品管|质检|检验|iqc|ipqc|qc组")
MATERIALS_STORE = re.compile(r"原料|原材料|线边|半成品|物料|材料库|仓储部|来料")
GOODS_STORE = re.compile(r"成品|物流|储运|发运|销售|营销")
# The words that make a department a production unit whatever else it names.
PRODUCTION_UNIT = re.compile(r"车间|分厂|工段|产线|班组")
FACILITIES_DEPARTMENT = re.compile(r"后勤|物业|行政|综合服务|宿舍|食堂|办公室")


def _office(d: str) -> bool:
    return bool(OFFICE_DEPARTMENT.search(d))


def _workshop(d: str) -> bool:
    return not _office(d) and bool(WORKSHOP_DEPARTMENT.search(d))


def is_workshop(department_key: str) -> bool:
    """A normalised department that is a workshop or line and not an office."""
    return _workshop(department_key)


@dataclass(frozen=True)
class BorderlineDecision:
    group: str
    subclass: str | None  # None: the department does not decide → flag


# ---- the groups (title patterns on the normalised key) ---------------------------------------
_RANK = re.compile(r"经理|部长|总监|主管|(?<!车间)主任")
PLANNER = re.compile(r"计划员|计划专员|计划$|物控|^pmc|统计员|统计$|核算员")
SAFETY = re.compile(r"安全员|安全专员|安全管理员|安全工程师|安全$")
# Stores by what they are (仓…, 库房/库管, 物料, receiving and issuing), not by a list of whole titles;
# 数据库 is software, 物控/物料计划 planners (checked first).
WAREHOUSE = re.compile(
    r"^(?!.*服务人员$).*(?:仓(?!促)|(?<!数据)库(?:管|房|工|务|区|保管)|保管员|物料|收发料|收货|收料|备料员|发货员|配送"
    r"|理货|装卸|叉车|铲车)"
)
MAINTENANCE = re.compile(r"^(?:维修)?电工|水电工|管道工|空调|^维修工$|暖通")
# Upkeep of production equipment (设备维护员, 产线维保, 机电维护, 设备保全): SPEC §2 names 设备维修工 as direct,
# so without a department it is direct; the buildings' side (物业, 后勤) is service.
# Not office or household appliances (办公设备维修, 日用机电产品维修: service trades).
EQUIPMENT_UPKEEP = re.compile(
    r"(?:(?<!办公)(?<!家用)(?<!家电)设备|产线|机台|生产线)(?:维护|维保|保全|维修|保养)|机电(?:维护|维保|保全)"
)
# Interns and trainees (not 见习焊工 / 实习操作工: a trade learner is a worker of the trade; not the
# management track 管培生/储备干部, which is management anywhere).
APPRENTICE = re.compile(r"(?:实习|见习|学员)(?!.*工$)")
LINE_ENGINEER = re.compile(
    r"工艺员|工艺技术员|工艺工程师|工艺$|工艺(?!品)\w{0,4}?(?:工程师|技术员|(?<!人)员)$"
    r"|^(?:pe|me|ie|qe)(?:工程师)?$|设备工程师|自动化工程师|制程工程师|工业工程师"
    r"|^技术员$|生产技术员|现场技术员|调机|^smt技术员$|cnc技员|(?<!体系)(?<!供应商)(?<!客户)质量工程师|质量技术员"
)
# Inspection and product tests by their words: any 检 but upkeep's (点检, 巡检, 检修), security's (安检) and
# the public offices' (检察, 检疫); 品管/品控; 测试/试验 of the product (software tests are decided
# before, rules.SOFTWARE_TEST).
INSPECTOR = re.compile(r"(?<![点巡安])检(?![修察疫])|品管|品控|化验|测试|试验|^i?qc|^ipqc|^fqc|^oqc|qc检验|验货")
# Laboratories and test centres away from the line (a 化验室 of the 质检 department serves the line).
LAB_DEPARTMENT = re.compile(r"实验室|试验室|检测中心|测试中心|实验中心|研究")
TEAM_LEADER = re.compile(r"班组长|班长|组长|线长|拉长|工段长|机长")
WORKSHOP_HEAD = re.compile(r"车间(?:副)?主任|车间主管|车间经理")


def _planner(d: str) -> str | None:
    if not d or _workshop(d):
        return None
    return MANAGEMENT  # 计划部, PMC, 生产管理部, 统计科, 财务 …


def _safety(d: str) -> str | None:
    if not d or _workshop(d):
        return None
    return MANAGEMENT


def _warehouse(d: str) -> str | None:
    if not d:
        return None
    if MATERIALS_STORE.search(d):
        return AUXILIARY_PRODUCTION
    # A unit named as a workshop (罐区储运车间, 成品包装工段) is production even when it stores or ships:
    # in process plants 储运 is a production unit, not the sales side.
    if PRODUCTION_UNIT.search(d) and not _office(d):
        return AUXILIARY_PRODUCTION
    if GOODS_STORE.search(d):
        return SALES
    if _workshop(d):
        return AUXILIARY_PRODUCTION
    if _office(d):
        return MANAGEMENT
    return None


def _line_engineer(d: str) -> str | None:
    if not d:
        return None
    if _office(d):
        return MANAGEMENT
    if _workshop(d):
        return LINE_TECHNICAL
    return None


def _inspector(d: str) -> str | None:
    if not d:
        return None
    if LAB_DEPARTMENT.search(d):
        return MANAGEMENT  # engineering staff away from the line (SPEC §2)
    if re.search(r"质量管理|品质管理|质量部办公室|质量科|品质保证|^qa|体系", d):
        return MANAGEMENT
    if QUALITY_LINE_DEPARTMENT.search(d) or _workshop(d) or MATERIALS_STORE.search(d):
        return AUXILIARY_PRODUCTION
    if _office(d):
        return MANAGEMENT
    return None


def _maintenance(d: str) -> str | None:
    if not d:
        return None
    if FACILITIES_DEPARTMENT.search(d):
        return SERVICE  # buildings and offices
    if _workshop(d):
        return AUXILIARY_PRODUCTION
    return None


def _equipment_upkeep(d: str) -> str | None:
    if FACILITIES_DEPARTMENT.search(d):
        return SERVICE
    if WORKSHOP_DEPARTMENT.search(d):
        return AUXILIARY_PRODUCTION  # 设备保全科, 生产管理部: the production side keeps the equipment
    if d and _office(d):
        return None  # an office that keeps equipment: which equipment, a reviewer says
    return AUXILIARY_PRODUCTION


def _apprentice(d: str) -> str | None:
    if not d:
        return None
    if _office(d):
        return MANAGEMENT
    if _workshop(d):
        return BASIC_PRODUCTION
    return None


def _team_leader(d: str) -> str | None:
    if not d:
        return None
    if _office(d):
        return MANAGEMENT
    if _workshop(d) or re.search(r"车间|线", d):
        return BASIC_PRODUCTION
    return None


# Order matters: 车间统计员 is a planner, IQC检验员 an inspector, 仓库统计 a planner.
_GROUPS = (
    ("planner", PLANNER, _planner),
    ("safety", SAFETY, _safety),
    ("qc_inspector", INSPECTOR, _inspector),
    ("line_engineer", LINE_ENGINEER, _line_engineer),
    ("equipment_upkeep", EQUIPMENT_UPKEEP, _equipment_upkeep),
    ("warehouse", WAREHOUSE, _warehouse),
    ("maintenance", MAINTENANCE, _maintenance),
    ("team_leader", TEAM_LEADER, _team_leader),
    ("apprentice", APPRENTICE, _apprentice),
)


def borderline_group(title: str | None) -> str | None:
    """The borderline group a title belongs to, or None (ranks such as 质量经理 are not borderline)."""
    t = title_key(title)
    if not t or WORKSHOP_HEAD.search(t) or _RANK.search(t) or ("工程师" in t and not LINE_ENGINEER.search(t)):
        return None
    for name, pattern, _ in _GROUPS:
        if pattern.search(t):
            return name
    return None


def decide_borderline(title: str | None, department: str | None) -> BorderlineDecision | None:
    """The group and, when the department settles it, the sub-class; None for other titles."""
    group = borderline_group(title)
    if group is None:
        return None
    decide = next(fn for name, _, fn in _GROUPS if name == group)
    return BorderlineDecision(group, decide(department_key(department)))
