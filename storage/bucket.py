"""Behaviour shared by every bucket-shaped store: reading a packet by id, writing a result set."""

from __future__ import annotations

from datetime import UTC, datetime

from models.packet import PacketFile
from storage.base import BucketStore, ResultFile
from storage.layout import (
    INCOMING,
    VERDICT,
    PacketRef,
    folder_prefix,
    in_write_order,
    result_key,
    scan_incoming,
    zip_key,
)


def find_packet(store: BucketStore, packet_id: str) -> PacketRef | None:
    """The complete packet with this id (folder or zip), or None if absent or incomplete.
    An explicit request does not wait for the settle time: the caller says it is ready."""
    objects = store.list_objects(folder_prefix(packet_id))
    objects += [o for o in store.list_objects(INCOMING + packet_id) if o.key.lower() == zip_key(packet_id).lower()]
    scan = scan_incoming(objects, now=datetime.now(UTC), settle_seconds=0)
    return next((r for r in scan.complete if r.packet_id == packet_id), None)


def read_packet_by_id(store: BucketStore, packet_id: str) -> list[PacketFile]:
    ref = find_packet(store, packet_id)
    if ref is None:
        raise FileNotFoundError(f"packet not found or incomplete in {store.describe()}: {packet_id}")
    return store.read_members(ref)


def write_result_set(store: BucketStore, packet_id: str, files: list[ResultFile]) -> None:
    """Write `results/<packet-id>/…` so a reader never sees half a result set: the old verdict
    goes first (no verdict = no result yet), then every other file, then the new verdict.

    Residual window, documented: a reader who fetched the old verdict.json just before and reads
    facts.json afterwards may get the new facts. Readers should start from verdict.json and treat
    its absence as "in progress"."""
    store.delete(result_key(packet_id, VERDICT))
    for f in in_write_order(files):
        store.put(result_key(packet_id, f.name), f.data, f.content_type)
