"""Formula cells without cached values (written by export tools and scripts that never ran
Excel): evaluated here, never read as blank or zero.

openpyxl's `data_only=True` gives a formula's cached value, or None when the file holds none —
a robot count of 12 computed by `=SUM(C2:C9)` would silently read as empty. Each such formula
is parsed and compiled by the `formulas` library (no network, no files: only cells of this
workbook are fed to it) and evaluated from the workbook's own cells, recursively. A formula that
cannot be evaluated — an external workbook link, an unknown function, an Excel error result, a
cycle — is reported with its cell so the reader leaves its row out and flags it.
"""

from __future__ import annotations

import io
import logging
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

from lxml import etree

log = logging.getLogger(__name__)

_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
# Policy: at most this many uncached formulas are evaluated in one workbook (a sheet of
# formulas is a few thousand; more is a crafted file, and every extra one is flagged instead).
MAX_FORMULAS = 20_000
# Policy: cells one range fed to a formula may span (SUM(C:C) is clipped to the used range).
MAX_RANGE_CELLS = 200_000
_EXTERNAL = re.compile(r"\[[^\]]*\]")  # [1]Sheet1!A1, '[other.xlsx]Sheet1'!A1


def has_uncached_formulas(data: bytes) -> bool:
    """True when some worksheet holds a formula cell (`<f>`) without a value (`<v>`)."""
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/") and n.endswith(".xml")]
        for name in sheets:
            with z.open(name) as fh:
                for _, c in etree.iterparse(fh, tag=f"{_NS}c", resolve_entities=False, no_network=True):
                    f = c.find(f"{_NS}f")
                    if f is not None:
                        v = c.find(f"{_NS}v")
                        if v is None or not (v.text or "").strip():
                            return True
                    c.clear()
    except (zipfile.BadZipFile, KeyError, etree.LxmlError, OSError, ValueError):
        return False
    return False


class Unevaluable(Exception):
    """A formula whose value cannot be known here; `why` is shown to the reviewer."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


@dataclass
class FormulaValues:
    """Values of the uncached formulas of one workbook, by (sheet title, coordinate); the cells
    that could not be evaluated, with why."""

    values: dict[tuple[str, str], object] = field(default_factory=dict)
    failed: dict[tuple[str, str], str] = field(default_factory=dict)


def evaluate_uncached(formula_wb, value_wb) -> FormulaValues:  # noqa: ANN001 - openpyxl workbooks
    """Evaluate every formula cell of `formula_wb` (loaded with data_only=False) whose cached value
    in `value_wb` (data_only=True) is None."""
    ev = _Evaluator(formula_wb, value_wb)
    out = FormulaValues()
    for ws in formula_wb.worksheets:
        cached = value_wb[ws.title]
        for row in ws.iter_rows():
            for c in row:
                if not (isinstance(c.value, str) and c.value.startswith("=")):
                    continue
                if cached[c.coordinate].value is not None:
                    continue
                key = (ws.title, c.coordinate)
                if len(out.values) + len(out.failed) >= MAX_FORMULAS:
                    out.failed[key] = f"公式过多（超过 {MAX_FORMULAS} 个），未计算"
                    continue
                try:
                    out.values[key] = ev.value(ws.title, c.coordinate)
                except Unevaluable as exc:
                    out.failed[key] = exc.why
    return out


class _Evaluator:
    def __init__(self, formula_wb, value_wb) -> None:  # noqa: ANN001
        self.fwb, self.vwb = formula_wb, value_wb
        self.titles = {ws.title.upper(): ws.title for ws in formula_wb.worksheets}
        self.memo: dict[tuple[str, str], object] = {}
        self.active: set[tuple[str, str]] = set()

    def value(self, sheet: str, coord: str) -> object:
        """The cell's value: its own, its cached formula value, or its formula evaluated."""
        key = (sheet, coord)
        if key in self.memo:
            return self.memo[key]
        raw = self.fwb[sheet][coord].value
        if not (isinstance(raw, str) and raw.startswith("=")):
            return raw
        cached = self.vwb[sheet][coord].value
        if cached is not None:
            return cached
        if key in self.active:
            raise Unevaluable(f"公式循环引用（{sheet}!{coord}）")
        self.active.add(key)
        try:
            result = self._evaluate(sheet, raw)
        finally:
            self.active.discard(key)
        self.memo[key] = result
        return result

    def _evaluate(self, sheet: str, formula: str) -> object:
        if _EXTERNAL.search(_strip_strings(formula)):
            raise Unevaluable("公式引用外部工作簿（外部链接），无法取得数值")
        import formulas  # lazily: a workbook without uncached formulas never pays its import
        import numpy as np

        try:
            fn = formulas.Parser().ast(formula)[1].compile()
        except Exception as exc:  # noqa: BLE001 - any parse failure: the formula is unreadable
            raise Unevaluable(f"公式无法解析（{type(exc).__name__}）") from exc
        args = [self._input(sheet, name) for name in fn.inputs]
        try:
            result = fn(*args)
        except Exception as exc:  # noqa: BLE001 - schedula wraps the cause in DispatcherError
            if _caused_by(exc, NotImplementedError):
                raise Unevaluable("公式使用了不支持的函数") from exc
            raise Unevaluable(f"公式计算出错（{type(exc).__name__}）") from exc
        while isinstance(result, np.ndarray):
            if result.size != 1:
                raise Unevaluable("公式结果是数组，无法作为单元格数值")
            result = result.ravel()[0]
        if isinstance(getattr(result, "value", None), np.ndarray):  # a Ranges object
            return self._scalar(result.value)
        return self._scalar(result)

    def _scalar(self, value: object) -> object:
        import numpy as np
        from formulas.tokens.operand import XlError
        from schedula.utils.cst import EMPTY

        while isinstance(value, np.ndarray):
            if value.size != 1:
                raise Unevaluable("公式结果是数组，无法作为单元格数值")
            value = value.ravel()[0]
        if isinstance(value, XlError):
            raise Unevaluable(f"公式结果为错误值 {value}")
        if value is EMPTY:
            return None
        if isinstance(value, np.generic):
            return value.item()
        return value

    def _input(self, sheet: str, name: str) -> object:
        """A formula input (`C2`, `C2:C31`, `SHEET2!A1`, `C:C`) as formulas expects it: a scalar
        for one cell, a 2-D object array for a range."""
        import numpy as np
        from openpyxl.utils.cell import range_boundaries
        from schedula.utils.cst import EMPTY

        if "[" in name:
            raise Unevaluable("公式引用外部工作簿（外部链接），无法取得数值")
        target = sheet
        ref = name
        if "!" in name:
            sheet_part, ref = name.rsplit("!", 1)
            title = self.titles.get(sheet_part.strip("'").replace("''", "'").upper())
            if title is None:
                raise Unevaluable(f"公式引用了不存在的工作表 {sheet_part}")
            target = title
        ws = self.fwb[target]
        try:
            min_col, min_row, max_col, max_row = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError) as exc:
            raise Unevaluable(f"公式引用无法识别（{name}）") from exc
        min_col, min_row = min_col or 1, min_row or 1
        max_col = min(max_col or ws.max_column, ws.max_column) if ":" in ref else max_col
        max_row = min(max_row or ws.max_row, ws.max_row) if ":" in ref else max_row
        if (max_row - min_row + 1) * (max_col - min_col + 1) > MAX_RANGE_CELLS:
            raise Unevaluable(f"公式引用的区域过大（{name}）")

        def cell(r: int, c: int) -> object:
            from openpyxl.utils import get_column_letter

            v = self.value(target, f"{get_column_letter(c)}{r}")
            if v is None:
                return EMPTY
            if isinstance(v, datetime | date | time):
                from openpyxl.utils.datetime import to_excel

                return to_excel(v)
            return v

        if ":" not in ref:
            return cell(min_row, min_col)
        rows = [[cell(r, c) for c in range(min_col, max_col + 1)] for r in range(min_row, max_row + 1)]
        return np.array(rows, dtype=object) if rows and rows[0] else np.array([[EMPTY]], dtype=object)


def _caused_by(exc: BaseException, kind: type[BaseException]) -> bool:
    seen = 0
    cur: BaseException | None = exc
    while cur is not None and seen < 10:
        if isinstance(cur, kind) or kind.__name__ in str(cur):
            return True
        cur = getattr(cur, "ex", None) or cur.__cause__ or cur.__context__
        seen += 1
    return False


def _strip_strings(formula: str) -> str:
    """The formula without its string literals ("[x]" in a string is not a link)."""
    return re.sub(r'"[^"]*"', '""', formula)


def quiet_formula_logs() -> None:
    """formulas/schedula log every unknown function at ERROR level; the flag says it instead."""
    for name in ("formulas", "schedula"):
        logging.getLogger(name).setLevel(logging.CRITICAL)
