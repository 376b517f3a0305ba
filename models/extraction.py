"""What extracting one packet member yields: the document (None when unreadable), its records, its flags."""

from __future__ import annotations

from pydantic import BaseModel, Field

from models.document import Document
from models.flags import Flag
from models.records import RecordSet


class ExtractionResult(BaseModel):
    document: Document | None = None
    records: RecordSet = Field(default_factory=RecordSet)
    flags: list[Flag] = Field(default_factory=list)
