"""S3Store against a real S3 server on 127.0.0.1."""

import io
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pydantic import SecretStr

from models.settings import S3Settings
from storage.base import ResultFile
from storage.errors import BucketMissing, PreconditionFailed, StorageAuthError, StorageUnavailable
from storage.layout import scan_incoming
from storage.local import read_local_packet
from storage.s3 import S3Store
from tests.storage.helpers import upload, upload_folder_packet
from tools.devserver import DevS3Server, free_port


def scan(store: S3Store):
    return scan_incoming(store.list_objects("incoming/"), now=datetime.now(UTC))


def test_put_get_list_delete_round_trip(s3_store: S3Store):
    etag = s3_store.put("results/p/facts.json", "{\"企业\": 1}".encode(), "application/json")
    data, got_etag = s3_store.get("results/p/facts.json")
    assert data == "{\"企业\": 1}".encode() and got_etag == etag
    assert [o.key for o in s3_store.list_objects("results/")] == ["results/p/facts.json"]
    s3_store.delete("results/p/facts.json")
    s3_store.delete("results/p/facts.json")  # absent: no error
    assert s3_store.get("results/p/facts.json") is None


def test_half_uploaded_packet_waits_then_completes(s3_store: S3Store):
    upload_folder_packet(s3_store, "p1", {"设备清单.xlsx": b"x", "roster.csv": b"y"}, manifest=False)
    assert scan(s3_store).complete == [] and scan(s3_store).waiting == ["p1"]
    upload(s3_store, "incoming/p1/manifest.json", b'{"packet_id": "p1"}')
    (ref,) = scan(s3_store).complete
    assert ref.packet_id == "p1" and len(ref.members) == 3


def test_version_changes_only_when_content_changes(s3_store: S3Store):
    upload_folder_packet(s3_store, "p1", {"a.csv": b"1"})
    v1 = scan(s3_store).complete[0].version
    upload(s3_store, "incoming/p1/a.csv", b"1")  # the same bytes uploaded twice
    assert scan(s3_store).complete[0].version == v1
    upload_folder_packet(s3_store, "p1", {"a.csv": b"2"})
    assert scan(s3_store).complete[0].version != v1


def test_folder_members_read_as_the_local_reader_reads_them(s3_store: S3Store, tmp_path: Path):
    files = {"a-b.pdf": b"1", "a/b.pdf": b"2", "设备/清单.xlsx": b"3", ".DS_Store": b"junk"}
    upload_folder_packet(s3_store, "p1", files)
    local = tmp_path / "p1"
    for name, data in {**files, "manifest.json": b'{"packet_id": "p1"}'}.items():
        (local / name).parent.mkdir(parents=True, exist_ok=True)
        (local / name).write_bytes(data)
    assert s3_store.read_packet("p1") == read_local_packet(local)


def test_zip_packet_is_read_as_one_member_named_like_the_file(s3_store: S3Store, tmp_path: Path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("manifest.json", '{"packet_id": "z1"}')
    upload(s3_store, "incoming/z1.zip", buf.getvalue())
    (ref,) = scan(s3_store).complete
    (tmp_path / "z1.zip").write_bytes(buf.getvalue())
    assert s3_store.read_members(ref) == read_local_packet(tmp_path / "z1.zip")


def test_write_results_replaces_the_verdict_last(s3_store: S3Store):
    s3_store.write_results("p1", [ResultFile(name="verdict.json", data=b"old"), ResultFile(name="facts.json", data=b"f1")])
    s3_store.write_results("p1", [ResultFile(name="verdict.json", data=b"new"), ResultFile(name="facts.json", data=b"f2"),
                                  ResultFile(name="pages/1.png", data=b"png")])
    objs = {o.key: o for o in s3_store.list_objects("results/p1/")}
    assert set(objs) == {"results/p1/verdict.json", "results/p1/facts.json", "results/p1/pages/1.png"}
    assert s3_store.get("results/p1/verdict.json")[0] == b"new"
    assert objs["results/p1/verdict.json"].last_modified >= max(o.last_modified for o in objs.values())


def test_conditional_writes(s3_store: S3Store):
    etag = s3_store.put("results/p/_state.json", b"1", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        s3_store.put("results/p/_state.json", b"2", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        s3_store.put("results/p/_state.json", b"3", if_match="0" * 32)
    s3_store.put("results/p/_state.json", b"4", if_match=etag)
    assert s3_store.get("results/p/_state.json")[0] == b"4"


def test_racing_conditional_creates_have_one_winner(s3_store: S3Store):
    def attempt(i: int) -> int:
        try:
            s3_store.put("results/p/_state.json", str(i).encode(), if_none_match=True)
            return 1
        except PreconditionFailed:
            return 0

    with ThreadPoolExecutor(8) as pool:
        assert sum(pool.map(attempt, range(8))) == 1


def test_wrong_credentials_say_so(s3_server: DevS3Server, s3_store: S3Store):
    settings = s3_server.settings(s3_store.bucket).model_copy(update={"secret_key": SecretStr("not-the-secret")})
    with pytest.raises(StorageAuthError) as exc:
        S3Store(settings).check()
    assert "credentials" in str(exc.value) and "\n" not in str(exc.value)
    assert "not-the-secret" not in str(exc.value)


def test_missing_bucket_says_so(s3_server: DevS3Server):
    with pytest.raises(BucketMissing, match="no-such-bucket"):
        S3Store(s3_server.settings("no-such-bucket")).check()


def test_unreachable_endpoint_fails_fast_with_one_line():
    settings = S3Settings(endpoint=f"127.0.0.1:{free_port()}", access_key="k", secret_key="s")
    with pytest.raises(StorageUnavailable) as exc:
        S3Store(settings, attempts=2).check()
    assert "connection refused" in str(exc.value) and "\n" not in str(exc.value)


def test_tls_against_a_plain_server_is_explained(s3_server: DevS3Server, s3_store: S3Store):
    settings = s3_server.settings(s3_store.bucket).model_copy(update={"secure": True})
    with pytest.raises(StorageUnavailable, match="TLS"):
        S3Store(settings, attempts=1).check()
