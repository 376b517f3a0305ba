"""python -m tests.packetgen OUT_DIR [--seed N] [--preset NAME]: one packet and its truth.

The truth goes BESIDE the packet, never inside it (the pipeline would read it as evidence):
`OUT_DIR.truth.json` for a folder packet, `OUT_DIR/<packet-id>.truth.json` for a zip packet.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tests.packetgen.generate import generate_packet
from tests.packetgen.presets import PRESETS


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tests.packetgen", description=__doc__)
    ap.add_argument("out_dir", type=Path)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--preset", default="default", choices=sorted(PRESETS))
    ap.add_argument("--truth", type=Path, default=None, help="where to write the truth (default: beside the packet)")
    args = ap.parse_args(argv)
    spec = PRESETS[args.preset](args.seed)
    truth = generate_packet(spec, args.out_dir)
    default = (args.out_dir / f"{truth.packet_id}.truth.json" if truth.zip_name
               else args.out_dir.with_name(args.out_dir.name + ".truth.json"))
    truth_path = args.truth or default
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    truth_path.write_text(truth.model_dump_json(indent=2) + "\n", encoding="utf-8")
    print(f"{truth.packet_id}: {len(truth.files)} files → {args.out_dir}; route={truth.route} passed={truth.passed} "
          f"flags={','.join(truth.expected_flags) or '-'}; truth → {truth_path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
