"""Foreign packets where every table is a scan made by another scanner (Mono face, blur, speckle,
±1.2° rotation, a red seal; no declared resolution), read end to end by the real pipeline with real
Tesseract: the indicators must agree and OCR trouble must not burst into per-row flags.

Marked `scanned_slow` (about 15 s of OCR a packet on a quiet machine): CI runs it, `-m "not
scanned_slow"` leaves it out locally. Figures on more seeds: `python -m tests.foreign --scanned`,
tests/foreign/FIGURES.md.
"""

from __future__ import annotations

import pytest

from tests.foreign.agreement import check_one, summarise

SEEDS = (3, 7, 10)  # equipment lists with control types / yes-no marks, prose and table process docs

pytestmark = pytest.mark.scanned_slow


@pytest.fixture(scope="module")
def scanned():
    return [check_one(seed, scanned=True) for seed in SEEDS]


def test_scanned_packets_agree_on_every_indicator(scanned):
    s = summarise(scanned)
    assert s.indicator_rate >= 2 / 3, [r.diffs for r in scanned]
    assert s.indicator_values_rate >= 0.9, [r.diffs for r in scanned]
    assert s.verdict_rate >= 2 / 3, [r.diffs for r in scanned]


def test_scans_raise_no_burst_of_process_flags(scanned):
    """What OCR cannot read is said once per document, not once per row or process."""
    s = summarise(scanned)
    assert s.flag_recall >= 0.9, [r.diffs for r in scanned]
    assert s.flag_precision >= 0.75, [r.diffs for r in scanned]
    for r in scanned:
        for code in ("UNKNOWN_PROCESS_REF", "PROCESS_WITHOUT_EQUIPMENT", "PARTIAL_NC_PROCESS", "OCR_LOW_CONFIDENCE"):
            # at most one per scanned document (a packet holds about eight)
            assert r.flag_counts[code] <= 8, (r.seed, code, r.flag_counts)
        assert not r.fp & {"PROCESS_WITHOUT_EQUIPMENT", "PARTIAL_NC_PROCESS"}, r.diffs
