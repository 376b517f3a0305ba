from decimal import Decimal

import pytest

from models import FlagCode, Severity
from scoring.industry import AMBIGUOUS_DEFAULT_GROUP, map_industry, normalise_code
from scoring.thresholds import load_groups


def test_annex1_has_13_groups_with_exact_decimal_thresholds():
    groups = load_groups()
    assert [g.group_no for g in groups] == list(range(1, 14))
    g4 = groups[3]
    assert g4.name == "电子信息业" and g4.divisions == ("C39",)
    assert g4.thresholds["key_process_nc_rate"] == Decimal("62.40")
    assert g4.thresholds["robots_per_production_worker"] == Decimal("0.03")
    assert groups[2].thresholds["robots_per_production_worker"] == Decimal("0.025")
    assert groups[10].thresholds["equipment_networking_rate"] == Decimal("25.00")
    assert all(len(g.thresholds) == 5 for g in groups)


@pytest.mark.parametrize("code", ["C3911", "3911", "C39", "c 3911", "Ｃ３９１１", " C391 ", "C3911 计算机整机制造"])
def test_spellings_of_an_electronics_code_map_to_group_4(code):
    group, flags = map_industry(code)
    assert group is not None and group.group_no == 4
    assert flags == []


def test_normalise_code():
    assert normalise_code("ｃ　３９１１") == "C3911"
    assert normalise_code("3911") == "C3911"
    assert normalise_code("A0111") is None  # agriculture, not manufacturing
    assert normalise_code("0511") is None  # no letter and outside C13–C43
    assert normalise_code("C39X1") is None
    assert normalise_code("") is None


def test_c30_defaults_to_building_materials_and_flags_ambiguity():
    group, flags = map_industry("C3011")
    assert group is not None and group.group_no == AMBIGUOUS_DEFAULT_GROUP["C30"] == 7
    assert group.name == "建材行业"
    assert len(flags) == 1 and flags[0].code == FlagCode.INDUSTRY_UNMAPPED
    assert flags[0].severity == Severity.ERROR
    assert "建材" in flags[0].message and "材料" in flags[0].message


@pytest.mark.parametrize("code", ["C22", "C2231", "XYZ", "C39.11", None, "", "B0610"])
def test_unmapped_or_malformed_codes_give_no_group_and_a_flag(code):
    group, flags = map_industry(code)
    assert group is None
    assert [f.code for f in flags] == [FlagCode.INDUSTRY_UNMAPPED]


def test_other_divisions_map_by_division():
    assert map_industry("C3411")[0].group_no == 5
    assert map_industry("C2710")[0].group_no == 3
    assert map_industry("C4011")[0].group_no == 13
    assert map_industry("C13")[0].group_no == 1
