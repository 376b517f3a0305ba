"""DirectStaffClassifier: is a roster row 直接生产人员 (direct) or not (SPEC §2)?

Order of decision for one row, first that applies:
  1. status  — 在职状态 says long leave / seconded out ≥ 6 months → indirect "other" (status.py);
  2. override — a reviewer's earlier decision on this title (overrides.py);
  3. rule    — a title the seed places explicitly, or a borderline title its department settles
               (rules.py, borderline.py);
  4. model   — the calibrated linear model (model.py). Its answer is uncertain when P(role) is
               below UNCERTAIN_BELOW, when the title is borderline and its department does not
               settle it (the model's confidence never decides those), or when the title is far
               from anything in training: no known head word and most of its characters unseen.

An uncertain row counts as direct until a reviewer decides (SPEC §2: the conservative reading, a
larger denominator), and raises STAFF_ROLE_UNCERTAIN: one flag per distinct (title, department),
its evidence every row carrying it, so a reviewer decides a title once.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel

from extractors.staff import model as staff_model
from extractors.staff.borderline import decide_borderline, is_workshop
from extractors.staff.features import words
from extractors.staff.labels import (
    DIRECT_SUBCLASSES,
    INDIRECT_SUBCLASSES,
    OTHER,
    SUBCLASS_NAMES_ZH,
    SUBCLASSES,
    role_of,
)
from extractors.staff.normalize import department_key, title_key
from extractors.staff.overrides import OverrideTable
from extractors.staff.rules import apply_rules
from extractors.staff.status import long_absence
from models.flags import Flag, FlagCode, make_flag
from models.records import Employee, StaffRole

# Below this probability of its own role a model prediction is uncertain (STAFF_ROLE_UNCERTAIN).
# Chosen on the training folds' calibrated probabilities, not on the held-out split.
UNCERTAIN_BELOW = 0.85
# A title with no known head word (lexicon.py) is uncertain when more than this share of its
# core's character bigrams never occurred in training.
NOVEL_ABOVE = 0.5
# Until a reviewer decides, an uncertain row counts as this role (SPEC §2).
UNCERTAIN_COUNTS_AS = StaffRole.DIRECT
INDICATOR = "robots_per_production_worker"

Source = Literal["status", "override", "rule", "model"]


class RolePrediction(BaseModel):
    """The classifier's answer for one (title, department)."""

    role: StaffRole  # the most probable role (for uncertain rows the count uses UNCERTAIN_COUNTS_AS)
    subclass: str
    probability: float  # probability of `role`; 1.0 for status, override and rule
    p_direct: float
    uncertain: bool = False
    source: Source
    rule: str | None = None  # which rule or override fired; for uncertain model rows, why


def _decided(role: StaffRole, subclass: str | None, source: Source, rule: str | None) -> RolePrediction:
    sub = subclass or (DIRECT_SUBCLASSES[0] if role == StaffRole.DIRECT else OTHER)
    return RolePrediction(
        role=role, subclass=sub, probability=1.0, p_direct=1.0 if role == StaffRole.DIRECT else 0.0,
        source=source, rule=rule,
    )


class DirectStaffClassifier:
    """Rules, overrides and the fitted model behind one `predict` call. Load once and reuse."""

    def __init__(self, fitted: staff_model.StaffModel, threshold: float = UNCERTAIN_BELOW) -> None:
        self.fitted = fitted
        self.threshold = threshold

    @classmethod
    def load(cls, path: Path | str | None = None, threshold: float = UNCERTAIN_BELOW) -> DirectStaffClassifier:
        """Load the artifact and start spaCy/jieba (jieba loads its dictionary on the first cut)."""
        fitted = staff_model.load(Path(path) if path else staff_model.ARTIFACT_PATH)
        words("焊装车间操作工")
        return cls(fitted, threshold)

    def predict(
        self,
        titles: list[str | None],
        departments: list[str | None] | None = None,
        *,
        enterprise: str | None = None,
        overrides: OverrideTable | None = None,
        use_rules: bool = True,
    ) -> list[RolePrediction]:
        """One prediction per (title, department); distinct pairs are featurised once."""
        depts = departments if departments is not None else [None] * len(titles)
        if len(depts) != len(titles):
            raise ValueError("titles and departments differ in length")
        keys = [(title_key(t), department_key(d)) for t, d in zip(titles, depts)]
        first: dict[tuple[str, str], int] = {}
        for i, k in enumerate(keys):
            first.setdefault(k, i)
        decided: dict[tuple[str, str], RolePrediction] = {}
        pending: list[tuple[str, str]] = []
        for k, i in first.items():
            pred = self._decide_without_model(titles[i], depts[i], enterprise, overrides, use_rules)
            if pred is None:
                pending.append(k)
            else:
                decided[k] = pred
        if pending:
            idx = [first[k] for k in pending]
            p_direct, p_sub = self.fitted.predict_proba([titles[i] for i in idx], [depts[i] for i in idx])
            for k, i, pd, ps in zip(pending, idx, p_direct, p_sub):
                decided[k] = self._from_model(float(pd), ps, self._doubt(titles[i], depts[i]))
        return [decided[k] for k in keys]

    def _doubt(self, title: str | None, dept: str | None) -> str | None:
        """Why a model answer for this pair cannot be trusted whatever its probability, or None."""
        border = decide_borderline(title, dept)
        if border is not None and border.subclass is None:
            return f"borderline:{border.group}"
        # Far from training: no known head word, mostly unseen characters, and no familiar
        # department to go by.
        # A worker (…工) in a workshop is production work whatever the trade's name (滚齿工, 分条工).
        worker_in_workshop = title_key(title).endswith("工") and is_workshop(department_key(dept))
        if (not self.fitted.has_head(title) and self.fitted.novelty(title) > NOVEL_ABOVE
                and self.fitted.department_novelty(dept) > NOVEL_ABOVE and not worker_in_workshop):
            return "unfamiliar_title"
        return None

    @staticmethod
    def _decide_without_model(
        title: str | None, dept: str | None, enterprise: str | None, overrides: OverrideTable | None, use_rules: bool
    ) -> RolePrediction | None:
        if overrides is not None:
            hit = overrides.lookup(title, dept, enterprise)
            if hit is not None:
                scope = f"enterprise:{hit.enterprise}" if hit.enterprise else "global"
                return _decided(hit.role, hit.subclass, "override", scope)
        if use_rules:
            match = apply_rules(title, dept)
            if match is not None:
                return _decided(role_of(match.subclass), match.subclass, "rule", match.rule)
        return None

    def _from_model(self, p_direct: float, p_sub: Sequence[float], doubt: str | None = None) -> RolePrediction:
        """p_sub: sub-class probabilities in SUBCLASSES order; the sub-class is the likeliest within the role.
        `doubt` (a borderline group or an unfamiliar title) makes the answer uncertain."""
        role = StaffRole.DIRECT if p_direct >= 0.5 else StaffRole.INDIRECT
        allowed = DIRECT_SUBCLASSES if role == StaffRole.DIRECT else INDIRECT_SUBCLASSES
        subclass = max(allowed, key=lambda s: p_sub[SUBCLASSES.index(s)])
        probability = p_direct if role == StaffRole.DIRECT else 1.0 - p_direct
        return RolePrediction(
            role=role, subclass=subclass, probability=round(probability, 4), p_direct=round(p_direct, 4),
            uncertain=probability < self.threshold or doubt is not None, source="model",
            rule=doubt if doubt is not None else None,
        )


_DEFAULT: DirectStaffClassifier | None = None


def default_classifier() -> DirectStaffClassifier:
    """The shipped classifier, loaded once per process (spaCy/jieba and the artifact are slow to load)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = DirectStaffClassifier.load()
    return _DEFAULT


def classify_employees(
    employees: list[Employee],
    overrides: OverrideTable | None = None,
    threshold: float = UNCERTAIN_BELOW,
    *,
    enterprise: str | None = None,
    classifier: DirectStaffClassifier | None = None,
) -> tuple[list[Employee], list[Flag]]:
    """Set role, role_subclass, role_probability, role_uncertain and role_source on copies of the
    rows, and raise one STAFF_ROLE_UNCERTAIN (info) per distinct uncertain (title, department)."""
    clf = classifier or default_classifier()
    if threshold != clf.threshold:
        clf = DirectStaffClassifier(clf.fitted, threshold)
    preds = clf.predict(
        [e.job_title for e in employees], [e.department for e in employees], enterprise=enterprise, overrides=overrides
    )
    out: list[Employee] = []
    uncertain: dict[tuple[str, str], list[tuple[Employee, RolePrediction]]] = {}
    for emp, pred in zip(employees, preds):
        if long_absence(emp.status):
            pred = _decided(StaffRole.INDIRECT, OTHER, "status", "long_absence")
        role = UNCERTAIN_COUNTS_AS if pred.uncertain else pred.role
        # When the policy overrules the model's guess, the sub-class is unknown until review
        # (the guess stays in the flag's data).
        subclass = pred.subclass if role_of(pred.subclass) == role else None
        probability = pred.probability if role == pred.role else round(1.0 - pred.probability, 4)
        row = emp.model_copy(update={
            "role": role, "role_subclass": subclass, "role_probability": probability,
            "role_uncertain": pred.uncertain, "role_source": pred.source,
        })
        out.append(row)
        if pred.uncertain:
            uncertain.setdefault((title_key(emp.job_title), department_key(emp.department)), []).append((row, pred))
    return out, [_uncertain_flag(rows) for rows in uncertain.values()]


def _uncertain_flag(rows: list[tuple[Employee, RolePrediction]]) -> Flag:
    emp, pred = rows[0]
    title = emp.job_title or "（空）"
    dept = emp.department or "未注明"
    heads = sum(e.headcount for e, _ in rows)
    guess = "直接生产人员" if pred.role == StaffRole.DIRECT else "非直接生产人员"
    message = (
        f"岗位“{title}”（部门：{dept}）无法确定是否属于直接生产人员："
        f"模型判断为{guess}（{SUBCLASS_NAMES_ZH[pred.subclass]}），概率 {pred.probability:.0%}，"
        f"涉及 {len(rows)} 行、{heads} 人。复核前按直接生产人员计入。"
    )
    return make_flag(
        FlagCode.STAFF_ROLE_UNCERTAIN, message, [e.ref for e, _ in rows], INDICATOR,
        key=f"{title_key(emp.job_title)}|{department_key(emp.department)}", name=emp.job_title,
        department=emp.department, rows=len(rows), headcount=heads, guess=pred.role.value,
        subclass=pred.subclass, p_direct=pred.p_direct,
    )
