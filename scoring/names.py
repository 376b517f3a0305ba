"""Normalised matching of process names (工序名称): shared with validators, so it lives in models."""

from models import process_key, process_keys

__all__ = ["process_key", "process_keys"]
