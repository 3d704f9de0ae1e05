"""Tracking: carriers' reports (webhooks, polling) and staff's by hand move shipments forward; an
order whose shipments are all delivered is reported to the orders domain.

Updates are applied with every shipment of the order locked, so two parcels of one
order delivered at once still see each other delivered. The report to orders is kept
(``DeliveryReports``) in the same transaction and sent after it commits; one that
cannot be sent yet (the order is not shipped yet) is retried by the tracking worker.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING
from uuid import UUID, uuid4

import structlog

from core.errors import Conflict, FieldError, NotFound
from core.validation import Findings, found
from domains.orders.messages import DeliverOrder, GetOrder
from domains.shipping.handlers.labels import carrier_of
from domains.shipping.messages import (
    GetOrderTracking,
    OrderTracking,
    ReceiveTrackingWebhook,
    RecordTracking,
    Shipment,
    TrackingEvent,
    WebhookReceipt,
)
from domains.shipping.model import all_delivered
from domains.shipping.ports import TrackingUpdate

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from core.domain import Handler
    from core.messages import Message
    from core.uow import UnitOfWork
    from domains.shipping.ports import ReportState, ShippingDeps

log = structlog.get_logger("mercato.shipping.tracking")
MAX_DESCRIPTION = 500
DELIVERED_OR_LATER = frozenset({"delivered", "return_requested", "returned"})
NEVER_DELIVERED = frozenset({"cancelled", "refunded", "partially_refunded"})

Grouped = dict[UUID, dict[UUID, list[TrackingUpdate]]]  # order -> shipment -> its updates


async def record_tracking(cmd: RecordTracking, deps: ShippingDeps) -> Shipment:
    checks = Findings()
    description = checks.text(cmd.description, "description", longest=MAX_DESCRIPTION, required=False)
    checks.raise_any("the tracking event is invalid")
    shipment = found(await deps.shipments.get(cmd.shipment_id), "shipment", cmd.shipment_id)
    if shipment.status == "cancelled":
        why = "the shipment was cancelled with its order: it does not travel"
        raise Conflict(why, errors=[FieldError("status", why)])
    if getattr(carrier_of(deps, shipment), "tracks_itself", False):
        why = f"the carrier {shipment.dispatch.carrier!r} reports this parcel's tracking itself"
        raise Conflict(why, errors=[FieldError("status", why)])
    update = TrackingUpdate(
        key=f"staff:{uuid4()}", status=cmd.status, description=description or None, at=deps.clock()
    )
    async with deps.uow() as uow:
        delivered = await apply(deps, uow, {shipment.order_id: {shipment.id: [update]}}, cmd.actor)
        await uow.commit()
    await report_deliveries(deps, delivered)
    return found(await deps.shipments.get(cmd.shipment_id), "shipment", cmd.shipment_id).view()


async def receive_tracking_webhook(cmd: ReceiveTrackingWebhook, deps: ShippingDeps) -> WebhookReceipt:
    carrier = deps.carriers.get(cmd.carrier)
    if carrier is None:
        raise NotFound(f"no carrier named {cmd.carrier!r} is installed")
    delivery = carrier.read_webhook({name.lower(): value for name, value in cmd.headers.items()}, cmd.body)
    async with deps.uow() as uow:
        if delivery.event_id and not await deps.tracking.claim_webhook(cmd.carrier, delivery.event_id):
            log.info("webhook event seen before: dropped", carrier=cmd.carrier, event_id=delivery.event_id)
            return WebhookReceipt(duplicate=True, updates=0)
        grouped = await group(deps, cmd.carrier, delivery.updates)
        delivered = await apply(deps, uow, grouped)
        await uow.commit()
    await report_deliveries(deps, delivered)
    return WebhookReceipt(duplicate=False, updates=sum(len(u) for s in grouped.values() for u in s.values()))


async def group(deps: ShippingDeps, carrier: str, updates: Iterable[TrackingUpdate]) -> Grouped:
    """The updates by order and shipment; those of parcels this shop does not know are left out."""
    grouped: Grouped = defaultdict(lambda: defaultdict(list))
    known: dict[tuple[str | None, str | None], tuple[UUID, UUID] | None] = {}
    for update in updates:
        parcel = (update.tracking_number, update.tracker)
        if parcel not in known:
            known[parcel] = await _order_and_shipment(deps, carrier, *parcel)
        found_ids = known[parcel]
        if found_ids is None:
            log.info("tracking of an unknown parcel", carrier=carrier, tracking_number=update.tracking_number)
            continue
        order_id, shipment_id = found_ids
        grouped[order_id][shipment_id].append(update)
    return grouped


async def _order_and_shipment(
    deps: ShippingDeps, carrier: str, tracking_number: str | None, tracker: str | None
) -> tuple[UUID, UUID] | None:
    shipment_id = await deps.shipments.tracked(carrier, tracking_number, tracker)
    shipment = await deps.shipments.get(shipment_id) if shipment_id is not None else None
    return (shipment.order_id, shipment.id) if shipment is not None else None


async def apply(
    deps: ShippingDeps,
    uow: UnitOfWork,
    grouped: Mapping[UUID, Mapping[UUID, Sequence[TrackingUpdate]]],
    source: str | None = None,
) -> list[UUID]:
    """Keep the new updates (from ``source``, else the shipment's carrier) and move their shipments;
    the orders whose shipments became all delivered."""
    now, delivered = deps.clock(), []
    for order_id in sorted(grouped):
        shipments = await deps.shipments.of_order(order_id, lock=True)
        before = all_delivered([s.status for s in shipments])
        for shipment in (s for s in shipments if s.id in grouped[order_id]):
            for update in sorted(grouped[order_id][shipment.id], key=lambda u: u.at):
                event = TrackingEvent(
                    status=update.status,
                    description=update.description,
                    at=update.at,
                    source=source or f"carrier:{shipment.dispatch.carrier}",
                )
                if await deps.tracking.add(shipment.id, update.key, event):
                    shipment.track(event, now)
            await deps.shipments.save(shipment)
            uow.collect(shipment)
        if not before and all_delivered([s.status for s in shipments]):
            await deps.deliveries.expect(order_id)
            delivered.append(order_id)
    return delivered


async def report_deliveries(deps: ShippingDeps, order_ids: Iterable[UUID]) -> None:
    """Tell orders each of these orders is delivered; what cannot be told now stays pending (the
    tracking worker tells it again)."""
    for order_id in order_ids:
        try:
            state = await _report(deps, order_id)
        except Exception as exc:  # noqa: BLE001 - kept pending: the worker tells it again
            log.warning("order not told of its delivery yet", order_id=str(order_id), error=repr(exc))
            continue
        if state != "pending":
            async with deps.uow() as uow:
                await deps.deliveries.settle(order_id, state)
                await uow.commit()


async def _report(deps: ShippingDeps, order_id: UUID) -> ReportState:
    """Send ``DeliverOrder``; refused, the order's status says whether it is delivered already
    (reported), never will be (dropped), or is not shipped yet (pending)."""
    try:
        await deps.bus.send(DeliverOrder(order_id=order_id, actor="carrier"))
    except Conflict:
        order = await deps.bus.ask(GetOrder(order_id=order_id, customer_id=None, as_staff=True))
        if order.status in DELIVERED_OR_LATER:
            return "reported"
        return "dropped" if order.status in NEVER_DELIVERED else "pending"
    except NotFound:
        return "dropped"
    return "reported"


async def get_order_tracking(query: GetOrderTracking, deps: ShippingDeps) -> OrderTracking:
    order = await deps.bus.ask(
        GetOrder(order_id=query.order_id, customer_id=query.customer_id, order_token=query.order_token)
    )
    shipments = await deps.shipments.of_order(order.id)
    return OrderTracking(order_id=order.id, shipments=[shipment.parcel() for shipment in shipments])


HANDLERS: dict[type[Message], Handler] = {
    RecordTracking: record_tracking,
    ReceiveTrackingWebhook: receive_tracking_webhook,
    GetOrderTracking: get_order_tracking,
}
