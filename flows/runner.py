"""The one runner of the check's steps (flows.steps): plain calls, or Prefect tasks inside a flow.

A step that raises becomes a `StepError` on the state (errors are data) and the next step runs on
the state as the failed step received it. When a step fails after the verdict was decided (the
report), the verdict is decided again so it says so.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from prefect import task, unmapped
from prefect.cache_policies import NO_CACHE
from prefect.tasks import Task

from flows.steps import STEPS, CheckConfig, Step, StepContext, decide_verdict
from models import ExtractionResult, PacketFile, StepError
from models.check import CheckState

log = logging.getLogger(__name__)


class PlainRunner:
    """Each step a plain call (tests, benchmarks, the agreement tool, warm service workers)."""

    def call(self, step: Step, state: CheckState, ctx: StepContext) -> CheckState:
        return step.run(state, ctx)

    def map(
        self, fn: Callable[..., ExtractionResult], items: list[PacketFile], run_name: str, **fixed: object
    ) -> list[ExtractionResult]:
        return [fn(item, **fixed) for item in items]


class PrefectRunner:
    """Each step a Prefect task of the running flow; `map` runs one task per item concurrently
    on the flow's task runner. Big inputs (bytes, documents): hashing them for a cache is waste.

    A step's task takes no parameters: the state reaches it through a closure, because Prefect
    walks every task parameter (looking for futures) and a state holding the packet's documents
    is tens of thousands of objects — passed as a parameter it cost ~1 s per step."""

    def __init__(self) -> None:
        self._tasks: dict[str, Task] = {}

    def _task(self, name: str, fn: Callable, run_name: str | None = None) -> Task:
        if name not in self._tasks:
            self._tasks[name] = task(fn, name=name, cache_policy=NO_CACHE, task_run_name=run_name)
        return self._tasks[name]

    def call(self, step: Step, state: CheckState, ctx: StepContext) -> CheckState:
        def run_step() -> CheckState:
            return step.run(state, ctx)

        return task(run_step, name=step.name, cache_policy=NO_CACHE)()

    def map(
        self, fn: Callable[..., ExtractionResult], items: list[PacketFile], run_name: str, **fixed: object
    ) -> list[ExtractionResult]:
        mapped = self._task(fn.__name__, fn, run_name)
        return [f.result() for f in mapped.map(items, **{k: unmapped(v) for k, v in fixed.items()})]


def run_steps(
    state: CheckState,
    steps: tuple[Step, ...] = STEPS,
    config: CheckConfig | None = None,
    runner: PlainRunner | PrefectRunner | None = None,
) -> CheckState:
    """Run `steps` in order over `state`; a failing step is recorded and the rest still run."""
    ctx = StepContext(config=config or CheckConfig(), runner=runner or PlainRunner())
    for step in steps:
        try:
            state = ctx.runner.call(step, state, ctx)
        except Exception as exc:  # noqa: BLE001  (errors are data: the verdict is marked partial)
            log.warning("check %s: step %s failed: %s: %s", state.packet_id, step.name, type(exc).__name__, exc)
            state = state.failed([StepError.of(step.name, exc)])
    if state.verdict is not None and state.verdict.failed_steps != state.failed_steps:
        state = decide_verdict(state, ctx)
    return state
