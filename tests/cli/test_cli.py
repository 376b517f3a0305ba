"""`evidence-check check` as a user runs it: a subprocess, the summary, the files, the exit codes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from models import Verdict
from tests.packetgen import generate_packet, two_plus_benefit_spec
from tests.packetgen.compare import compare

CLI = [sys.executable, "-m", "cli.main"]


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2])}
    return subprocess.run(CLI + args, capture_output=True, text=True, env=env, cwd=cwd, timeout=600)


def test_check_prints_the_verdict_and_writes_four_files(tmp_path: Path) -> None:
    truth = generate_packet(two_plus_benefit_spec(21), tmp_path / "pkt")
    proc = _run(["check", str(tmp_path / "pkt"), "--out", str(tmp_path / "res")], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "关键工序数控化率" in proc.stdout
    assert "two_plus_benefit" in proc.stdout and "PASSED" in proc.stdout
    assert sorted(p.name for p in (tmp_path / "res").iterdir()) == [
        "facts.json", "flags.json", "report.html", "verdict.json",
    ]
    verdict = Verdict.model_validate(json.loads((tmp_path / "res" / "verdict.json").read_text(encoding="utf-8")))
    assert compare(truth, verdict) == []


def test_default_output_folder_sits_beside_the_packet(tmp_path: Path) -> None:
    generate_packet(two_plus_benefit_spec(22), tmp_path / "pkt")
    proc = _run(["check", "pkt"], tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert (tmp_path / "pkt.results" / "verdict.json").is_file()


def test_missing_packet_exits_non_zero_with_a_message(tmp_path: Path) -> None:
    proc = _run(["check", str(tmp_path / "nope")], tmp_path)
    assert proc.returncode == 2
    assert "packet not found" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_a_file_that_is_not_a_zip_is_refused(tmp_path: Path) -> None:
    (tmp_path / "list.xlsx").write_bytes(b"x")
    proc = _run(["check", str(tmp_path / "list.xlsx")], tmp_path)
    assert proc.returncode == 2
    assert "folder or a .zip" in proc.stderr


def test_missing_tesseract_is_a_warning_with_the_install_command(tmp_path: Path) -> None:
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]), "PATH": str(tmp_path)}
    code = "from cli.main import warn_if_ocr_unavailable; warn_if_ocr_unavailable()"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0
    assert "scanned pages cannot be read" in proc.stderr
    assert "apt-get install" in proc.stderr and "tesseract-ocr-chi-sim" in proc.stderr


def test_a_folder_of_packets_is_checked_in_one_process_without_prefect(tmp_path: Path) -> None:
    from tests.packetgen import default_spec, zip_spec

    batch = tmp_path / "batch"
    truths = {"a": generate_packet(two_plus_benefit_spec(23), batch / "a")}
    zipped = generate_packet(zip_spec(24), batch)
    prefect_home = tmp_path / "prefect-home"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           "PREFECT_HOME": str(prefect_home)}
    env.pop("PREFECT_API_URL", None)
    proc = subprocess.run(CLI + ["check", str(batch), str(tmp_path / "single")], capture_output=True, text=True,
                          env=env, cwd=tmp_path, timeout=600)
    generate_packet(default_spec(25), tmp_path / "single")  # noqa: F841 (written after: must be refused)
    assert proc.returncode == 2 and "packet not found" in proc.stderr  # one missing packet: nothing runs

    proc = subprocess.run(CLI + ["check", str(batch), str(tmp_path / "single"), "--out", str(tmp_path / "out")],
                          capture_output=True, text=True, env=env, cwd=tmp_path, timeout=600)
    assert proc.returncode == 0, proc.stderr
    assert "3 of 3 packets checked" in proc.stdout
    for name, truth in [("a", truths["a"]), (zipped.zip_name[:-4], zipped)]:
        verdict = Verdict.model_validate_json((tmp_path / "out" / name / "verdict.json").read_bytes())
        assert compare(truth, verdict) == []
    assert (tmp_path / "out" / "single" / "verdict.json").is_file()
    # a plain local check starts no Prefect server: no Prefect database was created
    assert not (prefect_home / "prefect.db").exists()
