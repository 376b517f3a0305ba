"""Why a document could not be read, and the limits that protect the readers.

A reader never crashes the packet: it raises `UnreadableDocumentError`, which the flow turns
into an UNREADABLE_DOCUMENT flag (SPEC §8) while the rest of the packet is still checked.
"""

from __future__ import annotations

from typing import Literal

Reason = Literal["empty", "corrupt", "encrypted", "too_large", "unknown_type", "unsupported"]

# The size limits of a whole document (bytes, image pixels, pages) are `models.settings.ExtractionSettings`.

# Decompression-bomb limits for zip-based formats (xlsx, docx): total uncompressed size of the
# members, and the largest uncompressed/compressed ratio of any one big member.
MAX_ZIP_UNCOMPRESSED_BYTES = 500 * 1024 * 1024
MAX_ZIP_RATIO = 200.0
ZIP_RATIO_MIN_MEMBER_BYTES = 1024 * 1024  # tiny members compress absurdly well; only judge big ones
MAX_ZIP_MEMBERS = 10_000


_MESSAGES_ZH: dict[str, str] = {
    "empty": "文件为空（0 字节），无法读取。",
    "corrupt": "文件已损坏或格式不正确，无法读取。",
    "encrypted": "文件已加密或设有密码，无法读取，请提供未加密的文件。",
    "too_large": "文件过大，超过读取上限，已拒绝读取。",
    "unknown_type": "无法识别的文件类型，请提供 PDF、Excel、Word、CSV 或图片格式的文件。",
    "unsupported": "暂不支持该类型文件的自动读取，请人工核查。",
}


class UnreadableDocumentError(Exception):
    """A document that cannot be read. `reason` is one of `Reason`; `message_zh` is shown to
    the reviewer (文件无法读取的原因); `detail` keeps the technical cause for the log."""

    def __init__(self, reason: Reason, detail: str = "", file: str | None = None, message_zh: str | None = None) -> None:
        self.reason: Reason = reason
        self.detail = detail
        self.file = file
        # A reader that knows which limit was hit says so (pages, pixels, inflated size).
        self.message_zh = message_zh or _MESSAGES_ZH[reason]
        super().__init__(f"{reason}: {detail}" if detail else reason)
