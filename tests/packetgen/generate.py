"""`generate_packet`: write a packet's files and manifest.json, return its `PacketTruth`."""

from __future__ import annotations

import io
import json
import random
import zipfile
from pathlib import Path

from models.document import DocumentType
from tests.packetgen.ground import World
from tests.packetgen.render import render
from tests.packetgen.spec import PacketSpec
from tests.packetgen.truth import PacketTruth, compute_truth, declared_values
from tests.packetgen.world import build_world
from tests.packetgen.writers import FIXED_TIME, write

# Neutral names: what assessors upload (附件1.xlsx, scan_003.pdf, 材料2.docx) — never the type.
_NAME_FORMS = ("附件{n}", "材料{n}", "scan_{n:03d}", "附件{n}-盖章版", "{n}")


def _file_names(spec: PacketSpec, kinds: list[DocumentType]) -> dict[DocumentType, str]:
    rng = random.Random(f"{spec.seed}:names")
    order = list(kinds)
    rng.shuffle(order)
    names: dict[DocumentType, str] = {}
    for n, kind in enumerate(order, start=1):
        style = spec.styles[kind]
        if style.file_name:
            names[kind] = style.file_name
        elif spec.neutral_names:
            names[kind] = rng.choice(_NAME_FORMS).format(n=n) + "." + style.format.extension
        else:
            names[kind] = f"{kind.value}.{style.format.extension}"
    return names


def _corrupt_bytes(kind: str, good: bytes | None, rng: random.Random) -> bytes:
    if kind == "truncated_pdf":
        base = good if good and good.startswith(b"%PDF") else b"%PDF-1.4\n" + bytes(rng.getrandbits(8) for _ in range(4000))
        return base[: max(200, len(base) // 3)]
    return bytes(rng.getrandbits(8) for _ in range(6000))  # random bytes, named .xlsx


def manifest_for(spec: PacketSpec, world: World, truth: PacketTruth) -> dict:
    declared = declared_values(truth) if spec.declare_computed else {}
    declared.update(spec.declared_overrides)
    bench = {"cost_to_output_ratio": spec.benefit_benchmark} if spec.benefit_benchmark is not None else {}
    return {
        "packet_id": world.packet_id,
        "enterprise_name": world.enterprise_name,
        "credit_code": world.credit_code,
        "industry_code": spec.industry_code,
        "assessment_year": spec.assessment_year,
        "process_type": spec.process_type,
        "certifications": list(spec.certifications),
        "declared": declared,
        "benefit_benchmarks": bench,
    }


def build_files(spec: PacketSpec) -> tuple[dict[str, bytes], PacketTruth]:
    """All files of the packet (manifest.json included) in memory, and the truth."""
    world = build_world(spec)
    kinds = list(spec.styles)
    if not spec.knobs.supply_logs:
        kinds = [k for k in kinds if k is not DocumentType.DATA_COLLECTION_LOG]
    names = _file_names(spec, kinds)
    files: dict[str, bytes] = {}
    rng = random.Random(f"{spec.seed}:corrupt")
    unreadable_types: set[str] = set()
    unreadable_files: list[str] = []
    for kind in kinds:
        data = write(render(spec, world, kind), spec.styles[kind])
        if spec.corrupt and spec.corrupt_target == kind:
            data = _corrupt_bytes(spec.corrupt, data, rng)
            unreadable_types.add(kind.value)
            unreadable_files.append(names[kind])
        files[names[kind]] = data
    if spec.corrupt and spec.corrupt_target is None:
        ext = "pdf" if spec.corrupt == "truncated_pdf" else "xlsx"
        extra = f"附件{len(kinds) + 1}.{ext}"
        files[extra] = _corrupt_bytes(spec.corrupt, None, rng)
        unreadable_files.append(extra)
    truth = compute_truth(spec, world, unreadable_types)
    if unreadable_files and "UNREADABLE_DOCUMENT" not in truth.expected_flags:
        truth.expected_flags = sorted({*truth.expected_flags, "UNREADABLE_DOCUMENT"})
        truth.needs_review = True
    truth.files = {names[k]: k.value for k in kinds if names[k] not in unreadable_files}
    truth.unreadable_files = sorted(unreadable_files)
    manifest = manifest_for(spec, world, truth)
    files["manifest.json"] = (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
    return files, truth


def _zip(files: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in [n for n in files if n != "manifest.json"] + ["manifest.json"]:
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.flag_bits |= 0x800  # UTF-8 file names (附件1.xlsx)
            z.writestr(info, files[name])
    return buf.getvalue()


def generate_packet(spec: PacketSpec, out_dir: Path) -> PacketTruth:
    """Write the packet into `out_dir` (files, then manifest.json last), or `out_dir/<packet_id>.zip`
    when `spec.write_zip`. Returns the expected answers."""
    files, truth = build_files(spec)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    if spec.write_zip:
        name = f"{truth.packet_id}.zip"
        (out_dir / name).write_bytes(_zip(files))
        truth.zip_name = name
        return truth
    for name, data in files.items():
        if name != "manifest.json":
            (out_dir / name).write_bytes(data)
    (out_dir / "manifest.json").write_bytes(files["manifest.json"])  # written last: marks the packet complete
    return truth


__all__ = ["generate_packet", "build_files"]
