"""Rules before statistics: titles the seed and SPEC §2 place explicitly.

Each rule looks at the normalised title key (and sometimes the department) and returns a
sub-class, or nothing. Rules fire only where the reading is unambiguous. Borderline titles
(planners, safety officers, inspectors, warehouse keepers, line engineers, team leaders:
borderline.py) are decided here only when their department settles them; otherwise nothing
fires and the classifier flags them, whatever the model thinks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.staff.borderline import decide_borderline
from extractors.staff.labels import (
    AUXILIARY_PRODUCTION,
    BASIC_PRODUCTION,
    MANAGEMENT,
    OTHER,
    SALES,
    SERVICE,
)
from extractors.staff.lexicon import SOFTWARE_HEADS
from extractors.staff.normalize import department_key, title_key


@dataclass(frozen=True)
class RuleMatch:
    subclass: str
    rule: str  # name of the rule that fired, kept for the reviewer


# Departments that are a workshop, a line or production support (车间, 产线, 生产部, 设备部 …).
SHOP_DEPARTMENT = re.compile(r"车间|产线|[一二三四五六七八九十\d]线|线$|生产|制造|分厂|工段|班组|机加|设备|动力|机修|中控")
SALES_DEPARTMENT = re.compile(r"销售|营销|市场|贸易|客服|电商")

# Status words that put a person among 其他人员 (long leave, seconded out, 停薪留职 …).
LEAVE_WORDS = re.compile(r"长期病|长病假|病休|工伤休养|停工留薪|停薪留职|长期休假|外派|借调|外借|援外|驻外|挂职|内退|待岗|离岗待退|脱产学习|委培学习|产假|退休(?!返聘)")

_SERVICE = re.compile(
    r"食堂|厨|帮厨|炊事|面点|洗碗|打饭|保安|门卫|门岗|巡逻|消防员|保洁|清洁工|卫生员|环卫|洗衣|绿化|园林|花木"
    r"|宿管|宿舍|物业|厂医|医务|护士|前台|接待|话务|收发员|通讯员|司机|驾驶员"
)
# Drivers of plant equipment (forklifts, cranes: 天车/行车/吊车 司机) are not company-car drivers.
_NOT_SERVICE = re.compile(r"叉车|铲车|厂内运输|物料车|牵引车|agv|天车|行车|吊车|航车|龙门吊|桥吊")
_SALES = re.compile(r"销售|业务员|业务代表|客服|客户经理|大客户|客户服务|市场专员|市场推广|品牌专员|外贸|电商|跟单|售后|商务专员|招投标")
_MANAGEMENT = re.compile(
    r"董事|总经理|总裁|^ceo$|副总|首席|总监|厂长|财务|会计|出纳|资金专员|税务|人事|人力资源|^hr|招聘|薪酬|薪资|绩效|培训专员|社保"
    r"|行政|法务|审计|内审|体系|合规|秘书|证券|党务|工会|团委|宣传|文员|采购|档案|研发|总工程师"
)
_RANK = re.compile(r"经理|部长|总监|主管|主任")
# Software testing is not production work (SPEC §2: engineering staff away from the line), whatever
# the department: a test (测试/test/qa) of software — a software head of the lexicon (软件, 程序, java,
# 前端, 算法, 网络, it, 数据, 开发) or what only software has (接口, 黑盒/白盒, 用例, app, web, 游戏,
# 系统测试, a bare 功能测试 with no worker suffix). Product tests (耐压测试员, 整机测试工) are inspection.
SOFTWARE_TEST = re.compile(
    r"^(?=.*(?:测试|test|qa))(?=.*(?:" + "|".join(SOFTWARE_HEADS) +
    r"|接口|黑盒|白盒|用例|app|web|游戏|系统测试|^功能测试(?:工程师|专员)?$|自动化测试工程师))"
)
# Crafts SPEC §2 names as direct production work; only in a workshop or with no department given.
_DIRECT_CRAFT = re.compile(r"操作工|操作员|装配工|焊工|(?<![叉铲])车工|铣工|钳工|磨工|冲压工|喷涂工|注塑工|包装工|普工|作业员")
_DIRECT_AUX = re.compile(r"设备维修|机修工|叉车工|叉车司机|厂内运输|厂内叉车|物料车|牵引车")


def _shop(dept: str) -> bool:
    return bool(SHOP_DEPARTMENT.search(dept))


def apply_rules(title: str | None, department: str | None) -> RuleMatch | None:
    """The sub-class an explicit rule assigns to this (title, department), or None."""
    t, d = title_key(title), department_key(department)
    if not t:
        return None
    if LEAVE_WORDS.search(t):
        return RuleMatch(OTHER, "leave_or_secondment")
    if _SERVICE.search(t) and not _NOT_SERVICE.search(t):
        return RuleMatch(SERVICE, "service")
    if _SALES.search(t):
        return RuleMatch(SALES, "sales")
    if _MANAGEMENT.search(t):
        return RuleMatch(MANAGEMENT, "management")
    if SOFTWARE_TEST.search(t):
        return RuleMatch(MANAGEMENT, "software_test")
    border = decide_borderline(title, department)
    if border is not None:
        return RuleMatch(border.subclass, f"borderline:{border.group}") if border.subclass else None
    if _RANK.search(t):
        return RuleMatch(SALES if SALES_DEPARTMENT.search(d) else MANAGEMENT, "rank")
    if d and not _shop(d):
        return None  # a craft title outside the workshops: the model weighs the department
    if _DIRECT_AUX.search(t) and d:
        return RuleMatch(AUXILIARY_PRODUCTION, "workshop_auxiliary")
    if _DIRECT_CRAFT.search(t):
        return RuleMatch(BASIC_PRODUCTION, "production_craft")
    return None
