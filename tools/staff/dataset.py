"""The labelled job-title data set, its group-aware held-out split, and the rows the model learns from."""

from __future__ import annotations

import csv
import hashlib
from pathlib import Path

from extractors.staff.borderline import decide_borderline
from extractors.staff.normalize import title_key
from extractors.staff.rules import LEAVE_WORDS

DATASET_PATH = Path(__file__).resolve().parent.parent.parent / "extractors" / "data" / "staff" / "job_titles.csv"
HELD_OUT_PERCENT = 25  # share of title templates (groups) never used for training


def load_rows(path: Path = DATASET_PATH) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def is_held_out(group: str) -> bool:
    """Group-aware split: a written title template (e.g. 数控车床操作工, with all its noisy forms and
    all its departments) is either wholly in training or wholly held out, by a stable hash of its name."""
    digest = hashlib.sha1(group.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") % 100 < HELD_OUT_PERCENT


def split_rows(rows: list[dict[str, str]]) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """(training rows, held-out rows)."""
    train = [r for r in rows if not is_held_out(r["group"])]
    held = [r for r in rows if is_held_out(r["group"])]
    return train, held


def sources(rows: list[dict[str, str]]) -> list[str]:
    return sorted({r["source"] for r in rows})


def model_rows(rows: list[dict[str, str]]) -> list[dict[str, str]]:
    """The rows the statistical model is fitted on. Status words (长期病假, 借调 …) are decided by
    rules and never learned from titles, and a borderline title whose department does not settle
    it carries the counted default, not a label: both stay out of the model's training."""
    out = []
    for r in rows:
        if LEAVE_WORDS.search(title_key(r["title"])):
            continue
        border = decide_borderline(r["title"], r["department"])
        if border is not None and border.subclass is None:
            continue
        out.append(r)
    return out
