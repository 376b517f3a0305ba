"""Issue 3: an equipment list photographed with a phone (perspective, uneven light, JPEG, a
meaningless 72 dpi tag) is read correctly or flagged OCR_LOW_CONFIDENCE — never silently wrong."""

from __future__ import annotations

import io

import pytest

from extractors.ocr.confidence import OCR_CONFIDENCE_THRESHOLD
from extractors.pipeline import extract
from models import Device, DocumentType, Engine, FlagCode, Manifest, PacketFacts
from validators.ocr import OCR_CONFIDENCE_BAR, ocr_low_confidence_flags

from .scangen import TableSpec, equipment_spec, phone_photo, render_table

# (seed, keystone, shadow depth, share of rows at least read right): a careful photo, a hasty one
PHOTOS = [(2, 0.06, 0.45, 0.8), (5, 0.09, 0.6, 0.5)]


def _photo_jpeg(spec: TableSpec, seed: int, skew: float, shadow: float) -> bytes:
    photo = phone_photo(render_table(spec, 200), seed=seed, skew=skew, shadow=shadow)
    photo = photo.resize((photo.width * 3 // 2, photo.height * 3 // 2))  # a 12 Mpx phone, roughly
    buf = io.BytesIO()
    photo.save(buf, format="JPEG", quality=80, dpi=(72, 72))
    return buf.getvalue()


def _as_read(dev: Device) -> list[object]:
    return [dev.name, dev.model, dev.asset_no, dev.quantity, dev.process, dev.is_networked]


def _truth(row: list[str]) -> list[object]:
    return [row[1], row[2], row[3], int(row[4]), row[5], row[7] == "是"]


@pytest.fixture(scope="module", params=PHOTOS, ids=["careful", "hasty"])
def photographed(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    seed, skew, shadow, min_right = request.param
    spec = equipment_spec(14, seed=seed)
    return spec, extract(_photo_jpeg(spec, seed, skew, shadow), "设备清单照片.jpg"), min_right


def test_the_photo_is_read_as_an_equipment_list_row_by_row(photographed) -> None:  # type: ignore[no-untyped-def]
    spec, result, min_right = photographed
    assert result.document is not None and result.document.doc_type == DocumentType.EQUIPMENT_LIST
    assert len(result.records.devices) == len(spec.rows)
    right = sum(_as_read(dev) == _truth(row) for dev, row in zip(result.records.devices, spec.rows))
    assert right >= min_right * len(spec.rows)  # flagging everything would be safe, and useless


def test_every_device_is_right_or_below_the_confidence_bar(photographed) -> None:  # type: ignore[no-untyped-def]
    spec, result, _ = photographed
    silently_wrong = [
        (_as_read(dev), _truth(row), dev.min_confidence)
        for dev, row in zip(result.records.devices, spec.rows)
        if _as_read(dev) != _truth(row)
        and not (dev.min_confidence is not None and dev.min_confidence < OCR_CONFIDENCE_THRESHOLD)
    ]
    assert silently_wrong == []


def test_doubtful_rows_raise_ocr_low_confidence_with_page_and_box(photographed) -> None:  # type: ignore[no-untyped-def]
    _, result, _ = photographed
    assert OCR_CONFIDENCE_BAR == OCR_CONFIDENCE_THRESHOLD
    devices = result.records.devices
    assert all(d.ref.engine == Engine.TESSERACT for d in devices)
    doubtful = [
        d for d in devices if d.min_confidence is not None and d.min_confidence < OCR_CONFIDENCE_THRESHOLD
    ]
    facts = PacketFacts(packet_id="P", manifest=Manifest(packet_id="P"), devices=devices)
    flags = ocr_low_confidence_flags(facts)
    if not doubtful:
        assert flags == []
        return
    assert [f.code for f in flags] == [FlagCode.OCR_LOW_CONFIDENCE]
    evidence = flags[0].evidence
    assert evidence and all(e.page == 1 and e.bbox is not None and e.bbox.unit == "px" for e in evidence)
