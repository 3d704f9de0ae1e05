"""Where a shopper's parcels are: the order's shipments with their tracking, for its customer or the
guest holding its ``X-Order-Token``."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.params import FromPath, HeaderParameter

from core.controllers import Bus
from core.guards import optional_principal
from core.http import errors
from domains.shipping.messages import GetOrderTracking
from domains.shipping.schemas import OrderTracking

OrderToken = Annotated[
    str | None,
    HeaderParameter(
        name="X-Order-Token",
        required=False,
        description="The `X-Order-Token` the checkout replied with: lets a guest follow the order.",
        schema_extra={"maxLength": 200},
    ),
]


def customer_of(request: Request[Any, Any, Any]) -> UUID | None:
    """The signed-in customer calling, or None (a guest, or staff)."""
    principal = optional_principal(request)
    if principal is None or principal.kind != "customer":
        return None
    try:
        return UUID(principal.subject)
    except ValueError:  # not a customer this shop issued
        return None


class OrderTrackingController(Controller):
    path = "/orders"
    tags = ["shipping"]

    @get(
        "/{order_id:uuid}/tracking",
        operation_id="get_order_tracking",
        summary="The order's parcels with their tracking events: the customer's own, or a guest's with its token",
        description="One parcel per warehouse the order ships from, each with its carrier, tracking number, "
        "status and what the carrier (or staff) reported, oldest first. Another's order is 404.",
        responses=errors(401, 404),
        opt={"auth": "optional"},
    )
    async def show(
        self,
        request: Request[Any, Any, Any],
        bus: Bus,
        order_id: FromPath[UUID],
        order_token: OrderToken = None,
    ) -> OrderTracking:
        query = GetOrderTracking(order_id=order_id, customer_id=customer_of(request), order_token=order_token)
        return await bus.ask(query)
