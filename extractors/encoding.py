"""Decoding text exports whatever their encoding: UTF-8 (with or without BOM), GBK/GB18030,
UTF-16 with or without BOM, files mixing UTF-8 and GBK line by line, stray NUL bytes.

Read what can be read and say what could not: `decode_mixed` returns the text together with how
many NUL bytes were dropped and which lines decode in no known encoding (those lines are kept
empty, so line numbers stay right).
"""

from __future__ import annotations

from dataclasses import dataclass, field

# Policy: a file is BOM-less UTF-16 when at least this share of its high bytes (first 4 KB)
# are what ASCII, CJK punctuation, CJK ideographs and full-width forms put there.
UTF16_PLAUSIBLE_SHARE = 0.9
_UTF16_PROBE = 4096
# Policy: text with more NUL bytes than this share is binary, not a text export with strays.
MAX_STRAY_NUL_SHARE = 0.01
# Policy: at most this share of lines may be in no known encoding; more and the bytes are not text.
MAX_UNDECODABLE_LINE_SHARE = 0.1


@dataclass
class DecodedText:
    text: str
    encoding: str  # utf-8 | utf-8-sig | gb18030 | utf-16-le | utf-16-be | utf-16 | utf-8+gb18030
    nul_bytes: int = 0  # stray NUL bytes dropped
    undecodable_lines: list[int] = field(default_factory=list)  # 1-based line numbers
    encodings_by_line: dict[str, int] = field(default_factory=dict)


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' / 'utf-16-be' for BOM-less UTF-16 text, else None.

    In UTF-16 text every high byte is NUL (ASCII: digits, commas, line breaks), 0x30 (CJK
    punctuation), 0x4E–0x9F (CJK ideographs) or 0xFF (full-width forms); the low bytes are
    rarely NUL. 8-bit text (UTF-8, GBK) puts other bytes there, and a text export always
    holds some ASCII (delimiters, line breaks), so at least one high byte is NUL."""
    probe = data[:_UTF16_PROBE]
    probe = probe[: len(probe) - len(probe) % 2]
    if len(probe) < 4 or b"\x00" not in probe:
        return None
    for encoding, high, low in (("utf-16-le", probe[1::2], probe[0::2]), ("utf-16-be", probe[0::2], probe[1::2])):
        # (a low byte is NUL only for the few code points like 一 U+4E00)
        if not high.count(0) or low.count(0) * 2 > high.count(0):
            continue
        plausible = sum(1 for b in high if b == 0 or b == 0x30 or 0x4E <= b <= 0x9F or b == 0xFF)
        if plausible >= UTF16_PLAUSIBLE_SHARE * len(high) and _strict(probe, encoding) is not None:
            return encoding
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError:
        return None


def decode_mixed(data: bytes) -> DecodedText | None:
    """Decode text bytes; None when they are not text (binary, random bytes).

    Order: a UTF-16 BOM, BOM-less UTF-16, then (NULs dropped, UTF-8 BOM stripped) the whole
    file as UTF-8, then as GB18030 (GBK is a subset), then line by line, each line UTF-8 or
    else GB18030 — the last handles a UTF-8 BOM in front of GBK text too."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = _strict(data, "utf-16")
        return DecodedText(text, "utf-16") if text is not None else None
    utf16 = utf16_without_bom(data)
    if utf16:
        cut = len(data) - len(data) % 2
        text = _strict(data[:cut], utf16)
        return DecodedText(text, utf16) if text is not None else None
    nul = data.count(b"\x00")
    if nul > max(1, len(data) * MAX_STRAY_NUL_SHARE):
        return None
    body = data.replace(b"\x00", b"") if nul else data
    bom = body.startswith(b"\xef\xbb\xbf")
    if bom:
        body = body[3:]
    utf8 = "utf-8-sig" if bom else "utf-8"
    text = _strict(body, "utf-8")
    if text is not None:
        return DecodedText(text, utf8, nul_bytes=nul)
    # Not UTF-8 throughout: GBK, UTF-8 with a few broken bytes, or both mixed line by line.
    got = _decode_per_line(body, nul)
    if got is not None:
        if got.encoding == "utf-8":
            got.encoding = utf8
        return got
    text = _mostly_utf8(body)
    return DecodedText(text, utf8, nul_bytes=nul) if text is not None else None


# A UTF-8 file with at most this share of broken bytes (a stray byte from a bad copy, a cut last
# character) is still UTF-8: GBK text read as UTF-8 breaks on nearly every Chinese character.
MAX_UTF8_BAD_SHARE = 1e-4


def _mostly_utf8(data: bytes, per_line: bool = False) -> str | None:
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd") - data.count("\ufffd".encode())
    if bad > (2 if per_line else max(4, len(data) * MAX_UTF8_BAD_SHARE)):
        return None
    good = len(text) - len(text.encode("ascii", "ignore")) - text.count("\ufffd")
    if per_line:  # one short line: a broken byte or two beside real UTF-8 characters
        return text if good >= 2 * bad else None
    return text if bad * 20 <= good else None


def _decode_per_line(body: bytes, nul: int) -> DecodedText | None:
    parts: list[str] = []
    bad: list[int] = []
    used: dict[str, int] = {}
    lines = body.split(b"\n")
    for number, line in enumerate(lines, start=1):
        # The last line of a cut-off file may end inside a character: try it without its tail.
        cuts = (0, 1, 2, 3) if number == len(lines) else (0,)
        # … in the encoding the lines so far were in.
        order = ("utf-8", "gb18030") if used.get("utf-8", 0) >= used.get("gb18030", 0) else ("gb18030", "utf-8")
        text = next(
            ((t, e) for e in order for cut in cuts if (t := _strict(line[: len(line) - cut], e)) is not None),
            None,
        )
        if text is not None and text[1] == "gb18030" and (fixed := _mostly_utf8(line, per_line=True)):
            text = (fixed, "utf-8")  # a UTF-8 line with a stray broken byte, not GBK
        if text is None and (fixed := _mostly_utf8(line, per_line=True)):
            text = (fixed, "utf-8")
        if text is None:
            parts.append("")  # left out (the caller flags it); the line numbers stay right
            bad.append(number)
            continue
        if line.strip():
            used[text[1]] = used.get(text[1], 0) + 1
        parts.append(text[0])
    content = [ln for ln in lines if ln.strip()]
    if not content or len(bad) >= len(content) or len(bad) > max(1, len(content) * MAX_UNDECODABLE_LINE_SHARE):
        return None
    label = "+".join(sorted(used, key=lambda e: -used[e])) or "utf-8"
    return DecodedText("\n".join(parts), label, nul_bytes=nul, undecodable_lines=bad, encodings_by_line=used)
