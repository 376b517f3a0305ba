"""Declared indicator values (manifest `declared`, from the application form) against the values
computed from the evidence (CLAIM_DEVIATION).

`declared` keys are the indicator keys of models.verdict (``key_process_nc_rate`` …
``cost_to_output_ratio``); other keys (e.g. ``direct_production_staff``) belong to other checks.
Percentages are 0–100; a declared fraction (0.667 for 66.7 %) is read as such when that reading
agrees with the computed value.
"""

from __future__ import annotations

from models import (
    BENEFIT_INDICATORS,
    INDICATOR_NAMES_ZH,
    PROCESS_INDICATORS,
    Flag,
    FlagCode,
    Indicators,
    Manifest,
    make_flag,
)
from validators.evidence import manifest_ref

# Tolerances: declared figures are rounded on the form. Percent indicators: within 0.5 percentage point; robots per worker: 0.001.
CLAIM_TOLERANCE_PERCENT_POINTS = 0.5
CLAIM_TOLERANCE_RATIO = 0.001


def within_tolerance(declared: float, computed: float, unit: str) -> bool:
    if unit == "%":
        if abs(declared - computed) <= CLAIM_TOLERANCE_PERCENT_POINTS + 1e-12:
            return True
        return 0 < declared <= 1 and abs(declared * 100 - computed) <= CLAIM_TOLERANCE_PERCENT_POINTS
    return abs(declared - computed) <= CLAIM_TOLERANCE_RATIO + 1e-12


def claim_deviation_flags(manifest: Manifest, indicators: Indicators | None) -> list[Flag]:
    if indicators is None:
        return []
    flags: list[Flag] = []
    for key in (*PROCESS_INDICATORS, *BENEFIT_INDICATORS):
        declared = manifest.declared.get(key)
        ind = getattr(indicators, key)
        if declared is None or ind.value is None:
            continue  # nothing to compare: an uncomputable indicator carries its own flag
        if within_tolerance(declared, ind.value, ind.unit):
            continue
        unit = "%" if ind.unit == "%" else ""
        tol = f"{CLAIM_TOLERANCE_PERCENT_POINTS:g} 个百分点" if ind.unit == "%" else f"{CLAIM_TOLERANCE_RATIO:g}"
        flags.append(
            make_flag(
                FlagCode.CLAIM_DEVIATION,
                f"申报的{INDICATOR_NAMES_ZH[key]}为 {declared:g}{unit}，按证明材料计算为 {ind.value:g}{unit}，"
                f"差异超出允许范围（{tol}）；以计算值为准，请核实。",
                [manifest_ref(f"declared.{key}", f"{declared:g}")],
                indicator=key,
                key=key,
                declared=declared,
                computed=ind.value,
            )
        )
    return flags
