"""Typed records (Device, Robot, Employee …) read from classified documents, one module per type."""

from extractors.records.dispatch import extract_records

__all__ = ["extract_records"]
