"""Where pre-check packets and results live: a folder under `EVIDENCE_DATA_DIR` (default) or the
bucket of the S3 settings (`EVIDENCE_STORE=s3`), both through the `BucketStore` interface.

    prechecks/<id>/packet/<member>      an uploaded packet (a bucket reference stays where it is)
    prechecks/<id>/results/<name>       facts.json, flags.json, report.html, pages/*.png, verdict.json (last)
"""

from __future__ import annotations

import posixpath
import re

from models.settings import WATCH_DEFAULTS, Settings
from storage.base import BucketStore, ResultFile
from storage.retry import until_back

PRECHECKS = "prechecks/"
VERDICT = "verdict.json"
PAGE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,120}$")


def packet_prefix(precheck_id: str) -> str:
    return f"{PRECHECKS}{precheck_id}/packet/"


def result_key(precheck_id: str, name: str) -> str:
    return f"{PRECHECKS}{precheck_id}/results/{name}"


def open_store(settings: Settings) -> BucketStore:
    """The pre-check store the settings name (not checked for reachability: readiness does that)."""
    if settings.service.store == "s3":
        return open_bucket(settings)
    from storage.local import LocalStore

    root = settings.service.data_dir
    root.mkdir(parents=True, exist_ok=True)
    return LocalStore(root)


def open_bucket(settings: Settings) -> BucketStore:
    from storage.s3 import S3Store

    return S3Store(settings.s3)


def write_precheck_results(store: BucketStore, precheck_id: str, files: list[ResultFile],
                           outage_seconds: float = WATCH_DEFAULTS.store_outage_seconds) -> str:
    """Every result file, verdict.json last (no verdict = no result yet). Returns the verdict's key.
    The check is done: a store that is down (restarting) is waited for up to `outage_seconds`
    rather than failing the pre-check; a full disk fails it at once (`StorageFull`)."""
    for f in sorted(files, key=lambda f: f.name == VERDICT):
        key = result_key(precheck_id, f.name)
        until_back(lambda f=f, key=key: store.put(key, f.data, f.content_type), outage_seconds, what=f"put {key}")
    return result_key(precheck_id, VERDICT)


def safe_member_name(name: str) -> str | None:
    """A relative path for an uploaded file inside its packet folder, or None if nothing is left:
    backslashes are separators, `..`, `.` and absolute parts are dropped, so no name can reach
    outside `prechecks/<id>/packet/`."""
    parts = [p for p in name.replace("\\", "/").split("/") if p not in ("", ".", "..")]
    cleaned = posixpath.join(*parts) if parts else ""
    return cleaned or None
