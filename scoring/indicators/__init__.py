"""One module per indicator; each `compute(facts, policy) -> IndicatorOutcome`."""

from __future__ import annotations

from collections.abc import Callable

from models import PacketFacts
from models.policy import ScoringPolicy
from scoring.indicators import (
    business_management_digital_rate,
    cost_to_output_ratio,
    digital_design_tool_coverage,
    equipment_networking_rate,
    key_process_nc_rate,
    robots_per_production_worker,
)
from scoring.outcome import IndicatorOutcome

Compute = Callable[[PacketFacts, ScoringPolicy], IndicatorOutcome]

# In Annex 1 order (models.verdict.PROCESS_INDICATORS), then the benefit indicator.
PROCESS: dict[str, Compute] = {
    key_process_nc_rate.KEY: key_process_nc_rate.compute,
    robots_per_production_worker.KEY: robots_per_production_worker.compute,
    equipment_networking_rate.KEY: equipment_networking_rate.compute,
    digital_design_tool_coverage.KEY: digital_design_tool_coverage.compute,
    business_management_digital_rate.KEY: business_management_digital_rate.compute,
}
BENEFIT: dict[str, Compute] = {cost_to_output_ratio.KEY: cost_to_output_ratio.compute}
INDICATORS: dict[str, Compute] = {**PROCESS, **BENEFIT}
