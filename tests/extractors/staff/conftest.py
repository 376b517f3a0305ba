"""Shared fixtures: the shipped classifier, loaded once (spaCy/jieba take seconds to start)."""

from __future__ import annotations

import pytest

from extractors.staff.classifier import DirectStaffClassifier, default_classifier
from models import Employee, EvidenceRef


@pytest.fixture(scope="session")
def classifier() -> DirectStaffClassifier:
    return default_classifier()


def employee(row: int, title: str | None, department: str | None = None, **kw: object) -> Employee:
    return Employee(ref=EvidenceRef(file="花名册.xlsx", sheet="Sheet1", row=row), job_title=title, department=department, **kw)
