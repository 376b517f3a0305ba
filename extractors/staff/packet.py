"""The staff step of the packet check: classify the roster, count it over the period.

`classify_packet_staff(facts)` is what flows call after the period is decided and before scoring.
It sets each Employee's role fields, `facts.staff_count` (models.staff.StaffCount), and returns the
STAFF_ROLE_UNCERTAIN flags. STAFF_COUNT_MISMATCH is raised by validators/staff.py from the
scored denominator; `StaffCount.matches` tells whether a stated figure agrees with any basis.
"""

from __future__ import annotations

import os
from pathlib import Path

from extractors.staff.classifier import DirectStaffClassifier, classify_employees
from extractors.staff.overrides import OverrideTable
from extractors.staff.period import staff_counts
from models.facts import PacketFacts
from models.flags import Flag

# Where reviewers' title decisions are kept when the caller passes none (JSON, see overrides.py).
OVERRIDES_ENV = "EVIDENCE_CHECK_STAFF_OVERRIDES"


def default_overrides() -> OverrideTable | None:
    path = os.environ.get(OVERRIDES_ENV)
    return OverrideTable.load(Path(path)) if path else None


def classify_packet_staff(
    facts: PacketFacts,
    overrides: OverrideTable | None = None,
    classifier: DirectStaffClassifier | None = None,
) -> tuple[PacketFacts, list[Flag]]:
    """Classified copy of `facts` (roles set, staff_count filled) and the uncertain-title flags."""
    if not facts.employees:
        return facts, []
    table = overrides if overrides is not None else default_overrides()
    employees, flags = classify_employees(
        facts.employees, table, enterprise=facts.manifest.credit_code, classifier=classifier
    )
    start = facts.period.start if facts.period else None
    end = facts.period.end if facts.period else None
    out = facts.model_copy(update={"employees": employees, "staff_count": staff_counts(employees, start, end)})
    return out, flags
