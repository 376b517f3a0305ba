"""Annex 1 reference thresholds, copied from the seed's table (tests must not read ../shared).

Values are kept as exact decimal strings so boundary packets can hit a threshold exactly.
"""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel


class Group(BaseModel):
    no: int
    name: str
    divisions: tuple[str, ...]
    key_process_nc_rate: Decimal  # %
    robots_per_production_worker: Decimal  # ratio
    equipment_networking_rate: Decimal  # %
    business_management_digital_rate: Decimal  # %
    digital_design_tool_coverage: Decimal  # %

    def threshold(self, indicator: str) -> Decimal:
        return getattr(self, indicator)


# no, name, divisions, nc %, robots, networking %, business %, design %
_ROWS = (
    (1, "食品制造业", "C13;C14;C15;C16", "53.00", "0.01", "20.69", "67.90", "58.10"),
    (2, "纺织与服装制造业", "C17;C18;C19", "51.70", "0.02", "24.71", "69.20", "70.80"),
    (3, "医药制造业", "C27", "52.60", "0.025", "23.36", "70.40", "61.20"),
    (4, "电子信息业", "C39", "62.40", "0.03", "27.64", "74.70", "83.10"),
    (5, "装备行业", "C33;C34;C35;C38;C41;C42", "50.60", "0.025", "18.32", "69.40", "86.70"),
    (6, "交通设备制造业", "C36;C37", "52.90", "0.02", "21.25", "70.70", "88.50"),
    (7, "建材行业", "C30", "63.40", "0.01", "25.10", "65.70", "62.50"),
    (8, "材料制造业", "C26;C28;C29;C30", "69.20", "0.01", "28.14", "66.70", "61.10"),
    (9, "石化行业", "C25", "74.90", "0.01", "32.26", "70.50", "62.60"),
    (10, "冶金行业", "C31;C32", "67.30", "0.01", "25.60", "62.20", "57.80"),
    (11, "家具制造业", "C20;C21", "53.40", "0.015", "25.00", "67.50", "75.20"),
    (12, "印刷业", "C23", "55.00", "0.02", "19.63", "67.50", "75.20"),
    (13, "仪器仪表制造业", "C24;C40", "45.00", "0.01", "19.63", "67.50", "75.20"),
)

GROUPS: tuple[Group, ...] = tuple(
    Group(
        no=no,
        name=name,
        divisions=tuple(divs.split(";")),
        key_process_nc_rate=Decimal(nc),
        robots_per_production_worker=Decimal(rb),
        equipment_networking_rate=Decimal(net),
        business_management_digital_rate=Decimal(biz),
        digital_design_tool_coverage=Decimal(design),
    )
    for no, name, divs, nc, rb, net, biz, design in _ROWS
)


def groups_for(industry_code: str) -> list[Group]:
    """Groups whose divisions hold the code's division (C3911 → C39). C30 is in two groups."""
    division = industry_code.strip().upper()[:3]
    return [g for g in GROUPS if division in g.divisions]


def group_for(industry_code: str) -> Group | None:
    """The group the pipeline scores with: the first match (C30 → 建材, SPEC §2), None when unmapped."""
    found = groups_for(industry_code)
    return found[0] if found else None
