from datetime import UTC, datetime, timedelta
from pathlib import Path

from storage.layout import (
    ObjectInfo,
    PacketKind,
    member_sort_key,
    packet_version,
    scan_incoming,
)

T0 = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def obj(key: str, etag: str = "e1", at: datetime = T0) -> ObjectInfo:
    return ObjectInfo(key=key, etag=etag, size=1, last_modified=at)


def test_folder_packet_needs_its_manifest():
    objects = [obj("incoming/p1/设备清单.xlsx"), obj("incoming/p2/a.pdf"), obj("incoming/p2/manifest.json")]
    scan = scan_incoming(objects, now=T0)
    assert [r.packet_id for r in scan.complete] == ["p2"]
    assert scan.waiting == ["p1"]
    assert scan.complete[0].kind is PacketKind.FOLDER
    assert {m.key for m in scan.complete[0].members} == {"incoming/p2/a.pdf", "incoming/p2/manifest.json"}


def test_manifest_in_a_subfolder_does_not_complete_a_packet():
    scan = scan_incoming([obj("incoming/p1/sub/manifest.json"), obj("incoming/p1/a.pdf")], now=T0)
    assert scan.complete == [] and scan.waiting == ["p1"]


def test_zip_packet_is_complete_when_present():
    scan = scan_incoming([obj("incoming/acme-2026.zip"), obj("incoming/readme.txt")], now=T0)
    assert [(r.packet_id, r.kind) for r in scan.complete] == [("acme-2026", PacketKind.ZIP)]


def test_member_newer_than_manifest_waits_for_the_settle_time():
    objects = [obj("incoming/p1/manifest.json", at=T0), obj("incoming/p1/a.pdf", "e2", at=T0 + timedelta(seconds=5))]
    assert scan_incoming(objects, now=T0 + timedelta(seconds=10), settle_seconds=30).waiting == ["p1"]
    assert [r.packet_id for r in scan_incoming(objects, now=T0 + timedelta(seconds=36), settle_seconds=30).complete] == [
        "p1"
    ]


def test_litter_and_folder_markers_are_not_members():
    objects = [obj("incoming/p1/manifest.json"), obj("incoming/p1/.DS_Store"), obj("incoming/p1/~$a.xlsx"),
               obj("incoming/p1/sub/"), obj("incoming/p1/a.pdf")]
    (ref,) = scan_incoming(objects, now=T0).complete
    assert sorted(m.key for m in ref.members) == ["incoming/p1/a.pdf", "incoming/p1/manifest.json"]


def test_hidden_and_underscore_ids_are_not_packets():
    scan = scan_incoming([obj("incoming/.tmp/manifest.json"), obj("incoming/_x.zip")], now=T0)
    assert scan.complete == [] and scan.waiting == []


def test_version_follows_etags_not_listing_order_or_dates():
    a, b = obj("incoming/p/a", "1"), obj("incoming/p/b", "2")
    assert packet_version([a, b]) == packet_version([b, obj("incoming/p/a", "1", at=T0 + timedelta(days=1))])
    assert packet_version([a, b]) != packet_version([a, obj("incoming/p/b", "3")])


def test_member_order_matches_sorted_rglob(tmp_path: Path):
    names = ["a-b.pdf", "a/b.pdf", "a/c/d.csv", "b.xlsx", "A.pdf", "设备/1.pdf"]
    for n in names:
        (tmp_path / n).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / n).write_bytes(b"x")
    on_disk = [p.relative_to(tmp_path).as_posix() for p in sorted(tmp_path.rglob("*")) if p.is_file()]
    assert sorted(names, key=member_sort_key) == on_disk
