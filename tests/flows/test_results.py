"""The result set: page images of OCR'd pages are stored and the report links evidence to them."""

from __future__ import annotations

import json

from flows.results import render_result_files
from models import (
    Document,
    EvidenceRef,
    FlagCode,
    Manifest,
    PacketFacts,
    PageText,
    SourceFormat,
    make_flag,
)
from scoring.score import build_verdict, score

PNG = b"\x89PNG\r\n\x1a\nfake"


def _inputs():  # type: ignore[no-untyped-def]
    facts = PacketFacts(packet_id="p", manifest=Manifest(packet_id="p", industry_code="C3911", assessment_year=2026))
    doc = Document(
        file="扫描件.pdf",
        format=SourceFormat.PDF,
        pages=[
            PageText(number=1, text="设备清单", has_text_layer=True),
            PageText(number=2, text="数控车床", has_text_layer=False, image_png=PNG),
        ],
    )
    flag = make_flag(
        FlagCode.OCR_LOW_CONFIDENCE, "识别置信度低",
        [EvidenceRef(file="扫描件.pdf", page=2, row=3, confidence=41.0, text="数控车床")],
    )
    result = score(facts)
    verdict = build_verdict(facts, result, [flag, *result.flags])
    return facts, verdict, [flag, *result.flags], [doc]


def test_ocr_page_images_are_written_before_the_verdict() -> None:
    facts, verdict, flags, docs = _inputs()
    files = render_result_files(facts, verdict, flags, docs)
    names = [f.name for f in files]
    assert names[-1] == "verdict.json"
    assert "pages/doc01-p002.png" in names
    assert not any(n.endswith("p001.png") for n in names)  # text-layer pages have no image
    assert next(f for f in files if f.name == "pages/doc01-p002.png").data == PNG


def test_report_links_flag_evidence_to_the_page_image() -> None:
    facts, verdict, flags, docs = _inputs()
    files = {f.name: f.data for f in render_result_files(facts, verdict, flags, docs)}
    html = files["report.html"].decode()
    assert '<a href="pages/doc01-p002.png">扫描件.pdf · p.2 · row 3</a>' in html
    assert "OCR 置信度 41" in html


def test_page_image_bytes_stay_out_of_the_json() -> None:
    facts, verdict, flags, docs = _inputs()
    files = {f.name: f.data for f in render_result_files(facts, verdict, flags, docs)}
    assert b"PNG" not in files["facts.json"]
    assert json.loads(files["verdict.json"])["flags"][0]["evidence"][0]["page"] == 2
