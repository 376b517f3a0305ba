"""The S3 server stopped mid-packet (after the check, before its results) and started again: the
packet is checked once, its results are complete, no half result set is ever visible; past the
write's bound the packet fails with its reason and a later poll checks it again."""

import pytest

from tests.faults.scenarios import run
from tests.faults.world import FaultWorld


def test_s3_restart_mid_write(fault_world: FaultWorld) -> None:
    result = run(fault_world, "s3_restart_mid_write")
    assert result.ok, result.problems


@pytest.mark.faults_slow
def test_s3_outage_past_bound(fault_world: FaultWorld) -> None:
    result = run(fault_world, "s3_outage_past_bound")
    assert result.ok, result.problems
