"""What the tolerant matcher decided: a name as written (a table header, a business segment, a
device's process) read as a known entry, how, how sure, and where it was written.

A match scoring below the review bar (`MATCH_REVIEW_SCORE`, the matcher's `REVIEW_SCORE`) is still
used, but it is listed in the verdict (`low_confidence_matches`) and the report with its score, and
raises MATCH_LOW_CONFIDENCE once per document, so a reviewer confirms it instead of the pipeline
guessing silently.
"""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel

from models.provenance import EvidenceRef

# Scores are 0–100. A match below this is shown to a reviewer (extractors/matching.py REVIEW_SCORE
# is the same bar; tests hold them equal).
MATCH_REVIEW_SCORE = 85.0


class MatchKind(str, Enum):
    HEADER = "header"  # a column header → a canonical field of its table's type
    SEGMENT = "segment"  # a business segment as written → a standard segment
    PROCESS = "process"  # a device's 所属工序 → a process of the process description


MATCH_KIND_ZH: dict[MatchKind, str] = {
    MatchKind.HEADER: "表头",
    MatchKind.SEGMENT: "业务环节",
    MatchKind.PROCESS: "工序",
}


class MatchRecord(BaseModel):
    """One tolerant match. `matched` is the entry's key (a field name, a segment key, a process
    key); `matched_label` the name a reader knows it by (控制方式, 生产, 焊接)."""

    kind: MatchKind
    text: str  # as written
    matched: str
    matched_label: str | None = None
    score: float  # 0–100
    method: str  # synonym | stem | system_hint | fuzzy | contained …
    evidence: list[EvidenceRef]  # where it was written (a header cell, the rows that use it)

    @property
    def needs_review(self) -> bool:
        return self.score < MATCH_REVIEW_SCORE

    @property
    def file(self) -> str | None:
        return self.evidence[0].file if self.evidence else None
