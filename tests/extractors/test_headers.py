"""Header synonyms → canonical fields, and the header-row score."""

from extractors.headers import header_score, map_header, match_field
from models import DocumentType as D


def test_equipment_header_with_units_brackets_and_fullwidth():
    header = ["序号", "设备名称", "规格型号", "数量（台/套）", "对应工序", "是否数控", "是否具备自动采集（是/否）", "备注"]
    assert map_header(header) == [
        None, "device_name", "model", "quantity", "process", "is_nc", "is_networked", None,
    ]


def test_realistic_variants():
    assert map_header(["设备", "台数", "使用工序", "控制方式", "自动采集", "设备类别"]) == [
        "device_name", "quantity", "process", "control_type", "is_networked", "category",
    ]
    assert map_header(["台（套）数", "联网情况", "数控化"]) == ["quantity", "is_networked", "is_nc"]


def test_spaces_newlines_and_stars_are_ignored():
    assert map_header(["设 备\n名 称", "*所属工序", "数量：", "ＰＬＣ控制方式"]) == [
        "device_name", "process", "quantity", "control_type",
    ]


def test_flattened_two_row_header_uses_lower_label():
    assert map_header(["设备信息/设备名称", "设备信息/型号", "工序信息/所属工序"]) == [
        "device_name", "model", "process",
    ]


def test_containment_picks_longest_synonym():
    field, exact = match_field("系统上线时间")
    assert (field, exact) == ("go_live", False)
    assert match_field("主要设备名称")[0] == "device_name"


def test_exact_match_claims_field_before_containment():
    # 资产编号 is exact; 设备编号号码 only contains a synonym of the same field → not mapped again.
    assert map_header(["资产编号", "设备编号号码"]) == ["asset_no", None]


def test_type_specific_synonyms():
    assert map_header(["设备名称", "品牌"], D.ROBOT_LIST) == ["robot_name", "brand"]
    assert map_header(["编号", "姓名", "岗位"], D.STAFF_ROSTER) == ["employee_no", "person_name", "job_title"]
    assert map_header(["编号", "姓名", "岗位"]) == ["asset_no", "person_name", "job_title"]
    assert map_header(["工序", "是否关键工序"], D.PROCESS_DESCRIPTION) == ["process_name", "is_key"]
    assert map_header(["设备", "时间"], D.DATA_COLLECTION_LOG) == ["asset_no", "timestamp"]


def test_headcount_unit_is_not_stripped_into_quantity():
    assert map_header(["岗位", "人数（人）"]) == ["job_title", "headcount"]
    assert map_header(["岗位", "数量（人）"]) == ["job_title", "headcount"]


def test_header_score_ranks_header_above_title_and_data():
    header = header_score(["序号", "设备名称", "规格型号", "数量（台）", "所属工序"])
    title = header_score(["北京某某科技有限公司生产设备清单", "", "", ""])
    data = header_score(["1", "数控车床", "CK6150", "12", "机加工"])
    date_line = header_score(["填报日期：2026年1月10日"])
    assert header > 0.8
    assert title < 0.5 and date_line < 0.5
    assert data < header
    assert header_score(["1", "2", "3"]) == 0.0
    assert header_score([]) == 0.0


def test_header_score_rejects_label_value_lines_and_tolerates_unknown_columns():
    assert header_score(["企业名称：北京某某科技有限公司", "填报日期：2026年1月10日"]) == 0.0
    assert header_score(["填报单位", "北京某某有限公司", "填报日期", "2026-01-10"]) < 0.6
    wide = ["序号", "设备名称", "规格型号", "数量", "所属工序", "是否数控", "是否联网", "购置日期", "原值(万元)", "使用部门", "存放地点", "备注"]
    assert header_score(wide) >= 0.6


def test_one_misread_character_in_a_long_header():
    assert map_header(["设备名杯", "所屈工序", "是否联冈", "是否数空"]) == ["device_name", "process", "is_networked", "is_nc"]
    assert match_field("设备名杯") == ("device_name", False)
    assert match_field("名杯")[0] is None  # short cells must match exactly
