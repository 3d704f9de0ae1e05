"""What other domains' events make the shop say: order and return updates to the customer (by
their choices) or the guest (by the order's email), low stock to staff; an erased customer's
messages and choices are forgotten.

Order events after ``OrderPlaced`` find the order's contact in this domain's copy; an order
placed before notifications ran is asked of orders once and then kept.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import UUID

import structlog

from core.errors import NotFound
from core.money import Money, to_major
from domains.customers import messages as customers
from domains.inventory import messages as inventory
from domains.notifications.handlers.dispatch import queue_event
from domains.notifications.model import DEFAULT_LOCALE, OrderContact
from domains.orders import messages as orders

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event
    from domains.notifications.ports import NotificationsDeps

log = structlog.get_logger("mercato.notifications")


def shown(money: Money) -> str:
    """Money as a message shows it: ``29.90 EUR``."""
    return f"{to_major(money.amount, money.currency)} {money.currency}"


async def _locale_of(deps: NotificationsDeps, customer_id: UUID | None) -> str:
    prefs = await deps.preferences.get(customer_id) if customer_id else None
    return (prefs.locale if prefs else None) or DEFAULT_LOCALE


async def _contact(deps: NotificationsDeps, order_id: UUID) -> OrderContact | None:
    contact = await deps.contacts.get(order_id)
    if contact is not None:
        return contact
    try:
        order = await deps.bus.ask(orders.GetOrder(order_id=order_id, customer_id=None, as_staff=True))
    except NotFound:
        log.warning("order unknown: no notification", order_id=str(order_id))
        return None
    contact = OrderContact(
        order_id=order.id,
        number=order.number,
        customer_id=order.customer_id,
        email=order.email,
        locale=await _locale_of(deps, order.customer_id),
        total=shown(order.totals.total),
        lines=[{"sku": item.sku, "quantity": item.quantity} for item in order.items],
    )
    await deps.contacts.keep(contact)
    return contact


async def tell_customer(deps: NotificationsDeps, order_id: UUID, event: str, **variables: Any) -> None:
    """Queue ``event``'s messages about the order to whoever placed it."""
    contact = await _contact(deps, order_id)
    if contact is None:
        return
    await queue_event(
        deps,
        event,
        {"order": contact.variables(), **variables},
        customer_id=contact.customer_id,
        email=contact.email,
        locale=contact.locale,
        reference=str(order_id),
    )


async def when_order_placed_send_confirmation(event: orders.OrderPlaced, deps: NotificationsDeps) -> None:
    contact = OrderContact(
        order_id=event.order_id,
        number=event.number,
        customer_id=event.customer_id,
        email=event.email,
        locale=await _locale_of(deps, event.customer_id),
        total=shown(event.total),
        lines=[{"sku": item.sku, "quantity": item.quantity} for item in event.items],
    )
    await deps.contacts.keep(contact)
    if event.customer_id is not None and event.email:
        await deps.preferences.learn_email(event.customer_id, event.email)
    await tell_customer(deps, event.order_id, "order_placed")


async def when_order_paid_send_receipt(event: orders.OrderPaid, deps: NotificationsDeps) -> None:
    await tell_customer(deps, event.order_id, "order_paid", amount=shown(event.amount))


async def when_order_shipped_send_tracking(event: orders.OrderShipped, deps: NotificationsDeps) -> None:
    await tell_customer(
        deps, event.order_id, "order_shipped", carrier=event.carrier, tracking_number=event.tracking_number
    )


async def when_order_delivered_send_notice(event: orders.OrderDelivered, deps: NotificationsDeps) -> None:
    await tell_customer(deps, event.order_id, "order_delivered")


async def when_order_cancelled_send_notice(event: orders.OrderCancelled, deps: NotificationsDeps) -> None:
    await tell_customer(deps, event.order_id, "order_cancelled", reason=event.reason)


async def when_stock_low_alert_staff(event: inventory.StockLow, deps: NotificationsDeps) -> None:
    if not deps.staff_email:
        log.info("low stock, but no staff email is set (MERCATO_STAFF_NOTIFY_EMAIL)", sku=event.sku)
        return
    variables = {"sku": event.sku, "available": event.available, "threshold": event.threshold}
    await queue_event(deps, "stock_low", variables, email=deps.staff_email, reference=event.sku)


async def when_customer_erased_forget_messages(
    event: customers.CustomerErased, deps: NotificationsDeps
) -> None:
    """Forget the customer's messages, choices, push subscriptions and order contacts."""
    await deps.deliveries.forget(event.customer_id)
    await deps.preferences.forget(event.customer_id)
    await deps.subscriptions.forget(event.customer_id)
    await deps.contacts.forget(event.customer_id)


SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    orders.OrderPlaced: [when_order_placed_send_confirmation],
    orders.OrderPaid: [when_order_paid_send_receipt],
    orders.OrderShipped: [when_order_shipped_send_tracking],
    orders.OrderDelivered: [when_order_delivered_send_notice],
    orders.OrderCancelled: [when_order_cancelled_send_notice],
    inventory.StockLow: [when_stock_low_alert_staff],
    customers.CustomerErased: [when_customer_erased_forget_messages],
}
