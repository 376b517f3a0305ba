"""Issue 3, end to end: a packet whose PDFs arrive as scans (200/300 dpi, skewed, one page
turned 90°, one upside down, noisy) gets the same indicator values, route and verdict as its
born-digital original (the generator's truth, which the born-digital packet matches:
tests/flows/test_check_packet.py)."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from models import Engine
from models.document import DocumentType as D
from tests.packetgen import build_files, default_spec
from tests.packetgen.compare import compare
from tests.packetgen.spec import DocStyle, FileFormat

from .scangen import scan_pdf

os.environ.setdefault("PREFECT_HOME", tempfile.mkdtemp(prefix="evidence-check-test-prefect-"))
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")

ANGLES = (0.6, -1.2, 1.8, -0.4)
TURNS = {3: 1, 6: 2}  # the 3rd scanned page turned 90°, the 6th upside down


def scanned_packet(out: Path):  # type: ignore[no-untyped-def]
    spec = default_spec(11)
    # the equipment list as a PDF too, so the list the indicators rest on is scanned
    spec.styles[D.EQUIPMENT_LIST] = DocStyle(
        format=FileFormat.PDF, title_rows=2, merged_header=True, total_row=True, number_style="mixed"
    )
    files, truth = build_files(spec)
    out.mkdir(parents=True)
    k = 0
    scanned: list[str] = []
    for doc_no, (name, data) in enumerate(sorted(files.items())):
        if data.startswith(b"%PDF"):
            pages = {}
            for i in range(len(pdfium.PdfDocument(data))):
                k += 1
                pages[i] = {"seed": k, "angle": ANGLES[k % len(ANGLES)], "quarter": TURNS.get(k, 0)}
            data = scan_pdf(data, pages, dpi=300 if doc_no % 2 else 200)
            scanned.append(name)
        (out / name).write_bytes(data)
    return truth, scanned


@pytest.fixture(scope="module")
def checked(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    from flows.check_packet import check_packet

    base = tmp_path_factory.mktemp("scanned-packet")
    truth, scanned = scanned_packet(base / "packet")
    outcome = check_packet(str(base / "packet"), str(base / "out"))
    return truth, scanned, outcome


def test_scanned_packet_has_the_born_digital_indicators_and_verdict(checked) -> None:  # type: ignore[no-untyped-def]
    truth, scanned, outcome = checked
    assert len(scanned) >= 4  # equipment list, robot list, roster (8 pages), audit report
    differences = compare(truth, outcome.verdict, strict_flags=True)
    # the only news a scan may add: values to check against the page image (hence a review)
    allowed = {"flags not expected: ['OCR_LOW_CONFIDENCE']", "needs_review: want False, got True"}
    assert [d for d in differences if d not in allowed] == []


def test_the_indicators_rest_on_ocr_read_evidence(checked) -> None:  # type: ignore[no-untyped-def]
    _, scanned, outcome = checked
    facts = outcome.facts
    assert {d.file for d in facts.documents if d.ocr_pages} == set(scanned)
    devices = [r for r in facts.devices if r.ref.file in scanned]
    assert devices and all(r.ref.engine == Engine.TESSERACT and r.ref.bbox is not None for r in devices)
