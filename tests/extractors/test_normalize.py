"""Value normalisers: each case is a form seen in real evidence cells."""

from datetime import date, datetime

import pytest

from extractors.normalize import (
    chinese_numeral_to_int,
    clean_text,
    join_lines,
    parse_amount_yuan,
    parse_bool,
    parse_control_type,
    parse_date,
    parse_datetime,
    parse_int_quantity,
    parse_number,
)
from models import ControlType


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("  数控车床  ", "数控车床"),
        ("ＣＫ６１４０", "CK6140"),
        ("数量（台）", "数量(台)"),
        ("设备\u3000名称", "设备 名称"),
        ("a \t\n b", "a b"),
        (None, ""),
        (12, "12"),
    ],
)
def test_clean_text(raw, expected):
    assert clean_text(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [("数控\n车床", "数控车床"), ("Haas\nVF-2", "Haas VF-2"), ("加工\n VMC850", "加工VMC850"), ("\n\n", "")],
)
def test_join_lines(raw, expected):
    assert join_lines(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("是", True), ("否", False), ("√", True), ("×", False), ("✓", True), ("✗", False),
        ("有", True), ("无", False), ("Y", True), ("n", False), ("yes", True), ("NO", False),
        ("已联网", True), ("未联网", False), ("已采集", True), ("未采集", False),
        ("数控", True), ("非数控", False), ("是（已接入MES）", True), ("否，人工记录", False),
        ("ｙｅｓ", True), (True, True), ("", None), (None, None), ("待定", None), ("设备", None),
    ],
)
def test_parse_bool(raw, expected):
    assert parse_bool(raw) is expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("十二", 12), ("一百二十", 120), ("一百零五", 105), ("两千", 2000), ("三万五千", 35000),
        ("壹拾贰", 12), ("十", 10), ("二〇二五", 2025), ("一亿二千万", 120_000_000), ("车床", None), ("", None),
    ],
)
def test_chinese_numeral_to_int(raw, expected):
    assert chinese_numeral_to_int(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("12", 12), ("１２", 12), ("十二", 12), ("一百二十", 120), ("12台", 12), ("3套", 3),
        ("12.0", 12), ("2台/套", 2), ("1,200", 1200), (" 5 台 ", 5), (7, 7), (7.0, 7),
        ("12.5", None), ("-3", None), ("约十台左右的设备数量", None), ("CK6140", None), ("", None),
        (None, None), (True, None), ("2025-03-01", None),
    ],
)
def test_parse_int_quantity(raw, expected):
    assert parse_int_quantity(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("1,234.5", 1234.5), ("１２３", 123.0), ("１，２３４．５", 1234.5), ("(1,234.00)", -1234.0),
        ("（56.7）", -56.7), ("-12", -12.0), ("\u221212", -12.0), ("¥123", 123.0), ("85%", 85.0),
        ("十二", 12.0), ("1 234 567.89", 1234567.89), (3, 3.0), ("", None), ("abc", None),
        ("2025年3月", None), ("(12", None),
    ],
)
def test_parse_number(raw, expected):
    assert parse_number(raw) == expected


@pytest.mark.parametrize(
    "raw, hint, expected",
    [
        ("12,345.67万元", None, 123_456_700.0),
        ("3.2亿元", None, 320_000_000.0),
        ("123元", None, 123.0),
        ("1,234", "金额（万元）", 12_340_000.0),
        ("1,234", "金额(元)", 1234.0),
        ("1,234", None, 1234.0),
        ("56千元", None, 56_000.0),
        ("5万元", "金额（亿元）", 50_000.0),  # the unit in the value wins over the header's
        ("１２３，４５６．７８元", None, 123_456.78),
        (2.5, "万元", 25_000.0),
        ("不详", "万元", None),
    ],
)
def test_parse_amount_yuan(raw, hint, expected):
    assert parse_amount_yuan(raw, hint) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2025年3月1日", date(2025, 3, 1)),
        ("2025-03-01", date(2025, 3, 1)),
        ("2025/3/1", date(2025, 3, 1)),
        ("2025.3.1", date(2025, 3, 1)),
        ("20250301", date(2025, 3, 1)),
        ("2025年3月", date(2025, 3, 1)),
        ("2025-03", date(2025, 3, 1)),
        ("２０２５年３月１日", date(2025, 3, 1)),
        ("2025 年 3 月 1 日", date(2025, 3, 1)),
        ("二〇二五年三月一日", date(2025, 3, 1)),
        ("2025-03-01 08:30:00", date(2025, 3, 1)),
        (45717, date(2025, 3, 1)),
        (45717.75, date(2025, 3, 1)),
        ("45717", date(2025, 3, 1)),
        (20250301, date(2025, 3, 1)),
        (datetime(2025, 3, 1, 9, 0), date(2025, 3, 1)),
        (date(2025, 3, 1), date(2025, 3, 1)),
        ("2025-02-30", None),
        ("12", None),
        ("", None),
        ("在职", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_date(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("2025-03-01 08:00:00", datetime(2025, 3, 1, 8, 0, 0)),
        ("2025-03-01T08:00:00.250", datetime(2025, 3, 1, 8, 0, 0, 250000)),
        ("2025-03-01T00:00:00+00:00", datetime(2025, 3, 1, 8, 0, 0)),  # to Beijing time
        ("2025/3/1 8:05", datetime(2025, 3, 1, 8, 5)),
        ("2025/03/01 08:05:09", datetime(2025, 3, 1, 8, 5, 9)),
        ("2025年3月1日 8时5分30秒", datetime(2025, 3, 1, 8, 5, 30)),
        ("2025-03-01", datetime(2025, 3, 1)),
        (1740787200, datetime(2025, 3, 1, 8, 0)),  # epoch seconds, UTC → Beijing
        ("1740787200000", datetime(2025, 3, 1, 8, 0)),  # epoch milliseconds
        (45717.5, datetime(2025, 3, 1, 12, 0)),  # Excel serial with time
        ("2025-13-01 00:00:00", None),
        ("运行", None),
        (None, None),
    ],
)
def test_parse_datetime(raw, expected):
    assert parse_datetime(raw) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("CNC", ControlType.CNC), ("cnc", ControlType.CNC), ("NC", ControlType.NC), ("DNC", ControlType.DNC),
        ("FMC", ControlType.FMC), ("PLC", ControlType.PLC), ("PLC控制", ControlType.PLC),
        ("DCS", ControlType.DCS), ("PCS", ControlType.PCS), ("数控", ControlType.NC),
        ("FANUC 0i-MF 数控系统", ControlType.NC), ("ＣＮＣ", ControlType.CNC),
        ("手动", ControlType.MANUAL), ("普通", ControlType.MANUAL), ("人工", ControlType.MANUAL),
        ("非数控", ControlType.MANUAL), ("FANUC", None), ("", None), ("其他", None),
    ],
)
def test_parse_control_type(raw, expected):
    assert parse_control_type(raw) == expected
