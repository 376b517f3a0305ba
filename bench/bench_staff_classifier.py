"""Benchmark: classify a 10,000-row per-person roster and count it over a period.

    .venv/bin/python bench/bench_staff_classifier.py [rows]

Prints the time to load the classifier (spaCy + jieba + artifact, once per process), to classify
the roster (first call, so the word cache is cold), a second call, and the period count. The
roster is seeded: titles and departments drawn from the labelled data set with roster noise, so
it holds a few thousand distinct (title, department) pairs.
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta

from extractors.staff.classifier import DirectStaffClassifier, classify_employees
from extractors.staff.period import staff_counts
from models import Employee, EvidenceRef
from tools.staff.dataset import load_rows

SUFFIXES = ["", "", "", "（高级）", "一级", "（临时）", " ", "A岗"]


def roster(n: int, seed: int = 7) -> list[Employee]:
    rng = random.Random(seed)
    data = load_rows()
    out = []
    for i in range(n):
        r = rng.choice(data)
        hired = date(2015, 1, 1) + timedelta(days=rng.randrange(0, 3650))
        left = hired + timedelta(days=rng.randrange(30, 3000)) if rng.random() < 0.15 else None
        out.append(Employee(
            ref=EvidenceRef(file="员工花名册.xlsx", sheet="在职", row=i + 2),
            name=f"员工{i}", employee_no=f"E{i:05d}", department=r["department"] or None,
            job_title=r["title"] + rng.choice(SUFFIXES), hired=hired, left=left,
            status=rng.choice(["在职"] * 30 + ["长期病假", "外派", "离职"]),
        ))
    return out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rows = roster(n)
    distinct = len({(e.job_title, e.department) for e in rows})
    t0 = time.perf_counter()
    clf = DirectStaffClassifier.load()  # builds the spaCy/jieba pipeline too
    t1 = time.perf_counter()
    out, flags = classify_employees(rows, classifier=clf)
    t2 = time.perf_counter()
    classify_employees(rows, classifier=clf)
    t3 = time.perf_counter()
    count = staff_counts(out, date(2024, 1, 1), date(2024, 12, 31))
    t4 = time.perf_counter()
    print(f"roster: {n} rows, {distinct} distinct (title, department) pairs")
    print(f"load classifier (spaCy zh + jieba + artifact): {t1 - t0:.2f} s")
    print(f"classify_employees, first call:  {t2 - t1:.2f} s  ({sum(e.role_uncertain for e in out)} uncertain rows, "
          f"{len(flags)} STAFF_ROLE_UNCERTAIN flags)")
    print(f"classify_employees, second call: {t3 - t2:.2f} s")
    print(f"staff_counts over 2024:          {t4 - t3:.2f} s  (direct {count.direct:g}, at end {count.at_period_end}, "
          f"average {count.average_over_period})")
    print(f"end to end without loading:      {t2 - t1 + t4 - t3:.2f} s")


if __name__ == "__main__":
    main()
