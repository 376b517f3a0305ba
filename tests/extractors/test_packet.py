"""Manifest parsing and packet assembly."""

from __future__ import annotations

import json

from extractors.packet import packet_id_from_name, parse_manifest, split_manifest
from models import FlagCode, PacketFile


def test_manifest_is_split_from_evidence() -> None:
    files = [PacketFile(name="a.csv", data=b"x"), PacketFile(name="manifest.json", data=b"{}")]
    manifest, evidence = split_manifest(files)
    assert manifest is not None and manifest.name == "manifest.json"
    assert [f.name for f in evidence] == ["a.csv"]


def test_manifest_fields_are_read_with_bom() -> None:
    raw = {"packet_id": "p1", "enterprise_name": "北京某某有限公司", "assessment_year": 2026,
           "benefit_benchmarks": {"cost_to_output_ratio": 80}}
    member = PacketFile(name="manifest.json", data=b"\xef\xbb\xbf" + json.dumps(raw, ensure_ascii=False).encode())
    manifest, flags = parse_manifest(member, "fallback")
    assert flags == []
    assert manifest.packet_id == "p1"
    assert manifest.assessment_year == 2026
    assert manifest.benefit_benchmarks["cost_to_output_ratio"] == 80


def test_manifest_without_packet_id_takes_the_folder_name() -> None:
    manifest, flags = parse_manifest(PacketFile(name="manifest.json", data=b'{"assessment_year": 2026}'), "acme")
    assert manifest.packet_id == "acme" and flags == []


def test_broken_manifest_is_flagged_and_the_packet_goes_on() -> None:
    manifest, flags = parse_manifest(PacketFile(name="manifest.json", data=b"{not json"), "acme")
    assert manifest.packet_id == "acme"
    assert [f.code for f in flags] == [FlagCode.UNREADABLE_DOCUMENT]
    assert flags[0].evidence[0].file == "manifest.json"


def test_wrongly_typed_manifest_field_is_flagged() -> None:
    manifest, flags = parse_manifest(PacketFile(name="manifest.json", data=b'{"assessment_year": "soon"}'), "acme")
    assert flags and manifest.assessment_year is None


def test_packet_id_from_names() -> None:
    assert packet_id_from_name("incoming/acme-2026/") == "acme-2026"
    assert packet_id_from_name("acme-2026.zip") == "acme-2026"
    assert packet_id_from_name("/tmp/x/demo-packet") == "demo-packet"


def test_one_wrongly_typed_field_loses_only_itself() -> None:
    raw = {"enterprise_name": "北京某某科技有限公司", "credit_code": "91110108MA01ABCD1X", "assessment_year": "abc",
           "industry_code": 3911, "declared": [66.7], "benefit_benchmarks": {"cost_to_output_ratio": 75, "x": "高"}}
    manifest, flags = parse_manifest(PacketFile(name="manifest.json", data=json.dumps(raw).encode()), "acme")
    assert manifest.enterprise_name == "北京某某科技有限公司" and manifest.credit_code == "91110108MA01ABCD1X"
    assert manifest.benefit_benchmarks == {"cost_to_output_ratio": 75.0}
    assert manifest.assessment_year is None and manifest.industry_code is None and manifest.declared == {}
    cited = sorted(f.evidence[0].column for f in flags)
    assert cited == ["assessment_year", "benefit_benchmarks.x", "declared", "industry_code"]
    assert all(f.code == FlagCode.UNREADABLE_DOCUMENT and "已忽略" in f.message for f in flags)


def test_missing_manifest_is_flagged_once() -> None:
    manifest, flags = parse_manifest(None, "acme")
    assert manifest.packet_id == "acme"
    assert [f.code for f in flags] == [FlagCode.MISSING_EVIDENCE]
    assert flags[0].evidence[0].file == "manifest.json"


def test_unsafe_packet_ids_are_replaced() -> None:
    for bad in ["../etc", "a/b", "a\\b", "a\x00b", "x" * 300, "..", "line\nbreak"]:
        data = json.dumps({"packet_id": bad, "enterprise_name": "甲"}).encode()
        manifest, flags = parse_manifest(PacketFile(name="manifest.json", data=data), "acme")
        assert manifest.packet_id == "acme" and manifest.enterprise_name == "甲", bad
        assert [f.evidence[0].column for f in flags] == ["packet_id"]
