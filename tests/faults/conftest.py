"""One `FaultWorld` per session: its own S3 server (the scenarios stop it) and, on first use, two
`serve` processes on one database and bucket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.faults.world import FaultWorld


@pytest.fixture(scope="session")
def fault_world() -> Iterator[FaultWorld]:
    world = FaultWorld.create()
    try:
        yield world
    finally:
        world.close()
