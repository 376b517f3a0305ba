"""extract(bytes, file): read → classify → records, with flags instead of exceptions."""

import io
import random
from datetime import date, datetime, timedelta

import docx
import openpyxl

import extractors.pipeline as pipeline
from extractors.pipeline import LOG_HEAD_BYTES, LOG_PREVIEW_ROWS, csv_head, extract, is_data_log
from models import DayRange, DocumentType, FlagCode
from models.settings import ExtractionSettings


def _xlsx(rows, merges=(), title="设备清单") -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for r in rows:
        ws.append(r)
    for m in merges:
        ws.merge_cells(m)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_equipment_workbook_with_title_rows_merged_header_and_total():
    data = _xlsx(
        [
            ["北京某某精密机械有限公司生产设备清单"],
            ["填报日期：2026年1月10日"],
            ["序号", "设备信息", None, "数量（台）", "所属工序", "是否数控", "是否联网"],
            [None, "设备名称", "规格型号", None, None, None, None],
            [1, "数控车床", "CK6150", "１２", "机加工", "是", "是"],
            [2, "焊接机器人", "M-10iA", 2, "焊接", "是", "√"],
            [3, "普通钻床", "Z3050", "一", "机加工", "否", "否"],
            ["合计", None, None, 15, None, None, None],
        ],
        merges=["A1:G1", "A2:G2", "B3:C3", "A3:A4", "D3:D4", "E3:E4", "F3:F4", "G3:G4"],
    )
    result = extract(data, "材料/设备.xlsx")
    assert result.flags == []
    assert result.document is not None and result.document.doc_type == DocumentType.EQUIPMENT_LIST
    devices = result.records.devices
    assert [(d.name, d.model, d.quantity, d.process, d.is_nc, d.is_networked, d.is_robot) for d in devices] == [
        ("数控车床", "CK6150", 12, "机加工", True, True, False),
        ("焊接机器人", "M-10iA", 2, "焊接", True, True, True),
        ("普通钻床", "Z3050", 1, "机加工", False, False, False),
    ]
    assert devices[0].ref.file == "材料/设备.xlsx" and devices[0].ref.sheet == "设备清单" and devices[0].ref.row == 5
    assert [m.enterprise_name for m in result.records.identities] == ["北京某某精密机械有限公司"]


def test_gbk_csv_roster():
    text = "工号,姓名,部门,岗位,入职日期\r\nE001,张三,机加车间,车工,2019-03-01\r\nE002,李四,财务部,会计,2020-07-15\r\n"
    result = extract(text.encode("gbk"), "人员.csv")
    assert result.document.doc_type == DocumentType.STAFF_ROSTER
    assert [(e.name, e.job_title, e.hired) for e in result.records.employees] == [
        ("张三", "车工", date(2019, 3, 1)),
        ("李四", "会计", date(2020, 7, 15)),
    ]


def _log_csv(n_days: int, gap: tuple[int, int]) -> bytes:
    rng = random.Random(5)
    lines = ["设备编号,采集时间,运行状态,主轴转速"]
    for i in range(n_days):
        if gap[0] <= i < gap[1]:
            continue
        d = datetime(2025, 1, 1) + timedelta(days=i)
        for h in range(0, 24, 2):
            for asset in ("SB-001", "SB-002"):
                lines.append(f"{asset},{(d + timedelta(hours=h)).strftime('%Y-%m-%d %H:%M:%S')},运行,{rng.randrange(3000)}")
    return ("\n".join(lines) + "\n").encode("utf-8-sig")


def test_data_log_fast_path():
    data = _log_csv(400, (100, 110))
    assert len(data) > LOG_HEAD_BYTES and is_data_log(data, "x.csv")
    result = extract(data, "数采/log.csv")
    doc = result.document
    assert doc.doc_type == DocumentType.DATA_COLLECTION_LOG
    assert sum(len(t.rows) for t in doc.tables) <= LOG_PREVIEW_ROWS  # not every row became Cells
    assert doc.tables[0].total_rows == 390 * 12 * 2 and doc.size_bytes == len(data)
    spans = {s.asset_no: s for s in result.records.log_spans}
    assert set(spans) == {"SB-001", "SB-002"}
    assert spans["SB-001"].runs == [
        DayRange(start=date(2025, 1, 1), end=date(2025, 4, 10)),
        DayRange(start=date(2025, 4, 21), end=date(2026, 2, 4)),
    ]
    assert spans["SB-001"].n_rows == 390 * 12
    assert spans["SB-002"].ref.row == 3 and spans["SB-002"].ref.file == "数采/log.csv"


def test_docx_prose_process_description():
    d = docx.Document()
    d.add_paragraph("北京某某精密机械有限公司生产工序说明")
    d.add_paragraph("一、关键工序")
    d.add_paragraph("1. 下料：激光切割")
    d.add_paragraph("2. 焊接")
    d.add_paragraph("二、辅助工序")
    d.add_paragraph("1. 包装")
    buf = io.BytesIO()
    d.save(buf)
    result = extract(buf.getvalue(), "工序.docx")
    assert result.document.doc_type == DocumentType.PROCESS_DESCRIPTION
    assert [(p.name, p.is_key) for p in result.records.processes] == [("下料", True), ("焊接", True), ("包装", False)]


def test_unreadable_inputs_become_flags():
    for data, name in ((b"", "empty.pdf"), (b"%PDF-1.7\n garbage", "broken.pdf"), (b"\x00\x01\x02\x03" * 50, "blob.bin")):
        result = extract(data, name)
        assert result.document is None and result.records.count() == 0
        (flag,) = result.flags
        assert flag.code == FlagCode.UNREADABLE_DOCUMENT
        assert name in flag.message and "无法读取" in flag.message
        assert flag.evidence[0].file == name


def test_unknown_document_gives_no_records_and_no_flag():
    result = extract("甲,乙,丙\n1,2,3\n4,5,6\n".encode(), "misc.csv")
    assert result.document is not None and result.document.doc_type == DocumentType.UNKNOWN
    assert result.flags == [] and result.records.count() == 0


def test_a_record_reader_bug_is_a_flag_not_a_crash(monkeypatch):
    def boom(doc):
        raise RuntimeError("bug")

    monkeypatch.setattr(pipeline, "extract_records", boom)
    result = extract("工号,姓名,岗位\nE1,张三,焊工\n".encode(), "r.csv")
    assert result.document is not None
    assert [f.code for f in result.flags] == [FlagCode.UNREADABLE_DOCUMENT]


def test_log_table_cut_at_the_row_limit_is_summarised_from_bytes():
    # A small xlsx log skips the early sniff; the reader's row limit (here 50) cuts its table.
    rows = [["设备编号", "采集时间", "运行状态"]]
    for i in range(120):
        rows.append(["SB-001", datetime(2025, 1, 1) + timedelta(days=i), "运行"])
    result = extract(_xlsx(rows, title="数采"), "log.xlsx", ExtractionSettings(max_table_rows=50))
    assert result.document.doc_type == DocumentType.DATA_COLLECTION_LOG
    assert result.document.tables[0].total_rows is not None
    (span,) = result.records.log_spans
    assert span.n_rows == 120 and span.runs == [DayRange(start=date(2025, 1, 1), end=date(2025, 4, 30))]


def test_csv_head_cuts_after_a_line_break():
    data = _log_csv(400, (0, 0))
    assert len(data) > LOG_HEAD_BYTES
    head = csv_head(data)
    assert len(head) <= LOG_HEAD_BYTES and head.endswith(b"\n") and data.startswith(head)
    utf16 = "设备编号,采集时间\n".encode("utf-16") * 20000
    assert csv_head(utf16) == utf16


def test_xlsx_log_takes_the_fast_path():
    small = ExtractionSettings(xlsx_log_sniff_min_bytes=0)  # real ones are big; the path is the same
    rows = [["北京某某科技有限公司设备数据采集记录"], ["设备编号", "采集时间", "运行状态"]]
    rows += [["SB-007", datetime(2025, 2, 1, 8) + timedelta(days=i), "运行"] for i in range(30)]
    data = _xlsx(rows, title="采集记录")
    assert is_data_log(data, "log.xlsx", settings=small)
    result = extract(data, "log.xlsx", small)
    (span,) = result.records.log_spans
    assert span.ref.sheet == "采集记录" and span.ref.row == 3 and span.days_with_data == 30
    assert result.records.identities[0].enterprise_name == "北京某某科技有限公司"
