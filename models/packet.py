"""A packet member as bytes: what storage hands to the pipeline."""

from __future__ import annotations

from pydantic import BaseModel


class PacketFile(BaseModel):
    """One member of a packet: its path inside the packet (POSIX, relative) and its bytes."""

    name: str
    data: bytes


class ResultFile(BaseModel):
    """One file of a check's result set, relative to ``results/<packet-id>/``."""

    name: str
    data: bytes
    content_type: str = "application/octet-stream"
