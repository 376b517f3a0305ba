"""Period arithmetic the indicators use: defined in `models.period` (the data period itself is the
fact `PacketFacts.period`, decided by the check's period step)."""

from models.period import live_cutoff, months_before, period_bounds

__all__ = ["live_cutoff", "months_before", "period_bounds"]
