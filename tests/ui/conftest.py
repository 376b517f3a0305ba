"""One real `serve` process for the browser tests (session-scoped), Debian's Chromium (never a
browser download), reviewers and a portal token made by the CLI, and two checked packets: a
near-miss born-digital one (an enterprise name holding <script>) and one with a scanned page."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.api.service import ServeProcess, add_token, cli, service_env, zip_folder
from tests.packetgen import generate_packet, two_plus_benefit_spec

CHROMIUM = "/usr/bin/chromium"
PASSWORD = "correct horse battery staple"
XSS_NAME = "<script>window.__xss=1</script>北京测试精密制造有限公司"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": CHROMIUM,
            "args": ["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
                     "--disable-component-update", "--disable-sync", "--no-first-run"]}


@dataclass
class UiService:
    serve: ServeProcess
    portal: str
    reviewer_token: str
    digital: str  # packet ids
    scanned: str

    @property
    def base(self) -> str:
        return self.serve.base


def _near_miss(seed: int, scanned: bool):  # noqa: ANN202
    spec = two_plus_benefit_spec(seed)
    update: dict = {"knobs": spec.knobs.model_copy(update={"networked_supported": 41, "networked_unsupported": 3})}
    if scanned:
        from models.document import DocumentType
        from tests.packetgen.spec import DocStyle, FileFormat

        styles = dict(spec.styles)
        styles[DocumentType.EQUIPMENT_LIST] = DocStyle(format=FileFormat.SCAN_PDF, scan_skew_deg=0.0, scan_noise=0.0)
        update["styles"] = styles
    return spec.model_copy(update=update)


def _submit(base: str, token: str, folder: Path) -> str:
    r = httpx.post(f"{base}/v1/prechecks", headers={"Authorization": f"Bearer {token}"},
                   files={"packet": (f"{folder.name}.zip", zip_folder(folder), "application/zip")}, timeout=60)
    assert r.status_code == 202, r.text
    done = httpx.get(f"{base}{r.json()['links']['self']}?wait=60", headers={"Authorization": f"Bearer {token}"},
                     timeout=90).json()
    assert done["status"] == "done", done
    return done["verdict"]["packet_id"]


@pytest.fixture(scope="session")
def ui_service(tmp_path_factory: pytest.TempPathFactory) -> Iterator[UiService]:
    root = tmp_path_factory.mktemp("ui")
    env = service_env(root / "var", EVIDENCE_S3_ENDPOINT="127.0.0.1:9")  # no bucket: uploads only
    portal = add_token(env, "ui-portal")
    reviewer_token = add_token(env, "ui-reviewer-token", "reviewer")
    for name, role in (("alice", "reviewer"), ("bob", "reviewer"), ("lena", "lead")):
        assert cli(["users", "add", name, "--role", role, "--password-stdin"], env, stdin=PASSWORD).returncode == 0
    packets = root / "packets"
    digital = packets / "digital"
    generate_packet(_near_miss(41, scanned=False), digital)
    manifest = json.loads((digital / "manifest.json").read_text(encoding="utf-8"))
    manifest["enterprise_name"] = XSS_NAME
    (digital / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
    scanned = packets / "scanned"
    generate_packet(_near_miss(43, scanned=True), scanned)
    serve = ServeProcess(env, workers=1, log_path=root / "serve.log").start()
    try:
        serve.wait_ready(portal)
        ids = {k: _submit(serve.base, portal, f) for k, f in (("scanned", scanned), ("digital", digital))}
        yield UiService(serve, portal, reviewer_token, ids["digital"], ids["scanned"])
    finally:
        serve.stop()


@pytest.fixture(scope="session")
def screenshots() -> Path | None:
    """EVIDENCE_SCREENSHOTS_DIR=docs/ writes the queue and flag view screenshots there."""
    d = os.environ.get("EVIDENCE_SCREENSHOTS_DIR")
    return Path(d) if d else None
