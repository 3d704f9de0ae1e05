"""Who may call a route: the verified caller from the bearer token, and the guards built on it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from litestar import Request

from core.errors import Forbidden, Unauthorized
from core.security import Principal

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers.base import BaseRouteHandler

    from core.security import TokenCodec


def principal_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal:
    """The verified caller, or 401."""
    cached = connection.scope.get("state", {}).get("principal")
    if isinstance(cached, Principal):
        return cached
    header = connection.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise Unauthorized("a bearer access token is required")
    tokens: TokenCodec = connection.app.state.tokens
    principal = tokens.verify(token.strip())
    connection.scope.setdefault("state", {})["principal"] = principal
    return principal


def staff(permission: str) -> Any:
    """A guard: the caller is staff holding ``permission``."""

    def guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
        principal_of(connection).require(permission)

    guard.__name__ = f"staff:{permission}"
    return guard


def customer_guard(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard: the caller is a signed-in customer."""
    if principal_of(connection).kind != "customer":
        raise Forbidden("customers only")


async def provide_principal(request: Request[Any, Any, Any]) -> Principal:
    return principal_of(request)


def optional_principal(connection: ASGIConnection[Any, Any, Any, Any]) -> Principal | None:
    """The caller when a token is sent (a bad one is still 401), else None."""
    return principal_of(connection) if "authorization" in connection.headers else None
