"""Labels: bought from (or made by) the shipment's carrier once, then kept.

The carrier is called outside any transaction. What it readies for a label is kept
first (``prepare_label``), so a retry after a crash buys that same label and never a
second one; the label is kept only if the shipment has none yet.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError
from core.validation import found
from domains.inventory.messages import ListWarehouses
from domains.shipping.messages import BuyLabel, GetShipmentLabel, LabelDocument, Shipment
from domains.shipping.ports import LabelRequest

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.shipping.model import ParcelShipment
    from domains.shipping.ports import ShippingCarrier, ShippingDeps


def carrier_of(deps: ShippingDeps, shipment: ParcelShipment) -> ShippingCarrier:
    """The shipment's carrier; Conflict when it is no longer installed."""
    carrier = deps.carriers.get(shipment.dispatch.carrier)
    if carrier is None:
        why = f"the carrier {shipment.dispatch.carrier!r} is not installed"
        raise Conflict(why, errors=[FieldError("carrier", why)])
    return carrier


async def buy_label(cmd: BuyLabel, deps: ShippingDeps) -> Shipment:
    shipment = found(await deps.shipments.get(cmd.shipment_id), "shipment", cmd.shipment_id)
    if shipment.has_label:
        return shipment.view()
    if shipment.status in ("delivered", "failed", "cancelled"):
        raise Conflict(
            f"the shipment is {shipment.status}: it needs no label",
            errors=[FieldError("status", f"is {shipment.status}")],
        )
    carrier = carrier_of(deps, shipment)
    request = await _request(deps, shipment)
    reference = shipment.reference or await _prepared(deps, carrier, request)
    label = await carrier.buy_label(request, reference)
    async with deps.uow() as uow:
        current = found(await deps.shipments.get(cmd.shipment_id, lock=True), "shipment", cmd.shipment_id)
        if not current.has_label:
            current.labelled(label, deps.clock())
            await deps.shipments.save(current, label)
            uow.collect(current)
        await uow.commit()
    return current.view()


async def _request(deps: ShippingDeps, shipment: ParcelShipment) -> LabelRequest:
    dispatch = shipment.dispatch
    if dispatch.destination is None:
        why = "the order has no shipping address"
        raise Conflict(why, errors=[FieldError("destination", why)])
    warehouses = {w.code: w for w in await deps.bus.ask(ListWarehouses())}
    origin = warehouses.get(shipment.warehouse)
    return LabelRequest(
        shipment_id=shipment.id,
        order_number=dispatch.order_number,
        carrier=dispatch.carrier,
        service=dispatch.service,
        method_name=dispatch.method_name,
        currency=dispatch.currency,
        warehouse=shipment.warehouse,
        origin_name=origin.name if origin is not None else shipment.warehouse,
        origin_country=origin.country if origin is not None else None,
        destination=dispatch.destination,
        weight_grams=shipment.weight_grams,
        lines=list(shipment.lines),
    )


async def _prepared(deps: ShippingDeps, carrier: ShippingCarrier, request: LabelRequest) -> str | None:
    reference = await carrier.prepare_label(request)
    if reference is None:
        return None
    async with deps.uow() as uow:
        kept = await deps.shipments.remember(request.shipment_id, reference)
        await uow.commit()
    return kept


async def get_shipment_label(query: GetShipmentLabel, deps: ShippingDeps) -> LabelDocument:
    return found(await deps.shipments.label(query.shipment_id), "label of shipment", query.shipment_id)


HANDLERS: dict[type[Message], Handler] = {BuyLabel: buy_label, GetShipmentLabel: get_shipment_label}
