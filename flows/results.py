"""The result set of a check: pages/*.png, facts.json, flags.json, report.html, verdict.json (last)."""

from __future__ import annotations

import json

from flows.report import render, render_report
from models import Document, Flag, PacketFacts, ResultFile, Verdict

__all__ = ["render_report", "render_result_files", "result_files"]

JSON = "application/json"


def result_files(
    facts: PacketFacts, verdict: Verdict, flags: list[Flag], rendered: list[ResultFile]
) -> list[ResultFile]:
    """The files to write, in order: page images, facts.json, flags.json, report.html, verdict.json
    last (its presence marks the set complete). `rendered`: what `flows.report.render` made (may be
    empty when rendering failed: the JSON files are still written)."""
    flags_json = json.dumps([f.model_dump(mode="json") for f in flags], ensure_ascii=False, indent=2)
    images = [f for f in rendered if f.name != "report.html"]
    report = [f for f in rendered if f.name == "report.html"]
    return [
        *images,
        ResultFile(name="facts.json", data=facts.model_dump_json(indent=2).encode(), content_type=JSON),
        ResultFile(name="flags.json", data=flags_json.encode(), content_type=JSON),
        *report,
        ResultFile(name="verdict.json", data=verdict.to_contract_json().encode(), content_type=JSON),
    ]


def render_result_files(
    facts: PacketFacts, verdict: Verdict, flags: list[Flag], documents: list[Document] | None = None
) -> list[ResultFile]:
    """All result files of a finished check (render, then the JSON files; verdict last)."""
    return result_files(facts, verdict, flags, render(facts, verdict, flags, documents or []))
