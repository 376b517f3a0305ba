"""Direct production staff (直接生产人员) for indicator 2: classify roster rows, count them over the
data period, and flag uncertain titles.

    classify_packet_staff(facts)                       the packet-check step (flows)
    classify_employees(employees, overrides, ...)      roles + STAFF_ROLE_UNCERTAIN flags
    staff_counts(employees, start, end)                models.staff.StaffCount
    DirectStaffClassifier.load().predict(titles, departments)
    OverrideTable.load(path) / .decide(...) / .lookup(title, department, enterprise)
"""

from extractors.staff.classifier import (
    UNCERTAIN_BELOW,
    UNCERTAIN_COUNTS_AS,
    DirectStaffClassifier,
    RolePrediction,
    classify_employees,
    default_classifier,
)
from extractors.staff.overrides import OverrideEntry, OverrideTable
from extractors.staff.packet import classify_packet_staff
from extractors.staff.period import staff_counts

__all__ = [
    "UNCERTAIN_BELOW",
    "UNCERTAIN_COUNTS_AS",
    "DirectStaffClassifier",
    "OverrideEntry",
    "OverrideTable",
    "RolePrediction",
    "classify_employees",
    "classify_packet_staff",
    "default_classifier",
    "staff_counts",
]
