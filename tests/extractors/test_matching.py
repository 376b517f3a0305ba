"""The tolerant matcher: segments in the enterprise's own words, system-type hints, headers re-read
by table type, check marks, process names across documents, flow splitting."""

from extractors.matching import REVIEW_SCORE, match_segment, refine_fields, segment_from_system
from extractors.normalize import parse_bool
from extractors.records.processes import split_items
from extractors.records.systems import parse_in_use, resolve_segment
from models.records import process_key, process_keys


def test_enterprise_worded_segments_are_the_standard_ones():
    cases = {"研发管理": "rnd_design", "供应链采购": "purchasing", "客户与销售": "sales", "生产运营": "production",
             "人力资源管理": "hr", "财务核算": "finance", "协同办公": "office",
             # variants no list holds: the core stem decides
             "新品研发中心": "rnd_design", "集团采购平台运营": "purchasing", "薪酬与人事服务": "hr", "网上营销渠道": "sales"}
    for text, key in cases.items():
        seg, m = resolve_segment(text, None)
        assert seg == key, (text, m)
        assert m.score >= REVIEW_SCORE


def test_sub_activities_stay_extra_segments():
    for text in ("供应商协同", "成本核算", "计划排产", "质量管理", "能源管理"):
        assert resolve_segment(text, "某某平台")[0] == text


def test_system_type_is_evidence_of_its_segment_when_the_cell_is_unreadable():
    assert segment_from_system("Windchill PLM").key == "rnd_design"
    assert segment_from_system("eHR人力资源系统").key == "hr"
    assert segment_from_system("企业微信").key == "office"
    assert segment_from_system("用友U8 ERP").key is None  # serves several segments
    m = match_segment("丨", "SCADA数据采集平台")
    assert (m.key, m.method) == ("production", "system_hint") and m.needs_review


def test_headers_are_re_read_among_their_table_types_fields():
    from extractors.headers import COMMON_SYNONYMS

    fields, made = refine_fields(["工艺环节名称", "是否关键工序"], ["segment", "is_key"], "process_description",
                                 COMMON_SYNONYMS)
    assert fields == ["process_name", "is_key"] and made[0].method == "stem"
    fields, _ = refine_fields(["管理模块", "系统名称", "投运日期", "运行状态"], [None, "system_name", None, "status"],
                              "business_system_list", COMMON_SYNONYMS)
    assert fields == ["segment", "system_name", "go_live", "usage"]
    fields, _ = refine_fields(["设备名称", "自控方式", "使用工段"], ["device_name", None, None], "equipment_list",
                              COMMON_SYNONYMS)
    assert fields == ["device_name", "control_type", "process"]


def test_check_marks_written_with_letters_are_booleans():
    assert [parse_bool(x) for x in ("V", "v", "x", "X", "✅", "❌")] == [True, True, False, False, True, False]


def test_a_system_on_trial_is_live():
    assert parse_in_use("新上线，试运行") is True and parse_in_use("试用阶段") is True
    assert parse_in_use("计划试运行") is False and parse_in_use("停用") is False


def test_process_names_join_despite_codes_and_suffixes():
    assert {process_key(x) for x in ("GX03 压片", "P-03压片", "压片工段", "压片车间", "03#压片", "压片")} == {"压片"}
    assert process_keys("精密机加工区", {"精密机加工", "下料"}) == ["精密机加工"]
    assert process_keys("装配", {"总装配", "部件装配"}) == ["装配"]  # ambiguous: stays unknown


def test_flows_split_only_between_plausible_names():
    assert split_items("常减压蒸馏→加氢精制→油品调和→罐区储运") == ["常减压蒸馏", "加氢精制", "油品调和", "罐区储运"]
    assert split_items("焊接和装配") == ["焊接", "装配"]
    assert split_items("原料混合与调和") == ["原料混合", "调和"]
    assert split_items("配料及调和") == ["配料", "调和"]
