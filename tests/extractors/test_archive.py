"""Zip packets: members come out, bad members become flags, the rest survive (SPEC §8)."""

from __future__ import annotations

import io
import stat
import zipfile

from extractors.archive import MAX_COMPRESSION_RATIO, expand_packet, unpack_zip
from models import FlagCode, PacketFile


def _zip(entries: list[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries:
            zf.writestr(name, data)
    return buf.getvalue()


def test_members_are_returned_with_paths() -> None:
    data = _zip([("manifest.json", b"{}"), ("docs/设备清单.csv", b"a,b\n1,2\n")])
    members, flags = unpack_zip(data, "p.zip")
    assert [m.name for m in members] == ["manifest.json", "docs/设备清单.csv"]
    assert members[1].data == b"a,b\n1,2\n"
    assert flags == []


def test_path_traversal_and_absolute_paths_are_refused_but_others_kept() -> None:
    data = _zip([("../evil.txt", b"x"), ("/etc/passwd", b"x"), ("ok.csv", b"a,b\n")])
    members, flags = unpack_zip(data, "p.zip")
    assert [m.name for m in members] == ["ok.csv"]
    assert len(flags) == 2
    assert all(f.code == FlagCode.UNREADABLE_DOCUMENT for f in flags)
    assert "../evil.txt" in flags[0].evidence[0].file


def test_symlink_member_is_refused() -> None:
    link = zipfile.ZipInfo("link")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    data = _zip([(link, b"/etc/passwd"), ("ok.csv", b"a\n")])
    members, flags = unpack_zip(data, "p.zip")
    assert [m.name for m in members] == ["ok.csv"]
    assert "符号链接" in flags[0].message


def test_zip_bomb_member_is_refused() -> None:
    bomb = b"\0" * (MAX_COMPRESSION_RATIO * 2000)
    data = _zip([("bomb.csv", bomb), ("ok.csv", b"a\n")])
    members, flags = unpack_zip(data, "p.zip")
    assert [m.name for m in members] == ["ok.csv"]
    assert "压缩炸弹" in flags[0].message


def test_corrupt_zip_gives_one_flag() -> None:
    members, flags = unpack_zip(b"PK\x03\x04garbage", "p.zip")
    assert members == []
    assert flags[0].code == FlagCode.UNREADABLE_DOCUMENT


def test_gbk_names_without_utf8_flag_are_decoded() -> None:
    # Windows' zip tool writes GBK bytes without the UTF-8 flag: an ASCII placeholder of the
    # same length keeps Python from setting the flag, then the raw name bytes are swapped in.
    gbk = "设备清单.csv".encode("gbk")
    placeholder = b"Q" * len(gbk)
    data = _zip([(placeholder.decode(), b"a\n")]).replace(placeholder, gbk)
    members, _ = unpack_zip(data, "p.zip")
    assert members[0].name == "设备清单.csv"


def test_single_zip_packet_drops_shared_top_folder() -> None:
    data = _zip([("acme/manifest.json", b"{}"), ("acme/a.csv", b"a\n")])
    members, _ = expand_packet([PacketFile(name="acme.zip", data=data)])
    assert sorted(m.name for m in members) == ["a.csv", "manifest.json"]


def test_zip_inside_folder_packet_is_expanded_with_prefix() -> None:
    inner = _zip([("a.csv", b"a\n")])
    members, _ = expand_packet([PacketFile(name="m.json", data=b"{}"), PacketFile(name="more.zip", data=inner)])
    assert [m.name for m in members] == ["m.json", "more.zip!a.csv"]


def test_xlsx_is_not_mistaken_for_a_packet_zip() -> None:
    ooxml = _zip([("[Content_Types].xml", b"<x/>"), ("xl/workbook.xml", b"<x/>")])
    members, flags = expand_packet([PacketFile(name="a.xlsx", data=ooxml), PacketFile(name="b.csv", data=b"a\n")])
    assert [m.name for m in members] == ["a.xlsx", "b.csv"]
    assert flags == []


def test_truncated_zip_keeps_its_complete_members_and_names_the_rest() -> None:
    data = _zip([("a.csv", b"a,b\n1,2\n"), ("b.csv", b"c,d\n3,4\n"), ("c.csv", bytes(range(256)) * 400)])
    cut = data[: data.index(b"c.csv") + 200]  # inside the third member's data, no central directory
    members, flags = unpack_zip(cut, "p.zip")
    assert [m.name for m in members] == ["a.csv", "b.csv"]
    assert members[1].data == b"c,d\n3,4\n"
    assert len(flags) == 1 and "不完整" in flags[0].message and "c.csv" in flags[0].message


def test_over_the_member_limit_reads_the_first_and_names_the_rest(monkeypatch) -> None:  # noqa: ANN001
    import extractors.archive as archive

    monkeypatch.setattr(archive, "MAX_MEMBERS", 3)
    data = _zip([(f"f{i}.csv", b"a\n") for i in range(5)])
    members, flags = unpack_zip(data, "p.zip")
    assert [m.name for m in members] == ["f0.csv", "f1.csv", "f2.csv"]
    assert "f3.csv" in flags[0].message and "f4.csv" in flags[0].message


def test_zip_nested_two_levels_is_read_and_deeper_ones_are_named() -> None:
    inner = _zip([("深层.csv", b"a\n")])
    middle = _zip([("inner.zip", inner)])
    members, flags = unpack_zip(_zip([("middle.zip", middle), ("top.csv", b"x\n")]), "p.zip")
    assert sorted(m.name for m in members) == ["middle.zip!inner.zip!深层.csv", "top.csv"] and flags == []
    deep = inner
    for k in range(4):
        deep = _zip([(f"l{k}.zip", deep)])
    members, flags = unpack_zip(deep, "p.zip")
    assert members == [] and "嵌套" in flags[0].message and "深层.csv" in flags[0].message


def test_duplicate_member_names_keep_both() -> None:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("a.csv", b"1\n")
        zf.writestr("a.csv", b"2\n")
    members, _ = unpack_zip(buf.getvalue(), "p.zip")
    assert [(m.name, m.data) for m in members] == [("a.csv", b"1\n"), ("a (2).csv", b"2\n")]
