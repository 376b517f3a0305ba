"""Train the staff classifier from the repo's data set and write the artifact and its metrics.

    python -m tools.staff.train            # fit on the training split; evaluate held-out + by source

Reproducible: the data set is built by tools/staff/build_dataset.py (seeded) and the split is a
stable hash of each title template; the models are deterministic (lbfgs, no random state).
Writes extractors/data/staff/model.joblib, model.meta.json and metrics.json (grouped split,
leave-one-source-out, reliability bins).
"""

from __future__ import annotations

import json
import platform
import time

from extractors.staff import model as staff_model
from extractors.staff.classifier import UNCERTAIN_BELOW, DirectStaffClassifier
from tools.staff.dataset import load_rows, model_rows, split_rows
from tools.staff.evaluate import evaluate, leave_one_source_out, print_loso, print_report


def main() -> None:
    import sklearn

    rows = load_rows()
    train, held = split_rows(rows)
    fit_rows = model_rows(train)
    t0 = time.perf_counter()
    fitted = staff_model.fit(fit_rows)
    fit_s = time.perf_counter() - t0
    staff_model.save(fitted)
    report = evaluate(DirectStaffClassifier(fitted, UNCERTAIN_BELOW), held)
    loso = leave_one_source_out(rows, UNCERTAIN_BELOW)
    metrics = {
        "sklearn_version": sklearn.__version__,
        "python": platform.python_version(),
        "dataset_sha256_train": fitted.dataset_sha256,
        "rows": len(rows), "train_rows": len(train), "model_rows": len(fit_rows), "held_out_rows": len(held),
        "fit_seconds": round(fit_s, 2),
        "artifact_bytes": staff_model.ARTIFACT_PATH.stat().st_size,
        "threshold": UNCERTAIN_BELOW,
        "held_out": report,
        "leave_one_source_out": loso,
    }
    staff_model.METRICS_PATH.write_text(json.dumps(metrics, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"trained on {len(fit_rows)} rows ({len(train)} in the training split) in {fit_s:.1f}s; "
          f"artifact {metrics['artifact_bytes']} bytes")
    print(f"grouped split, held-out ({len(held)} rows):")
    print_report(report)
    print("leave-one-source-out:")
    print_loso(loso)


if __name__ == "__main__":
    main()
