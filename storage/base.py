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

from models.packet import PacketFile, ResultFile
from storage.layout import ObjectInfo, PacketRef

__all__ = ["BucketStore", "ObjectInfo", "PacketFile", "PacketRef", "PacketStore", "ResultFile"]


class PacketStore(Protocol):
    def read_packet(self, packet_id: str) -> list[PacketFile]:
        """All members of the packet (a zip packet is returned as the single zip member)."""
        ...

    def write_results(self, packet_id: str, files: list[ResultFile]) -> None:
        """Write a result set so a reader never sees half of it (verdict.json last)."""
        ...


class BucketStore(PacketStore, Protocol):
    """A store laid out like the bucket (SPEC §3) that the watcher can poll: listings with ETags
    and conditional writes for its ledger. `S3Store` and `LocalStore` implement it."""

    def describe(self) -> str:
        """Where the store is, for messages (never credentials)."""
        ...

    def check(self) -> None:
        """Fail fast with a `StorageError` if the store is unreachable, refuses us or is missing."""
        ...

    def list_objects(self, prefix: str) -> list[ObjectInfo]:
        """Every object under `prefix`, recursively."""
        ...

    def get(self, key: str) -> tuple[bytes, str] | None:
        """An object's bytes and ETag, or None if it does not exist."""
        ...

    def put(
        self,
        key: str,
        data: bytes,
        content_type: str = "application/octet-stream",
        *,
        if_match: str | None = None,
        if_none_match: bool = False,
    ) -> str:
        """Write an object and return its ETag. `if_match` (an ETag) or `if_none_match` make the
        write conditional; a lost condition raises `PreconditionFailed`."""
        ...

    def delete(self, key: str) -> None:
        """Remove an object; no error if it is absent."""
        ...

    def read_members(self, ref: PacketRef) -> list[PacketFile]:
        """The members of a packet found by a scan, named as the check expects."""
        ...
