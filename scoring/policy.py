"""Counting policies: defined once in `models.policy` (validators read them too); re-exported here."""

from models.policy import DEFAULT_POLICY, ScoringPolicy

__all__ = ["DEFAULT_POLICY", "ScoringPolicy"]
