"""Production equipment list (生产设备清单) → Device records, one per data row."""

from __future__ import annotations

from extractors.matching import unreadable
from extractors.normalize import ROBOT_NAME, parse_bool, parse_control_type, parse_int_quantity
from extractors.records._rows import FieldRow, counts_from_total, field_rows, is_placeholder, tables_of
from models import ControlType, Device, Document, DocumentType, RecordSet, asset_key

# A row names a robot when its category says so or its name does (extractors.normalize.ROBOT_NAME).
ROBOT_WORDS = ROBOT_NAME

# Policy: a robot row that states no NC/control information is NC equipment (SPEC §2: robots
# count as NC equipment of their key process).
ROBOTS_ARE_NC = True

# Quantity of a row whose quantity cell is blank: one device per row.
DEFAULT_QUANTITY = 1


def is_nc_from_control(control: ControlType | None) -> bool | None:
    """数控化 implied by the control type: the NC families (NC/CNC/DNC/FMC) and, in process
    industries, PLC/DCS/PCS count as NC; manual does not; unknown says nothing."""
    if control is None:
        return None
    return control != ControlType.MANUAL


# Latin control-type codes a scan may misread by one character (DC9 for DCS, CNG for CNC).
CONTROL_CODES = {"CNC": ControlType.CNC, "DNC": ControlType.DNC, "FMC": ControlType.FMC, "PLC": ControlType.PLC,
                 "DCS": ControlType.DCS, "PCS": ControlType.PCS}


def read_control(text: str, by_ocr: bool) -> ControlType | None:
    """控制方式 cell → ControlType; read by OCR, a three-letter code one character off exactly one
    known code is that code (DC9 → DCS); anything else stays unknown."""
    control = parse_control_type(text) if text else None
    if control is not None or not by_ocr or not text:
        return control
    t = text.strip().upper()
    if len(t) != 3 or not t.isascii():
        return None
    near = [kind for code, kind in CONTROL_CODES.items() if sum(a != b for a, b in zip(code, t)) == 1]
    return near[0] if len(near) == 1 else None


def device_name(fr: FieldRow) -> str | None:
    """The device's name; a row without one falls back to its category, model or asset number."""
    by_ocr = fr.min_confidence is not None
    for field in ("device_name", "robot_name", "category", "model", "asset_no"):
        text = fr.text(field)
        if text and not is_placeholder(text) and not (by_ocr and unreadable(text)):
            return text  # on a scan, a one-character fragment names nothing
    return None


def device_from_row(fr: FieldRow, recovered: dict[int, int] | None = None) -> Device | None:
    """One Device; `recovered` holds counts read from the 合计 row for unreadable quantity cells."""
    name = device_name(fr)
    if name is None:
        return None
    control_text = fr.text("control_type")
    control = read_control(control_text, fr.min_confidence is not None)
    is_nc = fr.mark("is_nc") if fr.has("is_nc") else None
    if is_nc is None and fr.text("is_nc"):
        # 是否数控 holding a control type ("CNC", "普通") instead of 是/否.
        control = control or parse_control_type(fr.text("is_nc"))
    if is_nc is None:
        is_nc = is_nc_from_control(control)
    robot_flag = parse_bool(fr.text("is_robot"))
    if robot_flag is None:
        is_robot = bool(ROBOT_WORDS.search(fr.text("category")) or ROBOT_WORDS.search(name))
    else:
        is_robot = robot_flag  # an explicit 是否工业机器人 column decides
    if is_nc is None and is_robot and ROBOTS_ARE_NC:
        is_nc = True
    quantity_text = fr.text("quantity")
    quantity = parse_int_quantity(quantity_text) if quantity_text else None
    if quantity is None and quantity_text and recovered:
        quantity = recovered.get(id(fr.row))
    return Device(
        ref=fr.ref,
        min_confidence=fr.min_confidence,
        name=name,
        model=fr.opt("model"),
        asset_no=fr.opt("asset_no"),
        quantity=DEFAULT_QUANTITY if quantity is None else quantity,
        process=None if is_placeholder(fr.text("process")) else fr.text("process"),
        control_type=control,
        is_nc=is_nc,
        is_networked=fr.mark("is_networked"),
        is_robot=is_robot,
    )


def equipment_records(doc: Document) -> list[Device]:
    """Every data row of the document's equipment tables (合计 rows skipped)."""
    out: list[Device] = []
    for table in tables_of(doc.tables, DocumentType.EQUIPMENT_LIST):
        recovered = counts_from_total(table, "quantity", blank_count=DEFAULT_QUANTITY)
        for fr in field_rows(table):
            device = device_from_row(fr, recovered)
            if device is not None:
                out.append(device)
    return out


# An OCR'd asset number this many characters off a data log's (9B26011 for SB26011) is that asset.
OCR_ASSET_EDITS = 1
MIN_ASSET_CHARS = 5


def join_asset_numbers(facts: RecordSet) -> None:
    """Each device read by OCR whose asset number no data log names, and which is OCR_ASSET_EDITS
    substitution away from exactly one log's asset number that no other device holds, takes that
    number (`asset_no_written` keeps what was read). Typed numbers are never changed. In place."""
    logged = {asset_key(s.asset_no): s.asset_no for s in facts.log_spans if asset_key(s.asset_no)}
    held = {asset_key(d.asset_no) for d in facts.devices if d.asset_no}
    for d in facts.devices:
        k = asset_key(d.asset_no)
        if d.min_confidence is None or not k or k in logged or len(k) < MIN_ASSET_CHARS:
            continue
        near = [key for key in logged if len(key) == len(k) and key not in held
                and sum(a != b for a, b in zip(key, k)) <= OCR_ASSET_EDITS]
        if len(near) == 1:
            d.asset_no_written = d.asset_no
            d.asset_no = logged[near[0]]
            held.add(near[0])
