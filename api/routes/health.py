"""Liveness (`/healthz`, no token: the process answers) and readiness (`/readyz`: the database,
the store and at least one warm worker; lists every worker with its pid and current pre-check)."""

from __future__ import annotations

from fastapi import APIRouter, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from api.deps import CurrentPrincipal, DatabaseDep, SettingsDep, StoreDep, public_message
from api.schemas import ReadinessOut
from storage.db import queue as q

router = APIRouter(tags=["health"])


@router.get("/healthz")
def healthz() -> dict[str, str]:
    """The process is up (no token needed; checks nothing else)."""
    return {"status": "ok"}


@router.get("/readyz", response_model=ReadinessOut,
            responses={503: {"model": ReadinessOut, "description": "not ready"}})
async def readyz(request: Request, principal: CurrentPrincipal, db: DatabaseDep, store: StoreDep,
                 settings: SettingsDep) -> JSONResponse:
    """Ready when the database answers, the store is reachable and a worker is warm."""
    return JSONResponse(*await run_in_threadpool(_readiness, db, store, settings))


def _readiness(db, store, settings) -> tuple[dict, int]:  # noqa: ANN001
    out = {"ready": False, "database": "ok", "store": "ok", "workers": [], "queued": 0}
    try:
        db.ping()
        with db.session() as s:
            now = q.now()
            out["workers"] = [
                {"id": w.id, "host": w.host, "pid": w.pid, "state": w.state, "precheck_id": w.precheck_id,
                 "heartbeat_age_seconds": round((now - w.heartbeat_at).total_seconds(), 2)}
                for w in q.list_workers(s)
            ]
            out["queued"] = q.queued_count(s)
    except Exception as exc:  # noqa: BLE001
        out["database"] = f"error: {type(exc).__name__}: {public_message(str(exc))}"
    try:
        store.check()
    except Exception as exc:  # noqa: BLE001
        out["store"] = f"error: {type(exc).__name__}: {public_message(str(exc))}"
    warm = [w for w in out["workers"] if w["state"] in ("idle", "busy")
            and w["heartbeat_age_seconds"] < settings.service.worker_stale_seconds]
    out["ready"] = out["database"] == "ok" and out["store"] == "ok" and bool(warm)
    return out, status.HTTP_200_OK if out["ready"] else status.HTTP_503_SERVICE_UNAVAILABLE
