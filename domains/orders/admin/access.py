"""What every staff route of orders shares: its guards and how the acting staff member is named."""

from __future__ import annotations

from typing import Any

from litestar import Request

from core.guards import principal_of, staff

READ, WRITE = [staff("orders:read")], [staff("orders:write")]


def staff_actor(request: Request[Any, Any, Any]) -> str:
    """The staff member making the request, as order and return histories name them."""
    return f"staff:{principal_of(request).subject}"
