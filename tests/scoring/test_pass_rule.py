import pytest

from models import BenefitIndicator, Indicators, ProcessIndicator, Route
from scoring.certification import recognise
from scoring.pass_rule import decide

KEYS = ["key_process_nc_rate", "robots_per_production_worker", "equipment_networking_rate",
        "digital_design_tool_coverage", "business_management_digital_rate"]


def indicators(process: list[bool | None], benefit: bool | None = None) -> Indicators:
    values = {k: ProcessIndicator(value=1.0 if p is not None else None, unit="%", numerator=None, denominator=None,
                                  threshold=1.0, passed=p) for k, p in zip(KEYS, process)}
    values["cost_to_output_ratio"] = BenefitIndicator(value=None, unit="%", benchmark=None, passed=benefit)
    return Indicators.model_validate(values)


@pytest.mark.parametrize("process, benefit, certs, expected", [
    ([True, True, True, False, False], None, [], (True, Route.THREE_OF_FIVE)),
    ([True, True, True, True, True], True, ["DCMM三级"], (True, Route.THREE_OF_FIVE)),  # first route reported
    ([True, True, False, False, None], True, [], (True, Route.TWO_PLUS_BENEFIT)),
    ([True, True, False, False, False], False, [], (False, None)),
    ([True, True, None, None, None], None, [], (False, None)),  # None counts as not met
    ([True, False, False, False, False], True, [], (False, None)),  # one process + benefit is not enough
    ([True, True, False, False, False], None, ["智能制造能力成熟度二级"], (True, Route.CERTIFICATION)),
    ([False] * 5, None, ["北京市数字化车间"], (True, Route.CERTIFICATION)),
    ([False] * 5, None, ["智能制造能力成熟度一级", "数字化转型成熟度二星", "DCMM二级"], (False, None)),
    ([None] * 5, True, [], (False, None)),
])
def test_routes(process, benefit, certs, expected):
    matches = [m for m in (recognise(c) for c in certs) if m]
    assert decide(indicators(process, benefit), matches) == expected
