"""Unpacking a zip packet safely (SPEC §8: `../` paths, links, zip bombs).

A bad member never sinks the packet: it becomes an UNREADABLE_DOCUMENT flag and the other
members are still returned.
"""

from __future__ import annotations

import io
import posixpath
import stat
import struct
import zipfile
import zlib

from models import EvidenceRef, Flag, FlagCode, PacketFile, make_flag

# Limits against decompression bombs. A real packet is tens of MB; these leave ample room.
MAX_MEMBERS = 2000
MAX_MEMBER_BYTES = 200 * 1024 * 1024
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
MAX_COMPRESSION_RATIO = 200  # uncompressed / compressed, per member (text CSVs reach ~20)
# Nested zips are unpacked this many levels deep (assessors zip folders that already hold a
# zip, sometimes twice); a zip deeper still is flagged with the names of the documents it holds.
MAX_NESTING = 3
# Names listed in one flag about members that were not read (the rest are counted).
MAX_NAMES_LISTED = 20
_LOCAL_HEADER = b"PK\x03\x04"
# A name without the UTF-8 flag is read as GBK when this share of its characters are common
# (GB2312) ones; CP437 text read as GBK gives rare characters.
GBK_COMMON_SHARE = 0.8
_OOXML_PARTS = ("[Content_Types].xml", "_rels/", "xl/", "word/", "docProps/", "ppt/")


def is_zip(data: bytes) -> bool:
    return data[:4] == _LOCAL_HEADER and _looks_like_plain_zip(data)


def _looks_like_plain_zip(data: bytes) -> bool:
    """A zip that is not an OOXML (xlsx/docx) container. A zip without its central directory
    (a truncated upload) is judged by the names in its local headers."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            names = set(zf.namelist())
    except (zipfile.BadZipFile, ValueError, OSError):
        names = {h.name for h in _local_headers(data, limit=64)}
        return bool(names) and not any(n.startswith(_OOXML_PARTS) for n in names)
    return "[Content_Types].xml" not in names


class _LocalHeader:
    """One member as its local file header describes it (for salvaging a zip whose central
    directory is gone)."""

    def __init__(self, offset: int, flags: int, method: int, crc: int, csize: int, usize: int, name: str,
                 data_start: int) -> None:
        self.offset, self.flags, self.method, self.crc = offset, flags, method, crc
        self.csize, self.usize, self.name, self.data_start = csize, usize, name, data_start


def _local_headers(data: bytes, limit: int = MAX_MEMBERS + 1) -> list[_LocalHeader]:
    """Local file headers found scanning the bytes, at most `limit`."""
    out: list[_LocalHeader] = []
    pos = data.find(_LOCAL_HEADER)
    while pos >= 0 and len(out) < limit and pos + 30 <= len(data):
        (_, _, flags, method, _, _, crc, csize, usize, nlen, xlen) = struct.unpack_from("<4sHHHHHIIIHH", data, pos)
        raw = data[pos + 30 : pos + 30 + nlen]
        name = raw.decode("utf-8") if flags & 0x800 else _decode_bytes_name(raw)
        start = pos + 30 + nlen + xlen
        out.append(_LocalHeader(pos, flags, method, crc, csize, usize, name, start))
        pos = data.find(_LOCAL_HEADER, start + (csize if not flags & 0x8 else 0))
    return out


def _decode_bytes_name(raw: bytes) -> str:
    """A member name stored without the UTF-8 flag: UTF-8 anyway (some tools), GBK (Chinese
    Windows) when most of its characters are common GB2312 ones, else CP437 (the zip default:
    Résumé.csv stays Résumé.csv rather than GBK mojibake)."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    try:
        gbk = raw.decode("gbk")
    except UnicodeDecodeError:
        return raw.decode("cp437")
    wide = [ch for ch in gbk if ord(ch) > 127]
    common = sum(1 for ch in wide if _in_gb2312(ch))
    return gbk if common >= GBK_COMMON_SHARE * len(wide) else raw.decode("cp437")


def _in_gb2312(ch: str) -> bool:
    try:
        ch.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def _salvage_member(data: bytes, h: _LocalHeader) -> bytes | None:
    """The member's bytes when they are complete and their CRC holds, else None."""
    if h.flags & 0x1:
        return None
    if h.method == zipfile.ZIP_STORED:
        if h.flags & 0x8 or h.data_start + h.csize > len(data):
            return None
        content = data[h.data_start : h.data_start + h.csize]
    elif h.method == zipfile.ZIP_DEFLATED:
        d = zlib.decompressobj(-15)
        try:
            content = d.decompress(data[h.data_start :], MAX_MEMBER_BYTES + 1)
        except zlib.error:
            return None
        if not d.eof or len(content) > MAX_MEMBER_BYTES:
            return None
    else:
        return None
    if h.flags & 0x8:
        return content  # sizes and CRC follow the data; complete deflate data is the best test
    return content if zlib.crc32(content) == h.crc and len(content) == h.usize else None


def _names_listed(names: list[str]) -> str:
    shown = "、".join(names[:MAX_NAMES_LISTED])
    return shown + (f" 等 {len(names)} 个文件" if len(names) > MAX_NAMES_LISTED else "")


def _decode_name(info: zipfile.ZipInfo) -> str:
    """Chinese Windows zips store GBK names without the UTF-8 flag; Python reads them as cp437."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        raw = info.filename.encode("cp437")
    except UnicodeEncodeError:
        return info.filename
    return _decode_bytes_name(raw)


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


def _is_special(info: zipfile.ZipInfo) -> bool:
    """A Unix device, FIFO or socket entry: not a document."""
    mode = info.external_attr >> 16
    return info.create_system == 3 and stat.S_IFMT(mode) not in (0, stat.S_IFREG, stat.S_IFDIR, stat.S_IFLNK)


def _unreadable(file: str, why: str) -> Flag:
    return make_flag(
        FlagCode.UNREADABLE_DOCUMENT,
        f"压缩包中的文件“{file}”无法读取：{why}",
        [EvidenceRef(file=file)],
        reason="archive",
    )


def _is_junk(raw_name: str) -> bool:
    base = posixpath.basename(raw_name)
    return raw_name.startswith("__MACOSX/") or base in {".DS_Store", "Thumbs.db"} or base.startswith("~$")


def _distinct_name(name: str, seen: dict[str, int]) -> str:
    """A second member of the same name becomes ``name (2).ext``: both are kept (the duplicate
    check decides whether they are the same document)."""
    seen[name] = seen.get(name, 0) + 1
    if seen[name] == 1:
        return name
    stem, dot, ext = name.rpartition(".")
    return f"{stem} ({seen[name]}).{ext}" if dot and "/" not in ext else f"{name} ({seen[name]})"


def _inner_names(data: bytes) -> list[str]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            return [i.filename for i in zf.infolist()[: MAX_NAMES_LISTED + 1] if not i.is_dir()]
    except (zipfile.BadZipFile, ValueError, OSError):
        return [h.name for h in _local_headers(data, limit=MAX_NAMES_LISTED + 1)]


def _add_member(
    name: str, content: bytes, depth: int, members: list[PacketFile], flags: list[Flag], archive_name: str
) -> None:
    """A member, or the members of a nested zip (prefixed ``inner.zip!``), into `members`;
    flags name the whole path (``outer.zip!inner.zip!…``)."""
    if not is_zip(content):
        members.append(PacketFile(name=name, data=content))
        return
    shown = f"{archive_name}!{name}"
    if depth < MAX_NESTING:
        inner, inner_flags = unpack_zip(content, shown, depth + 1)
        members.extend(PacketFile(name=f"{name}!{m.name}", data=m.data) for m in inner)
        flags.extend(inner_flags)
        return
    flags.append(
        _archive_problem(
            shown,
            f"嵌套超过 {MAX_NESTING} 层，未展开；其中的文件未读取：{_names_listed(_inner_names(content)) or '（无）'}",
        )
    )


def _archive_problem(archive: str, what: str) -> Flag:
    """UNREADABLE_DOCUMENT about the archive as a whole (what was and was not read)."""
    return make_flag(
        FlagCode.UNREADABLE_DOCUMENT, f"压缩包“{archive}”{what}", [EvidenceRef(file=archive)], reason="archive"
    )


def unpack_zip(data: bytes, archive_name: str, depth: int = 0) -> tuple[list[PacketFile], list[Flag]]:
    """Members of a zip packet as PacketFiles (directories and OS junk skipped), with a flag per
    member that was refused. A zip whose directory is gone (truncated) is salvaged from its local
    headers; past MAX_MEMBERS the first members are read and the rest named in one flag."""
    flags: list[Flag] = []
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        return _salvage_zip(data, archive_name, str(exc), depth)
    members: list[PacketFile] = []
    seen: dict[str, int] = {}
    total = 0
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            rest = [_decode_name(i) for i in infos[MAX_MEMBERS:] if not i.is_dir()]
            flags.append(
                _archive_problem(
                    archive_name,
                    f"文件数 {len(infos)} 超过上限 {MAX_MEMBERS}，只读取了前 {MAX_MEMBERS} 个；"
                    f"未读取：{_names_listed(rest)}",
                )
            )
            infos = infos[:MAX_MEMBERS]
        for k, info in enumerate(infos):
            raw_name = _decode_name(info)
            shown = f"{archive_name}!{raw_name}"
            if info.is_dir() or _is_junk(raw_name):
                continue
            name = _safe_member_name(raw_name)
            if name is None:
                flags.append(_unreadable(shown, "路径指向压缩包之外（含 ../ 或绝对路径），已拒绝"))
                continue
            if _is_symlink(info):
                flags.append(_unreadable(shown, "是符号链接，已拒绝"))
                continue
            if _is_special(info):
                flags.append(_unreadable(shown, "不是普通文件（设备、管道等），已拒绝"))
                continue
            if info.flag_bits & 0x1:
                flags.append(_unreadable(shown, "已加密，无法读取"))
                continue
            if info.file_size > MAX_MEMBER_BYTES:
                flags.append(_unreadable(shown, f"解压后 {info.file_size} 字节，超过单文件上限 {MAX_MEMBER_BYTES} 字节"))
                continue
            if info.compress_size and info.file_size / info.compress_size > MAX_COMPRESSION_RATIO:
                flags.append(
                    _unreadable(
                        shown,
                        f"压缩比 {info.file_size / info.compress_size:.0f}:1 超过上限 {MAX_COMPRESSION_RATIO}:1"
                        "（疑似压缩炸弹），已拒绝",
                    )
                )
                continue
            if total + info.file_size > MAX_TOTAL_BYTES:
                rest = [_decode_name(i) for i in infos[k:] if not i.is_dir()]
                flags.append(
                    _archive_problem(archive_name, f"解压总量超过上限 {MAX_TOTAL_BYTES} 字节；未读取：{_names_listed(rest)}")
                )
                break
            try:
                content = _read_bounded(zf, info)
            except (zipfile.BadZipFile, ValueError, OSError, NotImplementedError, zlib.error, EOFError) as exc:
                flags.append(_unreadable(shown, f"解压失败（{exc}）"))
                continue
            total += len(content)
            _add_member(_distinct_name(name, seen), content, depth, members, flags, archive_name)
    return members, flags


def _salvage_zip(data: bytes, archive_name: str, why: str, depth: int) -> tuple[list[PacketFile], list[Flag]]:
    """A zip whose central directory cannot be read (an upload cut short): every member whose
    local header and data are complete is kept, the others are named."""
    headers = _local_headers(data)
    if not headers:
        return [], [_archive_problem(archive_name, f"已损坏，无法读取（{why}）")]
    members: list[PacketFile] = []
    flags: list[Flag] = []
    lost: list[str] = []
    seen: dict[str, int] = {}
    total = 0
    for h in headers[:MAX_MEMBERS]:
        if h.name.endswith("/") or _is_junk(h.name):
            continue
        name = _safe_member_name(h.name)
        if name is None:
            flags.append(_unreadable(f"{archive_name}!{h.name}", "路径指向压缩包之外（含 ../ 或绝对路径），已拒绝"))
            continue
        content = _salvage_member(data, h) if total < MAX_TOTAL_BYTES else None
        if content is None:
            lost.append(h.name)
            continue
        total += len(content)
        _add_member(_distinct_name(name, seen), content, depth, members, flags, archive_name)
    read = f"已读出 {len(members)} 个文件" if members else "没有可读出的文件"
    missing = f"；残缺未读：{_names_listed(lost)}" if lost else ""
    flags.insert(0, _archive_problem(archive_name, f"不完整（{why}，可能上传中断），{read}{missing}"))
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
