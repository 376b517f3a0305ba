"""All records of one classified document: the table readers by type, then the text parsers."""

from __future__ import annotations

from extractors.records.certifications import certification_records
from extractors.records.datalog import datalog_records
from extractors.records.design_tools import design_tool_records
from extractors.records.equipment import equipment_records
from extractors.records.financials import financial_records
from extractors.records.identity import identity_records
from extractors.records.processes import process_records
from extractors.records.products import product_records
from extractors.records.robots import robot_records
from extractors.records.staff import staff_records
from extractors.records.systems import system_records
from models import Document, DocumentType, RecordSet


def extract_records(doc: Document) -> RecordSet:
    """Records of every typed table of `doc`, plus what its text states (processes of a prose
    description, audit figures, enterprise identity, certifications). An UNKNOWN document yields
    only its identity mentions and certifications."""
    records = RecordSet(
        devices=equipment_records(doc),
        robots=robot_records(doc),
        employees=staff_records(doc),
        processes=process_records(doc),
        products=product_records(doc),
        design_tools=design_tool_records(doc),
        business_systems=system_records(doc),
        financials=financial_records(doc),
        log_spans=datalog_records(doc),
        identities=identity_records(doc),
    )
    if doc.doc_type != DocumentType.DATA_COLLECTION_LOG:
        records.certifications = certification_records(doc)
    return records
