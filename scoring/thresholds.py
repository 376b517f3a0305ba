"""Annex 1 thresholds (北京市制造业数字化转型达标水平参考指标表), one row per industry group.

Read from the project copy `scoring/data/annex1_thresholds.csv`. Thresholds are kept as
`Decimal` parsed from the CSV text so that comparisons are exact (62.40 is 62.40, not
62.399999…): a value exactly equal to its threshold passes.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from models.scoring import IndustryGroup

# CSV column → indicator key (models.verdict.PROCESS_INDICATORS).
_COLUMNS: dict[str, str] = {
    "key_process_nc_rate_pct": "key_process_nc_rate",
    "robots_per_production_worker": "robots_per_production_worker",
    "equipment_networking_rate_pct": "equipment_networking_rate",
    "digital_design_tool_coverage_pct": "digital_design_tool_coverage",
    "business_management_digital_rate_pct": "business_management_digital_rate",
}


def parse_groups(text: str) -> tuple[IndustryGroup, ...]:
    """Parse the Annex 1 CSV text."""
    groups = []
    for row in csv.DictReader(io.StringIO(text)):
        groups.append(
            IndustryGroup(
                group_no=int(row["group_no"]),
                name=row["group_name"].strip(),
                divisions=tuple(d.strip().upper() for d in row["gbt4754_2017_divisions"].split(";") if d.strip()),
                thresholds={key: Decimal(row[col].strip()) for col, key in _COLUMNS.items()},
            )
        )
    return tuple(groups)


@lru_cache(maxsize=1)
def load_groups() -> tuple[IndustryGroup, ...]:
    """The 13 groups of Annex 1, in table order (cached)."""
    text = resources.files("scoring").joinpath("data/annex1_thresholds.csv").read_text(encoding="utf-8")
    return parse_groups(text)


def group_by_no(group_no: int) -> IndustryGroup | None:
    return next((g for g in load_groups() if g.group_no == group_no), None)
