"""The hostile-input corpus as tests: one per case, each through the real check in a forked child
(tests/hostile/harness.py says what each is held to). The slowest carry `hostile_slow`
(`-m "not hostile_slow"` leaves them out locally; CI runs them all)."""

from __future__ import annotations

import pytest

from tests.hostile.cases import CASES, Case
from tests.hostile.harness import Baseline, baseline
from tests.hostile.run import run_case, table


@pytest.fixture(scope="session")
def clean_baseline() -> Baseline:
    return baseline()


def test_the_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40 and len({c.name for c in CASES}) == len(CASES)


def test_the_clean_packet_reads_every_document(clean_baseline: Baseline) -> None:
    # The comparison is only worth something if the clean packet yields records from each document.
    evidence = [n for n in clean_baseline.files if n != "manifest.json"]
    assert sorted(clean_baseline.records_by_file) == sorted(evidence)
    assert "UNREADABLE_DOCUMENT" not in clean_baseline.flag_codes


@pytest.mark.parametrize(
    "case", [pytest.param(c, id=c.name, marks=[pytest.mark.hostile_slow] if c.slow else []) for c in CASES]
)
def test_hostile_case(case: Case, clean_baseline: Baseline) -> None:
    report = run_case(case, clean_baseline)
    assert report.verdict.ok, table([report])
