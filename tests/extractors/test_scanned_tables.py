"""Scanned tables from other scanners (issue 13, class 3), from generated cells — no OCR here:
columns read from their values when the header is garbled, group header rows, check marks,
OCR-misread process names joined by similarity, false column rules, one flag per document."""

from __future__ import annotations

from datetime import date

from extractors.headers import header_score, map_header
from extractors.matching import infer_fields_from_values, match_process, name_similarity
from extractors.normalize import parse_bool
from extractors.ocr.table import OcrChunk
from extractors.ocr.tables import collapse_false_columns
from extractors.readers.layout import find_header
from extractors.records.processes import join_process_names, merge_misread_processes
from extractors.records.systems import read_go_live
from models import Device, EvidenceRef, FlagCode, KeyProcess, Manifest, PacketFacts
from validators.processes import process_ref_flags


def test_a_garbled_header_column_is_read_from_its_values():
    # headers as OCR garbled them; none of these strings is in a vocabulary
    header = ["序号", "设备名称", "zzmmz", "自六呈告", "台套", "q#k"]
    fields = [None, "device_name", None, None, "quantity", None]
    columns = [["1", "2", "3", "4"], ["车床", "铣床", "钻床", "磨床"], ["数控", "手动", "PLC", "CNC"],
               ["√", "×", "√", "√"], ["1", "2", "1", "3"], ["EQ-0101", "EQ-0102", "EQ-0103", "EQ-0104"]]
    out, made = infer_fields_from_values(header, fields, columns, "equipment_list", ["序号"])
    assert out == [None, "device_name", "control_type", "is_networked", "quantity", "asset_no"]
    assert (2, "control_type", 1.0) in made and (3, "is_networked", 1.0) in made
    # with 联网 named by its header, an unnamed yes/no column is 数控
    fields2 = [None, "device_name", None, None, "quantity", "is_networked"]
    out2, _ = infer_fields_from_values(header, fields2, columns[:5] + [["V", "x", "V", "V"]], "equipment_list")
    assert out2[3] == "is_nc"


def test_values_of_no_single_kind_and_row_numbers_are_not_inferred():
    header = ["@@", "名称", "%%"]
    columns = [["1", "2", "3"], ["甲", "乙", "丙"], ["是", "车床", "PLC"]]
    out, made = infer_fields_from_values(header, [None, "device_name", None], columns, "equipment_list")
    assert out == [None, "device_name", None] and made == []


def test_check_marks_are_booleans():
    assert [parse_bool(x) for x in ("V", "v", "√", "✓", "是", "有")] == [True] * 6
    assert [parse_bool(x) for x in ("x", "X", "×", "否", "无")] == [False] * 5


def test_a_group_header_row_above_the_real_header_is_merged_not_taken_as_the_header():
    # group words of our own (not the foreign generator's): one pair names fields (设备信息 / 联网采集),
    # one names none (基础资料 / 控制与采集)
    for left, right in (("设备信息", "联网采集"), ("基础资料", "控制与采集")):
        rows = [["某公司设备一览", "", "", "", "", ""],
                ["序号", left, "", "", right, ""],
                ["序号", "设备名称", "规格型号", "资产编号", "控制方式", "是否联网"],
                ["1", "数控车床", "CK-1", "A001", "CNC", "是"],
                ["2", "折弯机", "WE-1", "A002", "手动", "否"]]
        info = find_header(rows, [], header_score)
        assert info is not None and info.header_rows[-1] == 2, (left, info)
        assert map_header(info.header) == [None, "device_name", "model", "asset_no", "control_type", "is_networked"]


def test_ocr_misread_process_names_join_the_described_ones_with_a_score():
    described = ["常减压蒸馏", "催化裂化", "油品调和"]
    m = match_process("常减讨蒸馏", described)
    assert m.key == "常减压蒸馏" and 70 <= m.score < 100
    assert match_process("片SMT贴", ["smt贴片", "回流焊接"]).key == "smt贴片"  # characters out of order
    assert match_process("老化清坏", ["老化测试", "整机组装"]).key is None  # too far: stays unknown
    assert name_similarity("一次焊接", "二次焊接") < 100


def _ref(file: str, row: int) -> EvidenceRef:
    return EvidenceRef(file=file, row=row)


def _facts(devices: list[Device], processes: list[KeyProcess]) -> PacketFacts:
    return PacketFacts(packet_id="p", manifest=Manifest(packet_id="p"), devices=devices, processes=processes)


def test_join_rewrites_only_where_one_side_was_read_by_ocr():
    procs = [KeyProcess(ref=_ref("工序.docx", 1), name="钣金折弯"), KeyProcess(ref=_ref("工序.docx", 2), name="精密机加工")]
    scanned = Device(ref=_ref("台账.png", 3), min_confidence=71.0, name="数控折弯机", process="钣金拆弯")
    typed = Device(ref=_ref("台账.xlsx", 4), name="折弯机", process="钣金拆弯")
    facts = _facts([scanned, typed], procs)
    join_process_names(facts)
    assert scanned.process == "钣金折弯" and scanned.process_written == "钣金拆弯" and scanned.process_score
    assert typed.process == "钣金拆弯" and typed.process_written is None  # a typed typo is the reviewer's


def test_a_description_read_twice_in_two_spellings_is_one_process():
    a = KeyProcess(ref=_ref("说明.png", 1), min_confidence=80.0, name="锡谊印刷", is_key=False)
    b = KeyProcess(ref=_ref("说明.png", 2), min_confidence=80.0, name="锡膏印刷", is_key=True)
    merged = merge_misread_processes([a, b])
    assert [(p.name, p.is_key) for p in merged] == [("锡膏印刷", True)]
    typed = [KeyProcess(ref=_ref("说明.docx", 1), name="一次焊接"), KeyProcess(ref=_ref("说明.docx", 2), name="二次焊接")]
    assert len(merge_misread_processes(typed)) == 2


def test_unreadable_process_cells_of_a_scan_are_said_once_per_document():
    procs = [KeyProcess(ref=_ref("工序.png", i), min_confidence=90.0, name=n) for i, n in enumerate(["下料", "焊接", "装配"])]
    rows = [Device(ref=_ref("台账.png", i), min_confidence=40.0, name=f"设备{i}", process=p, is_nc=True)
            for i, p in enumerate(["下料", "#@", "一", "~~"], start=1)]
    flags = process_ref_flags(_facts(rows, procs))
    assert [f.code for f in flags] == [FlagCode.UNKNOWN_PROCESS_REF]
    assert flags[0].data["file"] == "台账.png" and flags[0].data["rows"] == 3
    assert "焊接" in flags[0].message and "装配" in flags[0].message  # the key processes it may hold
    # born-digital rows keep their flag per name and the per-process flag
    typed = [Device(ref=_ref("台账.xlsx", 1), name="剪板机", process="下料"), Device(ref=_ref("台账.xlsx", 2), name="x", process="喷漆")]
    codes = sorted(f.code.value for f in process_ref_flags(_facts(typed, procs)))
    assert codes == ["PROCESS_WITHOUT_EQUIPMENT", "PROCESS_WITHOUT_EQUIPMENT", "UNKNOWN_PROCESS_REF"]


def test_a_rule_drawn_in_a_few_rows_only_is_no_column_boundary():
    # slot 2|3 is split by a seal's arc in row 2 only; every other row's cell spans both slots
    rows = [["序号", "名称", "上线时间", ""], ["1", "ERP", "2021年8", "月10日"], ["2", "MES", "2022-01-05", ""],
            ["3", "OA", "2023-03-01", ""]]
    merges = [(0, 2, 0, 3), (2, 2, 2, 3), (3, 2, 3, 3)]
    boxes = [[None] * 4 for _ in rows]
    confs = [[90.0, 90.0, 80.0, 70.0] for _ in rows]
    chunk = OcrChunk(page=1, rows=rows, raw=rows, merges=merges, bboxes=boxes, confidences=confs)
    out = collapse_false_columns(chunk)
    assert out.rows[1] == ["1", "ERP", "2021年8月10日"] and out.rows[0] == ["序号", "名称", "上线时间"]
    assert out.confidences[1][2] == 70.0 and out.merges == []


def test_go_live_read_by_ocr_keeps_what_is_legible():
    assert read_go_live("2022.1D", True) == date(2022, 10, 1)
    assert read_go_live("2022/4/们", True) == date(2022, 4, 30)  # day unreadable: the month's last day
    assert read_go_live("2022/4/们", False) is None  # typed text is not guessed at


def _scanned_table(doc_type: str, header: list[str], fields: list[str | None], rows: list[list[str]]):  # type: ignore[no-untyped-def]
    from models import Cell, Engine, Table, TableRow

    def ref(r: int, c: int | None = None) -> EvidenceRef:
        return EvidenceRef(file="scan.png", page=1, row=r, column=None if c is None else header[c],
                           engine=Engine.TESSERACT, confidence=75.0)

    body = [TableRow(cells=[Cell(text=t, ref=ref(i, c)) for c, t in enumerate(r)], ref=ref(i)) for i, r in enumerate(rows, 1)]
    return Table(file="scan.png", header=header, fields=fields, rows=body, ref=ref(0), doc_type=doc_type)


def test_a_scanned_yes_no_cell_is_read_by_its_strokes_or_its_one_word():
    from extractors.records.products import product_records
    from models import Document, SourceFormat

    t = _scanned_table("product_list", ["产品名称", "产量", "数字化设计(V/x)"], ["product_name", "output_qty", "digital_design"],
                       [["甲产品", "100", "YY"], ["乙产品", "200", "/ 7"], ["丙产品", "300", "%"], ["丁产品", "50", "四是"],
                        ["戊产品", "60", "车床"]])
    doc = Document(file="scan.png", format=SourceFormat.IMAGE, tables=[t])
    assert [p.digital_design for p in product_records(doc)] == [True, True, False, True, None]


def test_a_fragment_of_a_scan_is_no_system_and_no_device():
    from extractors.records.equipment import equipment_records
    from extractors.records.systems import system_records
    from models import Document, SourceFormat

    systems = _scanned_table("business_system_list", ["业务环节", "系统名称", "上线时间"], ["segment", "system_name", "go_live"],
                             [["生产管理", "MES系统", "2020-01-01"], ["", "四", ""], ["财务", "用友U8", "2019-03-01"]])
    devices = _scanned_table("equipment_list", ["设备名称", "资产编号"], ["device_name", "asset_no"],
                             [["数控车床", "EQ-01"], ["一", ""], ["", "EQ-03"]])
    names = [s.system_name for s in system_records(Document(file="scan.png", format=SourceFormat.IMAGE, tables=[systems]))]
    assert names == ["MES系统", "用友U8"]
    got = [d.name for d in equipment_records(Document(file="scan.png", format=SourceFormat.IMAGE, tables=[devices]))]
    assert got == ["数控车床", "EQ-03"]  # the unreadable name falls back to the row's asset number


def test_a_misread_control_code_and_asset_number_are_read_by_what_they_are_one_character_off():
    from datetime import datetime

    from extractors.records.equipment import join_asset_numbers, read_control
    from models import ControlType, DataLogSpan

    assert read_control("DC9", True) == ControlType.DCS and read_control("PLG", True) == ControlType.PLC
    assert read_control("DC9", False) is None and read_control("XYZ", True) is None
    span = DataLogSpan(ref=_ref("log.csv", 1), asset_no="SB26011", first_seen=datetime(2025, 1, 1),
                       last_seen=datetime(2025, 6, 1), n_rows=150)
    scanned = Device(ref=_ref("台账.png", 11), min_confidence=60.0, name="综合测试仪", asset_no="9B26011")
    typed = Device(ref=_ref("台账.xlsx", 12), name="老化柜", asset_no="SB26O12")
    facts = _facts([scanned, typed], [])
    facts.log_spans = [span, span.model_copy(update={"asset_no": "SB26012"})]
    join_asset_numbers(facts)
    assert (scanned.asset_no, scanned.asset_no_written) == ("SB26011", "9B26011")
    assert typed.asset_no == "SB26O12" and typed.asset_no_written is None


def test_leftovers_on_both_sides_pair_when_each_is_the_others_nearest():
    procs = [KeyProcess(ref=_ref("工序.png", 1), min_confidence=50.0, name="常减压蓉包"),
             KeyProcess(ref=_ref("工序.png", 2), min_confidence=80.0, name="催化裂化")]
    rows = [Device(ref=_ref("台账.png", i), min_confidence=70.0, name=f"塔{i}", process="GX02常减压蒸馏") for i in (1, 2)]
    rows.append(Device(ref=_ref("台账.png", 3), min_confidence=70.0, name="主风机", process="催化裂化"))
    facts = _facts(rows, procs)
    join_process_names(facts)
    assert [d.process for d in rows] == ["常减压蓉包", "常减压蓉包", "催化裂化"]
    assert rows[0].process_written == "GX02常减压蒸馏" and 55 <= rows[0].process_score < 70


def test_a_spelling_that_joined_is_a_reading_of_the_process_too():
    procs = [KeyProcess(ref=_ref("工序.png", 1), min_confidence=50.0, name="锥区依运"),
             KeyProcess(ref=_ref("工序.png", 2), min_confidence=80.0, name="催化裂化")]
    right = Device(ref=_ref("台账.png", 1), min_confidence=70.0, name="输油泵", process="锥区储运")
    worse = Device(ref=_ref("台账.png", 2), min_confidence=70.0, name="装车鹤管", process="钒区储运")
    facts = _facts([right, worse], procs)
    join_process_names(facts)
    assert right.process == worse.process == "锥区依运"  # 钒区储运 is 50 off the description, 75 off 锥区储运


def test_a_scanned_key_list_without_its_colon_is_read_and_a_sideways_table_row_is_no_list():
    from extractors.records.processes import processes_from_text
    from models import Document, DocumentType, PageText, SourceFormat

    def names(text: str, ocr: bool) -> list[tuple[str, bool]]:
        page = PageText(number=1, text=text, has_text_layer=not ocr, ocr_confidence=80.0 if ocr else None)
        doc = Document(file="d.png", format=SourceFormat.IMAGE, pages=[page], doc_type=DocumentType.PROCESS_DESCRIPTION)
        return [(p.name, p.is_key) for p in processes_from_text(doc)]

    scanned = "主要生产工艺流程为；开卷-校平*冲压~焊装-涂装\n其中关键工序为冲压、焊装"
    assert names(scanned, True) == [("开卷", False), ("校平", False), ("冲压", True), ("焊装", True), ("涂装", False)]
    run_together = "工艺流程为：开卷，校平冲压，焊装\n关键工序：冲压、焊装"
    assert ("校平", False) in names(run_together, True) and ("冲压", True) in names(run_together, True)
    assert names("是否关键工序\t是\t否\t是", False) == []
