"""Evaluate the shipped staff classifier on the held-out split (never used for training).

    python -m extractors.staff.evaluate

Prints accuracy, macro-F1 (direct/indirect) and the confusion matrix for the whole classifier
(rules + model) and for the model alone, the sub-class accuracy, and how often predictions are
uncertain on clear titles vs each borderline group.
"""

from __future__ import annotations

import json
from collections import defaultdict

from extractors.staff.classifier import DirectStaffClassifier
from extractors.staff.dataset import load_rows, split_rows
from extractors.staff.model import dataset_digest

LABELS = ("direct", "indirect")


def _scores(y_true: list[str], y_pred: list[str]) -> dict[str, object]:
    from sklearn.metrics import accuracy_score, confusion_matrix, f1_score

    return {
        "n": len(y_true),
        "accuracy": round(float(accuracy_score(y_true, y_pred)), 4),
        "macro_f1": round(float(f1_score(y_true, y_pred, labels=list(LABELS), average="macro")), 4),
        "confusion": confusion_matrix(y_true, y_pred, labels=list(LABELS)).tolist(),  # rows: true, cols: predicted
    }


def evaluate(clf: DirectStaffClassifier, rows: list[dict[str, str]]) -> dict[str, object]:
    titles = [r["title"] for r in rows]
    depts = [r["department"] for r in rows]
    truth = [r["label"] for r in rows]
    full = clf.predict(titles, depts)
    model_only = clf.predict(titles, depts, use_rules=False)
    report: dict[str, object] = {
        "classifier": _scores(truth, [p.role.value for p in full]),
        "model_only": _scores(truth, [p.role.value for p in model_only]),
        "subclass_accuracy": round(sum(p.subclass == r["subclass"] for p, r in zip(full, rows)) / len(rows), 4),
        "threshold": clf.threshold,
        "decided_by": {s: sum(p.source == s for p in full) for s in ("rule", "model")},
    }
    # Uncertainty by group: over all rows (what a reviewer sees) and over the model's own decisions.
    buckets: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for p, r in zip(full, rows):
        group = r["borderline_group"] or "clear"
        entry = (p.uncertain, p.source == "model", p.role.value == r["label"])
        buckets[group].append(entry)
        if group != "clear":
            buckets["borderline (all)"].append(entry)
            if not r["department"]:
                buckets["borderline, no department"].append(entry)
    report["uncertainty"] = {
        g: {
            "rows": len(v),
            "uncertain": sum(u for u, _, _ in v),
            "uncertain_rate": round(sum(u for u, _, _ in v) / len(v), 4),
            "model_rows": sum(m for _, m, _ in v),
            "accuracy": round(sum(c for _, _, c in v) / len(v), 4),
        }
        for g, v in sorted(buckets.items())
    }
    confident = [(p, r) for p, r in zip(full, rows) if not p.uncertain]
    report["accuracy_when_confident"] = round(sum(p.role.value == r["label"] for p, r in confident) / max(len(confident), 1), 4)
    return report


def print_report(report: dict[str, object]) -> None:
    for name in ("classifier", "model_only"):
        s = report[name]
        assert isinstance(s, dict)
        print(f"{name:11s} n={s['n']}  accuracy={s['accuracy']:.4f}  macro-F1={s['macro_f1']:.4f}")
        (tn_d, fp_i), (fn_d, tp_i) = s["confusion"]
        print("             confusion (rows true, cols predicted)   direct  indirect")
        print(f"             direct                                  {tn_d:6d}  {fp_i:8d}")
        print(f"             indirect                                {fn_d:6d}  {tp_i:8d}")
    print(f"sub-class accuracy {report['subclass_accuracy']:.4f}; decided by {report['decided_by']}; "
          f"accuracy on confident rows {report['accuracy_when_confident']:.4f}")
    print(f"uncertainty (P(role) < {report['threshold']}):")
    unc = report["uncertainty"]
    assert isinstance(unc, dict)
    for g, u in unc.items():
        print(f"  {g:20s} rows={u['rows']:4d} model-decided={u['model_rows']:4d} uncertain={u['uncertain']:3d} "
              f"({u['uncertain_rate']:.1%})  accuracy={u['accuracy']:.4f}")


def main() -> None:
    rows = load_rows()
    train, held = split_rows(rows)
    clf = DirectStaffClassifier.load()
    if clf.fitted.dataset_sha256 != dataset_digest(train):
        print("WARNING: the artifact was trained on other data than today's training split; "
              "run `python -m extractors.staff.train`")
    report = evaluate(clf, held)
    print(f"held-out split: {len(held)} rows of {len(rows)} ({len({r['group'] for r in held})} title templates)")
    print_report(report)
    print(json.dumps({"classifier": report["classifier"], "model_only": report["model_only"]}, ensure_ascii=False))


if __name__ == "__main__":
    main()
