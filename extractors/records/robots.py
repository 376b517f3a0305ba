"""Robot list (机器人设备清单) → Robot records."""

from __future__ import annotations

from extractors.normalize import parse_int_quantity
from extractors.records._rows import counts_from_total, field_rows, is_placeholder, tables_of
from models import Document, DocumentType, Robot


def robot_records(doc: Document) -> list[Robot]:
    out: list[Robot] = []
    for table in tables_of(doc.tables, DocumentType.ROBOT_LIST):
        recovered = counts_from_total(table, "quantity", blank_count=1)
        for fr in field_rows(table):
            name = next(
                (t for f in ("robot_name", "device_name", "model", "asset_no") if (t := fr.text(f)) and not is_placeholder(t)),
                None,
            )
            if name is None:
                continue
            qty_text = fr.text("quantity")
            qty = parse_int_quantity(qty_text) if qty_text else None
            if qty is None and qty_text:
                qty = recovered.get(id(fr.row))
            out.append(
                Robot(
                    ref=fr.ref,
                    min_confidence=fr.min_confidence,
                    name=name,
                    model=fr.opt("model"),
                    brand=fr.opt("brand"),
                    asset_no=fr.opt("asset_no"),
                    quantity=1 if qty is None else qty,
                    process=None if is_placeholder(fr.text("process")) else fr.text("process"),
                )
            )
    return out
