"""The statistical part: TF-IDF over the pair features (features.analyze) and two linear models —
a calibrated direct/indirect model (its probability decides STAFF_ROLE_UNCERTAIN) and a
multinomial sub-class model. Fitting, saving and loading the artifact live here.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractors.staff.features import analyze, pair_document
from extractors.staff.labels import SUBCLASSES
from extractors.staff.lexicon import heads, split_suffix
from extractors.staff.normalize import department_key, title_key

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "staff"
ARTIFACT_PATH = DATA_DIR / "model.joblib"
METRICS_PATH = DATA_DIR / "metrics.json"
ARTIFACT_FORMAT = 2
CALIBRATION_FOLDS = 5
ROLE_C = 10.0  # inverse regularisation of the role model; sparse n-gram features want a light hand
SUBCLASS_C = 10.0


def core_bigrams(title: str | None) -> set[str]:
    """Character bigrams (single characters for one-character cores) of a title's core."""
    core, _ = split_suffix(title_key(title))
    if len(core) < 2:
        return {core} if core else set()
    return {core[i : i + 2] for i in range(len(core) - 1)}


class ModelVersionError(RuntimeError):
    """The artifact was fitted with another scikit-learn (pickles are version-bound)."""


@dataclass
class StaffModel:
    """The fitted artifact. `predict_proba` returns P(direct) and the sub-class probabilities."""

    vectorizer: object
    role_model: object  # CalibratedClassifierCV; classes_ == ["direct", "indirect"]
    subclass_model: object  # LogisticRegression over SUBCLASSES
    sklearn_version: str
    dataset_sha256: str
    known_bigrams: frozenset[str] = frozenset()  # title-core bigrams seen in training (novelty)
    known_department_bigrams: frozenset[str] = frozenset()
    format: int = ARTIFACT_FORMAT

    def novelty(self, title: str | None) -> float:
        """Share of the title core's bigrams never seen in training (1.0: all new, or no core).
        Only titles with no known head word are judged by it (see classifier)."""
        grams = core_bigrams(title)
        if not grams:
            return 1.0
        return sum(g not in self.known_bigrams for g in grams) / len(grams)

    def department_novelty(self, department: str | None) -> float:
        """Share of the department's bigrams never seen in training (1.0 for no department)."""
        d = department_key(department)
        grams = {d[i : i + 2] for i in range(len(d) - 1)} or ({d} if d else set())
        if not grams:
            return 1.0
        return sum(g not in self.known_department_bigrams for g in grams) / len(grams)

    @staticmethod
    def has_head(title: str | None) -> bool:
        return bool(heads(title_key(title)))

    def predict_proba(self, titles: list[str | None], departments: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
        docs = [pair_document(t, d) for t, d in zip(titles, departments)]
        X = self.vectorizer.transform(docs)  # type: ignore[attr-defined]
        role_p = self.role_model.predict_proba(X)  # type: ignore[attr-defined]
        direct_col = list(self.role_model.classes_).index("direct")  # type: ignore[attr-defined]
        sub_p = self.subclass_model.predict_proba(X)  # type: ignore[attr-defined]
        # Re-order sub-class columns to SUBCLASSES (classes absent from training get 0).
        order = list(self.subclass_model.classes_)  # type: ignore[attr-defined]
        full = np.zeros((X.shape[0], len(SUBCLASSES)))
        for j, name in enumerate(order):
            full[:, SUBCLASSES.index(name)] = sub_p[:, j]
        return role_p[:, direct_col], full


def dataset_digest(rows: list[dict[str, str]]) -> str:
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r['title']}\t{r['department']}\t{r['subclass']}\n".encode())
    return h.hexdigest()


def fit(rows: list[dict[str, str]]) -> StaffModel:
    """Fit vectorizer and both models on `rows` (dicts with title, department, label, subclass, group)."""
    import sklearn
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import GroupKFold

    docs = [pair_document(r["title"], r["department"]) for r in rows]
    y_role = np.array([r["label"] for r in rows])
    y_sub = np.array([r["subclass"] for r in rows])
    groups = np.array([r["group"] for r in rows])
    vectorizer = TfidfVectorizer(analyzer=analyze, sublinear_tf=True, min_df=1, dtype=np.float32)
    X = vectorizer.fit_transform(docs)
    # Calibrate on folds split by group, so the probabilities reflect unseen title templates.
    folds = list(GroupKFold(n_splits=CALIBRATION_FOLDS).split(X, y_role, groups))
    role_model = CalibratedClassifierCV(
        LogisticRegression(C=ROLE_C, max_iter=5000, class_weight="balanced"), method="sigmoid", cv=folds
    )
    role_model.fit(X, y_role)
    subclass_model = LogisticRegression(C=SUBCLASS_C, max_iter=5000, class_weight="balanced")
    subclass_model.fit(X, y_sub)
    known = frozenset(g for r in rows for g in core_bigrams(r["title"]))
    depts = {department_key(r["department"]) for r in rows}
    known_depts = frozenset(d[i : i + 2] for d in depts for i in range(len(d) - 1))
    return StaffModel(vectorizer, role_model, subclass_model, sklearn.__version__, dataset_digest(rows), known, known_depts)


def _meta_path(path: Path) -> Path:
    return path.with_suffix(".meta.json")


def save(model: StaffModel, path: Path = ARTIFACT_PATH) -> None:
    """Write the artifact and, beside it, a JSON header read before unpickling."""
    import joblib

    joblib.dump(model, path, compress=3)
    meta = {"format": model.format, "sklearn_version": model.sklearn_version, "dataset_sha256": model.dataset_sha256}
    _meta_path(path).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")


def _refuse(path: Path, fitted_with: str, have: str) -> ModelVersionError:
    return ModelVersionError(
        f"{path} was fitted with scikit-learn {fitted_with}, this environment has {have}; "
        "retrain with `python -m tools.staff.train`"
    )


def load(path: Path = ARTIFACT_PATH) -> StaffModel:
    """Load the artifact; refuse one fitted with another scikit-learn version."""
    import warnings

    import joblib
    import sklearn

    if not path.exists():
        raise FileNotFoundError(f"staff model not found at {path}; build it with `python -m tools.staff.train`")
    meta_path = _meta_path(path)
    if meta_path.exists():  # check before unpickling: a foreign pickle may not even load
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        if meta.get("sklearn_version") != sklearn.__version__:
            raise _refuse(path, str(meta.get("sklearn_version")), sklearn.__version__)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # sklearn's own version warning: we check and say it ourselves below
        model = joblib.load(path)
    if not isinstance(model, StaffModel) or model.format != ARTIFACT_FORMAT:
        raise ModelVersionError(f"{path} is not a staff model of format {ARTIFACT_FORMAT}; retrain with "
                                "`python -m tools.staff.train`")
    if model.sklearn_version != sklearn.__version__:
        raise _refuse(path, model.sklearn_version, sklearn.__version__)
    return model
