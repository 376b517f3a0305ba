"""`evidence-check watch`: poll the bucket and check every complete, unchecked packet.

Runs without Prefect deployments (the flows run on Prefect's ephemeral API unless
PREFECT_API_URL points at a server), so cron or an operator can drive it:

    evidence-check watch --once            # one poll, then exit (cron)
    evidence-check watch --interval 30     # poll until Ctrl-C
    evidence-check watch --to-service      # queue ready packets for `serve`'s warm workers
"""

from __future__ import annotations

import time

import typer
from rich.console import Console

console = Console()
err = Console(stderr=True)


def watch(
    once: bool = typer.Option(False, "--once", help="Poll once and exit."),
    interval: float = typer.Option(30.0, "--interval", min=1.0, help="Seconds between polls."),
    endpoint: str = typer.Option("127.0.0.1:8333", envvar="EVIDENCE_S3_ENDPOINT", help="S3 host:port"),
    access_key: str = typer.Option("", envvar="EVIDENCE_S3_ACCESS_KEY", show_default=False),
    secret_key: str = typer.Option("", envvar="EVIDENCE_S3_SECRET_KEY", show_default=False),
    secure: bool = typer.Option(False, "--secure/--no-secure", envvar="EVIDENCE_S3_SECURE", help="Use TLS."),
    bucket: str = typer.Option("evidence", envvar="EVIDENCE_BUCKET"),
    dispatch: bool = typer.Option(
        False, "--dispatch", help="Start a check-bucket-packet deployment run per packet instead of checking here."
    ),
    to_service: bool = typer.Option(
        False, "--to-service",
        help="Queue each ready packet for the warm workers of `serve` (same EVIDENCE_DATABASE_URL/DATA_DIR).",
    ),
) -> None:
    """Watch the bucket: check complete packets (incoming/<id>/manifest.json or incoming/<id>.zip)."""
    from cli.prefect_env import configure_prefect

    configure_prefect()
    from flows.watch import WatchSettings, deployment_dispatcher, watch_once
    from models.settings import S3Settings
    from storage.errors import StorageError
    from storage.s3 import S3Store

    settings = S3Settings(endpoint=endpoint, access_key=access_key, secret_key=secret_key, secure=secure,
                          bucket=bucket)
    store = S3Store(settings)
    policy = WatchSettings()
    handoff = service_dispatcher(settings) if to_service else deployment_dispatcher(store) if dispatch else None
    while True:
        try:
            store.check()
            report = watch_once(store, policy, dispatch=handoff)
        except StorageError as exc:  # unreachable, refused, no bucket: one line, no traceback
            err.print(f"[red]error:[/red] {exc}")
            if once:
                raise typer.Exit(2) from None
        else:
            _print_report(report)
            if once:
                raise typer.Exit(1 if report.failed else 0)
        try:
            time.sleep(interval)
        except KeyboardInterrupt:
            raise typer.Exit(0) from None


def service_dispatcher(s3):  # noqa: ANN001, ANN201
    """Hand a ready packet to the service's workers: a `watch` job in its database queue (once:
    a packet already queued or running is not queued again)."""
    from models.settings import get_settings
    from storage.db import open_database
    from storage.db.queue import enqueue_watch

    db = open_database(get_settings().service.sqlalchemy_url(), upgrade=True)

    def dispatch(ref, attempts: int) -> None:  # noqa: ANN001
        enqueue_watch(db, ref.packet_id, f"s3://{s3.bucket}/incoming/{ref.packet_id}")

    return dispatch


def _print_report(report) -> None:  # type: ignore[no-untyped-def]
    parts = [
        f"checked {len(report.checked)}",
        f"failed {len(report.failed)}",
        f"waiting for manifest {len(report.waiting)}",
        f"already done/busy {len(report.skipped)}",
    ]
    if report.dispatched:
        parts.insert(0, f"dispatched {len(report.dispatched)}")
    console.print("watch: " + ", ".join(parts))
    for pid in report.checked:
        console.print(f"  [green]checked[/green] {pid}")
    for pid in report.failed:
        console.print(f"  [red]failed[/red]  {pid} (see results/{pid}/error.json)")
