"""Local result sets: written whole or not at all (a failed write keeps the previous set)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.packet import ResultFile
from storage.errors import StorageError
from storage.local import LocalStore, write_local_results


def result_set(tag: str, page: bool = False) -> list[ResultFile]:
    files = [ResultFile(name="facts.json", data=f"{tag}-facts".encode()),
             ResultFile(name="report.html", data=f"{tag}-report".encode()),
             ResultFile(name="verdict.json", data=f"{tag}-verdict".encode())]
    return [ResultFile(name="pages/doc01-p001.png", data=b"png"), *files] if page else files


def contents(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_result_set_replaces_the_previous_one(tmp_path: Path) -> None:
    write_local_results(tmp_path, result_set("old"))
    write_local_results(tmp_path, result_set("new"))
    assert contents(tmp_path) == {"facts.json": b"new-facts", "report.html": b"new-report",
                                  "verdict.json": b"new-verdict"}


def test_a_write_failing_mid_set_keeps_the_previous_set_whole(tmp_path: Path) -> None:
    write_local_results(tmp_path, result_set("old"))
    (tmp_path / "pages").write_bytes(b"a file where the new set needs a folder")  # mkdir fails: ENOTDIR/EEXIST
    before = contents(tmp_path)
    with pytest.raises(StorageError) as err:
        write_local_results(tmp_path, [*result_set("new")[:1], *result_set("new", page=True)])
    assert "previous results are kept" in str(err.value) and "Errno" not in str(err.value)
    assert contents(tmp_path) == before  # facts.json too: no new file over an old one, no .part left


def test_local_store_result_set_keeps_the_previous_verdict_on_failure(tmp_path: Path) -> None:
    store = LocalStore(tmp_path)
    store.write_results("p1", result_set("old"))
    (tmp_path / "results" / "p1" / "pages").write_bytes(b"x")
    with pytest.raises(StorageError):
        store.write_results("p1", result_set("new", page=True))
    assert store.get("results/p1/verdict.json")[0] == b"old-verdict"
    assert store.get("results/p1/facts.json")[0] == b"old-facts"
    assert not list(tmp_path.rglob("*.part"))
