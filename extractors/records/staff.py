"""Staff roster (生产人员清单 / 员工花名册) → Employee records: one per person, or one per
aggregate line 岗位 + 人数."""

from __future__ import annotations

from extractors.normalize import parse_date, parse_int_quantity
from extractors.records._rows import FieldRow, counts_from_total, field_rows, is_placeholder, tables_of
from models import Document, DocumentType, Employee


def employee_from_row(fr: FieldRow, recovered: dict[int, int] | None = None) -> Employee | None:
    name = fr.opt("person_name")
    job = fr.opt("job_title")
    if name is None and job is None and not fr.text("employee_no"):
        return None
    headcount = 1
    if fr.has("headcount") and name is None:
        count = parse_int_quantity(fr.text("headcount"))
        if count is None and fr.text("headcount") and recovered:
            count = recovered.get(id(fr.row))
        if count is None:
            return None  # an aggregate line without a number says nothing
        headcount = count
    return Employee(
        ref=fr.ref,
        min_confidence=fr.min_confidence,
        name=name,
        employee_no=fr.opt("employee_no"),
        department=fr.opt("department"),
        job_title=None if job and is_placeholder(job) else job,
        headcount=headcount,
        hired=parse_date(fr.text("hired")),
        left=parse_date(fr.text("left")),
        status=fr.opt("status"),
    )


def staff_records(doc: Document) -> list[Employee]:
    out: list[Employee] = []
    for table in tables_of(doc.tables, DocumentType.STAFF_ROSTER):
        recovered = counts_from_total(table, "headcount", blank_count=0) if table.column("person_name") is None else {}
        for fr in field_rows(table):
            emp = employee_from_row(fr, recovered)
            if emp is not None:
                out.append(emp)
    return out
