"""Every route of the app checks who is calling (issue 14: "a test lists the app's routes and fails on
any route without a dependency that checks the principal"). The few public ones are named here, each
with its reason; a new route without a check fails this test until it gets one or a reason."""

from __future__ import annotations

from collections.abc import Callable, Iterator

from fastapi.routing import APIRoute

from api.app import create_app
from api.deps import current_principal
from api.routes.review import reviewer
from api.routes.webhooks import require_token
from models.settings import Settings

# (method, path) → why it needs no principal
PUBLIC = {
    ("GET", "/healthz"): "liveness, SPEC §6b",
    ("GET", "/review/login"): "the login form itself",
    ("POST", "/review/login"): "logging in (CSRF-checked, rate-limited)",
    ("GET", "/webhooks/minio"): "MinIO probes the target without credentials",
    ("HEAD", "/webhooks/minio"): "MinIO probes the target without credentials",
}
# FastAPI's own documentation routes (no data behind them)
DOCS = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}
CHECKS: tuple[Callable, ...] = (current_principal, reviewer, require_token)


def _api_routes(routes: list) -> Iterator[APIRoute]:
    for r in routes:
        if isinstance(r, APIRoute):
            yield r
        elif hasattr(r, "original_router"):  # an included router (FastAPI ≥ 0.15x keeps it whole)
            yield from _api_routes(r.original_router.routes)


def _calls(dependant) -> Iterator[Callable]:  # noqa: ANN001 - fastapi.dependencies.models.Dependant
    for d in dependant.dependencies:
        yield d.call
        yield from _calls(d)


def _checked(route: APIRoute) -> bool:
    return any(c in CHECKS for c in _calls(route.dependant))


def _app_routes() -> list[APIRoute]:
    return list(_api_routes(create_app(Settings()).routes))


def test_every_route_checks_the_principal_or_is_named_public() -> None:
    unchecked = sorted(
        (m, r.path)
        for r in _app_routes()
        for m in r.methods
        if not _checked(r) and (m, r.path) not in PUBLIC and r.path not in DOCS
    )
    assert unchecked == []


def test_the_listing_sees_every_documented_route() -> None:
    """The walk above must not miss routes: every path in the OpenAPI document is among them."""
    app = create_app(Settings())
    listed = {r.path for r in _api_routes(app.routes)}
    documented = set(app.openapi()["paths"])
    assert documented and documented <= listed
    assert {"/v1/prechecks", "/v1/packets/{packet_id}/flags", "/v1/flags/{flag_id}/decision"} <= listed


def test_the_public_routes_are_really_unchecked() -> None:
    """A name in PUBLIC that has since gained a check (or vanished) is stale."""
    routes = {(m, r.path): r for r in _app_routes() for m in r.methods}
    for key in PUBLIC:
        assert key in routes, key
        assert not _checked(routes[key]), key
