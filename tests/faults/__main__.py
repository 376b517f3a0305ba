"""`python -m tests.faults [SCENARIO ...]`: run the fault scenarios for real and print the table
(scenario, holds, time, outcome). Exit 1 if any does not hold."""

import sys

from cli.prefect_env import configure_prefect

configure_prefect()  # before Prefect is imported: temp PREFECT_HOME, no telemetry

from tests.faults.scenarios import SCENARIOS, run, table  # noqa: E402
from tests.faults.world import FaultWorld  # noqa: E402

names = sys.argv[1:] or list(SCENARIOS)
world = FaultWorld.create()
results = []
try:
    for name in names:
        results.append(run(world, name))
        print(table(results[-1:]).splitlines()[2], flush=True)
finally:
    world.close()
print()
print(table(results))
sys.exit(0 if all(r.ok for r in results) else 1)
