"""Spreadsheet cell values → the text a Cell holds (shared by the xlsx and xls readers)."""

from __future__ import annotations

import re
from datetime import date, datetime, time

from extractors.normalize import clean_text

_EXCEL_ERRORS = re.compile(r"^#(DIV/0!|N/A|NAME\?|NULL!|NUM!|REF!|VALUE!|GETTING_DATA|SPILL!|CALC!)$")


def number_text(value: float | int, number_format: str | None = None) -> str:
    """12.0 → "12", 0.85 formatted as a percentage → "85%", else the shortest exact text."""
    if number_format and "%" in number_format:
        return f"{value * 100:.10g}%"
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    if isinstance(value, float):
        return f"{value:.15g}"
    return str(value)


def datetime_text(value: datetime | date | time) -> str:
    """Dates as ISO text; a datetime at midnight as a date."""
    if isinstance(value, datetime):
        if value.time() == time():
            return value.date().isoformat()
        return value.isoformat(sep=" ", timespec="seconds")
    return value.isoformat()


def value_text(value: object, number_format: str | None = None) -> tuple[str, str]:
    """(cell text, raw text) of a spreadsheet value. Error values (#REF!, #DIV/0!) and formulas
    without a cached value read as empty."""
    if value is None:
        return "", ""
    if isinstance(value, bool):
        raw = "TRUE" if value else "FALSE"
        return raw, raw
    if isinstance(value, (int, float)):
        raw = number_text(value, number_format)
        return raw, raw
    if isinstance(value, (datetime, date, time)):
        raw = datetime_text(value)
        return raw, raw
    raw = str(value)
    if raw.startswith("=") or _EXCEL_ERRORS.match(raw.strip()):
        return "", ""
    return clean_text(raw), raw.strip()
