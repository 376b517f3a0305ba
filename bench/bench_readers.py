"""Reader timings on generated files (prints figures; not a test). Run:
    .venv/bin/python -m bench.bench_readers
"""

from __future__ import annotations

import io
import time

import openpyxl

from extractors.read import read_document
from extractors.readers import iter_csv_rows, iter_xlsx_rows
from tests.extractors.readers.builders import csv_log, device_rows, pdf_with_table


def timed(label: str, fn) -> object:  # noqa: ANN001
    """CPU seconds (the machine is shared: wall time says more about the neighbours)."""
    t0 = time.process_time()
    out = fn()
    print(f"{label:<48} {time.process_time() - t0:7.2f} s CPU")
    return out


def main() -> None:
    log = csv_log(500_000, encoding="gbk")
    print(f"CSV log: 500,000 rows, {len(log) / 1e6:.1f} MB")
    timed("iter_csv_rows, all rows", lambda: sum(1 for _ in iter_csv_rows(log)[2]))
    timed("read_document(max_rows=200)", lambda: read_document(log, "log.csv", max_rows=200))
    timed("read_document(max_rows=20000)", lambda: read_document(log, "log.csv", max_rows=20_000))
    small = csv_log(20_000)
    timed("read_document 20k-row CSV, no cap", lambda: read_document(small, "s.csv", max_rows=None))

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "设备名称", "型号", "资产编号", "数量", "所属工序", "是否联网"])
    for r in device_rows(10_000):
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    timed("read_document 10k-row xlsx (full mode)", lambda: read_document(buf.getvalue(), "d.xlsx"))

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("log")
    ws.append(["设备编号", "采集时间", "状态", "数值"])
    for i in range(100_000):
        ws.append([f"SB-{i % 20:03d}", f"2025-03-01 08:{i % 60:02d}:00", "运行", 1000 + i])
    big = io.BytesIO()
    wb.save(big)
    timed("iter_xlsx_rows, 100k-row xlsx", lambda: sum(1 for _ in iter_xlsx_rows(big.getvalue())))
    timed("read_document 100k-row xlsx (max_rows=200)", lambda: read_document(big.getvalue(), "l.xlsx", max_rows=200))

    pdf = pdf_with_table(device_rows(600))
    doc = timed("read_document PDF table (~20 pages)", lambda: read_document(pdf, "d.pdf"))
    print(f"  pages={len(doc.pages)} tables={len(doc.tables)} rows={sum(len(t.rows) for t in doc.tables)}")


if __name__ == "__main__":
    main()
