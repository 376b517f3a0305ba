"""Unpacking a zip packet safely (SPEC §8: `../` paths, links, zip bombs).

A bad member never sinks the packet: it becomes an UNREADABLE_DOCUMENT flag and the other
members are still returned.
"""

from __future__ import annotations

import io
import posixpath
import stat
import zipfile

from models import EvidenceRef, Flag, FlagCode, PacketFile, make_flag

# Limits against decompression bombs. A real packet is tens of MB; these leave ample room.
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # uncompressed / compressed, per member (text CSVs reach ~20)
# Nested zips are unpacked one level deep: assessors zip folders that already hold a zip.
MAX_NESTING = 1


def is_zip(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04" and _looks_like_plain_zip(data)


def _looks_like_plain_zip(data: bytes) -> bool:
    """A zip that is not an OOXML (xlsx/docx) container."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError):
        return False
    return "[Content_Types].xml" not in names


def _decode_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows zips store GBK names without the UTF-8 flag; Python reads them as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _safe_member_name(name: str) -> str | None:
    """Normalised relative POSIX path, or None when it escapes the packet (absolute, ``..``)."""
    name = name.replace("\\", "/")
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return None
    norm = posixpath.normpath(name)
    if norm.startswith("../") or norm == ".." or norm.startswith("/"):
        return None
    return norm


def _is_symlink(info: zipfile.ZipInfo) -> bool:
    return stat.S_ISLNK(info.external_attr >> 16)


def _unreadable(file: str, why: str) -> Flag:
    return make_flag(
        FlagCode.UNREADABLE_DOCUMENT,
        f"压缩包中的文件“{file}”无法读取：{why}",
        [EvidenceRef(file=file)],
        reason="archive",
    )


def unpack_zip(data: bytes, archive_name: str, depth: int = 0) -> tuple[list[PacketFile], list[Flag]]:
    """Members of a zip packet as PacketFiles (directories and OS junk skipped), with a flag per
    member that was refused. A zip that cannot be opened at all yields one flag for the archive."""
    flags: list[Flag] = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as exc:
        return [], [_unreadable(archive_name, f"压缩包已损坏（{exc}）")]
    members: list[PacketFile] = []
    total = 0
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            return [], [_unreadable(archive_name, f"文件数 {len(infos)} 超过上限 {MAX_MEMBERS}")]
        for info in infos:
            raw_name = _decode_name(info)
            shown = f"{archive_name}!{raw_name}"
            if info.is_dir():
                continue
            base = posixpath.basename(raw_name)
            if raw_name.startswith("__MACOSX/") or base in {".DS_Store", "Thumbs.db"} or base.startswith("~$"):
                continue
            name = _safe_member_name(raw_name)
            if name is None:
                flags.append(_unreadable(shown, "路径指向压缩包之外（含 ../ 或绝对路径），已拒绝"))
                continue
            if _is_symlink(info):
                flags.append(_unreadable(shown, "是符号链接，已拒绝"))
                continue
            if info.flag_bits & 0x1:
                flags.append(_unreadable(shown, "已加密，无法读取"))
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                flags.append(_unreadable(shown, f"解压后 {info.file_size} 字节，超过单文件上限"))
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                flags.append(_unreadable(shown, "压缩比异常（疑似压缩炸弹），已拒绝"))
                continue
            if total + info.file_size > MAX_TOTAL_BYTES:
                flags.append(_unreadable(shown, "压缩包解压总量超过上限，其余文件未读取"))
                break
            try:
                content = _read_bounded(zf, info)
            except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError) as exc:
                flags.append(_unreadable(shown, f"解压失败（{exc}）"))
                continue
            total += len(content)
            if depth < MAX_NESTING and is_zip(content):
                inner, inner_flags = unpack_zip(content, name, depth + 1)
                members.extend(PacketFile(name=f"{name}!{m.name}", data=m.data) for m in inner)
                flags.extend(inner_flags)
                continue
            members.append(PacketFile(name=name, data=content))
    return members, flags


def _read_bounded(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
    """Read a member but stop past its declared size: the header can lie about it."""
    out = bytearray()
    with zf.open(info) as fh:
        while chunk := fh.read(1 << 20):
            out += chunk
            if len(out) > info.file_size or len(out) > MAX_MEMBER_BYTES:
                raise ValueError("解压后大小超过声明值")
    return bytes(out)


def _strip_common_folder(members: list[PacketFile]) -> list[PacketFile]:
    """A zip made by compressing a folder holds ``<folder>/…``: drop that one shared folder."""
    tops = {m.name.split("/", 1)[0] for m in members}
    if len(tops) == 1 and all("/" in m.name for m in members):
        return [PacketFile(name=m.name.split("/", 1)[1], data=m.data) for m in members]
    return members


def expand_packet(files: list[PacketFile]) -> tuple[list[PacketFile], list[Flag]]:
    """A packet given as files; any plain zip among them is replaced by its members. A packet
    that is one zip (``incoming/<id>.zip``) becomes the zip's members, shared top folder dropped."""
    if len(files) == 1 and is_zip(files[0].data):
        members, flags = unpack_zip(files[0].data, files[0].name)
        return _strip_common_folder(members), flags
    out: list[PacketFile] = []
    flags: list[Flag] = []
    for f in files:
        if is_zip(f.data):
            members, member_flags = unpack_zip(f.data, f.name)
            out.extend(PacketFile(name=f"{f.name}!{m.name}", data=m.data) for m in members)
            flags.extend(member_flags)
        else:
            out.append(f)
    return out, flags
