"""Liveness and readiness. Readiness asks the app's services for their checks."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.openapi.datastructures import ResponseSpec
from litestar.openapi.spec import Example


class Check(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    detail: str | None = None


class Health(msgspec.Struct, frozen=True, kw_only=True):
    status: str
    checks: dict[str, Check] = {}


NOT_READY = {
    "database": {"status": "down", "detail": "TimeoutError"},
    "migrations": {"status": "ok"},
    "bus": {"status": "ok"},
    "relay": {"status": "stopped"},
}


class HealthController(Controller):
    path = "/health"
    tags = ["operations"]

    @get("/live", operation_id="health_live", summary="The process is up", exclude_from_auth=True)
    async def live(self) -> Health:
        return Health(status="ok")

    @get(
        "/ready",
        operation_id="health_ready",
        summary="Every dependency answers",
        description="200 when the database, bus and relay work and no migration is pending; 503 otherwise.",
        responses={
            503: ResponseSpec(
                data_container=Health,
                description="A dependency is down or a migration is pending: each check says which "
                "(`Retry-After` tells when to ask again)",
                generate_examples=False,
                examples=[Example(value={"status": "unavailable", "checks": NOT_READY})],
            )
        },
    )
    async def ready(self, request: Request[Any, Any, Any]) -> Response[Health]:
        services = getattr(request.app.state, "services", None)
        checks: dict[str, Check] = (
            await services.checks() if services is not None else {"app": Check(status="starting")}
        )
        healthy = all(c.status == "ok" for c in checks.values())
        return Response(
            Health(status="ok" if healthy else "unavailable", checks=checks),
            status_code=200 if healthy else 503,
            headers=None if healthy else {"Retry-After": "5"},
        )
