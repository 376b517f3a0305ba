"""Two watchers on one bucket, and two `serve` on one database and one bucket (started together:
both migrate at once) with the same packet reported to both: each packet version is checked once;
either `serve` answers any poll."""

import pytest

from tests.faults.scenarios import run
from tests.faults.world import FaultWorld


def test_two_watchers_check_each_packet_once(fault_world: FaultWorld) -> None:
    result = run(fault_world, "two_watchers_same_bucket")
    assert result.ok, result.problems


@pytest.mark.faults_slow
def test_two_serves_check_a_packet_once(fault_world: FaultWorld) -> None:
    result = run(fault_world, "two_serves_one_packet")
    assert result.ok, result.problems
