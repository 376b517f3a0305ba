"""Counting policies the seed leaves open (SPEC §2 "Counting rules", "Data period"). Each is a named
setting with the SPEC default; a different reading is a different `ScoringPolicy`, never an edit in
code. Scoring, the period step and the validators all read this one object."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class ScoringPolicy(BaseModel):
    model_config = ConfigDict(frozen=True)

    nc_process_rule: Literal["all", "any"] = Field(
        "all",
        description="A key process is NC'd when ALL its equipment is NC (default) or when ANY is. "
        "A mix always raises PARTIAL_NC_PROCESS.",
    )
    design_coverage_basis: Literal["output", "types"] = Field(
        "output",
        description="Digital design coverage by output quantity (产量, default) or by number of product types. "
        "Both counts are reported as facts either way.",
    )
    min_log_days: int = Field(
        90, description="Days with data inside the period a networked device's log must hold (≥ 3 months)."
    )
    min_current_months: int = Field(
        3,
        description="The current-months data basis needs at least this many consecutive calendar months "
        "of the assessment year with log data (SPEC §2: ≥ 3 months of Y).",
    )
    month_min_data_days: int = Field(
        20, description="A calendar month counts as a month with data when data exist on at least this many of its days."
    )
    log_suffix_match: bool = Field(
        True,
        description="Also match a log whose asset key is the device's key followed by digits only "
        "(SB001 → SB00101, SB00102 …: one export per unit of a multi-quantity row), unless that log "
        "key is itself another device's key.",
    )
    min_system_months: int = Field(
        3,
        description="A business system counts when it went live at least this many months before the "
        "end of the period: go_live ≤ (period end + 1 day) − N months.",
    )
    unknown_go_live_counts: bool = Field(
        False,
        description="A system without a go-live date is not counted (conservative) and raises "
        "SYSTEM_DATA_INSUFFICIENT.",
    )
    robot_count_rule: Literal["min"] = Field(
        "min", description="Robot list vs robots in the equipment list: the smaller count when both exist."
    )
    uncertain_staff_count_as_direct: bool = Field(
        True,
        description="An employee without a role, or with a role the classifier is unsure of, counts as "
        "direct production staff until a reviewer decides (larger denominator).",
    )
    certificate_valid_on: Literal["period_end", "assessment_year"] = Field(
        "period_end",
        description="An equivalent certificate carries the certification route only when in force on the "
        "last day of the data period (default; without a period, 31 Dec of Y−1), or with "
        "'assessment_year' on some day of the assessment year. Expired before, or valid only from a "
        "later date: it does not qualify and raises CERTIFICATE_NOT_VALID. A certificate whose "
        "validity was not read is not judged by date.",
    )
    undated_financials_fallback: bool = Field(
        True,
        description="Without a financial figure of the period's year, use one without a fiscal year.",
    )
    percent_decimals: int = Field(2, description="Display rounding of percentages (half up).")
    ratio_decimals: int = Field(4, description="Display rounding of ratios (half up).")
    max_evidence_refs: int = Field(50, description="Evidence refs kept per fact or flag; counts stay complete.")


DEFAULT_POLICY = ScoringPolicy()
