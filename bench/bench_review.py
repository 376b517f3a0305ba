"""Review benchmark: one re-score of a born-digital packet (goal ≤ 0.3 s) and the review queue
with 1,000 packets and 20,000 flags in the database (goal ≤ 0.3 s server time).

    python bench/bench_review.py
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flows.check_packet import check_files  # noqa: E402
from flows.rescore import AppliedDecision, rescore_decided  # noqa: E402
from storage.db import Packet, Precheck, open_database  # noqa: E402
from storage.db import review as rv  # noqa: E402
from storage.db.queue import now  # noqa: E402
from storage.db.review_tables import ReviewFlag  # noqa: E402
from storage.local import read_local_packet  # noqa: E402
from tests.packetgen import generate_packet, two_plus_benefit_spec  # noqa: E402

PACKETS, FLAGS_PER_PACKET = 1000, 20


def bench_rescore(tmp: Path) -> None:
    spec = two_plus_benefit_spec(41)
    spec = spec.model_copy(update={"knobs": spec.knobs.model_copy(
        update={"networked_supported": 41, "networked_unsupported": 3})})
    generate_packet(spec, tmp / "pkt")
    out = check_files("bench", read_local_packet(tmp / "pkt"))
    flag = next(f for f in out.flags if f.code.value == "NETWORK_DATA_INSUFFICIENT")
    times = []
    for _ in range(10):
        t0 = time.perf_counter()
        r = rescore_decided(out.facts, out.flags, [AppliedDecision(flag_id=flag.id, action="reject")])
        times.append(time.perf_counter() - t0)
    print(f"rescore (born-digital, 1 reject, verdict {out.verdict.passed} → {r.verdict.passed}): "
          f"median {statistics.median(times) * 1000:.1f} ms, max {max(times) * 1000:.1f} ms (goal ≤ 300 ms)")


def bench_queue(tmp: Path) -> None:
    db = open_database(f"sqlite:///{tmp / 'bench.db'}", upgrade=True)
    t = now()
    with db.session() as s:
        for i in range(PACKETS):
            pc = f"pc_{i:06d}"
            s.add(Precheck(id=pc, status="done", source="upload", packet_location="", members=[], attempts=1,
                           created_at=t, token_name=f"assessor-{i % 7}"))
        s.flush()
        for i in range(PACKETS):
            pc, pid = f"pc_{i:06d}", f"packet-{i:05d}"
            s.add(Packet(id=pid, enterprise_name=f"企业{i}", latest_precheck_id=pc, passed=i % 3 == 0,
                         needs_review=i % 4 != 0, updated_at=t - timedelta(minutes=i), industry_group=i % 9 + 1,
                         assessor=f"assessor-{i % 7}", flags_synced=pc))
        s.flush()
        codes = ["NETWORK_DATA_INSUFFICIENT", "STAFF_ROLE_UNCERTAIN", "OCR_LOW_CONFIDENCE", "CLAIM_DEVIATION"]
        for i in range(PACKETS):
            for j in range(FLAGS_PER_PACKET):
                s.add(ReviewFlag(precheck_id=f"pc_{i:06d}", key=f"{i:05d}{j:03d}", packet_id=f"packet-{i:05d}",
                                 flag_id=f"{i:06d}{j:06d}", code=codes[j % 4], severity=("error", "warning", "info")[j % 3],
                                 position=j, flag={"message": "x", "evidence": []}, status="open" if j % 5 else "accepted",
                                 version=1))
    for label, kwargs in (("queue (needs_review, first 200)", {}),
                          ("queue filtered by code + industry group", {"code": "OCR_LOW_CONFIDENCE", "industry_group": 3}),
                          ("queue filtered by assessor + status", {"assessor": "assessor-2", "status": "accepted"})):
        times = []
        for _ in range(5):
            t0 = time.perf_counter()
            with db.session() as s:
                rows = rv.queue(s, **kwargs)
                _ = [(r.packet.id, r.open_errors, rv.holder(r.packet)) for r in rows]
            times.append(time.perf_counter() - t0)
        print(f"{label}: {len(rows)} rows of {PACKETS} packets / {PACKETS * FLAGS_PER_PACKET} flags: "
              f"median {statistics.median(times) * 1000:.1f} ms (goal ≤ 300 ms)")


if __name__ == "__main__":
    with tempfile.TemporaryDirectory() as d:
        bench_rescore(Path(d))
        bench_queue(Path(d))
