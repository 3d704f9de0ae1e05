"""The OpenAPI document tells what the server enforces: who may call, what it refuses, what it accepts.

Done centrally so no route has to repeat it:
- ``securitySchemes`` (bearer token; API key) and a ``security`` requirement on every
  guarded operation (staff routes: bearer or API key; customer routes: bearer; routes
  marked ``opt={"auth": "optional"}``: bearer or none);
- the problem responses an operation can give (400/415/422 where it reads input,
  401/403 where it is guarded), added where the route did not list them;
- ``additionalProperties: false`` on structs that refuse unknown fields.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import Components, SecurityScheme
from litestar.routes import HTTPRoute

from core.http import problem_response

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.handlers import HTTPRouteHandler
    from litestar.openapi.spec import Schema
    from litestar.typing import FieldDefinition

BEARER, API_KEY = "BearerToken", "ApiKey"
COMPONENTS = Components(
    security_schemes={
        BEARER: SecurityScheme(
            type="http",
            scheme="bearer",
            bearer_format="JWT",
            description="An access token from POST /auth/login (customers) or POST /admin/auth/login (staff).",
        ),
        API_KEY: SecurityScheme(
            type="apiKey",
            name="X-API-Key",
            security_scheme_in="header",
            description="An integrator's API key with scoped permissions, accepted where a staff token is.",
        ),
    }
)


class StrictStructSchemaPlugin(StructSchemaPlugin):
    """Structs that refuse unknown fields say so: ``additionalProperties: false``."""

    def to_openapi_schema(self, field_definition: FieldDefinition, schema_creator: SchemaCreator) -> Schema:
        schema = super().to_openapi_schema(field_definition, schema_creator)
        config = getattr(field_definition.type_, "__struct_config__", None)
        if isinstance(config, msgspec.structs.StructConfig) and config.forbid_unknown_fields:
            schema.additional_properties = False
        return schema


def access(handler: HTTPRouteHandler) -> str:
    """``staff``, ``customer``, ``optional`` or ``public``: what the route asks of its caller."""
    names = {
        getattr(guard, "__name__", "") for layer in handler.ownership_layers for guard in layer.guards or ()
    }
    if any(name.startswith("staff:") for name in names):
        return "staff"
    if "customer_guard" in names or "principal" in handler.parsed_fn_signature.parameters:
        return "customer"
    return str(handler.opt.get("auth", "public"))


SECURITY: dict[str, list[dict[str, list[str]]]] = {
    "staff": [{BEARER: []}, {API_KEY: []}],
    "customer": [{BEARER: []}],
    "optional": [{BEARER: []}, {}],
}


def document(app: Litestar) -> None:
    """Add security requirements and problem responses to every route handler of ``app``."""
    for route in app.routes:
        if not isinstance(route, HTTPRoute):
            continue
        for handler in route.route_handlers:
            if not handler.include_in_schema:
                continue
            kind = access(handler)
            if kind in SECURITY and not handler.security:
                handler.security = SECURITY[kind]
            statuses = _statuses(handler, route, kind)
            responses = dict(handler.responses or {})
            for status in statuses:
                responses.setdefault(status, problem_response(status))
            handler.responses = responses


def _statuses(handler: HTTPRouteHandler, route: HTTPRoute, kind: str) -> list[int]:
    parameters: dict[str, Any] = dict(handler.parsed_fn_signature.parameters)
    takes_body = "data" in parameters
    takes_input = (
        takes_body
        or bool(route.path_parameters)
        or any(name not in ("data", "bus", "principal", "request", "state", "headers") for name in parameters)
    )
    found = [400, 422] if takes_input else []
    if takes_body:
        found.append(415)
    if kind in ("staff", "customer"):
        found.append(401)
    if kind == "staff":
        found.append(403)
    if kind == "optional":
        found.append(401)
    return found
