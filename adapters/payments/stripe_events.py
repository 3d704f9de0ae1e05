"""Stripe's webhook events in the port's words (the signature is checked before, in ``stripe``).

PaymentIntent events carry the intent (our reference) and its ``metadata.order_id``;
``charge.refunded`` carries the charge, whose ``amount_refunded`` is the running total,
so an older refund event can never lower a newer one. Other types are recorded, not applied.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

from core.money import Money
from domains.payments.ports.webhooks import ProviderEvent, WebhookKind, WebhookRejected

KINDS: dict[str, WebhookKind] = {
    "payment_intent.amount_capturable_updated": "authorised",
    "payment_intent.succeeded": "captured",
    "payment_intent.payment_failed": "declined",
    "payment_intent.canceled": "voided",
    "charge.refunded": "refunded",
}
FRAUD_CODES = frozenset({"fraudulent", "stolen_card", "lost_card", "merchant_blacklist", "pickup_card"})


def _order_id(thing: Mapping[str, Any]) -> UUID | None:
    raw = (thing.get("metadata") or {}).get("order_id")
    try:
        return UUID(str(raw)) if raw else None
    except ValueError:
        return None


def decline_reason(error: Mapping[str, Any]) -> str:
    """Stripe's words for a refusal, but ``fraud`` for every fraud decline code."""
    if error.get("decline_code") in FRAUD_CODES:
        return "fraud"
    return str(error.get("code") or error.get("type") or "declined")


def event_of(event: Any) -> ProviderEvent:
    """The port's event for a (verified) Stripe event; ``WebhookRejected`` if it is not one."""
    try:
        event_id, event_type, thing = str(event["id"]), str(event["type"]), event["data"]["object"]
    except (KeyError, TypeError):
        raise WebhookRejected("the body is not a Stripe event") from None
    kind = KINDS.get(event_type)
    if kind is None or not isinstance(thing, Mapping):
        return ProviderEvent(id=event_id, type=event_type)
    if kind == "refunded":
        total = Money(amount=int(thing.get("amount_refunded") or 0), currency=str(thing["currency"]).upper())
        return ProviderEvent(
            id=event_id,
            type=event_type,
            kind=kind,
            reference=thing.get("payment_intent"),
            order_id=_order_id(thing),
            refunded_total=total,
        )
    return ProviderEvent(
        id=event_id,
        type=event_type,
        kind=kind,
        reference=str(thing.get("id")),
        order_id=_order_id(thing),
        reason=decline_reason(thing.get("last_payment_error") or {}) if kind == "declined" else None,
    )
