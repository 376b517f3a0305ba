"""Disk full while results are written (a real full filesystem, see diskfull.py): a clear
StorageFull, the previous verdict and its files intact, nothing half-written left."""

from tests.faults.scenarios import run
from tests.faults.world import FaultWorld


def test_disk_full_keeps_the_previous_results(fault_world: FaultWorld) -> None:
    result = run(fault_world, "disk_full_results")
    assert result.ok, result.problems
