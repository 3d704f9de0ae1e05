"""Orders follow their parcels: the tracking number of a label bought for one of an order's shipments
is shown on the order too, unless it has one. Shipping tells its deliveries with ``DeliverOrder``;
the order's own moves reach shipping as its events, and nothing here moves the order, so nothing
bounces back."""

from __future__ import annotations

from typing import TYPE_CHECKING

from domains.shipping.messages import ShipmentLabelled

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event
    from domains.orders.ports import OrdersDeps


async def when_shipment_labelled_note_tracking(event: ShipmentLabelled, deps: OrdersDeps) -> None:
    async with deps.uow() as uow:
        order = await deps.orders.get(event.order_id, lock=True)
        if order is None or not order.note_label(event.carrier, event.tracking_number, deps.clock()):
            return
        await deps.orders.save(order)
        await uow.commit()


SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    ShipmentLabelled: [when_shipment_labelled_note_tracking],
}
