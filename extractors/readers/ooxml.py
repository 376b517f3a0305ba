"""Guards for zip-based Office files (xlsx, docx): decompression bombs, encryption, and XML
parts carrying a DTD (entity expansion: "billion laughs", external entities)."""

from __future__ import annotations

import io
import zipfile

from extractors.errors import (
    MAX_ZIP_MEMBERS,
    MAX_ZIP_RATIO,
    MAX_ZIP_UNCOMPRESSED_BYTES,
    ZIP_RATIO_MIN_MEMBER_BYTES,
    UnreadableDocumentError,
)
from extractors.sniff import is_encrypted_ooxml

# The prolog of an XML part (where a DOCTYPE must stand) is read this far.
PROLOG_BYTES = 64 * 1024


def check_ooxml(data: bytes, file: str) -> None:
    """Raise `encrypted` for a password-protected package, `corrupt` for a broken zip,
    `too_large` for a zip whose members would inflate beyond the limits (zip bomb) and for an
    XML part that declares a DTD (entity expansion), naming the part."""
    if is_encrypted_ooxml(data):
        raise UnreadableDocumentError("encrypted", "OLE2 container with EncryptedPackage", file)
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise UnreadableDocumentError("corrupt", f"not a valid zip package: {exc}", file) from exc
    if len(infos) > MAX_ZIP_MEMBERS:
        raise UnreadableDocumentError(
            "too_large", f"{len(infos)} zip members", file,
            message_zh=f"Office 文件内部含 {len(infos)} 个部件，超过上限 {MAX_ZIP_MEMBERS}，已拒绝读取。",
        )
    total = sum(i.file_size for i in infos)
    if total > MAX_ZIP_UNCOMPRESSED_BYTES:
        raise UnreadableDocumentError(
            "too_large", f"{total} bytes uncompressed", file,
            message_zh=f"Office 文件解压后共 {total // (1024 * 1024)} MB，超过上限 "
            f"{MAX_ZIP_UNCOMPRESSED_BYTES // (1024 * 1024)} MB（疑似压缩炸弹），已拒绝读取。",
        )
    for i in infos:
        if i.file_size >= ZIP_RATIO_MIN_MEMBER_BYTES and i.file_size > MAX_ZIP_RATIO * max(i.compress_size, 1):
            ratio = i.file_size / max(i.compress_size, 1)
            raise UnreadableDocumentError(
                "too_large", f"member {i.filename} inflates {ratio:.0f}×", file,
                message_zh=f"Office 文件内部部件 {i.filename} 压缩比 {ratio:.0f}:1，超过上限 {MAX_ZIP_RATIO:.0f}:1"
                "（疑似压缩炸弹），已拒绝读取。",
            )

    _check_dtds(data, infos, file)


def _xml_prolog(head: bytes) -> str:
    """The start of an XML part as text, in its encoding (UTF-8, or UTF-16 with or without a BOM)."""
    if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return head.decode("utf-16", errors="ignore")
    if head[:2] == b"<\x00":
        return head.decode("utf-16-le", errors="ignore")
    if head[:2] == b"\x00<":
        return head.decode("utf-16-be", errors="ignore")
    return head.decode("utf-8", errors="ignore")


def _check_dtds(data: bytes, infos: list[zipfile.ZipInfo], file: str) -> None:
    """OOXML parts never carry a DTD (ECMA-376 Part 2); one that does is an entity-expansion
    ("billion laughs") or external-entity attack, or a broken writer: refused, the part named."""
    z = zipfile.ZipFile(io.BytesIO(data))
    for info in infos:
        name = info.filename
        if info.is_dir() or not (name.endswith((".xml", ".rels", ".vml")) or name == "[Content_Types].xml"):
            continue
        try:
            with z.open(info) as fh:
                prolog = _xml_prolog(fh.read(PROLOG_BYTES))
        except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, RuntimeError):
            continue  # the reader says what is wrong with the member itself
        if "<!DOCTYPE" not in prolog:
            continue
        entities = "<!ENTITY" in prolog
        what = " XML 实体扩展声明（疑似“十亿笑声”实体炸弹）" if entities else " DTD 声明（可能引用外部实体）"
        raise UnreadableDocumentError(
            "too_large" if entities else "corrupt", f"part {name} declares a DTD{' with entities' if entities else ''}", file,
            message_zh=f"Office 文件内部部件 {name} 含{what}，正常的 Office 文件不含此类声明，已拒绝读取。",
        )
