"""Fulfilment: a paid order gets its shipments, one per warehouse of its allocation; they follow their
order: staff shipping it marks them shipped (with the tracking number typed), delivering it marks them
delivered, and cancelling it (or refunding it in full before shipment) cancels those not gone yet.
Staff read them.

The order's moves come as its events; a shipment that already got there is left as it is, and
nothing here is told back to orders (the order made the move), so no move bounces between the two.

The order's address, method and number come from ``orders.GetOrder``, its units per
warehouse from ``inventory.GetAllocation``, their weights from ``catalog.GetVariantsBySku``
(queries: they run in this handler's transaction, and a failure retries the whole event).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import structlog

from core.errors import FieldError, Invalid, NotFound
from core.paging import MAX_LIMIT, Page, decode_cursor, encode_cursor
from core.validation import found
from domains.catalog.messages import GetVariantsBySku
from domains.inventory.messages import GetAllocation
from domains.orders.messages import (
    GetOrder,
    OrderCancelled,
    OrderDelivered,
    OrderFulfilmentCancelled,
    OrderPaid,
    OrderShipped,
)
from domains.shipping.messages import Destination, GetShipment, ListShipments, Shipment
from domains.shipping.model import Dispatch, split_by_warehouse

if TYPE_CHECKING:
    from collections.abc import Callable
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Event, Message
    from domains.cart.messages import CartAddress
    from domains.orders.messages import OrderView
    from domains.shipping.model import ParcelShipment
    from domains.shipping.ports import ShippingDeps

log = structlog.get_logger("mercato.shipping.fulfilment")
DEFAULT_CARRIER = "table_rate"
UNSHIPPABLE = frozenset({"cancelled", "refunded"})


async def when_order_paid_create_shipments(event: OrderPaid, deps: ShippingDeps) -> None:
    """One shipment per warehouse the order's units come from (a repeat makes none; an order cancelled
    or refunded before its shipments were made gets none)."""
    async with deps.uow() as uow:
        if await deps.shipments.of_order(event.order_id):
            await uow.commit()
            return
        try:
            allocation = await deps.bus.ask(GetAllocation(order_id=event.order_id))
        except NotFound:
            log.warning("a paid order has no allocation: nothing to ship", order_id=str(event.order_id))
            await uow.commit()
            return
        order = await deps.bus.ask(GetOrder(order_id=event.order_id, customer_id=None, as_staff=True))
        if order.status in UNSHIPPABLE:
            await uow.commit()
            return
        skus = sorted({line.sku for line in allocation.lines})
        variants = await deps.bus.ask(GetVariantsBySku(skus=skus)) if skus else []
        shipments = split_by_warehouse(
            await _dispatch(deps, order),
            [(line.warehouse, line.sku, line.quantity) for line in allocation.lines],
            {variant.sku: variant.weight_grams for variant in variants},
            deps.clock(),
        )
        uow.collect(*await deps.shipments.add(shipments))
        await uow.commit()


async def _dispatch(deps: ShippingDeps, order: OrderView) -> Dispatch:
    """How the order's shipments go: its method's carrier (the built-in one if the method is gone)."""
    chosen = order.shipping_method
    method = await deps.methods.get(chosen.method_id) if chosen is not None else None
    return Dispatch(
        order_id=order.id,
        order_number=order.number,
        destination=_destination(order.shipping_address),
        method_id=chosen.method_id if chosen is not None else None,
        method_name=chosen.name if chosen is not None else "",
        carrier=method.carrier if method is not None else DEFAULT_CARRIER,
        service=method.service if method is not None else None,
        currency=order.currency,
    )


def _destination(address: CartAddress | None) -> Destination | None:
    if address is None:
        return None
    name = " ".join(part for part in (address.first_name, address.last_name) if part) or None
    return Destination(
        name=name,
        line1=address.line1,
        line2=address.line2,
        city=address.city,
        region=address.region,
        postal_code=address.postal_code,
        country=address.country,
        phone=address.phone,
    )


async def _follow(deps: ShippingDeps, order_id: UUID, move: Callable[[ParcelShipment], bool]) -> None:
    """Move each shipment of the order as it went (``move`` says whether it changed) and keep it."""
    async with deps.uow() as uow:
        for shipment in await deps.shipments.of_order(order_id, lock=True):
            if move(shipment):
                await deps.shipments.save(shipment)
                uow.collect(shipment)
        await uow.commit()


async def when_order_shipped_mark_shipped(event: OrderShipped, deps: ShippingDeps) -> None:
    """Staff shipped the order: its shipments not yet further along are shipped, and take the tracking
    number typed when they have none."""
    now = deps.clock()
    await _follow(deps, event.order_id, lambda shipment: shipment.ship(event.tracking_number, now))


async def when_order_delivered_mark_delivered(event: OrderDelivered, deps: ShippingDeps) -> None:
    """The order was delivered: its shipments read delivered (those a carrier delivered stay as they are)."""
    now = deps.clock()
    await _follow(deps, event.order_id, lambda shipment: shipment.deliver(now))


async def when_order_cancelled_cancel_shipments(event: OrderCancelled, deps: ShippingDeps) -> None:
    """The order was cancelled before shipment: its shipments are not to go."""
    await _follow(deps, event.order_id, lambda shipment: shipment.cancel())


async def when_fulfilment_cancelled_cancel_shipments(
    event: OrderFulfilmentCancelled, deps: ShippingDeps
) -> None:
    """The order was refunded in full before shipment: its shipments are not to go."""
    await _follow(deps, event.order_id, lambda shipment: shipment.cancel())


async def list_shipments(query: ListShipments, deps: ShippingDeps) -> Page[Shipment]:
    if not 1 <= query.limit <= MAX_LIMIT:
        raise Invalid("bad page size", errors=[FieldError("limit", f"must be between 1 and {MAX_LIMIT}")])
    after = decode_cursor(query.cursor)
    shipments, position = await deps.shipments.page(query.order_id, query.status, query.limit, after)
    return Page(
        items=[shipment.view() for shipment in shipments],
        next_cursor=encode_cursor(position) if position is not None else None,
    )


async def get_shipment(query: GetShipment, deps: ShippingDeps) -> Shipment:
    return found(await deps.shipments.get(query.shipment_id), "shipment", query.shipment_id).view()


HANDLERS: dict[type[Message], Handler] = {ListShipments: list_shipments, GetShipment: get_shipment}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    OrderPaid: [when_order_paid_create_shipments],
    OrderShipped: [when_order_shipped_mark_shipped],
    OrderDelivered: [when_order_delivered_mark_delivered],
    OrderCancelled: [when_order_cancelled_cancel_shipments],
    OrderFulfilmentCancelled: [when_fulfilment_cancelled_cancel_shipments],
}
