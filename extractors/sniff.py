"""Which container format a file is, from its bytes (the file name only breaks ties)."""

from __future__ import annotations

import io
import re
import zipfile

from extractors.encoding import MAX_STRAY_NUL_SHARE, decode_mixed, utf16_without_bom
from models import SourceFormat

_PDF_MAGIC = b"%PDF-"
_ZIP_MAGIC = (b"PK\x03\x04", b"PK\x05\x06")
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_IMAGE_MAGICS = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",  # JPEG
    b"II*\x00",  # TIFF little-endian
    b"MM\x00*",  # TIFF big-endian
    b"BM",  # BMP
)
# OLE2 directory entries store stream names in UTF-16LE: an encrypted OOXML (xlsx/docx with a
# password) is an OLE2 file holding "EncryptedPackage" and "EncryptionInfo".
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")

# How far into a file a PDF header may start (Acrobat accepts junk before it).
_PDF_HEADER_WINDOW = 1024
CSV_DELIMITERS = ",\t;|"
_TEXT_PROBE_BYTES = 64 * 1024


def sniff_format(data: bytes, name: str = "") -> SourceFormat:
    """The container format of `data`: PDF, XLSX/DOCX (zip members), XLS (OLE2), IMAGE, CSV
    (text that decodes and has delimiters) or UNKNOWN. An OLE2 holding an encrypted OOXML
    package is reported by the extension of `name` (xlsx/docx), else XLSX; the reader then
    raises `encrypted`."""
    head = data[:16]
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if _PDF_MAGIC in data[:_PDF_HEADER_WINDOW]:
        return SourceFormat.PDF
    if head.startswith(_ZIP_MAGIC):
        return _sniff_zip(data, ext)
    if head.startswith(_OLE2_MAGIC):
        if is_encrypted_ooxml(data):
            return SourceFormat.DOCX if ext in ("docx", "doc") else SourceFormat.XLSX
        if is_legacy_word(data):
            return SourceFormat.UNKNOWN  # Word 97–2003 .doc: no reader (read_document says "unsupported")
        return SourceFormat.XLS
    if any(head.startswith(m) for m in _IMAGE_MAGICS):
        return SourceFormat.IMAGE
    if looks_like_html_table(data):
        # A web-system export named .xls: Excel opens it as a sheet, and so do we (XLS reader).
        return SourceFormat.XLS
    if looks_like_delimited_text(data[:_TEXT_PROBE_BYTES]):
        return SourceFormat.CSV  # plain text too: read as one page, one column
    return SourceFormat.UNKNOWN


_HTML_START = re.compile(rb"^\s*(<!doctype html|<html|<table|<\?xml[^>]*>\s*<html|<meta|<head|<body)", re.IGNORECASE)


def looks_like_html_table(data: bytes) -> bool:
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    return bool(_HTML_START.match(head)) and b"<table" in data[: 1024 * 1024].lower()


_WORD_STREAM = "WordDocument".encode("utf-16-le")
_WORKBOOK_STREAMS = ("Workbook".encode("utf-16-le"), "Book".encode("utf-16-le"))

# Extensions of the formats we read: an unrecognisable file with one of these is damaged.
DOCUMENT_EXTENSIONS = frozenset(
    {"pdf", "xlsx", "xlsm", "xls", "et", "csv", "txt", "tsv", "docx", "doc", "wps", "png", "jpg", "jpeg", "tif", "tiff", "bmp"}
)


def is_legacy_word(data: bytes) -> bool:
    """An OLE2 file holding a WordDocument stream and no workbook: a Word 97–2003 .doc."""
    return (
        data[:8] == _OLE2_MAGIC
        and _WORD_STREAM in data
        and not any(w in data for w in _WORKBOOK_STREAMS)
    )


def is_encrypted_ooxml(data: bytes) -> bool:
    """True for an OLE2 container wrapping a password-protected xlsx/docx."""
    # The directory may sit anywhere in the file (after a large package): search all of it.
    return data[:8] == _OLE2_MAGIC and _ENCRYPTED_PACKAGE in data


def _sniff_zip(data: bytes, ext: str) -> SourceFormat:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, ValueError, OSError):
        # A truncated zip: let the extension decide so the reader reports it as corrupt.
        return {"xlsx": SourceFormat.XLSX, "docx": SourceFormat.DOCX}.get(ext, SourceFormat.UNKNOWN)
    has_xl = any(n.startswith("xl/") for n in names)
    has_word = any(n.startswith("word/") for n in names)
    if has_xl and not has_word:
        return SourceFormat.XLSX
    if has_word and not has_xl:
        return SourceFormat.DOCX
    if has_xl and has_word:
        return SourceFormat.DOCX if ext == "docx" else SourceFormat.XLSX
    return SourceFormat.UNKNOWN  # a plain zip archive is unpacked elsewhere, not read here


# A UTF-8 file with at most this share of broken bytes (a stray byte from a bad copy) is still
# UTF-8: GBK text read as UTF-8 breaks on nearly every Chinese character.
MAX_UTF8_BAD_SHARE = 1e-4


def decode_text(data: bytes) -> tuple[str, str] | None:
    """(text, encoding), or None when the bytes are not text. UTF-8 (BOM or not), GBK/GB18030
    (GBK is a subset), UTF-16 with or without BOM, lines mixing UTF-8 and GBK, stray NUL bytes
    dropped (extractors.encoding says how many, and which lines decode in no known encoding).
    A file cut inside its last character loses that character; UTF-8 with a handful of broken
    bytes keeps U+FFFD in their place rather than being misread as GB18030."""
    got = decode_mixed(data)
    return (got.text, got.encoding) if got is not None else None


def _decode_strict(data: bytes, encoding: str) -> tuple[str, str] | None:
    try:
        return data.decode(encoding), encoding
    except UnicodeDecodeError as exc:
        start = exc.start
    if start == 0 or start < len(data) - 4:
        return None
    try:  # only the last character is incomplete: a truncated file
        return data[:start].decode(encoding), encoding
    except UnicodeDecodeError:
        return None


def _decode_mostly_utf8(data: bytes, encoding: str) -> tuple[str, str] | None:
    text = data.decode(encoding, errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad > max(4, len(data) * MAX_UTF8_BAD_SHARE):
        return None  # GBK read as UTF-8 ends here, cheaply
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    return (text, encoding) if bad * 20 <= good else None


def looks_like_delimited_text(probe: bytes) -> bool:
    """Text (strictly decodable, no control bytes): CSV/TSV, or plain text read like one."""
    if not probe:
        return False
    if (
        b"\x00" in probe
        and not probe.startswith((b"\xff\xfe", b"\xfe\xff"))
        and utf16_without_bom(probe) is None
        and probe.count(0) > max(1, len(probe) * MAX_STRAY_NUL_SHARE)
    ):
        return False  # binary, not text with a stray NUL
    decoded = _decode_probe(probe)
    if decoded is None:
        return False
    lines = [ln for ln in decoded.splitlines() if ln.strip()][:50]
    if not lines:
        return False
    bad = sum(1 for ch in decoded[:4096] if ord(ch) < 32 and ch not in "\r\n\t")
    if bad:
        return False
    # Clean text without delimiters (a .txt note) is read the same way: a one-column "CSV"
    # gives a page of text and no table, which beats calling the file unreadable.
    return True


def _decode_probe(probe: bytes) -> str | None:
    """Decode a probe that may end in the middle of a multi-byte character."""
    for cut in range(4):
        chunk = probe[: len(probe) - cut] if cut else probe
        got = decode_text(chunk)
        if got is not None:
            return got[0]
    return None
