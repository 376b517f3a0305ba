"""Packet-level checks: generated packets through the real extract → validate path. Each of the
validators' codes has a packet that must raise it and a near miss that must not."""

from datetime import date

import pytest

from models import DocumentType as D
from models import Severity
from tests.packetgen.generate import build_files
from tests.validators.packets import (
    CSV_EQUIPMENT,
    check_files,
    check_spec,
    edit_manifest,
    edit_text,
    file_of,
    log_days,
    shift_days,
    shift_for_days_within,
    small_spec,
    with_style,
)

PERIOD = (date(2025, 1, 1), date(2025, 12, 31))


@pytest.fixture(scope="module")
def clean():
    return check_spec(small_spec())


def test_clean_packet_raises_no_error_or_warning_flag(clean):
    assert clean.codes(Severity.ERROR, Severity.WARNING) == set()
    assert clean.validator_flags == []
    assert clean.facts.period.start == PERIOD[0] and not clean.facts.period.inferred


def test_clean_packet_in_other_containers_raises_no_error_or_warning_flag():
    spec = with_style(small_spec(seed=11), D.EQUIPMENT_LIST, CSV_EQUIPMENT.model_copy(update={"total_row": True}))
    spec = with_style(spec, D.STAFF_ROSTER, CSV_EQUIPMENT.model_copy(update={"title_rows": 2}))
    checked = check_spec(spec)
    assert checked.codes(Severity.ERROR, Severity.WARNING) == set()


def test_document_of_another_enterprise_raises_identity_mismatch():
    checked = check_spec(small_spec(identity_mismatch_doc=D.ROBOT_LIST))
    (flag,) = checked.flags_of("IDENTITY_MISMATCH")
    assert file_of(checked.truth, D.ROBOT_LIST) in {e.file for e in flag.evidence}


def test_company_form_variant_of_the_same_enterprise_is_no_mismatch():
    files, truth = build_files(small_spec())
    name = truth.enterprise_name
    variant = name.replace("股份有限公司", "有限公司") if "股份" in name else name.replace("有限公司", "股份有限公司")
    tools = file_of(truth, D.DESIGN_TOOL_LIST)  # a GBK CSV whose title names the enterprise
    edit_text(files, tools, "gbk", lambda s: s.replace(name, variant))
    checked = check_files(files, truth)
    assert variant in {m.enterprise_name for m in checked.facts.identities if m.ref.file == tools}
    assert "IDENTITY_MISMATCH" not in checked.validator_codes()


def test_credit_code_with_a_changed_character_raises_credit_code_invalid(clean):
    checked = check_spec(small_spec(invalid_credit_code=True))
    assert "CREDIT_CODE_INVALID" in checked.validator_codes()
    assert "manifest.json" in {e.file for f in checked.flags_of("CREDIT_CODE_INVALID") for e in f.evidence}
    assert "CREDIT_CODE_INVALID" not in clean.validator_codes()


def test_audit_report_of_the_wrong_year_raises_audit_year_mismatch(clean):
    checked = check_spec(small_spec(audit_year_offset=-1))
    (flag,) = checked.flags_of("AUDIT_YEAR_MISMATCH")
    assert flag.data["year"] == 2024 and flag.evidence[0].file == file_of(checked.truth, D.AUDIT_REPORT)
    assert "AUDIT_YEAR_MISMATCH" not in clean.validator_codes()


def test_wrong_total_row_raises_total_mismatch(clean):
    checked = check_spec(small_spec(total_row_error=1))
    (flag,) = checked.flags_of("TOTAL_MISMATCH")
    assert flag.data["stated"] - flag.data["summed"] == 1
    assert "TOTAL_MISMATCH" not in clean.validator_codes()  # its equipment list has a correct 合计 row


def test_equipment_naming_an_unknown_process_raises_unknown_process_ref(clean):
    knobs = small_spec().knobs.model_copy(update={"unknown_process_refs": 1})
    checked = check_spec(small_spec(knobs=knobs))
    assert len(checked.flags_of("UNKNOWN_PROCESS_REF")) == 1
    assert "UNKNOWN_PROCESS_REF" not in clean.validator_codes()


def test_key_process_without_equipment_raises_process_without_equipment(clean):
    knobs = small_spec().knobs.model_copy(update={"key_processes_without_equipment": 1})
    checked = check_spec(small_spec(knobs=knobs))
    assert len(checked.flags_of("PROCESS_WITHOUT_EQUIPMENT")) == 1
    assert "PROCESS_WITHOUT_EQUIPMENT" not in clean.validator_codes()


def test_declared_value_far_from_the_evidence_raises_claim_deviation(clean):
    checked = check_spec(small_spec(declared_overrides={"equipment_networking_rate": 80.0}))
    (flag,) = checked.flags_of("CLAIM_DEVIATION")
    assert flag.indicator == "equipment_networking_rate"
    assert "CLAIM_DEVIATION" not in clean.validator_codes()  # declares the computed values, rounded


@pytest.mark.parametrize(("delta", "raised"), [(1, True), (0, False)])
def test_declared_direct_staff_against_the_roster(delta, raised):
    files, truth = build_files(small_spec())
    staff = truth.counts["direct_staff"] + truth.counts["borderline_staff"]
    edit_manifest(files, lambda m: m["declared"].update(direct_production_staff=staff + delta))
    checked = check_files(files, truth)
    assert ("STAFF_COUNT_MISMATCH" in checked.validator_codes()) is raised


@pytest.mark.parametrize(("days", "raised"), [(89, True), (91, False)])
def test_log_export_with_89_days_in_the_period_is_not_covered_but_91_is(days, raised):
    """The export moved back in time so that only its last `days` days with data lie in Y−1."""
    files, truth = build_files(small_spec())
    log = file_of(truth, D.DATA_COLLECTION_LOG)
    text = files[log].decode("utf-8-sig")
    shift = shift_for_days_within(text, *PERIOD, days)
    edit_text(files, log, "utf-8-sig", lambda s: shift_days(s, shift))
    assert sum(1 for d in log_days(files[log].decode("utf-8-sig")) if PERIOD[0] <= d <= PERIOD[1]) == days
    checked = check_files(files, truth)
    flags = checked.flags_of("PERIOD_NOT_COVERED")
    assert bool(flags) is raised
    if raised:
        assert flags[0].data["days_within"] == days and flags[0].evidence[0].file == log


def test_duplicated_asset_number_written_differently_raises_duplicate_record(clean):
    files, truth = build_files(with_style(small_spec(), D.EQUIPMENT_LIST, CSV_EQUIPMENT))
    eq = file_of(truth, D.EQUIPMENT_LIST)

    def duplicate_first_row(text: str) -> str:
        lines = text.splitlines()
        i = next(i for i, line in enumerate(lines) if ",SB-001," in line)
        return "\n".join([*lines, lines[i].replace(",SB-001,", ",SB001,").replace("1,", "99,", 1)]) + "\n"

    edit_text(files, eq, "utf-8", duplicate_first_row)
    checked = check_files(files, truth)
    (flag,) = checked.flags_of("DUPLICATE_RECORD")
    assert flag.data["key"] == "SB001" and len(flag.evidence) == 2
    assert "DUPLICATE_RECORD" not in clean.validator_codes()


def test_missing_assessment_year_is_inferred_and_flagged(clean):
    files, truth = build_files(small_spec())
    edit_manifest(files, lambda m: m.pop("assessment_year"))
    checked = check_files(files, truth)
    assert checked.facts.period.assessment_year == 2026 and checked.facts.period.inferred
    assert "ASSESSMENT_YEAR_INFERRED" in checked.validator_codes()
    assert "ASSESSMENT_YEAR_INFERRED" not in clean.validator_codes()


def test_logs_moved_into_y_give_the_current_months_basis_and_stay_covered():
    from models import PeriodBasis

    files, truth = build_files(small_spec())
    log = file_of(truth, D.DATA_COLLECTION_LOG)
    edit_text(files, log, "utf-8-sig", lambda s: shift_days(s, 300))  # 65 days of Y−1 left, the rest in Y
    checked = check_files(files, truth)
    period = checked.facts.period
    assert period.basis == PeriodBasis.CURRENT_MONTHS and period.start == date(2026, 1, 1)
    assert not {"PERIOD_NOT_COVERED", "AUDIT_YEAR_MISMATCH"} & checked.validator_codes()


def _scan_png(photo: bool) -> bytes:
    import io

    from tests.extractors.ocr.scangen import equipment_spec, phone_photo, render_table

    page = render_table(equipment_spec(6, seed=4), dpi=200, pt=12)
    img = phone_photo(page, seed=1, shadow=0.7) if photo else page
    buf = io.BytesIO()
    img.save(buf, format="PNG", dpi=img.info.get("dpi"))
    return buf.getvalue()


def test_scanned_pages_read_below_the_ocr_bar_raise_ocr_low_confidence_citing_exactly_those_records(clean):
    from models import RecordSet
    from validators.ocr import OCR_CONFIDENCE_BAR

    files, truth = build_files(small_spec())
    files["scan_098.png"] = _scan_png(photo=False)
    files["scan_099.png"] = _scan_png(photo=True)
    checked = check_files(files, truth)
    records = [r for name in RecordSet.model_fields for r in getattr(checked.facts, name)]
    ocr = [r for r in records if r.min_confidence is not None]
    low = {r.ref for r in ocr if r.min_confidence < OCR_CONFIDENCE_BAR}
    assert low, "a phone photo is read below the bar somewhere"
    flags = checked.flags_of("OCR_LOW_CONFIDENCE")
    cited = {e for f in flags for e in f.evidence}
    assert cited == low  # every record below the bar, and none at or above it
    assert {e.file for e in cited} <= {"scan_098.png", "scan_099.png"}
    # The born-digital packet (text layers, spreadsheets) rests on no OCR at all.
    assert "OCR_LOW_CONFIDENCE" not in clean.validator_codes()
