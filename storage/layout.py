"""The bucket layout of SPEC §3 as pure functions over object listings.

    incoming/<packet-id>/manifest.json   written last: marks a folder packet complete
    incoming/<packet-id>/<files>
    incoming/<packet-id>.zip             a zip packet: complete once it exists (a PUT is atomic)
    results/<packet-id>/…                facts.json, flags.json, report.html, verdict.json (last)
    results/<packet-id>/_state.json      the watcher's ledger for this packet (storage.ledger)
    results/<packet-id>/error.json       why the last check of this packet failed

A packet *version* is a hash of its members' (key, ETag) pairs: uploading the same bytes again
keeps the version (nothing to redo); changing any member makes a new version (checked again).
"""

from __future__ import annotations

import hashlib
import posixpath
from datetime import datetime, timedelta
from enum import Enum

from pydantic import BaseModel

from models.packet import ResultFile
from models.settings import WATCH_DEFAULTS

INCOMING = "incoming/"
RESULTS = "results/"
MANIFEST = "manifest.json"
VERDICT = "verdict.json"
ERROR = "error.json"
STATE = "_state.json"



def in_write_order(files: list[ResultFile]) -> list[ResultFile]:
    """A result set in the order it is written, in a folder or a bucket: verdict.json last (its
    presence marks the set complete), the others in the order given."""
    return sorted(files, key=lambda f: f.name == VERDICT)


# Files no assessor means as evidence (the local reader skips the same ones).
IGNORED_NAMES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})

# Policy: a folder packet whose manifest is older than some member (a member re-uploaded without
# writing the manifest again) counts as complete only after this long without any new upload.
DEFAULT_SETTLE_SECONDS = WATCH_DEFAULTS.settle_seconds


class ObjectInfo(BaseModel):
    """One object as a listing shows it."""

    key: str
    etag: str
    size: int
    last_modified: datetime


class PacketKind(str, Enum):
    FOLDER = "folder"
    ZIP = "zip"


class PacketRef(BaseModel):
    """A complete packet as found in the bucket: which objects make it up and their version."""

    packet_id: str
    kind: PacketKind
    members: list[ObjectInfo]
    version: str

    @property
    def newest(self) -> datetime:
        return max(m.last_modified for m in self.members)


class IncomingScan(BaseModel):
    complete: list[PacketRef]
    waiting: list[str]  # packet ids with objects but no manifest yet (or still settling)


def is_evidence_member(name: str) -> bool:
    """Whether a path inside a packet is something to check (not OS litter, an Office lock file
    or a folder marker some S3 clients create)."""
    base = posixpath.basename(name)
    return bool(base) and not name.endswith("/") and base not in IGNORED_NAMES and not base.startswith("~$")


def member_sort_key(name: str) -> tuple[str, ...]:
    """Order members as `sorted(Path.rglob())` does for a local folder (by path parts), so a
    packet read from the bucket reaches the check in the same order as from disk."""
    return tuple(name.split("/"))


def valid_packet_id(packet_id: str) -> bool:
    return bool(packet_id) and "/" not in packet_id and not packet_id.startswith((".", "_"))


def packet_version(members: list[ObjectInfo]) -> str:
    h = hashlib.sha256()
    for m in sorted(members, key=lambda m: m.key):
        h.update(f"{m.key}\0{m.etag}\n".encode())
    return h.hexdigest()[:24]


def folder_prefix(packet_id: str) -> str:
    return f"{INCOMING}{packet_id}/"


def zip_key(packet_id: str) -> str:
    return f"{INCOMING}{packet_id}.zip"


def result_key(packet_id: str, name: str) -> str:
    return f"{RESULTS}{packet_id}/{name}"


def member_name(ref: PacketRef, key: str) -> str:
    """The member's name as the check sees it: its path inside the folder, or the zip's file name
    (what `read_local_packet` gives for the same packet on disk)."""
    if ref.kind is PacketKind.ZIP:
        return posixpath.basename(key)
    return key[len(folder_prefix(ref.packet_id)) :]


def _folder_complete(members: list[ObjectInfo], now: datetime, settle_seconds: float) -> bool:
    manifest = [m for m in members if m.key.endswith("/" + MANIFEST) and m.key.count("/") == 2]
    if not manifest:
        return False
    newest_other = max((m.last_modified for m in members if m is not manifest[0]), default=None)
    if newest_other is None or manifest[0].last_modified >= newest_other:
        return True
    newest = max(newest_other, manifest[0].last_modified)
    return now - newest >= timedelta(seconds=settle_seconds)


def scan_incoming(
    objects: list[ObjectInfo], now: datetime, settle_seconds: float = DEFAULT_SETTLE_SECONDS
) -> IncomingScan:
    """Group `incoming/` objects into packets; say which are complete and which still wait.

    A folder packet is complete when `manifest.json` exists and is no older than any other member
    (the uploader writes it last), or when nothing has changed for `settle_seconds`. A zip packet
    is complete when the zip exists. If a folder and a zip share an id, the complete folder wins.
    """
    folders: dict[str, list[ObjectInfo]] = {}
    zips: dict[str, ObjectInfo] = {}
    for o in objects:
        if not o.key.startswith(INCOMING):
            continue
        rest = o.key[len(INCOMING) :]
        head, sep, tail = rest.partition("/")
        if sep and valid_packet_id(head):
            if is_evidence_member(tail):
                folders.setdefault(head, []).append(o)
        elif not sep and rest.lower().endswith(".zip") and valid_packet_id(rest[:-4]):
            zips[rest[:-4]] = o

    complete: list[PacketRef] = []
    waiting: list[str] = []
    for pid in sorted(set(folders) | set(zips)):
        members = folders.get(pid, [])
        if members and _folder_complete(members, now, settle_seconds):
            complete.append(PacketRef(packet_id=pid, kind=PacketKind.FOLDER, members=members,
                                      version=packet_version(members)))
        elif pid in zips:
            complete.append(PacketRef(packet_id=pid, kind=PacketKind.ZIP, members=[zips[pid]],
                                      version=packet_version([zips[pid]])))
        else:
            waiting.append(pid)
    return IncomingScan(complete=complete, waiting=waiting)
