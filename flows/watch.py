"""Watching the bucket: find complete, unchecked packets and check each one (SPEC §3, §6).

    watch_bucket  ─ scan incoming/ ─┬─ packet ready and not yet checked → check_bucket_packet
                                    └─ manifest missing → wait for the next poll

`check_bucket_packet` is the one path every trigger takes (the poller, the MinIO webhook, a
deployment run): claim the packet version in the ledger (`storage.ledger`), read it, run the
check (`flows.check_packet.check_packet_files`), write `results/<id>/…` with verdict.json last,
close the claim. A failed check leaves `results/<id>/error.json` and is tried again on a later
poll, at most `max_attempts` times per packet version.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import UTC, datetime

from prefect import flow, task
from prefect.cache_policies import NO_CACHE
from prefect.tasks import exponential_backoff
from pydantic import BaseModel, Field

from models.packet import PacketFile
from models.settings import WATCH_DEFAULTS, S3Settings, WatchSettings  # WatchSettings: importable from here
from storage.base import BucketStore, ResultFile
from storage.bucket import find_packet
from storage.errors import StorageError
from storage.layout import (
    ERROR,
    INCOMING,
    IncomingScan,
    PacketRef,
    result_key,
    scan_incoming,
)
from storage.ledger import (
    Claim,
    Decision,
    LeaseKeeper,
    PacketStatus,
    claim,
    decide,
    read_state,
    release,
)
from storage.retry import until_back
from storage.s3 import S3Store

log = logging.getLogger(__name__)

# The check itself, injectable for tests: packet id + members → the result files to write.
CheckFn = Callable[[str, list[PacketFile]], list[ResultFile]]
CHECK_DEPLOYMENT = "check-bucket-packet/check-bucket-packet"


class PacketError(BaseModel):
    """`results/<packet-id>/error.json`: why the last check of this packet version failed."""

    packet_id: str
    version: str
    attempts: int
    max_attempts: int
    will_retry: bool
    error: str
    at: datetime


class PacketOutcome(BaseModel):
    packet_id: str
    version: str | None
    result: str  # "checked", "failed", or a Decision value ("done", "busy", "gave_up"), or "missing"
    error: str | None = None


class WatchReport(BaseModel):
    checked: list[str] = Field(default_factory=list)
    failed: list[str] = Field(default_factory=list)
    dispatched: list[str] = Field(default_factory=list)
    skipped: dict[str, str] = Field(default_factory=dict)  # packet id → why
    waiting: list[str] = Field(default_factory=list)  # no manifest yet


def _transient_storage_error(task_, task_run, state) -> bool:  # noqa: ANN001  (Prefect's signature)
    """Retry a task only when it failed on object-store I/O that may come back."""
    try:
        state.result()
    except StorageError as exc:
        return exc.transient
    except Exception:  # noqa: BLE001
        return False
    return False


# Object-store I/O: retried with back-off by Prefect on top of storage's own short retries.
IO_TASK = dict(
    cache_policy=NO_CACHE,
    retries=3,
    retry_delay_seconds=exponential_backoff(backoff_factor=2),
    retry_condition_fn=_transient_storage_error,
)


@task(**IO_TASK)
def list_incoming(store: BucketStore, settle_seconds: float) -> IncomingScan:
    return scan_incoming(store.list_objects(INCOMING), datetime.now(UTC), settle_seconds)


@task(**IO_TASK, task_run_name="read {ref.packet_id}")
def read_members(store: BucketStore, ref: PacketRef) -> list[PacketFile]:
    return store.read_members(ref)


@task(cache_policy=NO_CACHE, task_run_name="write results {packet_id}")
def write_results(store: BucketStore, packet_id: str, files: list[ResultFile],
                  outage_seconds: float = WATCH_DEFAULTS.store_outage_seconds) -> None:
    write_packet_results(store, packet_id, files, outage_seconds)


def write_packet_results(store: BucketStore, packet_id: str, files: list[ResultFile], outage_seconds: float) -> None:
    """Write a finished check's result set (verdict.json last), then drop the last error. The
    check is done and its files are in hand: a store that is down (restarting) is waited for up to
    `outage_seconds` instead of throwing the check away, so the packet is checked once."""
    until_back(lambda: store.write_results(packet_id, files), outage_seconds, what=f"write results {packet_id}")
    until_back(lambda: store.delete(result_key(packet_id, ERROR)), outage_seconds, what=f"clear error {packet_id}")


def check_in_flow(packet_id: str, files: list[PacketFile]) -> list[ResultFile]:
    """The real check, as a subflow run of its own."""
    from flows.check_packet import check_packet_files

    return check_packet_files(packet_id, files).files


def process_packet(store: BucketStore, ref: PacketRef, settings: WatchSettings, check: CheckFn = check_in_flow,
                   conditional: bool = True) -> PacketOutcome:
    """Claim, read, check, write, close. Never raises for a failed check: it is recorded. The
    claim is renewed while the check runs (a killed watcher frees the packet within one lease)."""
    decision, held = claim(store, ref, settings.owner, max_attempts=settings.max_attempts,
                           lease_seconds=settings.lease_seconds, conditional=conditional)
    if held is None:
        return PacketOutcome(packet_id=ref.packet_id, version=ref.version, result=decision.value)
    failure: Exception | None = None
    with LeaseKeeper(store, held, settings.lease_seconds) as keeper:
        try:
            results = check(ref.packet_id, read_members(store, ref))
            write_results(store, ref.packet_id, results, settings.store_outage_seconds)
        except Exception as exc:  # noqa: BLE001  (any failure of the check is recorded, not lost)
            failure = exc
    if failure is not None:
        reason = f"{type(failure).__name__}: {failure}"
        log.warning("check of %s (version %s) failed: %s", ref.packet_id, ref.version, reason)
        log.debug("%s", "".join(traceback.format_exception(failure)))
        _record_failure(store, keeper.current, settings.max_attempts, reason)
        return PacketOutcome(packet_id=ref.packet_id, version=ref.version, result="failed", error=reason)
    until_back(lambda: release(store, keeper.current, PacketStatus.DONE), settings.store_outage_seconds,
               what=f"close the claim on {ref.packet_id}")
    return PacketOutcome(packet_id=ref.packet_id, version=ref.version, result="checked")


def _record_failure(store: BucketStore, held: Claim, max_attempts: int, reason: str) -> None:
    """error.json and the closed claim, as far as the store lets us: if it is unreachable the
    claim's lease runs out and a later poll takes the packet up again (the attempt counts)."""
    error = PacketError(
        packet_id=held.state.packet_id,
        version=held.state.version,
        attempts=held.state.attempts,
        max_attempts=max_attempts,
        will_retry=held.state.attempts < max_attempts,
        error=reason,
        at=datetime.now(UTC),
    )
    try:
        store.put(result_key(held.state.packet_id, ERROR), error.model_dump_json(indent=2).encode(),
                  "application/json")
    except StorageError as exc:
        log.warning("could not record the failure of %s: %s", held.state.packet_id, exc)
    try:
        release(store, held, PacketStatus.FAILED, reason)
    except StorageError as exc:
        log.warning("could not close the claim on %s (its lease will run out): %s", held.state.packet_id, exc)


def watch_once(store: BucketStore, settings: WatchSettings, check: CheckFn = check_in_flow,
               dispatch: Callable[[PacketRef, int], None] | None = None) -> WatchReport:
    """One poll: check every complete packet whose current version is not yet done.
    With `dispatch`, hand each such packet to it (a deployment run) instead of checking here."""
    scan = list_incoming(store, settings.settle_seconds)
    report = WatchReport(waiting=scan.waiting)
    for ref in scan.complete:
        if dispatch is not None:
            state, _ = read_state(store, ref.packet_id)
            decision = decide(state, ref.version, datetime.now(UTC), settings.max_attempts)
            if decision is Decision.PROCESS:
                dispatch(ref, state.attempts if state and state.version == ref.version else 0)
                report.dispatched.append(ref.packet_id)
            else:
                report.skipped[ref.packet_id] = decision.value
            continue
        outcome = process_packet(store, ref, settings, check)
        if outcome.result == "checked":
            report.checked.append(ref.packet_id)
        elif outcome.result == "failed":
            report.failed.append(ref.packet_id)
        else:
            report.skipped[ref.packet_id] = outcome.result
    return report


def check_packet_by_id(store: BucketStore, packet_id: str, settings: WatchSettings,
                       check: CheckFn = check_in_flow) -> PacketOutcome:
    """The webhook's and the deployment's entry: the same path as the poller, for one packet."""
    ref = find_packet(store, packet_id)
    if ref is None:
        return PacketOutcome(packet_id=packet_id, version=None, result="missing")
    return process_packet(store, ref, settings, check)


def open_store(s3: S3Settings | None = None) -> S3Store:
    """The bucket from the environment (EVIDENCE_S3_*, EVIDENCE_BUCKET), checked reachable."""
    store = S3Store(s3 or S3Settings())
    store.check()
    return store


def deployment_dispatcher(store: BucketStore) -> Callable[[PacketRef, int], None]:
    """Start a `check-bucket-packet` deployment run per ready packet (the pool's workers share them)."""
    from prefect.deployments import run_deployment

    def dispatch(ref: PacketRef, attempts: int) -> None:
        run_deployment(
            CHECK_DEPLOYMENT,
            parameters={"packet_id": ref.packet_id},
            timeout=0,
            as_subflow=False,
            # One queued run per bucket, packet version and attempt, however many polls see it.
            idempotency_key=f"{store.describe()}/{ref.packet_id}:{ref.version}:{attempts}",
        )

    return dispatch


@flow(name="watch-bucket")
def watch_bucket(dispatch: bool = False) -> WatchReport:
    """Poll the bucket once. `dispatch=True` (the deployed watcher) starts a `check-bucket-packet`
    deployment run per ready packet so the work pool's workers share them; otherwise the packets
    are checked here, one after another."""
    store = open_store()
    return watch_once(store, WatchSettings(), dispatch=deployment_dispatcher(store) if dispatch else None)


@flow(name="check-bucket-packet", flow_run_name="bucket-{packet_id}")
def check_bucket_packet(packet_id: str) -> PacketOutcome:
    """Check one packet of the bucket (if complete and not yet checked in its current version)."""
    return check_packet_by_id(open_store(), packet_id, WatchSettings())
