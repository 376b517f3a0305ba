from fractions import Fraction

from models import DesignTool, FlagCode, Severity
from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.indicators.digital_design_tool_coverage import compute
from tests.scoring.builders import packet, product, ref

TYPES = ScoringPolicy(design_coverage_basis="types")


def _facts(**kw):
    return packet(products=[product("服务器", 900, True), product("交换机", 50.5, False),
                            product("路由器", 49.5, None)], **kw)


def test_by_output_quantity_by_default_and_both_counts_reported():
    out = compute(_facts(), DEFAULT_POLICY)
    assert out.exact() == Fraction(90)  # 900 / 1000
    names = {f.name: f.value for f in out.facts}
    assert names["product_types_total"] == 3 and names["product_types_digital_design"] == 1
    assert names["output_total"] == 1000 and names["output_digital_design"] == 900
    assert out.flags == []


def test_by_types_policy():
    out = compute(_facts(), TYPES)
    assert (out.numerator, out.denominator) == (1, 3)


def test_decimal_outputs_sum_exactly():
    facts = packet(products=[product("a", 0.1, True), product("b", 0.2, True), product("c", 0.7, False)])
    assert compute(facts, DEFAULT_POLICY).exact() == Fraction(30)


def test_missing_output_falls_back_to_types_with_a_flag():
    facts = packet(products=[product("a", 10, True), product("b", None, False)])
    out = compute(facts, DEFAULT_POLICY)
    assert (out.numerator, out.denominator) == (1, 2)
    assert [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]
    assert "b" in out.flags[0].message
    assert next(f.value for f in out.facts if f.name == "coverage_basis") == "产品类型数"


def test_digital_claims_without_any_named_tool_raise_a_warning():
    facts = packet(products=[product("a", 10, True, tools=None), product("b", 10, False, tools=None)])
    out = compute(facts, DEFAULT_POLICY)
    assert out.exact() == 50
    assert [(f.code, f.severity) for f in out.flags] == [(FlagCode.MISSING_EVIDENCE, Severity.WARNING)]
    listed = packet(products=facts.products, design_tools=[DesignTool(name="CATIA", ref=ref("软件清单.xlsx", 2))])
    assert compute(listed, DEFAULT_POLICY).flags == []


def test_no_product_list_gives_null():
    out = compute(packet(), DEFAULT_POLICY)
    assert out.exact() is None and [f.code for f in out.flags] == [FlagCode.MISSING_EVIDENCE]
