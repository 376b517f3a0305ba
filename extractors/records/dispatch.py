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
from models import Document, DocumentType, RecordSet, SourceFormat

# Prose documents whose tables only illustrate the text: a 生产工序说明 listing the main devices of
# each process, an audit report's statements. Their tables yield records of the document's own
# type only, so those devices are not counted a second time beside the equipment list.
PROSE_DOCUMENT_TYPES = frozenset({DocumentType.PROCESS_DESCRIPTION, DocumentType.AUDIT_REPORT})
_SPREADSHEETS = frozenset({SourceFormat.XLSX, SourceFormat.XLS, SourceFormat.CSV})


def record_tables(doc: Document) -> Document:
    """`doc` with only the tables whose records count (see PROSE_DOCUMENT_TYPES); a workbook's
    sheets always count, whatever the document's dominant type."""
    if doc.doc_type not in PROSE_DOCUMENT_TYPES or doc.format in _SPREADSHEETS:
        return doc
    own = [t for t in doc.tables if t.doc_type == doc.doc_type.value]
    return doc if len(own) == len(doc.tables) else doc.model_copy(update={"tables": own})


def extract_records(doc: Document) -> RecordSet:
    """Records of every typed table of `doc`, plus what its text states (processes of a prose
    description, audit figures, enterprise identity, certifications)."""
    doc = record_tables(doc)
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
