"""Local folder / zip as a packet source, and a local folder as the result sink (the CLI default)."""

from __future__ import annotations

import os
from pathlib import Path

from models.packet import PacketFile
from storage.base import ResultFile

# Files the pipeline itself writes or that no assessor means as evidence.
IGNORED_NAMES = {".DS_Store", "Thumbs.db", "desktop.ini"}


def read_local_packet(path: Path) -> list[PacketFile]:
    """Members of a packet folder (recursively, sorted, paths relative to it) or a single zip file."""
    if path.is_file():
        return [PacketFile(name=path.name, data=path.read_bytes())]
    if not path.is_dir():
        raise FileNotFoundError(f"packet not found: {path}")
    files: list[PacketFile] = []
    for p in sorted(path.rglob("*")):
        if p.is_symlink() or not p.is_file() or p.name in IGNORED_NAMES or p.name.startswith("~$"):
            continue
        files.append(PacketFile(name=p.relative_to(path).as_posix(), data=p.read_bytes()))
    return files


def write_local_results(out_dir: Path, files: list[ResultFile]) -> None:
    """Write results into `out_dir`; each file goes to a temp name then is renamed, verdict.json last."""
    out_dir.mkdir(parents=True, exist_ok=True)
    ordered = sorted(files, key=lambda f: f.name == "verdict.json")
    for f in ordered:
        target = out_dir / f.name
        target.parent.mkdir(parents=True, exist_ok=True)
        tmp = target.with_name(target.name + ".part")
        tmp.write_bytes(f.data)
        os.replace(tmp, target)
