"""The OpenAPI document tells what the server enforces: who may call, what it refuses, what it accepts.

Done centrally so no route has to repeat it:
- ``securitySchemes`` (bearer token; API key) and a ``security`` requirement on every
  guarded operation (staff routes: bearer or API key; customer routes: bearer; routes
  marked ``opt={"auth": "optional"}``: bearer or none);
- the problem responses an operation can give (400/415/422 where it reads input,
  404 where its path has parameters, 401/403 where it is guarded), added where the route did
  not list them;
- ``additionalProperties: false`` on structs that refuse unknown fields;
- the msgspec constraints of struct fields that Litestar leaves out: bounds equal to zero
  (``ge=0``) and the constraints of list items and dict values (``list[Tag]``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import msgspec
import msgspec.inspect as mi
from litestar._openapi.schema_generation.plugins.struct import StructSchemaPlugin
from litestar.openapi.spec import Components, Schema, SecurityScheme
from litestar.routes import HTTPRoute

from core.controllers import Body
from core.http import NO_NUL, problem_response
from core.ratelimit import NEVER_LIMITED

if TYPE_CHECKING:
    from litestar import Litestar
    from litestar._openapi.schema_generation import SchemaCreator
    from litestar.handlers import HTTPRouteHandler
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
        info = mi.type_info(field_definition.type_)
        if isinstance(info, mi.StructType) and schema.properties:
            request_body = isinstance(field_definition.type_, type) and issubclass(
                field_definition.type_, Body
            )
            for field in info.fields:
                prop = schema.properties.get(field.encode_name)
                if isinstance(prop, Schema):
                    constrain(prop, field.type, request_body=request_body)
        return schema


_JSON_TYPES: dict[type[mi.Type], str] = {
    mi.IntType: "integer",
    mi.FloatType: "number",
    mi.StrType: "string",
    mi.BoolType: "boolean",
    mi.ListType: "array",
    mi.SetType: "array",
    mi.FrozenSetType: "array",
    mi.VarTupleType: "array",
    mi.DictType: "object",
}
_NUMBER_BOUNDS = {
    "ge": "minimum",
    "gt": "exclusive_minimum",
    "le": "maximum",
    "lt": "exclusive_maximum",
    "multiple_of": "multiple_of",
}


def _json_type(schema: Schema) -> str | None:
    kind = schema.type
    return None if kind is None or isinstance(kind, list) else str(getattr(kind, "value", kind))


def _set(schema: Schema, attribute: str, value: Any) -> None:
    if value is not None and getattr(schema, attribute) is None:
        setattr(schema, attribute, value)


def constrain(schema: Schema, info: mi.Type, *, request_body: bool = False) -> None:
    """Add to ``schema`` the constraints of the msgspec type ``info`` that it does not state yet.

    In a request body, text without a pattern of its own gets ``NO_NUL``: the server refuses a NUL
    character anywhere in a body (PostgreSQL cannot store one).
    """
    if isinstance(info, mi.Metadata):
        info = info.type
    if isinstance(info, mi.UnionType):
        members = [t for t in info.types if not isinstance(t, mi.NoneType)]
        for member in members:
            target = schema
            kind = _JSON_TYPES.get(type(member.type if isinstance(member, mi.Metadata) else member))
            for option in schema.one_of or ():
                if isinstance(option, Schema) and kind is not None and _json_type(option) == kind:
                    target = option
            if target is not schema or len(members) == 1:
                constrain(target, member, request_body=request_body)
        return
    if isinstance(info, (mi.IntType, mi.FloatType)):
        for bound, attribute in _NUMBER_BOUNDS.items():
            _set(schema, attribute, getattr(info, bound))
    elif isinstance(info, mi.StrType):
        _set(schema, "min_length", info.min_length)
        _set(schema, "max_length", info.max_length)
        _set(schema, "pattern", info.pattern or (NO_NUL if request_body else None))
    elif isinstance(info, (mi.ListType, mi.SetType, mi.FrozenSetType, mi.VarTupleType)):
        _set(schema, "min_items", info.min_length)
        _set(schema, "max_items", info.max_length)
        if isinstance(schema.items, Schema):
            constrain(schema.items, info.item_type, request_body=request_body)
    elif isinstance(info, mi.DictType):
        _set(schema, "min_properties", info.min_length)
        _set(schema, "max_properties", info.max_length)
        if isinstance(schema.additional_properties, Schema):
            constrain(schema.additional_properties, info.value_type, request_body=request_body)


def access(handler: HTTPRouteHandler) -> str:
    """``staff`` (a staff token or API key), ``staff_member`` (a staff token only), ``customer``,
    ``optional`` or ``public``: what the route asks of its caller."""
    names = {
        getattr(guard, "__name__", "") for layer in handler.ownership_layers for guard in layer.guards or ()
    }
    if any(name.startswith("staff_member:") for name in names):
        return "staff_member"
    if any(name.startswith("staff:") for name in names):
        return "staff"
    if "customer_guard" in names or "principal" in handler.parsed_fn_signature.parameters:
        return "customer"
    return str(handler.opt.get("auth", "public"))


SECURITY: dict[str, list[dict[str, list[str]]]] = {
    "staff": [{BEARER: []}, {API_KEY: []}],
    "staff_member": [{BEARER: []}],
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
    if route.path_parameters:
        found.append(404)  # a path whose parameter does not parse (not a UUID) matches no route
    if takes_body:
        found.append(415)
    if kind in ("staff", "staff_member", "customer"):
        found.append(401)
    if kind in ("staff", "staff_member"):
        found.append(403)
    if kind == "optional":
        found.append(401)
    if not route.path.startswith(NEVER_LIMITED):
        found.append(429)  # core.ratelimit's request limits
    return found
