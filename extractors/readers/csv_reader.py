"""CSV / TSV text exports: encoding and delimiter detection, a streaming row iterator for long
data-collection logs, and `read_csv` with the same table layout as the spreadsheets."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Iterator
from itertools import islice

from extractors.encoding import DecodedText, decode_mixed
from extractors.errors import UnreadableDocumentError
from extractors.normalize import clean_text
from extractors.readers.layout import HEADER_SEARCH_ROWS, Grid, HeaderScorer, grid_text, grid_to_tables
from extractors.readers.xlsx import PAGE_TEXT_MAX_ROWS
from extractors.sniff import CSV_DELIMITERS
from models import Document, Engine, EvidenceRef, PageText, ReadNote, SourceFormat

_SNIFF_LINES = 50
# csv's default field limit (128 KiB) is too small for some exports' free-text columns.
csv.field_size_limit(16 * 1024 * 1024)


def detect_encoding(data: bytes) -> tuple[str, str]:
    """(text, encoding): UTF-8 (BOM or not), GB18030/GBK, UTF-16 (BOM or not), or UTF-8 and
    GBK mixed line by line (extractors.encoding)."""
    got = decode_csv(data)
    return got.text, got.encoding


def decode_csv(data: bytes) -> DecodedText:
    got = decode_mixed(data)
    if got is None:
        raise UnreadableDocumentError("corrupt", "text is neither UTF-8, GB18030/GBK nor UTF-16")
    return got


# Line numbers cited in one note (the rest are counted).
MAX_LINES_CITED = 20


def decoding_notes(file: str, got: DecodedText) -> list[ReadNote]:
    """What decoding repaired (NUL bytes dropped: a warning) or left out (lines in no known
    encoding: read around them, each cited)."""
    notes = []
    if got.nul_bytes:
        notes.append(
            ReadNote(
                reason="nul_bytes",
                message_zh=f"含 {got.nul_bytes} 个空字节（NUL，通常是复制或导出出错），已删除后读取，请核对内容",
                evidence=[EvidenceRef(file=file, engine=Engine.CSV)],
                warning_only=True,
            )
        )
    if got.undecodable_lines:
        cited = got.undecodable_lines[:MAX_LINES_CITED]
        shown = "、".join(str(n) for n in cited)
        more = f" 等 {len(got.undecodable_lines)} 行" if len(got.undecodable_lines) > len(cited) else ""
        notes.append(
            ReadNote(
                reason="undecodable_lines",
                message_zh=f"第 {shown}{more} 行的文字编码无法识别（既非 UTF-8 也非 GBK），这些行未读取，其余行照常读取",
                evidence=[EvidenceRef(file=file, row=n, engine=Engine.CSV) for n in cited],
            )
        )
    return notes


def detect_delimiter(sample_lines: list[str]) -> str:
    """The delimiter among , TAB ; | — csv.Sniffer first, checked against a count of each
    candidate per line (the one appearing the same number of times on most lines wins; title
    lines above the header have none and do not disturb it)."""
    lines = [ln for ln in sample_lines if ln.strip()][:_SNIFF_LINES]
    if not lines:
        return ","
    best, best_key = ",", (0, 0)
    for d in CSV_DELIMITERS:
        counts = [ln.count(d) for ln in lines]
        common = Counter(c for c in counts if c > 0).most_common(1)
        if not common:
            continue
        n, lines_with_n = common[0]
        key = (lines_with_n, n)
        if key > best_key:
            best, best_key = d, key
    try:
        sniffed = csv.Sniffer().sniff("\n".join(lines), delimiters=CSV_DELIMITERS).delimiter
    except csv.Error:
        return best
    # Trust the sniffer only when the counts agree it is at least as consistent.
    counts = Counter(ln.count(sniffed) for ln in lines if ln.count(sniffed) > 0).most_common(1)
    if counts and counts[0][1] >= best_key[0]:
        return sniffed
    return best


def iter_csv_rows(data: bytes) -> tuple[str, str, Iterator[list[str]]]:
    """(encoding, delimiter, rows): the streaming fast path for a 500k-row log. Rows are lists
    of raw field strings (not cleaned), one per CSV record."""
    text, encoding = detect_encoding(data)
    delimiter = detect_delimiter(text[: 64 * 1024].splitlines())
    return encoding, delimiter, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)


def _numbered_rows(text: str, delimiter: str) -> Iterator[tuple[int, list[str]]]:
    """(first line number of the record, fields)."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    start = 1
    for fields in reader:
        yield start, fields
        start = reader.line_num + 1


def read_csv(
    data: bytes,
    file: str,
    header_scorer: HeaderScorer | None = None,
    max_rows: int | None = None,
) -> Document:
    """Read a CSV as one page and one table (title lines above the header go to the title).
    With `max_rows`, only the first data rows become Cells; `Table.total_rows` keeps the count."""
    try:
        decoded = decode_csv(data)
    except UnreadableDocumentError as exc:
        raise UnreadableDocumentError(exc.reason, exc.detail, file) from exc
    text = decoded.text
    delimiter = detect_delimiter(text[: 64 * 1024].splitlines())
    rows = _numbered_rows(text, delimiter)
    limit = None if max_rows is None else max_rows + HEADER_SEARCH_ROWS + 50
    numbers: list[int] = []
    texts: list[list[str]] = []
    raws: list[list[str]] = []
    try:
        for line_no, fields in islice(rows, limit):
            numbers.append(line_no)
            raws.append([f.strip() for f in fields])
            texts.append([clean_text(f) for f in fields])
        extra = sum(1 for _, fields in rows if any(f.strip() for f in fields))
    except csv.Error as exc:
        raise UnreadableDocumentError("corrupt", f"csv: {exc}", file) from exc
    if not any(any(r) for r in texts):
        raise UnreadableDocumentError("empty", "no non-empty line", file)
    grid = Grid(rows=texts, raw=raws, row_numbers=numbers)
    base = EvidenceRef(file=file, engine=Engine.CSV)
    tables = grid_to_tables(grid, base, 0, header_scorer, max_rows)
    if extra and tables:
        tables[-1].total_rows = (tables[-1].total_rows or len(tables[-1].rows)) + extra
    page = PageText(number=1, text=grid_text(texts, PAGE_TEXT_MAX_ROWS))
    title = next((t.title for t in tables if t.title), None)
    return Document(
        file=file, format=SourceFormat.CSV, title=title, pages=[page], tables=tables,
        read_notes=decoding_notes(file, decoded),
    )


__all__ = ["detect_delimiter", "detect_encoding", "iter_csv_rows", "read_csv", "encoding_of"]


def encoding_of(data: bytes) -> str:
    """The encoding `read_csv` will use for `data`."""
    return detect_encoding(data)[1]
