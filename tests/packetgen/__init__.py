"""Seeded generator of realistic evidence packets with known answers (test fixtures).

    spec = default_spec(seed=7)
    truth = generate_packet(spec, Path("out"))   # files + manifest.json, truth = expected answers
"""

from tests.packetgen.creditcode import check_char, is_valid, make_credit_code
from tests.packetgen.generate import build_files, generate_packet
from tests.packetgen.ground import World
from tests.packetgen.presets import (
    PRESETS,
    audit_year_spec,
    borderline_staff_spec,
    boundary_fraction,
    boundary_spec,
    certification_spec,
    claim_deviation_spec,
    corrupt_spec,
    default_spec,
    failing_spec,
    identity_mismatch_spec,
    multi_sheet_spec,
    scanned_spec,
    stale_logs_spec,
    two_plus_benefit_spec,
    variety_spec,
    warnings_spec,
    zip_spec,
)
from tests.packetgen.spec import DocStyle, FileFormat, IndicatorKnobs, PacketSpec
from tests.packetgen.truth import BenefitTruth, IndicatorTruth, PacketTruth
from tests.packetgen.world import build_world

__all__ = [
    "PRESETS", "BenefitTruth", "DocStyle", "FileFormat", "IndicatorKnobs", "IndicatorTruth", "PacketSpec",
    "PacketTruth", "World", "boundary_fraction", "boundary_spec", "build_files", "build_world",
    "certification_spec", "check_char", "corrupt_spec", "default_spec", "failing_spec", "generate_packet",
    "is_valid", "make_credit_code", "two_plus_benefit_spec", "zip_spec", "variety_spec", "borderline_staff_spec",
    "identity_mismatch_spec", "claim_deviation_spec", "scanned_spec", "multi_sheet_spec",
    "stale_logs_spec", "audit_year_spec", "warnings_spec",
]
