"""Who is calling a shopper route: a signed-in customer (or a guest), and from which address."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Request

from core.guards import optional_principal


def customer_of(request: Request[Any, Any, Any]) -> UUID | None:
    principal = optional_principal(request)
    if principal is None or principal.kind != "customer":
        return None
    try:
        return UUID(principal.subject)
    except ValueError:  # not a customer this shop issued
        return None


def actor_of(request: Request[Any, Any, Any]) -> str:
    customer_id = customer_of(request)
    return f"customer:{customer_id}" if customer_id else "guest"


def client_ip(request: Request[Any, Any, Any]) -> str | None:
    """The shopper's address as the server saw it (behind a proxy, as the proxy forwards it)."""
    return request.client.host if request.client else None
