"""python -m tests.packetgen.agreement [PRESET …] [--seed N]: run presets through the real pipeline
(extract → staff → score → validate → verdict, in process, no Prefect) and print where the verdict
and the truth disagree. A development tool, not a test: a full run takes a few minutes.

It runs the flow's own step list (`flows.check_packet.check_files`) as plain calls.
"""

from __future__ import annotations

import argparse

from tests.packetgen.compare import compare
from tests.packetgen.generate import build_files
from tests.packetgen.presets import PRESETS
from tests.packetgen.truth import PacketTruth


def run_pipeline(files: dict[str, bytes], packet_id: str):  # type: ignore[no-untyped-def]
    """The verdict and flags the pipeline gives for a packet held in memory."""
    from flows.check_packet import check_files
    from models import PacketFile

    outcome = check_files(packet_id, [PacketFile(name=n, data=b) for n, b in files.items()])
    return outcome.verdict, outcome.flags


def check_preset(name: str, seed: int) -> tuple[PacketTruth, list[str]]:
    spec = PRESETS[name](seed)
    spec.write_zip = False  # the same members; the zip path is the archive reader's business
    files, truth = build_files(spec)
    verdict, _ = run_pipeline(files, truth.packet_id)
    return truth, compare(truth, verdict)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.packetgen.agreement", description=__doc__)
    ap.add_argument("presets", nargs="*", default=sorted(PRESETS))
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    failed = 0
    for name in args.presets:
        try:
            _, diffs = check_preset(name, args.seed)
        except Exception as exc:  # noqa: BLE001 - report and go on with the next preset
            diffs = [f"pipeline raised {type(exc).__name__}: {exc}"]
        failed += bool(diffs)
        print(f"{'AGREES   ' if not diffs else 'DIFFERS  '}{name}")
        for d in diffs:
            print(f"    {d}")
    print(f"{len(args.presets) - failed}/{len(args.presets)} presets agree")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
