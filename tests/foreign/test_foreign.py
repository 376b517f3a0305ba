"""The pipeline against packets nobody here generated for it: a small foreign corpus (born-digital,
plus one scanned packet), agreement floors a little below the measured figures.

Full figures: `python -m tests.foreign --n 40` (and `--scanned`); see tests/foreign/FIGURES.md.
"""

from __future__ import annotations

import pytest

from tests.foreign.agreement import check_one, summarise
from tests.foreign.documents import build_packet
from tests.foreign.world import build_world, truth_of

SEEDS = range(1, 13)


@pytest.fixture(scope="module")
def corpus():
    return [check_one(seed) for seed in SEEDS]


def test_foreign_corpus_verdicts_indicators_and_flags(corpus):
    s = summarise(corpus)
    assert s.verdict_rate >= 0.85, s
    assert s.indicator_values_rate >= 0.85, s
    assert s.flag_recall >= 0.8, s
    assert s.staff_rate >= 0.9, s


def test_no_false_missing_evidence_for_segments_or_the_prior_years_audit(corpus):
    """Enterprise-worded segments are the standard ones; a Y−1 audit with a current-months period is valid."""
    for r in corpus:
        assert "STANDARD_SEGMENT_MISSING" not in r.fp, r.diffs
    assert all(r.indicators_ok["cost_to_output_ratio"] for r in corpus), [r.diffs for r in corpus]


def test_generator_is_seeded_and_carries_its_own_truth():
    a, b = build_packet(build_world(5)), build_packet(build_world(5))
    # xlsx/docx embed their save time; the other members are byte-identical
    assert a[0].keys() == b[0].keys() and a[1] == b[1]
    assert all(a[0][k] == b[0][k] for k in a[0] if k.endswith((".csv", ".png", ".json")))
    t = truth_of(build_world(5))
    assert t.direct_staff > 0 and set(t.indicators) >= {"key_process_nc_rate", "cost_to_output_ratio"}
