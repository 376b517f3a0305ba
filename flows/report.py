"""The HTML report (report.html): verdict, indicators, the counts and evidence behind them, flags,
and links from each piece of evidence to its page image."""

from __future__ import annotations

from functools import lru_cache

from jinja2 import Environment, PackageLoader, select_autoescape

from models import (
    INDICATOR_NAMES_ZH,
    MATCH_REVIEW_SCORE,
    Document,
    Flag,
    PacketFacts,
    ResultFile,
    Severity,
    Verdict,
)
from models.matches import MATCH_KIND_ZH
from scoring.certification import recognise_all

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


def page_image_name(doc_no: int, page_no: int) -> str:
    """The result name of page `page_no` of the `doc_no`-th document (1-based, packet order)."""
    return f"pages/doc{doc_no:02d}-p{page_no:03d}.png"


def page_images(documents: list[Document]) -> dict[tuple[str, int], ResultFile]:
    """The rendered images of OCR'd pages (cell boxes drawn), keyed by (file, page number);
    the documents are not changed (the report links evidence through these names)."""
    return {
        (doc.file, page.number): ResultFile(
            name=page_image_name(doc_no, page.number), data=page.image_png, content_type="image/png"
        )
        for doc_no, doc in enumerate(documents, start=1)
        for page in doc.pages
        if page.image_png
    }


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
        # each certification named, whether it meets its bar and why (a level below the bar says so)
        certifications=recognise_all(facts),
        max_evidence=MAX_EVIDENCE_SHOWN,
        other_facts=[f for f in facts.derived if f.indicator is None],
        # tolerant matches: the ones below the review bar first (they raised MATCH_LOW_CONFIDENCE)
        low_matches=sorted((m for m in facts.matches if m.needs_review), key=lambda m: m.score),
        other_matches=[m for m in facts.matches if not m.needs_review],
        match_bar=MATCH_REVIEW_SCORE,
        match_kind_zh={k.value: v for k, v in MATCH_KIND_ZH.items()},
        page_images={key: f.name for key, f in page_images(documents or []).items()},
    )


def render(facts: PacketFacts, verdict: Verdict, flags: list[Flag], documents: list[Document]) -> list[ResultFile]:
    """The rendered part of the result set: page images, then report.html."""
    html = render_report(facts, verdict, flags, documents)
    return [
        *page_images(documents).values(),
        ResultFile(name="report.html", data=html.encode(), content_type="text/html; charset=utf-8"),
    ]
