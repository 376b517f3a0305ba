"""One real `serve` process for the API tests (session-scoped, shared): loopback, a temp data dir,
two warm workers, the real S3 test server as its bucket, tokens of every role made by the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from storage.s3 import S3Store
from tests.api.service import ServeProcess, add_token, cli, service_env
from tests.packetgen import generate_packet, two_plus_benefit_spec, zip_spec
from tests.packetgen.truth import PacketTruth
from tests.storage.s3fixtures import s3_server, s3_store  # noqa: F401
from tools.devserver import DevS3Server

MAX_UPLOAD_MB = 1  # the generated packets are ~0.5 MB
WEBHOOK_TOKEN = "minio-hook-secret"


@dataclass
class Service:
    serve: ServeProcess
    env: dict[str, str]
    data_dir: Path
    tokens: dict[str, str]  # portal, reviewer, lead, revoked
    bucket: S3Store

    @property
    def base(self) -> str:
        return self.serve.base

    def auth(self, who: str = "portal") -> dict[str, str]:
        return {"Authorization": f"Bearer {self.tokens[who]}"}


@pytest.fixture(scope="session")
def service(tmp_path_factory: pytest.TempPathFactory, s3_server: DevS3Server) -> Iterator[Service]:  # noqa: F811
    root = tmp_path_factory.mktemp("serve")
    bucket = s3_server.make_bucket("svc-evidence")
    s3 = s3_server.settings("svc-evidence")
    env = service_env(
        root / "var",
        EVIDENCE_S3_ENDPOINT=s3.endpoint, EVIDENCE_S3_ACCESS_KEY=s3.access_key,
        EVIDENCE_S3_SECRET_KEY=s3.secret_key.get_secret_value(), EVIDENCE_BUCKET="svc-evidence",
        EVIDENCE_MAX_UPLOAD_MB=str(MAX_UPLOAD_MB), EVIDENCE_WEBHOOK_TOKEN=WEBHOOK_TOKEN,
        EVIDENCE_WORKER_STALE_SECONDS="30", EVIDENCE_PRECHECK_MAX_ATTEMPTS="2",
    )
    tokens = {role: add_token(env, f"t-{role}", role) for role in ("portal", "reviewer", "lead")}
    tokens["revoked"] = add_token(env, "t-revoked")
    assert cli(["tokens", "revoke", "t-revoked"], env).returncode == 0
    serve = ServeProcess(env, workers=2, log_path=root / "serve.log").start()
    try:
        serve.wait_ready(tokens["portal"])
        yield Service(serve=serve, env=env, data_dir=root / "var", tokens=tokens, bucket=bucket)
    finally:
        serve.stop()


@dataclass
class GeneratedPacket:
    folder: Path
    truth: PacketTruth


@pytest.fixture(scope="session")
def folder_packet(tmp_path_factory: pytest.TempPathFactory) -> GeneratedPacket:
    folder = tmp_path_factory.mktemp("pkt") / "two-plus"
    return GeneratedPacket(folder, generate_packet(two_plus_benefit_spec(21), folder))


@pytest.fixture(scope="session")
def zip_packet(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PacketTruth]:
    folder = tmp_path_factory.mktemp("zpkt")
    truth = generate_packet(zip_spec(31), folder)
    return folder / truth.zip_name, truth
