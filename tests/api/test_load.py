"""Load, at a smaller scale than bench/bench_load.py, asserting correctness only (no timings):
20 concurrent pre-checks and a bucket backlog drained by two watchers at once (`watch --once
--to-service`) on a real `serve` with the real S3 test server — every one done, none lost, none
checked twice, each verdict its own packet's, the serve's and workers' RSS flat."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from bench.bench_load import (
    RssSampler,
    concurrent_prechecks,
    drain_backlog,
    packet_templates,
    service_pids,
    upload_backlog,
)
from storage.s3 import S3Store
from tests.api.service import ServeProcess, add_token, service_env
from tools.devserver import DevS3Server

pytestmark = pytest.mark.hostile_slow

CONCURRENT = 20
BACKLOG = 24
# Memory flat: after the load, the serve and its workers together hold at most this much more
# than after one warm-up check each (the bench sees +15 MB over 220 packets).
RSS_MARGIN_MB = 200


@dataclass
class LoadService:
    serve: ServeProcess
    env: dict[str, str]
    token: str
    bucket: S3Store


@pytest.fixture(scope="module")
def load_service(tmp_path_factory: pytest.TempPathFactory, s3_server: DevS3Server) -> Iterator[LoadService]:
    root = tmp_path_factory.mktemp("load")
    bucket = s3_server.make_bucket("load-evidence")
    st = s3_server.settings("load-evidence")
    env = service_env(root / "var", EVIDENCE_S3_ENDPOINT=st.endpoint, EVIDENCE_S3_ACCESS_KEY=st.access_key,
                      EVIDENCE_S3_SECRET_KEY=st.secret_key.get_secret_value(), EVIDENCE_BUCKET="load-evidence",
                      EVIDENCE_QUEUE_SIZE=str(CONCURRENT + 12))
    token = add_token(env, "load")
    serve = ServeProcess(env, workers=2, log_path=root / "serve.log").start()
    try:
        serve.wait_ready(token)
        yield LoadService(serve, env, token, bucket)
    finally:
        serve.stop()


def test_concurrent_prechecks_and_a_bucket_backlog_all_done_none_lost_memory_flat(load_service: LoadService) -> None:
    svc = load_service
    templates = packet_templates()
    warm = concurrent_prechecks(svc.serve.base, svc.token, templates, 2, tag="warm")
    assert warm.statuses == ["done", "done"]
    pids = service_pids(svc.serve.base, svc.token, svc.serve.proc.pid)
    assert len(pids) == 3
    sampler = RssSampler(pids)
    sampler.start()
    try:
        load = concurrent_prechecks(svc.serve.base, svc.token, templates, CONCURRENT)
        ids = upload_backlog(svc.bucket, templates, BACKLOG)
        backlog = drain_backlog(svc.bucket, svc.env, ids, watchers=2, timeout_s=900, again_after_s=None)
    finally:
        sampler.stop()

    # the pre-checks: each done once, each verdict its own submission's
    assert load.statuses == ["done"] * CONCURRENT, load.figures()
    assert len(set(load.ids)) == CONCURRENT
    assert sorted(load.packet_ids) == [f"load-{i:03d}" for i in range(CONCURRENT)]
    # the backlog: every packet checked exactly once, its verdict under its own id
    assert backlog.lost == [] and backlog.failed == [], backlog.figures()
    assert backlog.checked_twice == [] and backlog.verdicts_mismatched == [], backlog.figures()
    assert sorted(backlog.done) == sorted(ids)
    assert backlog.watcher_exits == [0, 0]
    assert all(n >= 1 for n in backlog.jobs.values()), backlog.jobs
    # memory flat, and no worker died or was replaced on the way
    assert not sampler.gone, sampler.gone
    assert sampler.end_mb <= sampler.start_mb + RSS_MARGIN_MB, sampler.figures()
    print(load.figures(), backlog.figures(), sampler.figures(), sep="\n")
