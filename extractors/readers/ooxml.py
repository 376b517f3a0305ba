"""Guards for zip-based Office files (xlsx, docx): decompression bombs and encryption."""

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


def check_ooxml(data: bytes, file: str) -> None:
    """Raise `encrypted` for a password-protected package, `corrupt` for a broken zip and
    `too_large` for a zip whose members would inflate beyond the limits (zip bomb)."""
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
