"""Data-collection logs → DataLogSpan per device: runs of days, gaps, first/last, rows."""

import io
import random
from datetime import date, datetime, timedelta

import openpyxl

from extractors.classify import classify_document
from extractors.records.datalog import (
    log_spans_from_bytes,
    log_spans_from_rows,
    runs_of,
    sniff_csv_log_header,
    sniff_xlsx_log_header,
)
from extractors.records.dispatch import extract_records
from models import DayRange
from tests.extractors.records.tables import make_doc, make_table

HEADER = ["设备编号", "采集时间", "运行状态", "主轴转速"]


def _generated_log(seed: int = 7) -> tuple[list[list[str]], dict[str, set[date]]]:
    """Two devices over Jan–Apr 2025; SB-001 has a 10-day gap, SB-002 stops on 2025-02-14.
    Rows are shuffled a little (exports are not always sorted)."""
    rng = random.Random(seed)
    days: dict[str, set[date]] = {"SB-001": set(), "SB-002": set()}
    rows: list[list[str]] = []
    start = date(2025, 1, 1)
    for i in range(120):
        d = start + timedelta(days=i)
        for asset in days:
            if asset == "SB-001" and date(2025, 3, 1) <= d <= date(2025, 3, 10):
                continue
            if asset == "SB-002" and d > date(2025, 2, 14):
                continue
            days[asset].add(d)
            for h in sorted(rng.sample(range(24), 3)):
                rows.append([asset, f"{d.isoformat()} {h:02d}:{rng.randrange(60):02d}:00", "运行", str(rng.randrange(3000))])
    rng.shuffle(rows)
    return rows, days


def test_runs_and_gaps_from_rows():
    rows, days = _generated_log()
    spans = {s.asset_no: s for s in log_spans_from_rows(rows, HEADER, "log.csv")}
    a, b = spans["SB-001"], spans["SB-002"]
    assert a.runs == [
        DayRange(start=date(2025, 1, 1), end=date(2025, 2, 28)),
        DayRange(start=date(2025, 3, 11), end=date(2025, 4, 30)),
    ]
    assert a.days_with_data == len(days["SB-001"]) == 110
    assert a.gaps_within(date(2025, 1, 1), date(2025, 12, 31)) == [DayRange(start=date(2025, 3, 1), end=date(2025, 3, 10))]
    assert b.runs == [DayRange(start=date(2025, 1, 1), end=date(2025, 2, 14))]
    assert a.n_rows == 110 * 3 and b.n_rows == 45 * 3
    assert a.first_seen.date() == date(2025, 1, 1) and a.last_seen.date() == date(2025, 4, 30)
    assert a.first_seen == min(datetime.fromisoformat(r[1]) for r in rows if r[0] == "SB-001")
    assert b.last_seen == max(datetime.fromisoformat(r[1]) for r in rows if r[0] == "SB-002")


def test_mixed_timestamp_formats_and_bad_rows():
    rows = [
        ["SB-9", "2025/03/01 08:00"],
        ["SB-9", "2025/3/2 8:05"],
        ["SB-9", "2025年3月3日 09时00分"],
        ["SB-9", str(int(datetime(2025, 3, 4, 12).timestamp()))],  # epoch seconds
        ["SB-9", "not a time"],
        ["", "2025-03-09 00:00:00"],
        ["SB-9"],
    ]
    (span,) = log_spans_from_rows(rows, ["设备ID", "时间戳"], "log.csv", first_row=5)
    assert span.n_rows == 4
    assert span.runs == [DayRange(start=date(2025, 3, 1), end=date(2025, 3, 4))]
    assert span.first_seen == datetime(2025, 3, 1, 8, 0)
    assert span.ref.row == 5 and span.ref.column == "asset_no"


def test_date_and_time_in_two_columns():
    rows = [["A1", "2025-05-01", "08:00:00"], ["A1", "2025-05-03", "23:59:59"]]
    (span,) = log_spans_from_rows(rows, ["资产编号", "日期", "时间"], "x.csv")
    assert span.runs == [DayRange(start=date(2025, 5, 1), end=date(2025, 5, 1)), DayRange(start=date(2025, 5, 3), end=date(2025, 5, 3))]
    assert span.last_seen == datetime(2025, 5, 3, 23, 59, 59)


def test_not_a_log_header():
    assert log_spans_from_rows([["a", "b"]], ["设备名称", "所属工序"], "x.csv") == []


def test_runs_of():
    o = date(2025, 1, 1).toordinal()
    assert runs_of([o + 2, o, o + 1, o + 5]) == [
        DayRange(start=date(2025, 1, 1), end=date(2025, 1, 3)),
        DayRange(start=date(2025, 1, 6), end=date(2025, 1, 6)),
    ]
    assert runs_of([]) == []


def _csv_bytes(rows, encoding="utf-8-sig", title=True) -> bytes:
    lines = (["北京某某科技有限公司设备数据采集记录"] if title else []) + [",".join(HEADER)] + [",".join(r) for r in rows]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def test_bytes_fast_path_equals_row_path_csv_gbk_and_bom():
    rows, _ = _generated_log(3)
    expected = log_spans_from_rows(rows, HEADER, "log.csv", first_row=3)
    for enc in ("utf-8-sig", "gb18030"):
        data = _csv_bytes(rows, enc)
        assert sniff_csv_log_header(data) == HEADER
        got = log_spans_from_bytes(data, "log.csv")
        assert [(s.asset_no, s.runs, s.n_rows, s.first_seen, s.last_seen, s.ref.row) for s in got] == [
            (s.asset_no, s.runs, s.n_rows, s.first_seen, s.last_seen, s.ref.row) for s in expected
        ]


def test_bytes_fast_path_xlsx_with_datetime_cells():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "采集记录"
    ws.append(["设备数据采集记录"])
    ws.append(HEADER)
    for d in range(5):
        ws.append(["SB-001", datetime(2025, 6, 1 + d * 2, 8), "运行", 1200])
    buf = io.BytesIO()
    wb.save(buf)
    assert sniff_xlsx_log_header(buf.getvalue()) == HEADER
    assert sniff_xlsx_log_header(b"PK\x03\x04 not a zip") is None
    (span,) = log_spans_from_bytes(buf.getvalue(), "log.xlsx")
    assert span.ref.sheet == "采集记录" and span.ref.row == 3
    assert len(span.runs) == 5 and span.n_rows == 5
    assert span.last_seen == datetime(2025, 6, 9, 8)


def test_sniff_rejects_other_csv():
    assert sniff_csv_log_header("工号,姓名,岗位\n1,张三,焊工\n".encode()) is None


def test_small_log_table_through_dispatch():
    table = make_table(HEADER, [["SB-1", "2025-01-01 00:00:00", "运行", "1"], ["SB-1", "2025-01-02 00:00:00", "运行", "1"]], file="log.csv", sheet=None)
    doc = classify_document(make_doc([table], file="log.csv"))
    (span,) = extract_records(doc).log_spans
    assert span.days_with_data == 2 and span.ref.row == 3 and span.ref.file == "log.csv"


def test_zone_offsets_and_odd_iso_shapes_go_through_the_general_parser():
    rows = [
        ["SB-1", "2025-03-01T20:30:00Z"],  # 2025-03-02 04:30 in Beijing
        ["SB-1", "2025-10-1T08:00"],  # one-digit day: not the sliced shape
    ]
    (span,) = log_spans_from_rows(rows, ["设备编号", "采集时间"], "x.csv")
    assert span.n_rows == 2
    assert span.runs == [DayRange(start=date(2025, 3, 2), end=date(2025, 3, 2)), DayRange(start=date(2025, 10, 1), end=date(2025, 10, 1))]
    assert span.first_seen == datetime(2025, 3, 2, 4, 30)
