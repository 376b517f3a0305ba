"""The label scheme of the staff classifier (SPEC §2, 直接生产人员 vs 非直接生产人员).

Sub-classes follow the Labour Ministry's notice on the scope of direct and indirect production
personnel (《劳动部关于划分工业企业直接生产人员与非直接生产人员范围的通知》), as the seed cites it.
"""

from __future__ import annotations

from models.records import StaffRole

BASIC_PRODUCTION = "basic_production"  # 基本生产工人: make the product (车工, 焊工, 装配工, 操作工 …)
AUXILIARY_PRODUCTION = "auxiliary_production"  # 辅助生产工人: serve its making (机修, 电工, 叉车, 产线质检 …)
LINE_TECHNICAL = "line_technical"  # 产线工程技术人员: 工艺员/技术员 working on the line
MANAGEMENT = "management"  # 管理人员 incl. office (科室) engineering/technical staff
SERVICE = "service"  # 服务人员: 食堂, 保安, 保洁, 司机 …
SALES = "sales"  # 销售人员
OTHER = "other"  # 其他人员: long leave / seconded out ≥ 6 months, 停薪留职 …

DIRECT_SUBCLASSES: tuple[str, ...] = (BASIC_PRODUCTION, AUXILIARY_PRODUCTION, LINE_TECHNICAL)
INDIRECT_SUBCLASSES: tuple[str, ...] = (MANAGEMENT, SERVICE, SALES, OTHER)
SUBCLASSES: tuple[str, ...] = DIRECT_SUBCLASSES + INDIRECT_SUBCLASSES

SUBCLASS_NAMES_ZH: dict[str, str] = {
    BASIC_PRODUCTION: "基本生产工人",
    AUXILIARY_PRODUCTION: "辅助生产工人",
    LINE_TECHNICAL: "产线工程技术人员",
    MANAGEMENT: "管理人员",
    SERVICE: "服务人员",
    SALES: "销售人员",
    OTHER: "其他人员",
}


def role_of(subclass: str) -> StaffRole:
    """The direct/indirect role a sub-class belongs to."""
    if subclass in DIRECT_SUBCLASSES:
        return StaffRole.DIRECT
    if subclass in INDIRECT_SUBCLASSES:
        return StaffRole.INDIRECT
    raise ValueError(f"unknown staff sub-class: {subclass!r}")
