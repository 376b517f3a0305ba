"""SQLite's write lock held by another process: under the bound the service waits and goes on;
past it a clear 503 with Retry-After, and nothing queued or running is lost."""

import pytest

from tests.faults.scenarios import run
from tests.faults.world import FaultWorld


@pytest.mark.faults_slow
def test_database_locked_briefly(fault_world: FaultWorld) -> None:
    result = run(fault_world, "database_locked_briefly")
    assert result.ok, result.problems


@pytest.mark.faults_slow
def test_database_locked_too_long(fault_world: FaultWorld) -> None:
    result = run(fault_world, "database_locked_too_long")
    assert result.ok, result.problems
