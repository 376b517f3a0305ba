"""The packet store interface: where packets come from and where results go.

Two backends implement it: `storage.local.LocalStore` (a folder; the CLI's embedded default) and
`storage.s3.S3Store` (a bucket through the `minio` SDK). Layout (SPEC §3):

    incoming/<packet-id>/manifest.json   written last: marks the packet complete
    incoming/<packet-id>/<files>
    incoming/<packet-id>.zip             alternatively
    results/<packet-id>/...              facts.json, flags.json, report.html, pages/*.png, verdict.json last
"""

from __future__ import annotations

from typing import Protocol

from pydantic import BaseModel

from models.packet import PacketFile

__all__ = ["PacketFile", "ResultFile", "PacketStore"]


class ResultFile(BaseModel):
    name: str  # relative to results/<packet-id>/
    data: bytes
    content_type: str = "application/octet-stream"


class PacketStore(Protocol):
    def read_packet(self, packet_id: str) -> list[PacketFile]:
        """All members of the packet (a zip packet is returned as the single zip member)."""
        ...

    def write_results(self, packet_id: str, files: list[ResultFile]) -> None:
        """Write a result set so a reader never sees half of it (verdict.json last)."""
        ...
