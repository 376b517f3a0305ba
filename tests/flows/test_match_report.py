"""A header, business segment or process name read by the tolerant matcher below its review bar is
in the verdict (`low_confidence_matches`) and the report with its score and source, and raises one
MATCH_LOW_CONFIDENCE per document; exact readings are not listed."""

from __future__ import annotations

import io
import json

import openpyxl
import pytest

from extractors.matches import match_flags, process_matches
from extractors.matching import REVIEW_SCORE
from flows.check_packet import CheckOutcome, check_files
from models import (
    MATCH_REVIEW_SCORE,
    Device,
    EvidenceRef,
    FlagCode,
    KeyProcess,
    Manifest,
    MatchKind,
    PacketFacts,
    PacketFile,
    Severity,
)


def _xlsx(title: str, header: list[str], rows: list[list[object]]) -> bytes:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Sheet1"
    ws.append([title])
    ws.append(header)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _packet() -> list[PacketFile]:
    systems = _xlsx(
        "经营管理数字化情况表",
        ["业务环节", "信息系统名称", "上线时间", "应用情况"],
        [["研发设计", "PLM产品数据管理", "2021-03-01", "在用"],
         ["—", "MES制造执行系统", "2020-05-01", "在用"],  # segment cell says nothing: the system tells (system_hint)
         ["采购", "SRM", "2020-01-01", "在用"]],
    )
    processes = _xlsx("生产工序说明", ["工序名称", "是否关键工序"], [["机加工", "是"], ["装配", "是"]])
    equipment = _xlsx(
        "生产设备清单",
        # 资产编亏: 号 misread as 亏 (one character off a listed header, no stem of the field in it)
        ["设备名称", "资产编亏", "所属工序", "是否数控", "是否联网"],
        [["数控车床", "SB-001", "精密机加工", "是", "否"],  # contained in another name: 精密机加工 → 机加工
         ["装配台", "SB-002", "装配", "否", "否"]],
    )
    manifest = {"packet_id": "match-demo", "enterprise_name": "北京某某精工有限公司", "assessment_year": 2026,
                "industry_code": "C3411"}
    return [PacketFile(name="系统.xlsx", data=systems), PacketFile(name="工序.xlsx", data=processes),
            PacketFile(name="设备.xlsx", data=equipment),
            PacketFile(name="manifest.json", data=json.dumps(manifest, ensure_ascii=False).encode())]


@pytest.fixture(scope="module")
def outcome() -> CheckOutcome:
    return check_files("match-demo", _packet())


def _file(outcome: CheckOutcome, name: str) -> bytes:
    return next(f.data for f in outcome.files if f.name == name)


def test_the_bars_agree() -> None:
    assert REVIEW_SCORE == MATCH_REVIEW_SCORE


def test_low_confidence_matches_are_in_the_verdict_with_score_and_source(outcome: CheckOutcome) -> None:
    verdict = json.loads(_file(outcome, "verdict.json"))
    assert verdict["schema_version"] == 1
    got = {(m["kind"], m["text"], m["matched"]): m for m in verdict["low_confidence_matches"]}
    header = got[("header", "资产编亏", "asset_no")]
    assert header["method"] == "misread" and header["score"] < MATCH_REVIEW_SCORE
    assert header["evidence"][0]["file"] == "设备.xlsx" and header["evidence"][0]["sheet"] == "Sheet1"
    assert header["evidence"][0]["row"] == 2 and header["evidence"][0]["column"] == "资产编亏"
    segment = got[("segment", "—", "production")]
    assert segment["method"] == "system_hint" and segment["matched_label"] == "生产"
    assert segment["evidence"][0]["row"] == 4  # the MES row of the sheet
    process = got[("process", "精密机加工", "机加工")]
    assert process["method"] == "contained" and 0 < process["score"] < MATCH_REVIEW_SCORE
    assert (process["evidence"][0]["file"], process["evidence"][0]["row"]) == ("设备.xlsx", 3)
    # exact readings (listed synonyms, equal names) are not listed
    assert not any(m["text"] in ("研发设计", "采购", "装配", "业务环节") for m in verdict["low_confidence_matches"])
    assert all(m["score"] < MATCH_REVIEW_SCORE for m in verdict["low_confidence_matches"])


def test_the_matched_reading_is_used(outcome: CheckOutcome) -> None:
    systems = {s.system_name: s for s in outcome.facts.business_systems}
    assert systems["MES制造执行系统"].segment == "production"
    assert {d.asset_no for d in outcome.facts.devices} == {"SB-001", "SB-002"}  # the misread header's column was read


def test_one_flag_per_document_for_a_reviewer(outcome: CheckOutcome) -> None:
    flags = [f for f in outcome.flags if f.code is FlagCode.MATCH_LOW_CONFIDENCE]
    assert sorted(f.data["key"] for f in flags) == ["match:系统.xlsx", "match:设备.xlsx"]
    equipment_flag = next(f for f in flags if f.data["key"] == "match:设备.xlsx")
    assert equipment_flag.severity is Severity.INFO and equipment_flag.data["matches"] == 2
    assert "资产编亏" in equipment_flag.message and "精密机加工" in equipment_flag.message and "分" in equipment_flag.message
    assert {e.file for e in equipment_flag.evidence} == {"设备.xlsx"}


def test_the_report_lists_them(outcome: CheckOutcome) -> None:
    html = _file(outcome, "report.html").decode()
    section = html.split('id="low-confidence-matches"', 1)[1].split("</table>", 1)[0]
    assert section.count('class="match"') == len(outcome.verdict.low_confidence_matches) >= 3
    for text in ("资产编亏", "精密机加工", "生产", "系统.xlsx · Sheet1 · row 4", "设备.xlsx · Sheet1 · row 2"):
        assert text in section


def test_process_join_scores_and_exact_parts() -> None:
    ref = EvidenceRef(file="e.xlsx", sheet="S", row=2)
    facts = PacketFacts(
        packet_id="p", manifest=Manifest(packet_id="p"),
        processes=[KeyProcess(ref=ref, name="焊接"), KeyProcess(ref=ref, name="总装")],
        devices=[Device(ref=ref, name="焊机", process="焊接、总装"),  # equal parts of a list: exact
                 Device(ref=ref, name="焊机", process="焊接工序"),  # a suffix process_key drops: exact
                 Device(ref=ref.model_copy(update={"row": 5}), name="机器人", process="激光焊接")],  # contained
    )
    found = process_matches(facts)
    assert [(m.text, m.matched, m.kind) for m in found] == [("激光焊接", "焊接", MatchKind.PROCESS)]
    assert found[0].score == pytest.approx(66.7, abs=0.1) and found[0].evidence[0].row == 5
    assert [f.data["key"] for f in match_flags(found)] == ["match:e.xlsx"]
    # above the bar: listed in facts, no flag
    assert match_flags([found[0].model_copy(update={"score": 90.0})]) == []


def test_a_scanned_header_match_cites_its_box() -> None:
    from extractors.classify import classify_table
    from extractors.readers.layout import Grid, grid_to_tables
    from models import BBox

    def box(x: int, y: int) -> BBox:
        return BBox(x0=x, y0=y, x1=x + 90, y1=y + 30, unit="px")

    rows = [["设备名称", "资产编亏", "控制方弍", "是否联网"], ["数控车床", "SB-01", "CNC", "是"], ["焊机", "SB-02", "手动", "否"]]
    grid = Grid(rows=rows, bboxes=[[box(100 * c, 40 * r) for c in range(4)] for r in range(3)], pages=[1, 1, 1])
    (table,) = grid_to_tables(grid, EvidenceRef(file="扫描件.png", page=1))
    typed = classify_table(table)
    (m,) = [m for m in typed.field_matches if m.matched == "asset_no"]
    assert (m.text, m.method, m.needs_review) == ("资产编亏", "misread", True)
    assert m.evidence[0].bbox == box(100, 0) and m.evidence[0].page == 1 and m.evidence[0].column == "资产编亏"
    # a misread that still holds a stem of its field (控制 of 控制方式) is as sure as a stem match
    (c,) = [m for m in typed.field_matches if m.matched == "control_type"]
    assert (c.method, c.needs_review) == ("stem", False)
