"""Scoring: facts in, indicators and verdict out. Pure functions over `models.PacketFacts`."""

from models.policy import DEFAULT_POLICY, ScoringPolicy
from scoring.certification import CertificationMatch, recognise, recognise_all
from scoring.industry import map_industry, normalise_code
from scoring.outcome import IndicatorOutcome
from scoring.pass_rule import decide
from scoring.score import ScoreResult, build_verdict, score
from scoring.thresholds import IndustryGroup, load_groups

__all__ = [
    "DEFAULT_POLICY",
    "CertificationMatch",
    "IndicatorOutcome",
    "IndustryGroup",
    "ScoreResult",
    "ScoringPolicy",
    "build_verdict",
    "decide",
    "load_groups",
    "map_industry",
    "normalise_code",
    "recognise",
    "recognise_all",
    "score",
]
