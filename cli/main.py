"""`evidence-check` command line: check packets with no server to start, run the service, and
manage its tokens and users.

Start-up is kept short: nothing heavy is imported at module level (the pipeline, Prefect and the
staff model load only when a check runs), and a local check runs as plain calls unless Prefect
tracking is asked for (`--prefect`), configured (`EVIDENCE_PREFECT_TRACKING=true`) or a Prefect
server is named (`PREFECT_API_URL`).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

from cli.prefect_env import configure_prefect, prefect_tracking_wanted
from cli.watch import watch

app = typer.Typer(add_completion=False, no_args_is_help=True, help="证明材料核验 · Evidence packet pre-check.")
tokens_app = typer.Typer(no_args_is_help=True, help="API tokens of the service (shown once, stored hashed).")
users_app = typer.Typer(no_args_is_help=True, help="Review accounts of the service (argon2 password hashes).")
app.add_typer(tokens_app, name="tokens")
app.add_typer(users_app, name="users")
app.command()(watch)
console = Console()
err = Console(stderr=True)

__all__ = ["app", "configure_prefect"]

LITTER = {".DS_Store", "Thumbs.db", "desktop.ini"}


@app.callback()
def main() -> None:
    """证明材料核验 · Evidence packet pre-check for the 制造业数字化转型达标 assessment."""


# -- check ----------------------------------------------------------------------------------------


def expand_packets(paths: list[Path]) -> list[Path]:
    """Each argument is a packet (a folder with its files, or a .zip) or a folder of packets (no
    manifest.json, only sub-folders and zips in it), expanded in name order."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir() and not (path / "manifest.json").exists():
            entries = [e for e in sorted(path.iterdir()) if e.name not in LITTER and not e.name.startswith(".")
                       and not e.name.endswith(".results")]
            if entries and all(e.is_dir() or e.suffix.lower() == ".zip" for e in entries):
                out += entries
                continue
        out.append(path)
    return out


def _refuse(path: Path) -> str | None:
    if not path.exists():
        return f"packet not found: {path}"
    if path.is_file() and path.suffix.lower() != ".zip":
        return f"a packet is a folder or a .zip file, not {path.name}"
    return None


@app.command()
def check(
    paths: list[Path] = typer.Argument(..., help="Packet folders or .zip files, or folders of packets"),
    out: Path | None = typer.Option(
        None, "--out", "-o",
        help="Output folder (default: <packet>.results beside each packet); with several packets, "
             "each goes to OUT/<packet>/"),
    prefect: bool = typer.Option(False, "--prefect", help="Run as a Prefect flow (tracked in the Prefect UI)."),
) -> None:
    """Check packets end to end and write facts.json, flags.json, report.html, verdict.json."""
    packets = expand_packets(paths)
    problems = [msg for p in packets if (msg := _refuse(p))]
    if problems:
        for msg in problems:
            err.print(f"[red]error:[/red] {msg}")
        raise typer.Exit(2)
    from models.settings import get_settings

    tracked = prefect_tracking_wanted(prefect, get_settings().service.prefect_tracking)
    configure_prefect()
    warn_if_ocr_unavailable()
    single = len(packets) == 1
    failures = 0
    if single:
        outcome = _check_one(packets[0], _out_dir(packets[0], out, single), tracked)
        if outcome is None:
            raise typer.Exit(1)
        print_summary(outcome[0].verdict)
        console.print(f"\nresults written to [bold]{outcome[1]}[/bold] "
                      "(verdict.json, facts.json, flags.json, report.html)")
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    started = time.perf_counter()
    with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn(),
                  console=err, transient=False) as bar:
        job = bar.add_task("checking", total=len(packets))
        for path in packets:
            bar.update(job, description=f"checking {path.name}")
            outcome = _check_one(path, _out_dir(path, out, single), tracked)
            if outcome is None:
                failures += 1
            else:
                v = outcome[0].verdict
                mark = "[green]PASSED[/green]" if v.passed else "[red]NOT PASSED[/red]"
                review = " [yellow](needs review)[/yellow]" if v.needs_review else ""
                bar.console.print(f"{path.name}: {mark}{review} → {outcome[1]}")
            bar.advance(job)
    took = time.perf_counter() - started
    console.print(f"{len(packets) - failures} of {len(packets)} packets checked in {took:.1f} s "
                  f"({took / len(packets):.2f} s per packet)")
    if failures:
        raise typer.Exit(1)


def _out_dir(path: Path, out: Path | None, single: bool) -> Path:
    base = path.name[:-4] if path.name.lower().endswith(".zip") else path.name
    if out is None:
        return path.parent / f"{base}.results"
    return out if single else out / base


def _check_one(path: Path, out_dir: Path, tracked: bool):  # noqa: ANN202
    """(outcome, out_dir), or None after printing why the check could not run."""
    from storage.errors import StorageError

    try:
        if tracked:
            from flows.check_packet import check_packet

            return check_packet(str(path), str(out_dir)), out_dir
        from flows.check_packet import check_files, packet_id_from_name
        from storage.local import read_local_packet, write_local_results

        outcome = check_files(packet_id_from_name(path.name), read_local_packet(path))
        write_local_results(out_dir, outcome.files)
        return outcome, out_dir
    except StorageError as exc:  # checked, but the results could not be written (disk full, …)
        err.print(f"[red]error:[/red] {path.name}: {exc}")
        return None
    except Exception as exc:  # the check could not run at all: say why, no traceback spew
        err.print(f"[red]error:[/red] {path.name}: the check could not run: {type(exc).__name__}: {exc}")
        return None


def warn_if_ocr_unavailable() -> None:
    """Born-digital packets need no OCR, so a missing Tesseract is a warning here: scans in the
    packet would come out as unreadable documents, and the user should know why up front."""
    from extractors.ocr import OcrUnavailable, check_tesseract

    try:
        check_tesseract()
    except OcrUnavailable as exc:
        err.print(f"[yellow]warning:[/yellow] scanned pages cannot be read: {exc}")


def print_summary(verdict) -> None:  # type: ignore[no-untyped-def]
    from models import INDICATOR_NAMES_ZH

    ent = verdict.enterprise
    console.print(f"[bold]{ent.name or verdict.packet_id}[/bold]  {ent.credit_code or ''}  "
                  f"industry {ent.industry_code or '?'} → group {ent.industry_group or 'unmapped'}")
    if verdict.period.start:
        console.print(f"data period {verdict.period.start} – {verdict.period.end} ({verdict.period.basis.value})")
    table = RichTable(show_header=True, header_style="bold")
    for col in ("indicator", "value", "num / den", "threshold", "result"):
        table.add_column(col)
    for key, ind in verdict.indicators.model_dump().items():
        unit = "%" if ind["unit"] == "%" else ""
        value = "n/a" if ind["value"] is None else f"{ind['value']}{unit}"
        nd = f"{_n(ind.get('numerator'))} / {_n(ind.get('denominator'))}" if "numerator" in ind else "—"
        thr = ind.get("threshold", ind.get("benchmark"))
        result = {True: "[green]pass[/green]", False: "[red]fail[/red]", None: "[dim]—[/dim]"}[ind["passed"]]
        table.add_row(f"{INDICATOR_NAMES_ZH[key]} {key}", value, nd, "—" if thr is None else f"{thr}{unit}", result)
    console.print(table)
    counts: dict[str, int] = {}
    for f in verdict.flags:
        counts[f.severity.value] = counts.get(f.severity.value, 0) + 1
    console.print("flags: " + (", ".join(f"{n} {s}" for s, n in sorted(counts.items())) or "none"))
    for f in [f for f in verdict.flags if f.severity.value == "error"][:10]:
        where = f.evidence[0].short() if f.evidence else ""
        console.print(f"  [red]{f.code.value}[/red] {f.message} [dim]{where}[/dim]")
    verdict_text = "[green]PASSED 达标[/green]" if verdict.passed else "[red]NOT PASSED 未达标[/red]"
    route = f" via {verdict.route.value}" if verdict.route else ""
    review = "  [yellow](needs review)[/yellow]" if verdict.needs_review else ""
    console.print(f"verdict: {verdict_text}{route}{review}")


def _n(v: float | None) -> str:
    if v is None:
        return "—"
    return str(int(v)) if float(v).is_integer() else str(v)


# -- serve ----------------------------------------------------------------------------------------


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="Address to listen on."),
    port: int = typer.Option(8800, "--port", help="Port to listen on."),
    workers: int | None = typer.Option(None, "--workers", min=0,
                                       help="Warm check workers (default EVIDENCE_WORKERS, else the cores)."),
) -> None:
    """Run the portal/review service (SPEC §6b) with its pool of warm check workers."""
    from models.settings import get_settings

    settings = get_settings()
    try:
        settings.service.require_secrets()
    except ValueError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    configure_prefect()
    import uvicorn

    from api.app import create_app
    from api.logs import configure_logging

    configure_logging()
    uvicorn.run(create_app(settings, workers=workers), host=host, port=port, log_config=None,
                timeout_graceful_shutdown=10)


# -- tokens and users -----------------------------------------------------------------------------


def _database():  # noqa: ANN202
    from models.settings import get_settings
    from storage.db import open_database

    return open_database(get_settings().service.sqlalchemy_url(), upgrade=True)


@tokens_app.command("add")
def tokens_add(
    name: str = typer.Argument(..., help="Who uses the token, e.g. portal-prod"),
    role: str = typer.Option("portal", "--role", help="portal | reviewer | lead"),
) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from storage.db.accounts import AccountError, add_token

    try:
        with _database().session() as s:
            token = add_token(s, name, role)
    except AccountError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    err.print(f"token {name!r} (role {role}) created; it is shown only this once:")
    print(token)


@tokens_app.command("list")
def tokens_list() -> None:
    """Every token: name, role, created, revoked (never the token)."""
    from storage.db.accounts import list_tokens

    table = RichTable("name", "role", "created", "revoked")
    with _database().session() as s:
        for t in list_tokens(s):
            table.add_row(t.name, t.role, t.created_at.strftime("%Y-%m-%d %H:%M"),
                          t.revoked_at.strftime("%Y-%m-%d %H:%M") if t.revoked_at else "—")
    console.print(table)


@tokens_app.command("revoke")
def tokens_revoke(name: str = typer.Argument(...)) -> None:
    """Revoke a token: it is refused (401) from now on."""
    from storage.db.accounts import AccountError, revoke_token

    try:
        with _database().session() as s:
            revoke_token(s, name)
    except AccountError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"token {name!r} revoked")


@users_app.command("add")
def users_add(
    name: str = typer.Argument(...),
    role: str = typer.Option(..., "--role", help="reviewer | lead | admin"),
    password_stdin: bool = typer.Option(False, "--password-stdin", help="Read the password from standard input."),
) -> None:
    """Create a review account; the password is read from standard input (never an argument)."""
    from storage.db.accounts import AccountError, add_user

    if not password_stdin:
        err.print("[red]error:[/red] pass --password-stdin and the password on standard input")
        raise typer.Exit(2)
    password = sys.stdin.readline().rstrip("\r\n")
    try:
        with _database().session() as s:
            add_user(s, name, role, password)
    except AccountError as exc:
        err.print(f"[red]error:[/red] {exc}")
        raise typer.Exit(2) from None
    console.print(f"user {name!r} (role {role}) created")


if __name__ == "__main__":
    app()
