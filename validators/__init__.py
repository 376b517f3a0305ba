"""Cross-checks over a packet's records: each a pure function from records/facts to flags,
listed once in `validators.registry`."""

from validators.period import decide_period, period_flags
from validators.registry import VALIDATORS, run_validators

__all__ = ["VALIDATORS", "decide_period", "period_flags", "run_validators"]
