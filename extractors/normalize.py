"""Pure normalisers for the values found in evidence cells (值的规范化).

Every function takes what a cell holds (text, number, date) and returns a typed value or None
when the text does not say. None means "not stated", never "false" or "zero".
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, time, timedelta, timezone

from models import ControlType

# ---------------------------------------------------------------------------------------------
# Text

_WS = re.compile(r"\s+")

# A device name or category naming a robot (工业机器人, 焊接机器人, 机械手, 机械臂, ABB robot …):
# one pattern for the equipment records and for telling a robot list by its rows.
ROBOT_NAME = re.compile(r"机器人|机械手|机械臂|robot", re.IGNORECASE)


def names_a_robot(text: str | None) -> bool:
    return bool(text) and ROBOT_NAME.search(text) is not None
_CJK = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef"
_CJK_CHAR = re.compile(f"[{_CJK}]")


def clean_text(value: object) -> str:
    """NFKC (full-width letters, digits and punctuation → half-width), strip, collapse runs of
    whitespace (including the ideographic space) into one space. Chinese is kept as is."""
    if value is None:
        return ""
    s = unicodedata.normalize("NFKC", str(value))
    return _WS.sub(" ", s).strip()


def join_lines(text: str) -> str:
    """Join the lines of a wrapped cell: no space between two Chinese characters (a table cell
    wraps 数控车床 as 数控\\n车床), one space between Latin words."""
    parts = [p.strip() for p in text.splitlines()]
    parts = [p for p in parts if p]
    if not parts:
        return ""
    out = parts[0]
    for p in parts[1:]:
        if _CJK_CHAR.match(out[-1]) or _CJK_CHAR.match(p[0]) or out[-1] in "-/" or p[0] in ")）":
            out += p
        else:
            out += " " + p
    return out


def _key(value: object) -> str:
    return clean_text(value).replace(" ", "").lower()


# ---------------------------------------------------------------------------------------------
# Booleans

_TRUE = {
    "是", "√", "✓", "✔", "☑", "有", "y", "yes", "true", "t", "1", "对", "已联网", "联网", "已采集",
    "采集", "自动采集", "数控", "已接入", "接入", "在用", "使用", "已使用", "正常", "正常运行",
    "运行", "已上线", "上线", "具备", "已具备",
    "v", "✅", "☑️",  # check marks written with a letter V or an emoji
}
_FALSE = {
    "否", "×", "x", "✗", "✘", "☒", "无", "没有", "n", "no", "false", "f", "0", "不是", "未联网",
    "不联网", "未采集", "人工采集", "手工采集", "非数控", "未接入", "停用", "未使用", "不具备",
    "未上线", "-", "/", "❌", "❎", "✖",
}


def parse_bool(value: object) -> bool | None:
    """是/否, √/×, ✓/✗, 有/无, Y/N, yes/no, 已联网/未联网, 已采集/未采集, 数控/非数控 → True/False.
    Anything else (blank, 待定, free text) → None."""
    if isinstance(value, bool):
        return value
    k = _key(value)
    if not k:
        return None
    if k in _TRUE:
        return True
    if k in _FALSE:
        return False
    # "是（已接入MES）", "否，人工记录": the first word decides.
    if k.startswith(("是否", "待", "部分")):
        return None
    if k.startswith(("否", "未", "非", "无", "没有", "不")):
        return False
    if k.startswith(("是", "已", "有")):
        return True
    return None


# ---------------------------------------------------------------------------------------------
# Numbers

_CN_DIGITS = {
    "零": 0, "〇": 0, "○": 0, "Ｏ": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000, "億": 100_000_000}
_CN_NUMERAL = re.compile("^[" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG) + "]+$")


def chinese_numeral_to_int(text: str) -> int | None:
    """十二 → 12, 一百二十 → 120, 一百零五 → 105, 两千 → 2000, 三万五千 → 35000, 壹拾贰 → 12,
    二〇二五 → 2025 (digit by digit when no unit character). None if not a numeral."""
    s = clean_text(text).replace(" ", "")
    if not s or not _CN_NUMERAL.match(s):
        return None
    if not any(ch in _CN_UNITS or ch in _CN_BIG for ch in s):
        return int("".join(str(_CN_DIGITS[ch]) for ch in s))
    total, section, digit = 0, 0, None
    for ch in s:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[ch]
            digit = None
        else:  # 万 / 亿
            section += digit or 0
            if section == 0 and total == 0:
                return None
            total = (total + section) * _CN_BIG[ch] if _CN_BIG[ch] > total else total + section * _CN_BIG[ch]
            section, digit = 0, None
    return total + section + (digit or 0)


_NUMBER = re.compile(
    r"^(?P<sign>[-+])?(?P<cur>[¥$]|rmb|人民币)?\s*(?P<paren>\()?\s*(?P<sign2>[-+])?"
    r"(?P<num>\d[\d,]*(?:\.\d+)?|\.\d+)\s*(?P<paren_end>\))?\s*(?P<suffix>[^\d]*)$",
    re.IGNORECASE,
)


def _normalise_numeric_text(value: object) -> str:
    s = clean_text(value)
    # minus signs seen in exports: U+2212, en dash; thin/narrow spaces as thousands separators
    s = s.replace("\u2212", "-").replace("\u2013", "-").replace("'", "")
    s = re.sub(r"(?<=\d) (?=\d{3}\b)", "", s)
    return s.replace(" ", "")


def parse_number(value: object) -> float | None:
    """'1,234.5', '１２３', '(1,234.00)' (negative), '-12', '¥123', '12台', '85%' (→ 85.0),
    '十二' → float. A suffix without digits (a unit) is ignored; None if no number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return float(value)
    s = _normalise_numeric_text(value)
    if not s:
        return None
    m = _NUMBER.match(s)
    if m is None:
        n = chinese_numeral_to_int(re.sub(r"[^\u4e00-\u9fff〇○]+$", "", s) or s)
        return float(n) if n is not None else None
    if m.group("paren") and not m.group("paren_end"):
        return None
    num = float(m.group("num").replace(",", ""))
    negative = (m.group("sign") == "-") ^ (m.group("sign2") == "-") ^ bool(m.group("paren"))
    return -num if negative else num


_QUANTITY_SUFFIX = re.compile(r"^[\u4e00-\u9fffA-Za-z()/、]{0,6}$")


def parse_int_quantity(value: object) -> int | None:
    """A count of units: '12', '１２', '十二', '一百二十', '12台', '3套', '12.0', '2台/套' → int.
    Fractions (12.5), negatives and free text → None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() and value >= 0 else None
    s = _normalise_numeric_text(value)
    if not s:
        return None
    m = re.match(r"^(\d[\d,]*(?:\.\d+)?)(.*)$", s)
    if m:
        if not _QUANTITY_SUFFIX.match(m.group(2)):
            return None
        num = float(m.group(1).replace(",", ""))
        return int(num) if num.is_integer() else None
    m = re.match("^([" + "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG) + "]+)(.*)$", s)
    if m and _QUANTITY_SUFFIX.match(m.group(2)):
        return chinese_numeral_to_int(m.group(1))
    return None


_AMOUNT_UNITS = (("亿元", 1e8), ("亿", 1e8), ("万元", 1e4), ("万", 1e4), ("千元", 1e3), ("元", 1.0))


def amount_unit_factor(text: str | None) -> float | None:
    """The multiplier to yuan named in a text: 亿元 → 1e8, 万元 → 1e4, 千元 → 1e3, 元 → 1."""
    if not text:
        return None
    t = clean_text(text)
    for unit, factor in _AMOUNT_UNITS:
        if unit in t:
            return factor
    return None


def parse_amount_yuan(value: object, unit_hint: str | None = None) -> float | None:
    """An amount in yuan: '12,345.67万元' → 123456700.0, '3.2亿元', '123元', '1,234' with
    unit_hint '金额（万元）' → 12340000.0. The unit written in the value wins over the hint."""
    number = parse_number(value)
    if number is None:
        return None
    factor = None
    if not isinstance(value, (int, float)):
        m = _NUMBER.match(_normalise_numeric_text(value))
        factor = amount_unit_factor(m.group("suffix")) if m else None
    if factor is None:
        factor = amount_unit_factor(unit_hint) or 1.0
    return round(number * factor, 2)


# ---------------------------------------------------------------------------------------------
# Dates and times

_EXCEL_EPOCH = datetime(1899, 12, 30)
# Excel serial day numbers we accept as dates: 1955-01-01 … 2099-12-31.
_EXCEL_SERIAL_MIN, _EXCEL_SERIAL_MAX = 20090, 73050
# Timestamps without a zone are local; epoch numbers are converted to Beijing time (UTC+8).
BEIJING = timezone(timedelta(hours=8))

_DATE_YMD = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[\sT].*)?$")
_DATE_YM = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$")
_DATE_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_CN_DATE = re.compile(r"^([〇○零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?$")


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def excel_serial_to_datetime(serial: float) -> datetime | None:
    """Excel (1900 system) serial day number → datetime, within a plausible range."""
    if not (_EXCEL_SERIAL_MIN <= serial <= _EXCEL_SERIAL_MAX):
        return None
    return _EXCEL_EPOCH + timedelta(days=float(serial))


def parse_date(value: object) -> date | None:
    """2025年3月1日, 2025-03-01, 2025/3/1, 2025.3.1, 20250301, 2025年3月 (→ the 1st), 2025-03,
    二〇二五年三月一日, Excel serial numbers (45717), date/datetime objects → date; else None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)):
        if 19000101 <= value <= 21001231 and float(value).is_integer():
            return parse_date(str(int(value)))
        dt = excel_serial_to_datetime(float(value))
        return dt.date() if dt else None
    s = clean_text(value)
    if not s:
        return None
    if m := _DATE_YMD.match(s):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _DATE_YM.match(s):
        return _safe_date(int(m.group(1)), int(m.group(2)), 1)
    s = s.replace(" ", "")
    if m := _DATE_COMPACT.match(s):
        return _safe_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    if m := _CN_DATE.match(s):
        y, mo = chinese_numeral_to_int(m.group(1)), chinese_numeral_to_int(m.group(2))
        d = chinese_numeral_to_int(m.group(3)) if m.group(3) else 1
        return _safe_date(y, mo, d) if y and mo and d else None
    if re.fullmatch(r"\d{5}(\.\d+)?", s):
        dt = excel_serial_to_datetime(float(s))
        return dt.date() if dt else None
    return None


_DATETIME = re.compile(
    r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[\sT]+(\d{1,2})[:时](\d{1,2})分?(?::?(\d{1,2})(?:\.(\d{1,6}))?秒?)?)?$"
)


def _to_naive_beijing(dt: datetime) -> datetime:
    if dt.tzinfo is not None:
        return dt.astimezone(BEIJING).replace(tzinfo=None)
    return dt


def parse_datetime(value: object) -> datetime | None:
    """A log timestamp → naive local datetime (Beijing time). Fast path for ISO-like strings
    (2025-03-01 08:00:00, 2025-03-01T08:00:00+08:00); also 2025/3/1 8:05, 2025年3月1日 8时5分,
    dates alone (→ midnight), Excel serials with a time fraction, and Unix epoch seconds or
    milliseconds (converted from UTC to Beijing time)."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, datetime):
        return _to_naive_beijing(value)
    if isinstance(value, date):
        return datetime.combine(value, time())
    if isinstance(value, (int, float)):
        return _numeric_datetime(float(value))
    s = str(value).strip()
    if len(s) >= 10 and s[4] == "-" and s[7] == "-":
        try:
            return _to_naive_beijing(datetime.fromisoformat(s))
        except ValueError:
            pass
    s = clean_text(s)
    if m := _DATETIME.match(s):
        y, mo, d, hh, mm, ss, frac = m.groups()
        try:
            return datetime(
                int(y), int(mo), int(d), int(hh or 0), int(mm or 0), int(ss or 0),
                int((frac or "0").ljust(6, "0")),
            )
        except ValueError:
            return None
    if re.fullmatch(r"\d+(\.\d+)?", s):
        if len(s) == 8 and (d8 := parse_date(s)):
            return datetime.combine(d8, time())
        return _numeric_datetime(float(s))
    d0 = parse_date(s)
    return datetime.combine(d0, time()) if d0 else None


def _numeric_datetime(x: float) -> datetime | None:
    if 1e12 <= x < 1e13:  # epoch milliseconds
        x /= 1000.0
    if 1e9 <= x < 1e10:  # epoch seconds
        return datetime.fromtimestamp(x, BEIJING).replace(tzinfo=None)
    return excel_serial_to_datetime(x)


# ---------------------------------------------------------------------------------------------
# Control type (控制方式)

_CONTROL_TOKENS = [
    (re.compile(r"(?<![A-Z])CNC(?![A-Z])"), ControlType.CNC),
    (re.compile(r"(?<![A-Z])DNC(?![A-Z])"), ControlType.DNC),
    (re.compile(r"(?<![A-Z])FMC(?![A-Z])"), ControlType.FMC),
    (re.compile(r"(?<![A-Z])PLC(?![A-Z])"), ControlType.PLC),
    (re.compile(r"(?<![A-Z])DCS(?![A-Z])"), ControlType.DCS),
    (re.compile(r"(?<![A-Z])PCS(?![A-Z])"), ControlType.PCS),
    (re.compile(r"(?<![A-Z])NC(?![A-Z])"), ControlType.NC),
]
_MANUAL_WORDS = ("非数控", "手动", "手工", "普通", "人工", "机械")


def parse_control_type(value: object) -> ControlType | None:
    """控制方式 → ControlType: CNC/NC/DNC/FMC/PLC/DCS/PCS as tokens (FANUC is not NC), 数控 →
    NC, 手动/普通/人工/非数控 → manual. None when nothing is recognised."""
    s = clean_text(value).upper()
    if not s:
        return None
    if any(w in s for w in _MANUAL_WORDS):
        return ControlType.MANUAL
    for pattern, kind in _CONTROL_TOKENS:
        if pattern.search(s):
            return kind
    if "数控" in s or "数字控制" in s:
        return ControlType.NC
    if "可编程" in s:
        return ControlType.PLC
    if "集散" in s or "分布式控制" in s:
        return ControlType.DCS
    return None
