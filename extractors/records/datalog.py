"""Device data-collection logs (设备数据采集记录) → one DataLogSpan per device: the runs of
consecutive days holding data, first/last record, row count.

Logs run to hundreds of thousands of rows, so this module never builds a pydantic object per
row: rows are plain lists of strings, timestamps of the common ISO shape (``2025-03-01 08:00:00``)
are turned into a day number by slicing with a per-day cache, anything else goes through
`normalize.parse_datetime`.
"""

from __future__ import annotations

import codecs
import csv
import gc
import io
from collections.abc import Iterable
from datetime import date, datetime
from itertools import chain, groupby, islice
from operator import itemgetter

from extractors.headers import map_header
from extractors.normalize import parse_datetime
from extractors.read import sniff, stream_rows
from extractors.readers.csv_reader import detect_delimiter
from models import DataLogSpan, DayRange, Document, DocumentType, Engine, EvidenceRef, SourceFormat, Table

# How far down a sheet or CSV the header row may be (title lines above it).
LOG_HEADER_SEARCH_ROWS = 15
# How many bytes of a CSV are decoded to sniff whether it is a log.
LOG_SNIFF_BYTES = 64 * 1024


class _Acc:
    """Running state of one device: days seen (as ordinals), rows, earliest/latest stamp."""

    __slots__ = ("days", "n", "min_o", "min_ts", "max_o", "max_ts", "first_row")

    def __init__(self, first_row: int) -> None:
        self.days: set[int] = set()
        self.n = 0
        self.min_o = 10**9
        self.min_ts = ""
        self.max_o = -1
        self.max_ts = ""
        self.first_row = first_row


def log_columns(header: list[str]) -> tuple[int, int | None, int | None] | None:
    """(asset_no, timestamp, date) column indices of a log header, or None when it is not one."""
    fields = map_header(header, DocumentType.DATA_COLLECTION_LOG)
    if "asset_no" not in fields:
        return None
    ts = fields.index("timestamp") if "timestamp" in fields else None
    day = fields.index("log_date") if "log_date" in fields else None
    if ts is None and day is None:
        return None
    return fields.index("asset_no"), ts, day


def _slow_stamp(text: str) -> tuple[int, str] | None:
    """(day ordinal, sortable ISO text) through the general parser."""
    dt = parse_datetime(text)
    if dt is None:
        return None
    return dt.toordinal(), dt.isoformat(sep=" ")


def _to_datetime(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text.replace("/", "-"))
    except ValueError:
        return parse_datetime(text)


def runs_of(days: Iterable[int]) -> list[DayRange]:
    """Runs of consecutive day ordinals, sorted."""
    runs: list[DayRange] = []
    start = prev = None
    for d in sorted(days):
        if prev is not None and d == prev + 1:
            prev = d
            continue
        if start is not None and prev is not None:
            runs.append(DayRange(start=date.fromordinal(start), end=date.fromordinal(prev)))
        start = prev = d
    if start is not None and prev is not None:
        runs.append(DayRange(start=date.fromordinal(start), end=date.fromordinal(prev)))
    return runs


def log_spans_from_rows(
    rows: Iterable[list[str]],
    header: list[str],
    file: str,
    *,
    sheet: str | None = None,
    first_row: int = 2,
    engine: Engine = Engine.CSV,
) -> list[DataLogSpan]:
    """Spans of every device in `rows` (the data rows after `header`; `first_row` is the source
    row number of the first of them). Rows without an asset number or a readable timestamp are
    skipped. Devices come out in order of first appearance."""
    cols = log_columns(header)
    if cols is None:
        return []
    ai, ti, di = cols
    need = max(i for i in cols if i is not None)
    # The cyclic GC would otherwise walk every live object many times over while half a million
    # row lists come and go (they are freed by reference counting; the loop makes no cycles).
    gc_was_enabled = gc.isenabled()
    gc.disable()
    try:
        acc = _accumulate(rows, ai, ti, di, need, first_row)
    finally:
        if gc_was_enabled:
            gc.enable()
    return [_span(asset, a, file, sheet, engine) for asset, a in acc.items()]


def _accumulate(
    rows: Iterable[list[str]], ai: int, ti: int | None, di: int | None, need: int, first_row: int
) -> dict[str, _Acc]:
    """The per-row loop of `log_spans_from_rows`: kept free of objects heavier than a str."""
    acc: dict[str, _Acc] = {}
    day_cache: dict[str, int] = {}
    to_ordinal = date.toordinal
    for offset, row in enumerate(rows):
        if len(row) <= need:
            continue
        asset = row[ai].strip()
        if not asset:
            continue
        if ti is None:
            ts = row[di].strip()  # type: ignore[index]
        else:
            ts = row[ti].strip()
            if di is not None and not (len(ts) >= 10 and ts[4] in "-/"):
                ts = f"{row[di].strip()} {ts}".strip()  # date and time in two columns
        # Fast path: 'YYYY-MM-DD…' or 'YYYY/MM/DD…' with a two-digit month and no zone offset
        # (a stamp in UTC may fall on another Beijing day: the general parser converts it).
        o = None
        if len(ts) >= 10 and ts[4] == ts[7] and ts[4] in "-/" and not (len(ts) > 19 and (ts[-1] == "Z" or ts[-6] in "+-")):
            head = ts[:10]
            o = day_cache.get(head)
            if o is None:
                try:
                    o = to_ordinal(date(int(ts[:4]), int(ts[5:7]), int(ts[8:10])))
                except ValueError:
                    o = None
                else:
                    day_cache[head] = o
            key = ts
        if o is None:
            slow = _slow_stamp(ts)
            if slow is None:
                continue
            o, key = slow
        a = acc.get(asset)
        if a is None:
            a = acc[asset] = _Acc(first_row + offset)
        a.days.add(o)
        a.n += 1
        if o < a.min_o or (o == a.min_o and key < a.min_ts):
            a.min_o, a.min_ts = o, key
        if o > a.max_o or (o == a.max_o and key > a.max_ts):
            a.max_o, a.max_ts = o, key
    return acc


def _span(asset: str, a: _Acc, file: str, sheet: str | None, engine: Engine) -> DataLogSpan:
    first = _to_datetime(a.min_ts) or datetime.combine(date.fromordinal(a.min_o), datetime.min.time())
    last = _to_datetime(a.max_ts) or datetime.combine(date.fromordinal(a.max_o), datetime.min.time())
    ref = EvidenceRef(file=file, sheet=sheet, row=a.first_row, column="asset_no", engine=engine, text=asset)
    return DataLogSpan(ref=ref, asset_no=asset, first_seen=first, last_seen=last, n_rows=a.n, runs=runs_of(a.days))


def find_log_header(rows: Iterable[list[str]]) -> tuple[int, list[str]] | None:
    """(0-based index, header) of the first row, among the first LOG_HEADER_SEARCH_ROWS, that
    names an asset-number column and a time column."""
    for i, row in enumerate(rows):
        if i >= LOG_HEADER_SEARCH_ROWS:
            break
        cells = [str(c).strip() if c is not None else "" for c in row]
        if log_columns(cells) is not None:
            return i, cells
    return None


def _decode_head(data: bytes) -> str | None:
    """The first LOG_SNIFF_BYTES of a text file, decoded (a multi-byte character cut at the end is dropped)."""
    chunk = data[:LOG_SNIFF_BYTES]
    if chunk.startswith(codecs.BOM_UTF8):
        chunk = chunk[len(codecs.BOM_UTF8):]
    for enc in ("utf-8", "gb18030"):
        try:
            return codecs.getincrementaldecoder(enc)().decode(chunk, final=False)
        except UnicodeDecodeError:
            continue
    return None


def sniff_csv_log_header(data: bytes) -> list[str] | None:
    """The header of a CSV data-collection log, or None when the text is not one (cheap: reads
    only the first bytes)."""
    text = _decode_head(data)
    if not text:
        return None
    lines = text.splitlines()[: LOG_HEADER_SEARCH_ROWS + 1]
    delimiter = detect_delimiter(lines)
    found = find_log_header(csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter))
    return found[1] if found else None


def sniff_xlsx_log_header(data: bytes) -> list[str] | None:
    """The header of the first sheet of an xlsx that starts like a data-collection log, or None
    (reads at most LOG_HEADER_SEARCH_ROWS rows per sheet; None for a file it cannot open)."""
    import openpyxl

    from extractors.readers.ooxml import check_ooxml

    try:
        check_ooxml(data, "")  # the decompression-bomb guard, before openpyxl touches it
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True, keep_links=False)
    except Exception:  # noqa: BLE001 - the reader reports what is wrong with the file
        return None
    try:
        for ws in wb.worksheets:
            head = [
                [_cell_text(v) for v in row]
                for row in ws.iter_rows(values_only=True, max_row=LOG_HEADER_SEARCH_ROWS)
            ]
            found = find_log_header(head)
            if found is not None:
                return found[1]
        return None
    except Exception:  # noqa: BLE001
        return None
    finally:
        wb.close()


def _cell_text(value: object) -> str:
    return "" if value is None else str(value)


def log_spans_from_stream(
    rows: Iterable[tuple[str | None, list[str]]], file: str, engine: Engine
) -> list[DataLogSpan]:
    """Spans from streamed (sheet, cells) rows (extractors.read.stream_rows), sheet by sheet: each
    sheet's log header is searched in its first rows, a sheet without one is skipped."""
    spans: list[DataLogSpan] = []
    for sheet, numbered in groupby(rows, key=itemgetter(0)):
        cells = (c for _, c in numbered)
        head = list(islice(cells, LOG_HEADER_SEARCH_ROWS))
        found = find_log_header(head)
        if found is None:
            continue  # groupby skips the rest of the sheet
        i, header = found
        spans += log_spans_from_rows(chain(head[i + 1:], cells), header, file, sheet=sheet, first_row=i + 2, engine=engine)
    return spans


def log_spans_from_bytes(data: bytes, file: str, fmt: SourceFormat | None = None) -> list[DataLogSpan]:
    """Spans straight from a CSV or xlsx log, without building a Table (the fast path for big
    exports), through the streaming reader. Raises what the CSV/xlsx readers raise for unreadable bytes."""
    fmt = fmt or sniff(data, file)
    engine = Engine.CSV if fmt == SourceFormat.CSV else Engine.SPREADSHEET
    return log_spans_from_stream(stream_rows(data, file, fmt), file, engine)


def log_spans_from_table(table: Table) -> list[DataLogSpan]:
    """Spans of a log already read as a Table (a small log, or one inside a PDF). A Table's row
    numbers need not be contiguous (blank rows dropped), so each device's ref is its first row's."""
    cols = log_columns(table.header)
    rows = table.data_rows()
    if cols is None or not rows:
        return []
    engine = table.ref.engine or Engine.CSV
    spans = log_spans_from_rows([r.texts() for r in rows], table.header, table.file, sheet=table.ref.sheet, engine=engine)
    first_ref: dict[str, EvidenceRef] = {}
    for r in rows:
        if cols[0] < len(r.cells):
            first_ref.setdefault(r.cells[cols[0]].text.strip(), r.ref)
    return [
        s.model_copy(update={"ref": first_ref[s.asset_no].model_copy(update={"column": "asset_no", "text": s.asset_no})})
        if s.asset_no in first_ref
        else s
        for s in spans
    ]


def datalog_records(doc: Document) -> list[DataLogSpan]:
    """Spans of the log tables of a document read in full (the pipeline's fast path reads big logs from bytes)."""
    out: list[DataLogSpan] = []
    for table in doc.tables:
        if table.doc_type == DocumentType.DATA_COLLECTION_LOG.value:
            out += log_spans_from_table(table)
    return out
