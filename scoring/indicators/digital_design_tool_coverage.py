"""数字化研发设计工具覆盖率: digitally designed products / all products × 100 %.

By output quantity (产量) by default, by number of product types as the alternative (policy
`design_coverage_basis`); both counts are reported as facts. A product whose 是否应用数字化设计
is not "yes" is not counted as digitally designed. When some product lacks its output, the
output basis cannot be computed honestly: the indicator falls back to product types and raises
MISSING_EVIDENCE naming those products. When products claim digital design but no design tool is
named anywhere (no design tool list, no tool per product), the claims still count and a
warning-severity MISSING_EVIDENCE asks for the tool list.
"""

from __future__ import annotations

from fractions import Fraction

from models import FlagCode, PacketFacts, Severity, make_flag
from models.policy import ScoringPolicy
from scoring.exact import to_fraction
from scoring.outcome import IndicatorOutcome, bounded, fact, missing

KEY = "digital_design_tool_coverage"


def compute(facts: PacketFacts, policy: ScoringPolicy) -> IndicatorOutcome:
    products = facts.products
    if not products:
        return missing(KEY, "%", "未提供产品类型及各类型产量清单，无法计算数字化研发设计工具覆盖率")

    digital = [p for p in products if p.digital_design]
    no_output = [p for p in products if p.output_qty is None]
    out_total = sum((to_fraction(p.output_qty) for p in products if p.output_qty is not None), Fraction(0))
    out_digital = sum((to_fraction(p.output_qty) for p in digital if p.output_qty is not None), Fraction(0))
    units = {(p.unit or "").strip() for p in products if p.unit and p.unit.strip()}

    outcome = IndicatorOutcome(key=KEY, unit="%")
    basis = policy.design_coverage_basis
    if basis == "output" and (no_output or out_total <= 0):
        basis = "types"
        outcome.flags.append(
            make_flag(
                FlagCode.MISSING_EVIDENCE,
                "以下产品未填写产量，无法按产量计算覆盖率，改按产品类型数计算：" + "、".join(p.name for p in no_output[:20])
                if no_output else "产品产量合计为0，无法按产量计算覆盖率，改按产品类型数计算",
                evidence=bounded([p.ref for p in (no_output or products)], policy),
                indicator=KEY,
                key=KEY,
            )
        )
    if basis == "output":
        outcome.numerator, outcome.denominator = float(out_digital), float(out_total)
    else:
        outcome.numerator, outcome.denominator = float(len(digital)), float(len(products))

    if digital and not facts.design_tools and not any(p.design_tools and p.design_tools.strip() for p in digital):
        outcome.flags.append(
            make_flag(
                FlagCode.MISSING_EVIDENCE,
                f"{len(digital)}类产品声明应用数字化研发设计工具，但未提供数字化研发设计软件清单，也未注明所用工具；暂按声明计入，请补充软件清单",
                evidence=bounded([p.ref for p in digital], policy),
                indicator=KEY,
                key="design_tool_list",
            ).model_copy(update={"severity": Severity.WARNING})
        )

    unit_note = f"；产量单位不一致（{'、'.join(sorted(units))}），按数值直接相加" if len(units) > 1 else ""
    outcome.facts = [
        fact(KEY, "product_types_total", len(products), [p.ref for p in products], policy, "类"),
        fact(KEY, "product_types_digital_design", len(digital), [p.ref for p in digital], policy, "类"),
        fact(KEY, "output_total", float(out_total), [p.ref for p in products if p.output_qty is not None], policy,
             next(iter(units)) if len(units) == 1 else None, note=f"{len(no_output)}类产品无产量{unit_note}"),
        fact(KEY, "output_digital_design", float(out_digital), [p.ref for p in digital if p.output_qty is not None],
             policy, next(iter(units)) if len(units) == 1 else None),
        fact(KEY, "design_tools_listed", len(facts.design_tools), [t.ref for t in facts.design_tools], policy, "个",
             note="、".join(t.name for t in facts.design_tools[:20]) or None),
        fact(KEY, "coverage_basis", "产量" if basis == "output" else "产品类型数", [], policy),
    ]
    return outcome
