"""Local folder / zip as a packet source, and a local folder as the result sink (the CLI default)."""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from models.packet import PacketFile
from storage.base import ResultFile
from storage.bucket import read_packet_by_id
from storage.errors import BucketMissing, PreconditionFailed, write_error
from storage.layout import (
    IGNORED_NAMES,
    RESULTS,
    VERDICT,
    ObjectInfo,
    PacketRef,
    in_write_order,
    member_name,
    member_sort_key,
)

__all__ = ["IGNORED_NAMES", "LocalStore", "read_local_packet", "write_local_results"]


def read_local_packet(path: Path) -> list[PacketFile]:
    """Members of a packet folder (recursively, sorted, paths relative to it) or a single zip file."""
    if path.is_file():
        return [PacketFile(name=path.name, data=path.read_bytes())]
    if not path.is_dir():
        raise FileNotFoundError(f"packet not found: {path}")
    files: list[PacketFile] = []
    for p in sorted(path.rglob("*")):
        if p.is_symlink() or not p.is_file() or p.name in IGNORED_NAMES or p.name.startswith("~$"):
            continue
        files.append(PacketFile(name=p.relative_to(path).as_posix(), data=p.read_bytes()))
    return files


def write_local_results(out_dir: Path, files: list[ResultFile]) -> None:
    """Write a result set into `out_dir` so that it is never half there: every file is first
    written beside its target under a temporary `.part` name; only when all bytes are on disk is
    the old verdict.json removed, each file renamed over its target and verdict.json renamed last.
    A write that fails (disk full, file-size limit) removes the `.part` files and raises a
    `StorageError` (`StorageFull`) with the previous result set untouched."""
    staged: list[tuple[Path, Path]] = []
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        for f in in_write_order(files):
            target = out_dir / f.name
            target.parent.mkdir(parents=True, exist_ok=True)
            staged.append((_stage(target, f.data), target))
    except OSError as exc:
        for tmp, _ in staged:
            tmp.unlink(missing_ok=True)
        raise write_error(exc, str(out_dir)) from None
    (out_dir / VERDICT).unlink(missing_ok=True)  # no verdict while the set changes: "in progress"
    for tmp, target in staged:  # renames in one folder need no new space
        os.replace(tmp, target)


def _stage(target: Path, data: bytes) -> Path:
    """`data` in a temporary file beside `target` (removed again if the write fails)."""
    tmp = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        tmp.write_bytes(data)
    except OSError:
        tmp.unlink(missing_ok=True)
        raise
    return tmp


class LocalStore:
    """`BucketStore` over a folder laid out like the bucket (`<root>/incoming/…`, `<root>/results/…`):
    the bucket flow without a server, for trying the watcher on one machine. ETags are content MD5s
    (as S3 gives for single-part uploads); conditional writes hold an exclusive lock on
    `<root>/.store.lock`, so several watcher processes on one machine never double-claim."""

    LOCK_NAME = ".store.lock"

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def describe(self) -> str:
        return f"file://{self.root.resolve()}"

    def check(self) -> None:
        if not self.root.is_dir():
            raise BucketMissing(f"存储目录不存在 / store folder does not exist: {self.root}")

    def _path(self, key: str) -> Path:
        if key.startswith("/") or ".." in key.split("/"):
            raise ValueError(f"unsafe key: {key}")
        return self.root / key

    @contextmanager
    def _locked(self) -> Iterator[None]:
        with open(self.root / self.LOCK_NAME, "a") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    def list_objects(self, prefix: str) -> list[ObjectInfo]:
        out = []
        for p in sorted(self.root.rglob("*")):
            if p.is_symlink() or not p.is_file() or p.name.endswith(".part") or p.name == self.LOCK_NAME:
                continue
            key = p.relative_to(self.root).as_posix()
            if key.startswith(prefix):
                data = p.read_bytes()
                out.append(ObjectInfo(key=key, etag=hashlib.md5(data).hexdigest(), size=len(data),
                                      last_modified=datetime.fromtimestamp(p.stat().st_mtime, UTC)))
        return out

    def get(self, key: str) -> tuple[bytes, str] | None:
        p = self._path(key)
        if not p.is_file():
            return None
        data = p.read_bytes()
        return data, hashlib.md5(data).hexdigest()

    def put(
        self,
        key: str,
        data: bytes,
        content_type: str = "application/octet-stream",
        *,
        if_match: str | None = None,
        if_none_match: bool = False,
    ) -> str:
        p = self._path(key)
        try:
            p.parent.mkdir(parents=True, exist_ok=True)
            if if_match is None and not if_none_match:
                _atomic_write(p, data)
                return hashlib.md5(data).hexdigest()
            with self._locked():
                current = self.get(key)
                if (if_none_match and current is not None) or (
                    if_match is not None and (current is None or current[1] != if_match)
                ):
                    raise PreconditionFailed(f"条件写入失败 / conditional write lost: {key}")
                _atomic_write(p, data)
        except OSError as exc:
            raise write_error(exc, key) from None
        return hashlib.md5(data).hexdigest()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def read_members(self, ref: PacketRef) -> list[PacketFile]:
        files = [PacketFile(name=member_name(ref, m.key), data=self._path(m.key).read_bytes()) for m in ref.members]
        return sorted(files, key=lambda f: member_sort_key(f.name))

    def read_packet(self, packet_id: str) -> list[PacketFile]:
        return read_packet_by_id(self, packet_id)

    def write_results(self, packet_id: str, files: list[ResultFile]) -> None:
        """The whole set staged first, then swapped in (see `write_local_results`): a full disk
        leaves the previous verdict and its files as they were."""
        write_local_results(self._path(RESULTS + packet_id), files)


def _atomic_write(target: Path, data: bytes) -> None:
    os.replace(_stage(target, data), target)
