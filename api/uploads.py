"""Reading a submission (SPEC §6b): multipart `packet` (one zip) or `files` (evidence files and
manifest.json), or JSON `{"bucket_key": …}`. The size limit is enforced while the body streams in
(Content-Length first, then a byte count), so an oversized upload is refused before it is stored;
multipart parts spool to disk past 1 MB (Starlette), never the whole body in memory."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from fastapi import HTTPException, Request, status
from pydantic import ValidationError
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from api.schemas import BucketReference
from api.store import safe_member_name

MAX_FILES = 2000


class UploadTooLarge(Exception):
    pass


@dataclass
class Submission:
    kind: str  # "upload" | "bucket"
    members: list[tuple[str, bytes]] = field(default_factory=list)
    packet_id: str | None = None  # bucket: the packet id the key names
    bucket_key: str | None = None
    request_hash: str = ""


def unprocessable(message: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, message)


def too_large(limit_mb: int) -> HTTPException:
    return HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, f"the upload is larger than {limit_mb} MB")


async def _limited(request: Request, limit: int) -> AsyncIterator[bytes]:
    seen = 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > limit:
            raise UploadTooLarge
        yield chunk


async def read_submission(request: Request, limit_bytes: int, limit_mb: int) -> Submission:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit_bytes:
        raise too_large(limit_mb)
    ctype = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    try:
        if ctype == "multipart/form-data":
            return await _read_multipart(request, limit_bytes)
        if ctype in ("application/json", "") or ctype.endswith("+json"):
            body = b"".join([c async for c in _limited(request, limit_bytes)])
            return _read_bucket_reference(body)
    except UploadTooLarge:
        raise too_large(limit_mb) from None
    raise unprocessable("send multipart/form-data (a `packet` zip or `files`) or JSON {\"bucket_key\": …}")


def _read_bucket_reference(body: bytes) -> Submission:
    try:
        ref = BucketReference.model_validate(json.loads(body or b"null"))
    except (ValueError, ValidationError) as exc:
        raise unprocessable(f"not a packet reference: expected {{\"bucket_key\": \"incoming/<id>/\"}} ({exc})"
                            .splitlines()[0]) from None
    packet_id = packet_id_of_bucket_key(ref.bucket_key)
    if packet_id is None:
        raise unprocessable("bucket_key must be incoming/<packet-id>/ or incoming/<packet-id>.zip")
    digest = hashlib.sha256(f"bucket\0{ref.bucket_key}".encode()).hexdigest()
    return Submission(kind="bucket", packet_id=packet_id, bucket_key=ref.bucket_key, request_hash=digest)


def packet_id_of_bucket_key(key: str) -> str | None:
    from storage.layout import INCOMING, valid_packet_id

    key = key.strip()
    if not key.startswith(INCOMING):
        return None
    rest = key[len(INCOMING):]
    if rest.endswith("/"):
        rest = rest[:-1]
    elif rest.lower().endswith(".zip"):
        rest = rest[:-4]
    return rest if valid_packet_id(rest) else None


async def _read_multipart(request: Request, limit: int) -> Submission:
    parser = MultiPartParser(request.headers, _limited(request, limit), max_files=MAX_FILES, max_fields=20)
    try:
        form = await parser.parse()
    except MultiPartException as exc:
        raise unprocessable(f"malformed multipart body: {exc.message}") from None
    try:
        packets = [v for v in form.getlist("packet") if isinstance(v, UploadFile)]
        files = [v for v in form.getlist("files") if isinstance(v, UploadFile)]
        if packets and files:
            raise unprocessable("send either one `packet` zip or `files`, not both")
        if len(packets) > 1:
            raise unprocessable("send one `packet` field (a zip); several files go in `files` fields")
        if packets:
            members = [await _zip_member(packets[0])]
        elif files:
            members = await _file_members(files)
        else:
            raise unprocessable("no files: send a `packet` field holding a zip, or one or more `files` fields")
    finally:
        await form.close()
    h = hashlib.sha256(b"upload\0")
    for name, data in members:
        h.update(f"{name}\0{hashlib.sha256(data).hexdigest()}\n".encode())
    return Submission(kind="upload", members=members, request_hash=h.hexdigest())


ZIP_LOCAL_HEADER = b"PK\x03\x04"


async def _zip_member(up: UploadFile) -> tuple[str, bytes]:
    data = await up.read()
    if not data:
        raise unprocessable("the `packet` field is empty")
    if zipfile.is_zipfile(io.BytesIO(data)):
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as z:
                if not any(not i.is_dir() for i in z.infolist()):
                    raise unprocessable("the zip holds no files")
        except zipfile.BadZipFile as exc:
            raise unprocessable(f"the `packet` zip cannot be opened: {exc}") from None
    elif not data.startswith(ZIP_LOCAL_HEADER):
        raise unprocessable("the `packet` field is not a zip archive")
    # else: a zip whose directory is missing (cut short): the check salvages its readable members
    # from their local headers and names the rest in a flag (SPEC §8), as the CLI does.
    name = safe_member_name(up.filename or "") or "packet.zip"
    name = name.rsplit("/", 1)[-1]
    return (name if name.lower().endswith(".zip") else name + ".zip"), data


async def _file_members(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    members: dict[str, bytes] = {}
    for up in files:
        name = safe_member_name(up.filename or "")
        if name is None:
            raise unprocessable("every `files` part needs a file name")
        if name in members:
            raise unprocessable(f"two files are named {name}")
        members[name] = await up.read()
    return sorted(members.items(), key=lambda kv: tuple(kv[0].split("/")))
