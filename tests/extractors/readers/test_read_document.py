"""read_document: dispatch, hashes, and every kind of bad input as a typed error (SPEC §8)."""

import hashlib
import io
import zipfile

import pytest

from extractors import read as read_module
from extractors.errors import UnreadableDocumentError
from extractors.read import read_document
from models import SourceFormat
from models.settings import ExtractionSettings

from .builders import (
    csv_log,
    device_rows,
    docx_with_tables,
    ole2_encrypted_package,
    pdf_with_table,
    xls_device_list,
    xlsx_device_list,
)


@pytest.mark.parametrize(
    "make, name, fmt",
    [
        (lambda: xlsx_device_list(3), "a.xlsx", SourceFormat.XLSX),
        (lambda: xls_device_list(3), "a.xls", SourceFormat.XLS),
        (lambda: csv_log(4, encoding="gbk"), "a.csv", SourceFormat.CSV),
        (lambda: pdf_with_table(device_rows(3)), "a.pdf", SourceFormat.PDF),
        (docx_with_tables, "a.docx", SourceFormat.DOCX),
    ],
)
def test_dispatch_sets_format_hash_and_size(make, name, fmt):
    data = make()
    doc = read_document(data, "证明材料/" + name)
    assert doc.format == fmt and doc.file == "证明材料/" + name
    assert doc.sha256 == hashlib.sha256(data).hexdigest() and doc.size_bytes == len(data)
    assert doc.tables and doc.tables[0].rows and doc.pages


def test_default_row_cap_applies():
    doc = read_document(csv_log(40), "log.csv", settings=ExtractionSettings(max_table_rows=5))
    assert len(doc.tables[0].rows) == 5 and doc.tables[0].total_rows == 40


def _reason(data: bytes, name: str) -> str:
    with pytest.raises(UnreadableDocumentError) as err:
        read_document(data, name)
    assert err.value.file == name and err.value.message_zh
    return err.value.reason


def test_zero_bytes():
    assert _reason(b"", "a.pdf") == "empty"


def test_too_large():
    with pytest.raises(UnreadableDocumentError) as err:
        read_document(csv_log(50), "a.csv", settings=ExtractionSettings(max_document_bytes=100))
    assert err.value.reason == "too_large"


def test_encrypted_ooxml():
    assert _reason(ole2_encrypted_package(), "设备清单.xlsx") == "encrypted"
    assert _reason(ole2_encrypted_package(), "说明.docx") == "encrypted"


def test_zip_bomb_xlsx():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    assert _reason(buf.getvalue(), "bomb.xlsx") == "too_large"


def test_truncated_files_are_corrupt():
    for data, name in [
        (xlsx_device_list(3)[:400], "t.xlsx"),
        (docx_with_tables()[:400], "t.docx"),
        (pdf_with_table(device_rows(3))[:400], "t.pdf"),
        (xls_device_list(3)[:600], "t.xls"),
    ]:
        assert _reason(data, name) == "corrupt", name


def test_unknown_and_image():
    assert _reason(bytes(range(256)) * 8, "x.bin") == "unknown_type"
    # a PNG signature with garbage after it: read by OCR since issue 3, Pillow cannot open it
    assert _reason(b"\x89PNG\r\n\x1a\n" + bytes(100), "scan.png") == "corrupt"


def test_unexpected_reader_failure_becomes_corrupt(monkeypatch):
    def boom(data, file, **kwargs):
        raise RuntimeError("reader bug")

    monkeypatch.setitem(read_module._READERS, SourceFormat.CSV, boom)
    with pytest.raises(UnreadableDocumentError) as err:
        read_document(csv_log(3), "a.csv")
    assert err.value.reason == "corrupt" and "reader bug" in err.value.detail


def test_unrecognisable_bytes_under_a_document_name_are_corrupt():
    assert _reason(bytes(range(256)) * 8, "材料10.xlsx") == "corrupt"
    assert _reason(bytes(range(256)) * 8, "附件.pdf") == "corrupt"


def test_legacy_word_doc_is_unsupported_not_corrupt():
    from .builders import ole2_file

    data = ole2_file({"WordDocument": "工序说明".encode("utf-16-le"), "1Table": bytes(100)})
    assert _reason(data, "工序说明.doc") == "unsupported"


def test_hard_row_cap_applies_even_without_max_rows():
    doc = read_document(csv_log(30), "log.csv", max_rows=None, settings=ExtractionSettings(hard_max_table_rows=7))
    assert len(doc.tables[0].rows) == 7 and doc.tables[0].total_rows == 30
