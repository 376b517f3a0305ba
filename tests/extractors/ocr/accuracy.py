"""Test-side measure of OCR accuracy on table cells: 1 − (edit distance / truth length), summed
over all cells. Texts are compared after NFKC (full/half-width forms count as equal) and with
whitespace removed."""

from __future__ import annotations

import unicodedata

from models import Table


def _norm(s: str) -> str:
    return "".join(unicodedata.normalize("NFKC", s).split())


def edit_distance(a: str, b: str) -> int:
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            cur.append(min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb)))
        prev = cur
    return prev[-1]


def cell_accuracy(table: Table, header: list[str], rows: list[list[str]]) -> float:
    """Character accuracy of the table's header and rows against the truth (missing rows or
    cells count as fully wrong, extra ones as insertions)."""
    errors = total = 0
    pairs = [(header, table.header)] + [
        (truth, table.rows[i].texts() if i < len(table.rows) else []) for i, truth in enumerate(rows)
    ]
    for truth, got in pairs:
        for k, t in enumerate(truth):
            g = got[k] if k < len(got) else ""
            errors += edit_distance(_norm(t), _norm(g))
            total += len(_norm(t))
    for extra in table.rows[len(rows) :]:
        errors += sum(len(_norm(x)) for x in extra.texts())
    return 1 - errors / max(1, total)
