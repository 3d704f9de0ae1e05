"""Who is asking for a cart: the signed-in customer, or a guest holding the cart's id."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Request
from litestar.params import Parameter

from core.guards import optional_principal

CartId = Annotated[UUID, Parameter(description="the cart's id: for a guest cart, its only key")]
ItemId = Annotated[UUID, Parameter(description="the `id` of one of the cart's `items`")]
OWNER = (
    "A guest cart answers anyone holding its id; a customer's cart answers that customer's token "
    "only (anyone else gets 404)."
)


def customer_of(request: Request[Any, Any, Any]) -> UUID | None:
    """The signed-in customer, or None for a guest (a staff token is no customer)."""
    principal = optional_principal(request)
    if principal is None or principal.kind != "customer":
        return None
    try:
        return UUID(principal.subject)
    except ValueError:  # not a customer this shop issued
        return None
