"""Format sniffing: from the bytes, the name only breaks ties."""

import io
import zipfile

import pytest

from extractors.sniff import decode_text, sniff_format
from models import SourceFormat
from tests.extractors.readers.builders import (
    csv_log,
    docx_with_tables,
    ole2_encrypted_package,
    pdf_text_only,
    xls_device_list,
    xlsx_device_list,
)


def test_real_files_by_content_not_name():
    assert sniff_format(pdf_text_only(["审计报告"]), "report.xlsx") == SourceFormat.PDF
    assert sniff_format(xlsx_device_list(), "list.pdf") == SourceFormat.XLSX
    assert sniff_format(docx_with_tables(), "notes.xlsx") == SourceFormat.DOCX
    assert sniff_format(xls_device_list(), "old.xlsx") == SourceFormat.XLS
    assert sniff_format(csv_log(5), "log.txt") == SourceFormat.CSV


@pytest.mark.parametrize(
    "head", [b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff\xe0", b"II*\x00", b"MM\x00*", b"BM\x36\x00"]
)
def test_images(head):
    assert sniff_format(head + bytes(64), "scan.pdf") == SourceFormat.IMAGE


def test_encrypted_ooxml_is_reported_as_office_by_name():
    data = ole2_encrypted_package()
    assert sniff_format(data, "设备清单.xlsx") == SourceFormat.XLSX
    assert sniff_format(data, "工序说明.docx") == SourceFormat.DOCX
    assert sniff_format(data, "noname") == SourceFormat.XLSX


def test_plain_zip_and_garbage_are_unknown():
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("a.txt", "hello")
    assert sniff_format(buf.getvalue(), "packet.zip") == SourceFormat.UNKNOWN
    assert sniff_format(bytes(range(256)) * 4, "x.bin") == SourceFormat.UNKNOWN
    assert sniff_format(b"\x01\x02binary\x03" * 20, "a.dat") == SourceFormat.UNKNOWN


def test_plain_text_is_read_like_a_one_column_csv():
    from extractors.read import read_document

    data = "北京某某精密机械有限公司\n关键工序说明\n下料 焊接 装配\n".encode("gbk")
    assert sniff_format(data, "说明.txt") == SourceFormat.CSV
    doc = read_document(data, "说明.txt")
    assert doc.tables == [] and doc.text.startswith("北京某某精密机械有限公司")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk", "gb18030"])
def test_csv_in_chinese_encodings(encoding):
    assert sniff_format(csv_log(20, encoding=encoding), "log") == SourceFormat.CSV


def test_tab_separated_text_is_csv():
    assert sniff_format(csv_log(5, delimiter="\t"), "log.tsv") == SourceFormat.CSV


def test_truncated_xlsx_keeps_its_extension_for_a_corrupt_report():
    assert sniff_format(b"PK\x03\x04" + bytes(40), "a.xlsx") == SourceFormat.XLSX


def test_decode_text_order():
    assert decode_text("设备".encode("utf-8-sig")) == ("设备", "utf-8-sig")
    assert decode_text("设备".encode()) == ("设备", "utf-8")
    assert decode_text("设备".encode("gbk")) == ("设备", "gb18030")
    assert decode_text(b"\x81\x30\xff\xfe,a,b" * 10) is None


def test_decode_text_tolerates_a_cut_last_character_and_stray_bytes():
    text = "设备名称,数量\n车床,2\n" * 200
    assert decode_text(text.encode() + "备".encode()[:2]) == (text, "utf-8")
    assert decode_text("设备".encode("utf-8-sig") + "名".encode()[:1]) == ("设备", "utf-8-sig")
    assert decode_text(text.encode("gbk") + b"\xb1") == (text, "gb18030")
    broken = bytearray(text.encode())
    broken[40] = 0xFF  # one stray byte in a UTF-8 file: still UTF-8, not GB18030 mojibake
    decoded, encoding = decode_text(bytes(broken))
    assert encoding == "utf-8" and decoded.count("\ufffd") >= 1 and decoded.endswith("车床,2\n")


def test_utf16_text_with_bom_is_csv():
    data = "设备名称\t数量\r\n车床\t2\r\n".encode("utf-16")
    assert sniff_format(data, "export.txt") == SourceFormat.CSV
    assert decode_text(data)[1] == "utf-16"
