"""Reader timings on generated files (prints figures; not a test). Run:
    .venv/bin/python -m bench.bench_readers
"""

from __future__ import annotations

import io
import time
import tracemalloc

import openpyxl

from extractors.read import read_document
from extractors.readers import iter_csv_rows
from tests.extractors.readers.builders import csv_log, device_rows, pdf_with_table


def timed(label: str, fn) -> object:  # noqa: ANN001
    tracemalloc.start()
    t0 = time.perf_counter()
    out = fn()
    dt = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1] / 1e6
    tracemalloc.stop()
    print(f"{label:<48} {dt:7.2f} s   peak {peak:7.1f} MB")
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

    pdf = pdf_with_table(device_rows(600))
    doc = timed("read_document PDF table (~20 pages)", lambda: read_document(pdf, "d.pdf"))
    print(f"  pages={len(doc.pages)} tables={len(doc.tables)} rows={sum(len(t.rows) for t in doc.tables)}")


if __name__ == "__main__":
    main()
