"""The one list of cross-checks run over a packet, and the function that runs them.

Each validator is a pure function of the packet's records (and, for the claim and staff checks,
the indicators scoring computed; for the totals, the documents' tables) returning flags.
Flags explaining an indicator's value (PARTIAL_NC_PROCESS, ROBOT_COUNT_MISMATCH,
NETWORK/SYSTEM_DATA_INSUFFICIENT, STANDARD_SEGMENT_MISSING, MISSING_EVIDENCE, INDUSTRY_UNMAPPED)
are raised by scoring while it counts, not here.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from typing import NamedTuple

from models import DataPeriod, Flag, Indicators, PacketFacts, StepError, Table, unique_flags
from models.period import decide_period
from models.policy import DEFAULT_POLICY, ScoringPolicy
from validators.certificates import certificate_validity_flags
from validators.claims import claim_deviation_flags
from validators.duplicates import duplicate_flags
from validators.identity import certificate_review_flags, credit_code_flags, identity_flags
from validators.ocr import ocr_low_confidence_flags
from validators.period import period_flags
from validators.processes import process_ref_flags
from validators.staff import staff_count_flags
from validators.totals import total_mismatch_flags

log = logging.getLogger(__name__)


class Inputs(NamedTuple):
    facts: PacketFacts
    indicators: Indicators | None
    tables: list[Table]
    period: DataPeriod
    policy: ScoringPolicy = DEFAULT_POLICY


Validator = Callable[[Inputs], list[Flag]]

VALIDATORS: tuple[tuple[str, Validator], ...] = (
    ("identity", lambda i: identity_flags(i.facts)),  # IDENTITY_MISMATCH
    ("credit_code", lambda i: credit_code_flags(i.facts)),  # CREDIT_CODE_INVALID
    ("certificate_review", lambda i: certificate_review_flags(i.facts)),  # OCR_LOW_CONFIDENCE (a certificate)
    ("certificate_validity", lambda i: certificate_validity_flags(i.facts, i.policy)),  # CERTIFICATE_NOT_VALID
    ("period", lambda i: period_flags(i.facts, i.period, i.policy)),  # PERIOD_NOT_COVERED, AUDIT_YEAR_MISMATCH, ASSESSMENT_YEAR_INFERRED
    ("process_refs", lambda i: process_ref_flags(i.facts)),  # UNKNOWN_PROCESS_REF, PROCESS_WITHOUT_EQUIPMENT
    ("duplicates", lambda i: duplicate_flags(i.facts)),  # DUPLICATE_RECORD
    ("totals", lambda i: total_mismatch_flags(i.tables)),  # TOTAL_MISMATCH
    ("claims", lambda i: claim_deviation_flags(i.facts.manifest, i.indicators)),  # CLAIM_DEVIATION
    ("staff_count", lambda i: staff_count_flags(i.facts, i.indicators, i.policy)),  # STAFF_COUNT_MISMATCH
    ("ocr_confidence", lambda i: ocr_low_confidence_flags(i.facts)),  # OCR_LOW_CONFIDENCE
)


class Validation(NamedTuple):
    flags: list[Flag]
    errors: list[StepError]  # validators that raised (each named ``validate:<name>``)


def validate(
    facts: PacketFacts,
    indicators: Indicators | None = None,
    tables: list[Table] | None = None,
    validators: tuple[tuple[str, Validator], ...] = VALIDATORS,
    policy: ScoringPolicy = DEFAULT_POLICY,
) -> Validation:
    """Every cross-check over a packet, each on its own: one that raises becomes an error and the
    others still run. Uses `facts.period` when set, else decides it."""
    period = facts.period or decide_period(facts.manifest, facts, policy=policy)
    inputs = Inputs(facts, indicators, tables or [], period, policy)
    flags: list[Flag] = []
    errors: list[StepError] = []
    for name, validator in validators:
        t0 = time.perf_counter()
        try:
            found = validator(inputs)
        except Exception as exc:  # noqa: BLE001  (errors are data: the other validators still run)
            errors.append(StepError.of(f"validate:{name}", exc))
            continue
        log.debug("validator %s: %d flags in %.3f s", name, len(found), time.perf_counter() - t0)
        flags.extend(found)
    return Validation(flags, errors)


def run_validators(
    facts: PacketFacts, indicators: Indicators | None = None, tables: list[Table] | None = None
) -> list[Flag]:
    """All cross-checks' flags, each once; raises when a validator failed (the check's step uses `validate`)."""
    flags, errors = validate(facts, indicators, tables)
    if errors:
        raise RuntimeError("; ".join(f"{e.step}: {e.error}" for e in errors))
    return unique_flags(flags)
