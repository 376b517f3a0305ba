"""The hostile corpus through `POST /v1/prechecks` of a real `serve` (tests/hostile/http.py):
each case gets the status SPEC §6b names (413 too large, 422 not a packet) or, checked, the
flag the in-process corpus expects, with the clean packet's other documents read as in a clean
upload. The quick cases run on the API tests' shared service; the rest carry `hostile_slow`,
the biggest on a second service with a 32 MB upload limit."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.conftest import MAX_UPLOAD_MB, Service
from tests.api.service import ServeProcess, add_token, service_env
from tests.hostile.harness import Baseline
from tests.hostile.http import (
    HTTP_CASES,
    Client,
    HttpCase,
    HttpRun,
    clean_files,
    http_baseline,
    oversize,
    run_cases,
    table,
)

ROOMY_UPLOAD_MB = 32


def _for_shared(case: HttpCase) -> HttpCase:
    return dataclasses.replace(case, request=oversize(MAX_UPLOAD_MB)) if case.name == "oversize_upload" else case


QUICK = [_for_shared(c) for c in HTTP_CASES if not c.slow and not c.big]
SLOW = [c for c in HTTP_CASES if c.slow and not c.big]
BIG = [c for c in HTTP_CASES if c.big]


@pytest.fixture(scope="module")
def clean() -> dict[str, bytes]:
    return clean_files()


@pytest.fixture(scope="module")
def shared_client(service: Service) -> Client:
    return Client(service.base, service.tokens["portal"])


@pytest.fixture(scope="module")
def shared_baseline(shared_client: Client, clean: dict[str, bytes]) -> Baseline:
    return http_baseline(shared_client, clean)


@pytest.fixture(scope="module")
def quick_runs(shared_client: Client, shared_baseline: Baseline) -> dict[str, HttpRun]:
    return {r.case.name: r for r in run_cases(shared_client, QUICK, shared_baseline)}


@pytest.fixture(scope="module")
def slow_runs(shared_client: Client, shared_baseline: Baseline) -> dict[str, HttpRun]:
    return {r.case.name: r for r in run_cases(shared_client, SLOW, shared_baseline)}


@pytest.fixture(scope="module")
def roomy(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Client]:
    """A second serve (local store, one warm worker) whose upload limit admits the ~10 MB cases."""
    root = tmp_path_factory.mktemp("roomy")
    env = service_env(root / "var", EVIDENCE_MAX_UPLOAD_MB=str(ROOMY_UPLOAD_MB))
    token = add_token(env, "roomy")
    serve = ServeProcess(env, workers=1, log_path=root / "serve.log").start()
    try:
        serve.wait_ready(token)
        yield Client(serve.base, token)
    finally:
        serve.stop()


@pytest.fixture(scope="module")
def big_runs(roomy: Client, clean: dict[str, bytes]) -> dict[str, HttpRun]:
    return {r.case.name: r for r in run_cases(roomy, BIG, http_baseline(roomy, clean))}


def test_the_http_subset_is_representative() -> None:
    assert len(HTTP_CASES) >= 12 and len(QUICK) >= 12
    refused = {c.status for c in HTTP_CASES if c.status != 202}
    assert refused == {413, 422}


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in QUICK])
def test_hostile_case_over_http(case: HttpCase, quick_runs: dict[str, HttpRun]) -> None:
    run = quick_runs[case.name]
    assert run.ok, table([run])


@pytest.mark.hostile_slow
@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in SLOW])
def test_slow_hostile_case_over_http(case: HttpCase, slow_runs: dict[str, HttpRun]) -> None:
    run = slow_runs[case.name]
    assert run.ok, table([run])


@pytest.mark.hostile_slow
@pytest.mark.parametrize("case", [pytest.param(c, id=c.name) for c in BIG])
def test_big_hostile_case_over_http(case: HttpCase, big_runs: dict[str, HttpRun]) -> None:
    run = big_runs[case.name]
    assert run.ok, table([run])


def test_zip_slip_over_http_writes_nothing_outside_the_packet(service: Service,
                                                              quick_runs: dict[str, HttpRun]) -> None:
    assert quick_runs["zip_slip"].final == "done"
    root: Path = service.data_dir.parent
    assert not [p for p in root.rglob("evil.csv")], "a ../ member was written as a file"
    # the uploaded zip itself is kept, inside its pre-check's packet folder only
    kept = list(root.rglob("附件包.zip"))
    assert kept and all(p.parent.name == "packet" and p.parent.parent.parent.name == "prechecks" for p in kept)
