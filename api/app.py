"""The one FastAPI application (SPEC §6b): portal pre-checks, review queue, health, webhooks.

`create_app(settings)` migrates the database, opens the store and starts the warm worker pool
(`settings.service.workers` processes) for the app's lifetime; `evidence-check serve` runs it with
uvicorn. Any number of such processes, on any machines, can share one database and one bucket.
"""

from __future__ import annotations

import json
import logging
import uuid
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles

from api.logs import REQUEST_ID_HEADER, configure_logging, request_id_var
from models.settings import Settings, get_settings
from storage.db import open_database
from storage.db import queue as q
from storage.db.engine import DatabaseUnavailable

log = logging.getLogger("evidence.api")
STATIC = Path(__file__).with_name("static")

DESCRIPTION = """证明材料核验 · the portal pre-check of an evidence packet (SPEC §6b).

Every route but `GET /healthz` needs `Authorization: Bearer <token>` (`evidence-check tokens add`).
Submit with `POST /v1/prechecks`, then poll `GET /v1/prechecks/{id}?wait=30` until `status` is
`done` (the verdict of SPEC §6a is in `verdict`) or `failed` (`error` says why)."""


class RequestIdMiddleware:
    """Take the client's `X-Request-ID` (or make one), put it in the logs' context and echo it."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope.get("headers") or []).get(REQUEST_ID_HEADER.lower().encode(), b"").decode("latin-1")
        rid = given.strip()[:100] if given.strip().isprintable() and given.strip() else uuid.uuid4().hex
        token = request_id_var.set(rid)

        async def send_with_id(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"] = [*message["headers"], (REQUEST_ID_HEADER.lower().encode(), rid.encode())]
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(token)


# Pages served as HTML from this origin and what they may load. The review pages use their own
# stylesheet and script only; the report (built from uploaded content) runs no script at all.
# FastAPI's /docs page (Swagger UI from a CDN) is left alone.
REVIEW_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
              "form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
REPORT_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'; "
              "base-uri 'none'; form-action 'none'")


def _csp_for(path: str) -> str | None:
    if path.startswith("/review"):
        return REVIEW_CSP
    if path.startswith("/v1/prechecks/") and path.endswith("/report"):
        return REPORT_CSP
    return None


class SecurityHeadersMiddleware:
    """`X-Content-Type-Options: nosniff` on every answer (an uploaded file is never sniffed into
    HTML); a Content-Security-Policy, no framing and no referrer on the HTML pages."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        csp = _csp_for(scope.get("path", ""))

        async def send_with_headers(message) -> None:  # noqa: ANN001
            if message["type"] == "http.response.start":
                extra = [(b"x-content-type-options", b"nosniff")]
                if csp is not None:
                    extra += [(b"content-security-policy", csp.encode()), (b"x-frame-options", b"DENY"),
                              (b"referrer-policy", b"no-referrer")]
                message["headers"] = [*(message.get("headers") or []), *extra]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class InternalErrorMiddleware:
    """Any unexpected error: logged with its traceback and the request id; the client gets a JSON
    500 with the request id to quote, never the traceback or a path."""

    def __init__(self, app) -> None:  # noqa: ANN001
        self.app = app

    async def __call__(self, scope, receive, send) -> None:  # noqa: ANN001
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def tracking_send(message) -> None:  # noqa: ANN001
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, tracking_send)
        except Exception:  # noqa: BLE001  (the one place every unexpected error ends)
            rid = request_id_var.get()
            log.exception("unhandled error on %s %s (request %s)", scope.get("method"), scope.get("path"), rid)
            if started:  # the answer is under way: the connection is cut, nothing more can be said
                raise
            body = json.dumps({"detail": f"internal error: quote request id {rid} to the operator"}).encode()
            await send({"type": "http.response.start", "status": 500,
                        "headers": [(b"content-type", b"application/json"),
                                    (b"content-length", str(len(body)).encode())]})
            await send({"type": "http.response.body", "body": body})


def create_app(settings: Settings | None = None, *, workers: int | None = None) -> FastAPI:
    settings = settings or get_settings()
    size = settings.service.workers if workers is None else workers

    @asynccontextmanager
    async def lifespan(app: FastAPI):  # noqa: ANN202
        from api.pool import WorkerPool
        from api.store import open_bucket, open_store

        configure_logging()
        settings.service.require_secrets()
        url = settings.service.sqlalchemy_url()
        db = open_database(url, upgrade=True)
        app.state.settings, app.state.db = settings, db
        app.state.store = open_store(settings)
        app.state.bucket = open_bucket(settings)
        app.state.bucket_url = f"s3://{settings.s3.bucket}"
        pool = WorkerPool(settings, db, url, size)
        app.state.pool = pool
        app.state.wake = pool.wake
        app.state.enqueue_watch = lambda packet_id: enqueue_watch(app, packet_id)
        pool.start()
        log.info("serving with %d warm workers; database %s; store %s", size, db.engine.url.render_as_string(),
                 app.state.store.describe())
        try:
            yield
        finally:
            pool.stop()
            db.engine.dispose()

    from api.routes import flags, health, packets, prechecks, review, webhooks

    app = FastAPI(title="evidence-check", version="1", description=DESCRIPTION, lifespan=lifespan)
    app.add_middleware(InternalErrorMiddleware)
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestIdMiddleware)  # outermost: the request id is set for every other layer
    app.include_router(health.router)
    app.include_router(prechecks.router)
    app.include_router(packets.router)
    app.include_router(flags.router)
    app.include_router(review.router)
    app.mount("/review/static", StaticFiles(directory=str(STATIC)), name="review-static")

    async def to_login(request, exc):  # noqa: ANN001, ANN202  (not logged in on a page: the login form)
        return RedirectResponse("/review/login", status_code=303)

    app.add_exception_handler(review.LoginRequired, to_login)

    async def database_unavailable(request, exc):  # noqa: ANN001, ANN202  (locked or down past the bound)
        log.warning("%s %s: %s", request.method, request.url.path, exc)
        return JSONResponse({"detail": "数据库暂时不可用，请稍后重试 / the database is busy or unavailable; "
                                       "try again later"}, status_code=503,
                            headers={"Retry-After": str(settings.service.retry_after_seconds)})

    app.add_exception_handler(DatabaseUnavailable, database_unavailable)
    app.include_router(webhooks.router)
    app.openapi = lambda: _openapi_with_examples(app)  # type: ignore[method-assign]
    return app


def _openapi_with_examples(app: FastAPI) -> dict:
    """FastAPI drops null values from the whole document, examples included; the verdict example
    needs its nulls (`"benchmark": null`, `"passed": null`), so it is put back afterwards."""
    if app.openapi_schema:
        return app.openapi_schema
    from api.schemas import EXAMPLE_PRECHECK_DONE

    schema = FastAPI.openapi(app)
    poll = schema["paths"]["/v1/prechecks/{precheck_id}"]["get"]["responses"]["200"]
    poll["content"]["application/json"]["example"] = EXAMPLE_PRECHECK_DONE
    schema["components"]["schemas"]["PrecheckOut"]["examples"] = [EXAMPLE_PRECHECK_DONE]
    app.openapi_schema = schema
    return schema


def enqueue_watch(app: FastAPI, packet_id: str) -> str | None:
    """Queue a packet the bucket reported complete for the warm workers (the webhook's hand-off)."""
    pid = q.enqueue_watch(app.state.db, packet_id, f"{app.state.bucket_url}/incoming/{packet_id}",
                          request_id_var.get())
    app.state.wake()
    return pid
