"""The labelled data set: size, consistency, reproducibility and an honest (group-aware) split."""

from __future__ import annotations

import collections

from extractors.staff.labels import SUBCLASSES, role_of
from tools.staff.build_dataset import build_rows
from tools.staff.dataset import load_rows, split_rows

BORDERLINE = {"qc_inspector", "warehouse", "team_leader", "apprentice", "leave_secondment", "line_engineer", "maintenance",
              "planner", "safety"}
SOURCES = {"catalogue", "seed", "official", "job_postings", "roster_abbreviations"}


def test_every_source_is_present_with_both_labels() -> None:
    rows = load_rows()
    for source in SOURCES:
        assert {r["label"] for r in rows if r["source"] == source} == {"direct", "indirect"}, source
    assert {r["source"] for r in rows} == SOURCES
    assert sum(r["source"] != "catalogue" for r in rows) >= 900  # the catalogue is one source among several


def test_at_least_800_distinct_title_department_pairs() -> None:
    rows = load_rows()
    pairs = {(r["title"], r["department"]) for r in rows}
    assert len(pairs) == len(rows) >= 800


def test_labels_agree_with_subclasses() -> None:
    for r in load_rows():
        assert r["subclass"] in SUBCLASSES
        assert role_of(r["subclass"]).value == r["label"], r


def test_every_borderline_group_and_both_labels_present() -> None:
    rows = load_rows()
    groups = collections.Counter(r["borderline_group"] for r in rows if r["borderline_group"])
    assert set(groups) == BORDERLINE
    # Groups whose rule depends on the department carry both labels.
    for g in BORDERLINE - {"leave_secondment"}:
        assert {r["label"] for r in rows if r["borderline_group"] == g} == {"direct", "indirect"}, g


def test_committed_csv_is_what_the_seeded_generator_builds() -> None:
    built = build_rows()
    committed = load_rows()
    assert [(r["title"], r["department"], r["subclass"], r["group"]) for r in built] == [
        (r["title"], r["department"], r["subclass"], r["group"]) for r in committed
    ]


def test_held_out_split_shares_no_title_template_with_training() -> None:
    train, held = split_rows(load_rows())
    assert {r["group"] for r in train}.isdisjoint({r["group"] for r in held})
    assert 0.15 < len(held) / (len(train) + len(held)) < 0.35
    assert {r["label"] for r in held} == {"direct", "indirect"}
