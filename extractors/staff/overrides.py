"""Reviewers' decisions on job titles (岗位复核结果), reused so the same title is not asked twice.

A decision is global or belongs to one enterprise (统一社会信用代码), and covers one department
or any. Lookup takes the most specific match: enterprise + department, enterprise, global +
department, global. Titles and departments match on their normalised keys (normalize.py), so
焊工（高级） reuses the decision on 焊工.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from pydantic import BaseModel, Field, PrivateAttr

from extractors.staff.labels import SUBCLASSES, role_of
from extractors.staff.normalize import department_key, title_key
from models.records import StaffRole

_Key = tuple[str, str, str]  # (enterprise or "", title key, department key or "")


class OverrideEntry(BaseModel):
    title: str  # as the reviewer saw it
    department: str | None = None  # None: any department
    enterprise: str | None = None  # credit code; None: every enterprise
    role: StaffRole
    subclass: str | None = None
    decided_by: str | None = None
    decided_at: datetime | None = None
    note: str | None = None

    def key(self) -> _Key:
        return (self.enterprise or "", title_key(self.title), department_key(self.department))


class OverrideTable(BaseModel):
    """The override table, persisted as JSON."""

    entries: list[OverrideEntry] = Field(default_factory=list)
    _index: dict[_Key, OverrideEntry] | None = PrivateAttr(default=None)

    @classmethod
    def load(cls, path: Path | str) -> OverrideTable:
        p = Path(path)
        if not p.exists():
            return cls()
        return cls.model_validate_json(p.read_text(encoding="utf-8"))

    def save(self, path: Path | str) -> None:
        Path(path).write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    def _by_key(self) -> dict[_Key, OverrideEntry]:
        if self._index is None:
            self._index = {e.key(): e for e in self.entries}  # later entries win
        return self._index

    def decide(
        self,
        title: str,
        role: StaffRole,
        subclass: str | None = None,
        department: str | None = None,
        enterprise: str | None = None,
        decided_by: str | None = None,
        note: str | None = None,
    ) -> OverrideEntry:
        """Record a reviewer's decision, replacing an earlier one on the same key."""
        if subclass is not None and (subclass not in SUBCLASSES or role_of(subclass) != role):
            raise ValueError(f"sub-class {subclass!r} does not belong to role {role.value}")
        entry = OverrideEntry(
            title=title, department=department, enterprise=enterprise, role=role, subclass=subclass,
            decided_by=decided_by, decided_at=datetime.now().astimezone(), note=note,
        )
        self.entries = [e for e in self.entries if e.key() != entry.key()] + [entry]
        self._index = None
        return entry

    def lookup(self, title: str | None, department: str | None = None, enterprise: str | None = None) -> OverrideEntry | None:
        """The most specific decision covering this title, or None."""
        if not self.entries:
            return None
        t, d = title_key(title), department_key(department)
        index = self._by_key()
        candidates = [(enterprise or "", t, d), (enterprise or "", t, "")] if enterprise else []
        candidates += [("", t, d), ("", t, "")]
        for key in candidates:
            hit = index.get(key)
            if hit is not None:
                return hit
        return None
