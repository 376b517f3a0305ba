"""A pre-scan of a PDF's compressed streams so a decompression bomb is refused before pdfminer
inflates it in memory (pdfminer has no limit of its own)."""

from __future__ import annotations

import zlib

from extractors.errors import UnreadableDocumentError

# Policy: the most a single content/font stream, and all of them together, may inflate to.
# Real content streams are KBs to a few MB; images (which the text reader never decodes) are
# not counted.
MAX_PDF_STREAM_INFLATED = 256 * 1024 * 1024
MAX_PDF_TOTAL_INFLATED = 512 * 1024 * 1024
_CHUNK = 1 << 20
_DICT_LOOKBACK = 2048


def check_pdf_streams(data: bytes, file: str) -> None:
    """Raise `too_large` when a Flate stream that is not an image would inflate beyond the limits."""
    view = memoryview(data)
    total = 0
    pos = 0
    while True:
        i = data.find(b"stream", pos)
        if i < 0:
            return
        if data[i - 3 : i] == b"end":
            pos = i + 6
            continue
        j = i + 6
        if data[j : j + 2] == b"\r\n":
            j += 2
        elif data[j : j + 1] in (b"\n", b"\r"):
            j += 1
        else:
            pos = j
            continue
        end = data.find(b"endstream", j)
        if end < 0:
            return
        head = data[max(0, i - _DICT_LOOKBACK) : i]
        head = head[head.rfind(b"obj") + 1 :] if b"obj" in head else head
        if b"FlateDecode" in head and b"/Image" not in head:
            cap = min(MAX_PDF_STREAM_INFLATED, MAX_PDF_TOTAL_INFLATED - total)
            size = inflated_size(view[j:end], cap)
            total += size
            if size > cap or total > MAX_PDF_TOTAL_INFLATED:
                raise UnreadableDocumentError(
                    "too_large",
                    f"PDF stream inflates beyond {cap} bytes",
                    file,
                    message_zh=f"PDF 内的压缩数据流解压后超过 {cap // (1024 * 1024)} MB 上限（疑似压缩炸弹），已拒绝读取。",
                )
        pos = end + 9


def inflated_size(raw: memoryview | bytes, cap: int) -> int:
    """Bytes the zlib data inflates to, counting at most a little past `cap` (output discarded)."""
    d = zlib.decompressobj()
    n = 0
    buf: bytes | memoryview = raw
    try:
        while buf:
            out = d.decompress(buf, _CHUNK)
            n += len(out)
            if n > cap:
                return n
            buf = d.unconsumed_tail
            if not out and not buf:
                break
    except zlib.error:
        pass  # a broken stream is pdfminer's to report
    return n
