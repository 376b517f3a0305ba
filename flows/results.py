"""The result set of a check: facts.json, flags.json, report.html, verdict.json (written last)."""

from __future__ import annotations

import json
from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from models import INDICATOR_NAMES_ZH, Document, Flag, PacketFacts, Severity, Verdict
from storage.base import ResultFile

SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}
ROUTE_ZH = {
    "three_of_five": "满足 5 项制造过程指标中的 3 项",
    "two_plus_benefit": "满足 2 项制造过程指标 + 1 项效益优化指标",
    "certification": "取得相当水平的认定",
}
# Evidence lists in the report are cut here; facts.json keeps every reference.
MAX_EVIDENCE_SHOWN = 12


@lru_cache(maxsize=1)
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("flows", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["num"] = _fmt_number
    return env


def _fmt_number(v: float | int | str | None) -> str:
    if v is None:
        return "—"
    if isinstance(v, str | bool):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return f"{int(v):,}"
    if isinstance(v, float):
        return f"{v:,.4f}".rstrip("0").rstrip(".")
    return f"{v:,}"


def page_image_files(documents: list[Document]) -> list[ResultFile]:
    """The rendered images of OCR'd pages (cell boxes drawn) as result files ``pages/…png``;
    each page's `image_path` is set to its result name so the report can link evidence to it."""
    files: list[ResultFile] = []
    for doc_no, doc in enumerate(documents, start=1):
        for page in doc.pages:
            if page.image_png:
                page.image_path = f"pages/doc{doc_no:02d}-p{page.number:03d}.png"
                files.append(ResultFile(name=page.image_path, data=page.image_png, content_type="image/png"))
    return files


def _page_image_index(documents: list[Document]) -> dict[tuple[str, int], str]:
    return {(d.file, p.number): p.image_path for d in documents for p in d.pages if p.image_path}


def render_report(
    facts: PacketFacts, verdict: Verdict, flags: list[Flag], documents: list[Document] | None = None
) -> str:
    """A self-contained HTML page: verdict, indicators with thresholds, the counts behind each
    number with the file/row they came from, flags with their evidence, and the documents read."""
    indicators = []
    for key, ind in verdict.indicators.model_dump().items():
        indicators.append(
            {
                "key": key,
                "name": INDICATOR_NAMES_ZH[key],
                **ind,
                "facts": [f for f in facts.derived if f.indicator == key],
                "flags": [f for f in flags if f.indicator == key],
            }
        )
    ordered_flags = sorted(flags, key=lambda f: (SEVERITY_ORDER[f.severity or Severity.INFO], f.code.value))
    return _env().get_template("report.html.j2").render(
        verdict=verdict,
        facts=facts,
        indicators=indicators,
        flags=ordered_flags,
        route_zh=ROUTE_ZH.get(verdict.route.value) if verdict.route else None,
        max_evidence=MAX_EVIDENCE_SHOWN,
        other_facts=[f for f in facts.derived if f.indicator is None],
        page_images=_page_image_index(documents or []),
    )


def render_result_files(
    facts: PacketFacts, verdict: Verdict, flags: list[Flag], documents: list[Document] | None = None
) -> list[ResultFile]:
    """All result files; page images first (they set the paths the report links to), verdict last."""
    images = page_image_files(documents or [])
    flags_json = json.dumps([f.model_dump(mode="json") for f in flags], ensure_ascii=False, indent=2)
    return images + [
        ResultFile(name="facts.json", data=facts.model_dump_json(indent=2).encode(), content_type="application/json"),
        ResultFile(name="flags.json", data=flags_json.encode(), content_type="application/json"),
        ResultFile(
            name="report.html",
            data=render_report(facts, verdict, flags, documents).encode(),
            content_type="text/html; charset=utf-8",
        ),
        ResultFile(name="verdict.json", data=verdict.to_contract_json().encode(), content_type="application/json"),
    ]
