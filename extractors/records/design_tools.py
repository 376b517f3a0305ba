"""Digital R&D / design software list (数字化研发设计软件清单) → DesignTool records."""

from __future__ import annotations

from extractors.records._rows import field_rows, is_placeholder, tables_of
from models import DesignTool, Document, DocumentType


def design_tool_records(doc: Document) -> list[DesignTool]:
    out: list[DesignTool] = []
    for table in tables_of(doc.tables, DocumentType.DESIGN_TOOL_LIST):
        for fr in field_rows(table):
            name = fr.text("tool_name")
            if not name or is_placeholder(name):
                continue
            out.append(DesignTool(ref=fr.ref, min_confidence=fr.min_confidence, name=name, purpose=fr.opt("purpose")))
    return out
