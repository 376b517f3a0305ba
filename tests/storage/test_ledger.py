"""The watcher's ledger: claims are exclusive, finished versions stay finished, failures are bounded."""

import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from storage import ledger
from storage.errors import PreconditionFailed
from storage.layout import ObjectInfo, PacketKind, PacketRef
from storage.ledger import Decision, PacketState, PacketStatus, claim, decide, read_state, release
from storage.local import LocalStore
from storage.s3 import S3Store

NOW = datetime(2026, 3, 1, 8, 0, tzinfo=UTC)


def ref(version: str = "v1", packet_id: str = "p1") -> PacketRef:
    member = ObjectInfo(key=f"incoming/{packet_id}.zip", etag=version, size=1, last_modified=NOW)
    return PacketRef(packet_id=packet_id, kind=PacketKind.ZIP, members=[member], version=version)


def state(status: PacketStatus, attempts: int = 1, version: str = "v1", lease_until: datetime | None = None):
    return PacketState(packet_id="p1", version=version, status=status, attempts=attempts,
                       lease_until=lease_until, updated_at=NOW)


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        (None, Decision.PROCESS),
        (state(PacketStatus.DONE), Decision.DONE),
        (state(PacketStatus.DONE, version="v0"), Decision.PROCESS),
        (state(PacketStatus.FAILED, attempts=2), Decision.PROCESS),
        (state(PacketStatus.FAILED, attempts=3), Decision.GAVE_UP),
        (state(PacketStatus.FAILED, attempts=3, version="v0"), Decision.PROCESS),
        (state(PacketStatus.PROCESSING, lease_until=NOW + timedelta(minutes=5)), Decision.BUSY),
        (state(PacketStatus.PROCESSING, lease_until=NOW - timedelta(seconds=1)), Decision.PROCESS),
        (state(PacketStatus.PROCESSING, attempts=3, lease_until=NOW - timedelta(seconds=1)), Decision.GAVE_UP),
    ],
)
def test_decide(entry, expected):
    assert decide(entry, "v1", NOW, max_attempts=3) is expected


def test_claim_is_exclusive_and_done_stays_done(s3_store: S3Store):
    decision, mine = claim(s3_store, ref(), "watcher-a")
    assert decision is Decision.PROCESS and mine.state.attempts == 1
    assert claim(s3_store, ref(), "watcher-b") == (Decision.BUSY, None)
    release(s3_store, mine, PacketStatus.DONE)
    assert claim(s3_store, ref(), "watcher-b") == (Decision.DONE, None)
    saved, _ = read_state(s3_store, "p1")
    assert saved.status is PacketStatus.DONE and saved.owner == "watcher-a" and saved.token is None


def test_changed_version_is_claimed_afresh(s3_store: S3Store):
    _, first = claim(s3_store, ref("v1"), "w")
    release(s3_store, first, PacketStatus.FAILED, "boom")
    decision, second = claim(s3_store, ref("v2"), "w")
    assert decision is Decision.PROCESS and second.state.attempts == 1 and second.state.last_error is None


def test_failures_are_retried_up_to_the_limit(s3_store: S3Store):
    for attempt in (1, 2, 3):
        decision, held = claim(s3_store, ref(), "w", max_attempts=3)
        assert decision is Decision.PROCESS and held.state.attempts == attempt
        release(s3_store, held, PacketStatus.FAILED, f"error {attempt}")
    assert claim(s3_store, ref(), "w", max_attempts=3) == (Decision.GAVE_UP, None)
    assert read_state(s3_store, "p1")[0].last_error == "error 3"


def test_expired_lease_is_taken_over_and_the_late_release_is_ignored(s3_store: S3Store):
    _, stale = claim(s3_store, ref(), "dead-watcher", lease_seconds=60, now=NOW)
    decision, fresh = claim(s3_store, ref(), "w2", lease_seconds=60, now=NOW + timedelta(minutes=2))
    assert decision is Decision.PROCESS and fresh.state.attempts == 2
    release(s3_store, stale, PacketStatus.FAILED, "late")  # lost its lease: must not overwrite
    saved, _ = read_state(s3_store, "p1")
    assert saved.owner == "w2" and saved.status is PacketStatus.PROCESSING


def test_server_honours_conditional_writes(s3_store: S3Store):
    assert ledger.supports_conditional_writes(s3_store)


class IgnoresConditions(LocalStore):
    """A store like an S3 server that ignores If-None-Match / If-Match."""

    def put(self, key, data, content_type="application/octet-stream", *, if_match=None, if_none_match=False):
        return super().put(key, data, content_type)


def test_readback_fallback_for_servers_without_conditions(tmp_path: Path, monkeypatch):
    monkeypatch.setattr(ledger, "READBACK_DELAY_SECONDS", 0.0)
    store = IgnoresConditions(tmp_path)
    assert not ledger.supports_conditional_writes(store)
    decision, held = claim(store, ref(), "a", conditional=False)
    assert decision is Decision.PROCESS
    assert claim(store, ref(), "b", conditional=False) == (Decision.BUSY, None)


def test_local_store_conditional_writes(tmp_path: Path):
    store = LocalStore(tmp_path)
    etag = store.put("results/p/_state.json", b"1", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("results/p/_state.json", b"2", if_none_match=True)
    with pytest.raises(PreconditionFailed):
        store.put("results/p/_state.json", b"2", if_match="0" * 32)
    assert store.put("results/p/_state.json", b"3", if_match=etag)
    assert [o.key for o in store.list_objects("results/")] == ["results/p/_state.json"]


def test_a_kept_lease_is_renewed_and_closes_on_the_renewed_etag(s3_store: S3Store):
    _, held = claim(s3_store, ref(), "w", lease_seconds=0.6)
    first_until = held.state.lease_until
    with ledger.LeaseKeeper(s3_store, held, 0.6) as keeper:
        time.sleep(0.9)  # more than a lease: without renewal another watcher could take it
        assert claim(s3_store, ref(), "other", lease_seconds=0.6)[0] is Decision.BUSY
    assert keeper.current.state.lease_until > first_until and not keeper.lost
    release(s3_store, keeper.current, PacketStatus.DONE)  # the renewed ETag: the close is not "lost"
    assert read_state(s3_store, "p1")[0].status is PacketStatus.DONE


def test_a_taken_over_lease_stops_renewing(s3_store: S3Store):
    _, held = claim(s3_store, ref(), "w", lease_seconds=60)
    with ledger.LeaseKeeper(s3_store, held, 0.3) as keeper:
        state, etag = read_state(s3_store, "p1")
        s3_store.put("results/p1/_state.json", state.model_copy(update={"owner": "thief"}).model_dump_json().encode(),
                     if_match=etag)
        time.sleep(0.4)
    assert keeper.lost and read_state(s3_store, "p1")[0].owner == "thief"


def test_abandon_frees_only_the_dead_owners_claim(s3_store: S3Store):
    _, held = claim(s3_store, ref(), "host:4711", lease_seconds=600)
    assert not ledger.abandon(s3_store, "p1", "host:4712", "not the holder")
    assert ledger.abandon(s3_store, "p1", "host:4711", "worker process 4711 was killed by SIGKILL")
    saved = read_state(s3_store, "p1")[0]
    assert saved.status is PacketStatus.FAILED and "SIGKILL" in saved.last_error and saved.attempts == 1
    decision, again = claim(s3_store, ref(), "host:5000")  # at once, not after the lease
    assert decision is Decision.PROCESS and again.state.attempts == 2
    assert not ledger.abandon(s3_store, "p1", "host:4711", "already free")
