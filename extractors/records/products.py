"""Product types and output (产品类型及产量) → Product records."""

from __future__ import annotations

import re

from extractors.headers import strip_units
from extractors.normalize import clean_text, parse_number
from extractors.records._rows import FieldRow, field_rows, is_placeholder, tables_of
from models import Document, DocumentType, Product


def _unit_from_header(fr: FieldRow) -> str | None:
    """产量（台） → 台: the unit stated in the output column's header."""
    i = fr.table.column("output_qty")
    if i is None:
        return None
    header = clean_text(fr.table.header[i]).replace(" ", "")
    inner = header[len(strip_units(header)):].strip("()（）[]【】/ ")
    return inner or None


def _unit_from_value(text: str) -> str | None:
    """1,200台 → 台."""
    m = re.fullmatch(r"[\d,.\s]+([\u4e00-\u9fffA-Za-z]{1,3})", text)
    return m.group(1) if m else None


def product_from_row(fr: FieldRow) -> Product | None:
    name = fr.text("product_name")
    if not name or is_placeholder(name):
        return None
    tools = fr.text("design_tools")
    tools = None if is_placeholder(tools) else tools
    digital = fr.mark("digital_design")
    if digital is None and fr.has("design_tools") and not fr.text("digital_design"):
        # No 是否 column: naming a tool says it was used, 无 says it was not.
        digital = bool(tools)
    return Product(
        ref=fr.ref,
        min_confidence=fr.min_confidence,
        name=name,
        output_qty=parse_number(fr.text("output_qty")),
        unit=fr.opt("unit") or _unit_from_header(fr) or _unit_from_value(fr.text("output_qty")),
        digital_design=digital,
        design_tools=tools,
    )


def product_records(doc: Document) -> list[Product]:
    out: list[Product] = []
    for table in tables_of(doc.tables, DocumentType.PRODUCT_LIST):
        for fr in field_rows(table):
            product = product_from_row(fr)
            if product is not None:
                out.append(product)
    return out
