"""Evaluate the staff classifier by source, as a new user's roster would meet it.

    python -m tools.staff.evaluate              # grouped split (shipped artifact) + leave-one-source-out
    python -m tools.staff.evaluate --no-loso    # grouped split only (seconds)

For each held-out set and each source it prints: accuracy as counted (an uncertain row counts as
direct, SPEC §2), the confidently-wrong rate (a wrong answer not flagged uncertain — nothing would
reach a reviewer), and the uncertain rate; then reliability by probability bin (mean confidence
vs share correct of the model's confident and unconfident answers).

Leave-one-source-out fits a fresh model on every source but one and tests on the one left out,
so a style of title never seen in training (official category names, job postings, roster
shorthand) is measured, not only new forms of familiar titles.
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from collections.abc import Sequence

from extractors.staff import model as staff_model
from extractors.staff.classifier import UNCERTAIN_BELOW, DirectStaffClassifier, RolePrediction
from extractors.staff.model import dataset_digest
from tools.staff.dataset import load_rows, model_rows, sources, split_rows

LABELS = ("direct", "indirect")
BINS = (0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.99, 1.0001)


def counted(p: RolePrediction) -> str:
    """The role a row is counted as: uncertain rows count as direct (SPEC §2)."""
    return "direct" if p.uncertain else p.role.value


def scores(preds: Sequence[RolePrediction], rows: Sequence[dict[str, str]]) -> dict[str, float | int]:
    n = len(rows)
    if not n:
        return {"n": 0}
    right = sum(counted(p) == r["label"] for p, r in zip(preds, rows))
    confidently_wrong = sum((not p.uncertain) and p.role.value != r["label"] for p, r in zip(preds, rows))
    uncertain = sum(p.uncertain for p in preds)
    tp = sum(counted(p) == "direct" == r["label"] for p, r in zip(preds, rows))
    direct_true = sum(r["label"] == "direct" for r in rows)
    direct_pred = sum(counted(p) == "direct" for p in preds)
    return {
        "n": n,
        "accuracy": round(right / n, 4),
        "confidently_wrong_rate": round(confidently_wrong / n, 4),
        "uncertain_rate": round(uncertain / n, 4),
        "direct_recall": round(tp / direct_true, 4) if direct_true else 1.0,
        "direct_precision": round(tp / direct_pred, 4) if direct_pred else 1.0,
    }


def reliability(preds: Sequence[RolePrediction], rows: Sequence[dict[str, str]]) -> list[dict[str, float | int]]:
    """Model answers (source == model) by probability of their own role: mean confidence vs accuracy."""
    out = []
    pairs = [(p.probability, p.role.value == r["label"]) for p, r in zip(preds, rows) if p.source == "model"]
    for lo, hi in zip(BINS, BINS[1:]):
        inside = [(c, ok) for c, ok in pairs if lo <= c < hi]
        if inside:
            out.append({
                "bin": f"[{lo:.2f},{min(hi, 1.0):.2f}{']' if hi > 1 else ')'}", "n": len(inside),
                "mean_confidence": round(sum(c for c, _ in inside) / len(inside), 4),
                "accuracy": round(sum(ok for _, ok in inside) / len(inside), 4),
            })
    return out


def by_source(preds: Sequence[RolePrediction], rows: Sequence[dict[str, str]]) -> dict[str, dict[str, float | int]]:
    groups: dict[str, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        groups[r["source"]].append(i)
        groups["borderline" if r["borderline_group"] else "clear"].append(i)
    return {g: scores([preds[i] for i in idx], [rows[i] for i in idx]) for g, idx in sorted(groups.items())}


def evaluate(clf: DirectStaffClassifier, rows: Sequence[dict[str, str]]) -> dict[str, object]:
    preds = clf.predict([r["title"] for r in rows], [r["department"] for r in rows])
    return {
        "all": scores(preds, rows),
        "by_source": by_source(preds, rows),
        "reliability": reliability(preds, rows),
        "decided_by": {s: sum(p.source == s for p in preds) for s in ("rule", "model")},
        "threshold": clf.threshold,
    }


def leave_one_source_out(rows: Sequence[dict[str, str]], threshold: float = UNCERTAIN_BELOW) -> dict[str, dict[str, object]]:
    """For each source: fit on all other sources, evaluate on that one (all of its rows)."""
    out: dict[str, dict[str, object]] = {}
    for source in sources(list(rows)):
        train = model_rows([r for r in rows if r["source"] != source])
        test = [r for r in rows if r["source"] == source]
        clf = DirectStaffClassifier(staff_model.fit(train), threshold)
        preds = clf.predict([r["title"] for r in test], [r["department"] for r in test])
        out[source] = {"scores": scores(preds, test), "reliability": reliability(preds, test)}
    return out


def _line(name: str, s: dict[str, float | int]) -> str:
    if not s.get("n"):
        return f"  {name:22s} n=0"
    return (f"  {name:22s} n={s['n']:5d}  accuracy={s['accuracy']:.4f}  confidently-wrong={s['confidently_wrong_rate']:.2%}"
            f"  uncertain={s['uncertain_rate']:.1%}  direct P/R={s['direct_precision']:.3f}/{s['direct_recall']:.3f}")


def print_reliability(bins: Sequence[dict[str, float | int]], indent: str = "    ") -> None:
    for b in bins:
        print(f"{indent}{b['bin']:13s} n={b['n']:5d}  mean confidence={b['mean_confidence']:.3f}  accuracy={b['accuracy']:.3f}")


def print_report(report: dict[str, object]) -> None:
    overall = report["all"]
    assert isinstance(overall, dict)
    print(_line("all", overall))
    per = report["by_source"]
    assert isinstance(per, dict)
    for name, s in per.items():
        print(_line(name, s))
    print(f"  decided by {report['decided_by']}; reliability of model answers (P(role) bins):")
    bins = report["reliability"]
    assert isinstance(bins, list)
    print_reliability(bins)


def print_loso(loso: dict[str, dict[str, object]]) -> None:
    for source, res in loso.items():
        s = res["scores"]
        assert isinstance(s, dict)
        print(_line(source, s))
    print("  reliability of model answers by P(role) bin, per left-out source:")
    for source, res in loso.items():
        bins = res["reliability"]
        assert isinstance(bins, list)
        print(f"    {source}:")
        print_reliability(bins, "      ")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-loso", action="store_true", help="skip leave-one-source-out (refits per source)")
    args = parser.parse_args(argv)
    rows = load_rows()
    train, held = split_rows(rows)
    clf = DirectStaffClassifier.load()
    if clf.fitted.dataset_sha256 != dataset_digest(model_rows(train)):
        print("WARNING: the artifact was trained on other data than today's training split; "
              "run `python -m tools.staff.train`")
    report = evaluate(clf, held)
    print(f"grouped split: {len(held)} held-out rows of {len(rows)} ({len({r['group'] for r in held})} title templates), "
          f"shipped artifact, threshold {clf.threshold}")
    print_report(report)
    if not args.no_loso:
        print("leave-one-source-out (fit on the other sources, test on all rows of this one):")
        loso = leave_one_source_out(rows, clf.threshold)
        print_loso(loso)
        print(json.dumps({s: r["scores"] for s, r in loso.items()}, ensure_ascii=False))


if __name__ == "__main__":
    main()
