"""`evidence-check` command line: check a packet with no server to start."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table as RichTable

app = typer.Typer(add_completion=False, no_args_is_help=True, help="证明材料核验 · Evidence packet pre-check.")
console = Console()
err = Console(stderr=True)


def configure_prefect() -> None:
    """Keep Prefect's database and files out of the user's home and quiet its telemetry.
    Must run before `prefect` is imported; explicit environment settings win."""
    os.environ.setdefault("PREFECT_HOME", str(Path(tempfile.gettempdir()) / "evidence-check-prefect"))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The first ephemeral start-up migrates a fresh SQLite database: ~15 s here, more on a busy CI.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "120")


@app.callback()
def main() -> None:
    """证明材料核验 · Evidence packet pre-check for the 制造业数字化转型达标 assessment."""


@app.command()
def check(
    path: Path = typer.Argument(..., help="Packet folder or .zip"),
    out: Path | None = typer.Option(None, "--out", "-o", help="Output folder (default: <packet>.results)"),
) -> None:
    """Check a packet end to end and write facts.json, flags.json, report.html, verdict.json."""
    if not path.exists():
        err.print(f"[red]error:[/red] packet not found: {path}")
        raise typer.Exit(2)
    if path.is_file() and path.suffix.lower() != ".zip":
        err.print(f"[red]error:[/red] a packet is a folder or a .zip file, not {path.name}")
        raise typer.Exit(2)
    configure_prefect()
    warn_if_ocr_unavailable()
    from flows.check_packet import check_packet, default_out_dir

    out_dir = out or default_out_dir(path)
    try:
        outcome = check_packet(str(path), str(out_dir))
    except Exception as exc:  # the check could not run at all: say why, no traceback spew
        err.print(f"[red]error:[/red] the check could not run: {type(exc).__name__}: {exc}")
        raise typer.Exit(1) from None
    print_summary(outcome.verdict)
    console.print(f"\nresults written to [bold]{out_dir}[/bold] (verdict.json, facts.json, flags.json, report.html)")


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


from cli.watch import watch  # noqa: E402  (the bucket watcher lives in its own module)

app.command()(watch)

if __name__ == "__main__":
    app()
