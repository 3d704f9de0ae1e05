"""PayPal's webhooks: the verification request we send PayPal, and its events in the port's words.

PayPal verifies its own signatures: we post the five ``PAYPAL-*`` transmission headers,
our webhook id and the event to ``/v1/notifications/verify-webhook-signature``. The
event goes in byte for byte as it arrived (a re-encoded one may no longer match the
signature). Payment events carry the PayPal order id (``supplementary_data.related_ids``)
and our order id (``custom_id``); a refund carries the capture's running refunded total.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from uuid import UUID

import msgspec

from adapters.payments.paypal_api import minor_of
from core.money import Money
from domains.payments.ports.webhooks import ProviderEvent, WebhookKind, WebhookRejected

# verify-webhook-signature's field -> the header PayPal sent it in.
TRANSMISSION = {
    "auth_algo": "paypal-auth-algo",
    "cert_url": "paypal-cert-url",
    "transmission_id": "paypal-transmission-id",
    "transmission_sig": "paypal-transmission-sig",
    "transmission_time": "paypal-transmission-time",
}
KINDS: dict[str, WebhookKind] = {
    "PAYMENT.AUTHORIZATION.CREATED": "authorised",
    "PAYMENT.AUTHORIZATION.VOIDED": "voided",
    "PAYMENT.CAPTURE.COMPLETED": "captured",
    "PAYMENT.CAPTURE.DENIED": "declined",
    "PAYMENT.CAPTURE.DECLINED": "declined",
    "PAYMENT.CAPTURE.REFUNDED": "refunded",
}


def verification_request(body: bytes, headers: Mapping[str, str], webhook_id: str) -> tuple[Any, bytes]:
    """The delivery's event, and the JSON body asking PayPal whether it signed it."""
    missing = [name for name in TRANSMISSION.values() if not headers.get(name)]
    if missing:
        raise WebhookRejected(f"no {missing[0]} header")
    try:
        event = msgspec.json.decode(body)
    except msgspec.DecodeError:
        raise WebhookRejected("the body is not JSON") from None
    if not isinstance(event, dict):
        raise WebhookRejected("the body is not a PayPal event")
    fields = {field: headers[name] for field, name in TRANSMISSION.items()}
    fields["webhook_id"] = webhook_id
    opening = msgspec.json.encode(fields)[:-1]  # the object without its closing brace
    return event, opening + b',"webhook_event":' + body.strip() + b"}"


def _order_id(resource: Mapping[str, Any]) -> UUID | None:
    try:
        return UUID(str(resource["custom_id"])) if resource.get("custom_id") else None
    except ValueError:
        return None


def _refunded_total(resource: Mapping[str, Any]) -> Money | None:
    total = (resource.get("seller_payable_breakdown") or {}).get("total_refunded_amount")
    if not total:
        return None
    return Money(amount=minor_of(total), currency=str(total["currency_code"]))


def event_of(event: Mapping[str, Any]) -> ProviderEvent:
    """The port's event for a (verified) PayPal event; ``WebhookRejected`` if it is not one."""
    try:
        event_id, event_type = str(event["id"]), str(event["event_type"])
        resource = event.get("resource") or {}
    except (KeyError, AttributeError):
        raise WebhookRejected("the body is not a PayPal event") from None
    kind = KINDS.get(event_type)
    if kind is None or not isinstance(resource, Mapping):
        return ProviderEvent(id=event_id, type=event_type)
    related = (resource.get("supplementary_data") or {}).get("related_ids") or {}
    return ProviderEvent(
        id=event_id,
        type=event_type,
        kind=kind,
        reference=related.get("order_id"),
        order_id=_order_id(resource),
        refunded_total=_refunded_total(resource) if kind == "refunded" else None,
        reason="card_declined" if kind == "declined" else None,
    )
