"""Processes SIGKILLed mid-check: a `watch` process (its packet is free again within one lease and
checked by another watcher on the bucket) and a warm worker of `serve` holding a bucket packet (the pool closes
its claim, requeues the job, a fresh worker checks it). Upload pre-checks: tests/api/test_prechecks.py."""

import pytest

from tests.faults.scenarios import run
from tests.faults.world import FaultWorld


@pytest.mark.faults_slow
def test_a_watcher_killed_mid_check(fault_world: FaultWorld) -> None:
    result = run(fault_world, "watcher_killed_mid_check")
    assert result.ok, result.problems


@pytest.mark.faults_slow
def test_worker_killed_mid_check_of_a_bucket_packet(fault_world: FaultWorld) -> None:
    result = run(fault_world, "worker_killed_watch_job")
    assert result.ok, result.problems
