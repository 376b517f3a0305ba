"""The state of one packet check, as the steps of the check hand it on (flows/steps.py).

Each step takes a `CheckState` and returns a new one (`model_copy(update=…)`): nothing a step
received is changed in place, so a step that fails leaves the state as it was and the next step
runs on it. Flags are kept in the order raised, each tagged with its step; `merged_flags` is the
one place they are merged (each id once, plus one CHECK_STEP_FAILED flag per failed step).
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from models.document import Document
from models.extraction import ExtractionResult
from models.facts import PacketFacts
from models.flags import Flag, StepError, unique_flags
from models.manifest import Manifest
from models.packet import PacketFile, ResultFile
from models.scoring import ScoreResult
from models.verdict import Verdict


class CheckState(BaseModel):
    model_config = ConfigDict(frozen=True)

    packet_id: str
    files: list[PacketFile] = Field(default_factory=list)  # as given: folder members or one zip
    members: list[PacketFile] = Field(default_factory=list)  # unpacked
    manifest_file: PacketFile | None = None
    evidence: list[PacketFile] = Field(default_factory=list)  # every member but the manifest
    manifest: Manifest | None = None
    extractions: list[ExtractionResult] = Field(default_factory=list)  # one per evidence file, same order
    facts: PacketFacts | None = None
    score: ScoreResult | None = None
    verdict: Verdict | None = None
    rendered: list[ResultFile] = Field(default_factory=list)  # page images and report.html
    flags: list[Flag] = Field(default_factory=list)  # as raised, each with its `step`
    errors: list[StepError] = Field(default_factory=list)

    def raised(self, step: str, flags: list[Flag]) -> CheckState:
        """A copy with `flags` added, tagged as raised by `step`."""
        tagged = [f if f.step == step else f.model_copy(update={"step": step}) for f in flags]
        return self.model_copy(update={"flags": [*self.flags, *tagged]})

    def failed(self, errors: list[StepError]) -> CheckState:
        return self.model_copy(update={"errors": [*self.errors, *errors]}) if errors else self

    @property
    def failed_steps(self) -> list[str]:
        return [e.step for e in self.errors]

    def merged_flags(self) -> list[Flag]:
        """Every flag of the check, each id once; a failed step adds its CHECK_STEP_FAILED flag."""
        failures = [e.flag().model_copy(update={"step": e.step.split(":")[0]}) for e in self.errors]
        return unique_flags([*self.flags, *failures])

    def flags_of(self, step: str) -> list[Flag]:
        return unique_flags([f for f in self.flags if f.step == step])

    def known_manifest(self) -> Manifest:
        return self.manifest or Manifest(packet_id=self.packet_id)

    def known_facts(self) -> PacketFacts:
        """The facts, or none (only the manifest) when the steps that build them failed."""
        if self.facts is not None:
            return self.facts
        manifest = self.known_manifest()
        return PacketFacts(packet_id=manifest.packet_id, manifest=manifest)

    @property
    def documents(self) -> list[Document]:
        return [r.document for r in self.extractions if r.document is not None]
