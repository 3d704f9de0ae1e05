"""The ``paypal`` payment provider: PayPal Orders v2, and webhooks verified by asking PayPal.

The payment's reference is the PayPal order's id. ``authorise`` creates an order with
intent CAPTURE (charge at once) or AUTHORIZE (a hold). With a token (a vaulted PayPal
wallet, ``payment_source.paypal.vault_id``) PayPal completes it at once; without one,
or when PayPal wants the payer, it answers ``requires_action`` at the approve or
payer-action link and ``confirm`` captures or authorises the approved order. A hold is
captured or voided through its authorisation, a refund is made on the order's capture.
A refusal is a decline named by PayPal's issue (``card_declined`` for
INSTRUMENT_DECLINED, ``fraud`` for the payee's fraud rules).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from adapters.payments.paypal_api import NAME, PayPalApi, amount_of, issue_of
from adapters.payments.paypal_events import event_of, verification_request
from domains.payments.ports import ProviderResult, ProviderUnavailable
from domains.payments.ports.webhooks import WebhookRejected

if TYPE_CHECKING:
    from core.money import Money
    from domains.payments.ports import AuthoriseRequest
    from domains.payments.ports.webhooks import ProviderEvent

REASONS = {
    "INSTRUMENT_DECLINED": "card_declined",
    "TRANSACTION_REFUSED": "card_declined",
    "TRANSACTION_BLOCKED_BY_PAYEE": "fraud",
    "COMPLIANCE_VIOLATION": "fraud",
    "INVALID_RESOURCE_ID": "invalid_token",
}
ACTION_LINKS = ("payer-action", "approve")
# What an order that is already past the call answers with: read it instead.
ALREADY = frozenset({"ORDER_ALREADY_CAPTURED", "ORDER_ALREADY_AUTHORIZED", "ORDER_NOT_APPROVED"})


def declined(body: Mapping[str, Any], reference: str = "") -> ProviderResult:
    issue = issue_of(body)
    return ProviderResult(
        reference=reference, status="declined", decline_reason=REASONS.get(issue, issue.lower())
    )


def _payments(order: Mapping[str, Any]) -> Mapping[str, Any]:
    units = order.get("purchase_units") or [{}]
    return units[0].get("payments") or {}


def _link(order: Mapping[str, Any]) -> str | None:
    links = {link.get("rel"): link.get("href") for link in order.get("links") or []}
    return next((links[rel] for rel in ACTION_LINKS if links.get(rel)), None)


def order_result(order: Mapping[str, Any]) -> ProviderResult:
    """Where a PayPal order stands, in the port's words."""
    if not order.get("id"):
        raise ProviderUnavailable(NAME, "answered without an order")
    reference, status = str(order["id"]), order.get("status")
    payments = _payments(order)
    if status in ("CREATED", "PAYER_ACTION_REQUIRED", "APPROVED", "SAVED"):
        return ProviderResult(reference=reference, status="requires_action", action_url=_link(order))
    if status == "COMPLETED" and payments.get("captures"):
        capture = payments["captures"][0]
        if capture.get("status") in ("COMPLETED", "PENDING", "PARTIALLY_REFUNDED", "REFUNDED"):
            return ProviderResult(reference=reference, status="captured")
        return ProviderResult(reference=reference, status="declined", decline_reason="card_declined")
    if status == "COMPLETED" and payments.get("authorizations"):
        held = payments["authorizations"][0].get("status")
        if held in ("CREATED", "PENDING"):
            return ProviderResult(reference=reference, status="authorised")
        if held in ("CAPTURED", "PARTIALLY_CAPTURED"):
            return ProviderResult(reference=reference, status="captured")
        if held == "VOIDED":
            return ProviderResult(reference=reference, status="voided")
        return ProviderResult(reference=reference, status="declined", decline_reason="card_declined")
    if status == "VOIDED":
        return ProviderResult(reference=reference, status="declined", decline_reason="order_voided")
    raise ProviderUnavailable(NAME, f"order {reference} is {status}; ask again shortly")


class PayPalPaymentProvider:
    """A ``PaymentProvider`` and ``WebhookReceiver`` over PayPal Orders v2."""

    def __init__(self, api: PayPalApi, webhook_id: str, *, return_url: str | None = None) -> None:
        self._api, self._webhook_id, self._return_url = api, webhook_id, return_url

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        unit = {
            "reference_id": str(request.order_id),
            "custom_id": str(request.order_id),
            "amount": amount_of(request.amount),
        }
        order: dict[str, Any] = {
            "intent": "CAPTURE" if request.capture else "AUTHORIZE",
            "purchase_units": [unit],
        }
        wallet: dict[str, Any] = {"vault_id": request.token} if request.token else {}
        if self._return_url:
            wallet["experience_context"] = {"return_url": self._return_url, "cancel_url": self._return_url}
        if wallet:
            order["payment_source"] = {"paypal": wallet}
        status, body = await self._api.call(
            "POST", "/v2/checkout/orders", order, request_id=request.idempotency_key
        )
        return declined(body) if status >= 400 else order_result(body)

    async def confirm(self, reference: str, *, capture: bool, idempotency_key: str) -> ProviderResult:
        path = f"/v2/checkout/orders/{reference}/{'capture' if capture else 'authorize'}"
        status, body = await self._api.call("POST", path, {}, request_id=idempotency_key)
        if status < 400:
            return order_result(body)
        if issue_of(body) in ALREADY:
            status, body = await self._order(reference)
        return declined(body, reference) if status >= 400 else order_result(body)

    async def capture(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        status, order = await self._order(reference)
        if status >= 400:
            return declined(order, reference)
        payments = _payments(order)
        if not payments.get("authorizations"):
            if payments.get("captures"):  # captured when the order completed
                return ProviderResult(reference=str(payments["captures"][0]["id"]), status="captured")
            return ProviderResult(reference=reference, status="declined", decline_reason="not_authorised")
        path = f"/v2/payments/authorizations/{payments['authorizations'][0]['id']}/capture"
        body = {"amount": amount_of(amount), "final_capture": True}
        status, answer = await self._api.call("POST", path, body, request_id=idempotency_key)
        if status >= 400:
            return declined(answer, reference)
        if answer.get("status") in ("COMPLETED", "PENDING"):
            return ProviderResult(reference=str(answer.get("id") or reference), status="captured")
        return ProviderResult(
            reference=str(answer.get("id", reference)), status="declined", decline_reason="card_declined"
        )

    async def void(self, reference: str, *, idempotency_key: str) -> ProviderResult:
        status, order = await self._order(reference)
        if status >= 400:
            return declined(order, reference)
        held = (_payments(order).get("authorizations") or [None])[0]
        if held is None:
            return ProviderResult(reference=reference, status="declined", decline_reason="not_authorised")
        if held.get("status") == "VOIDED":
            return ProviderResult(reference=str(held["id"]), status="voided")
        path = f"/v2/payments/authorizations/{held['id']}/void"
        status, answer = await self._api.call("POST", path, None, request_id=idempotency_key)
        if status >= 400 and issue_of(answer) != "AUTHORIZATION_ALREADY_VOIDED":
            return declined(answer, reference)
        return ProviderResult(reference=str(held["id"]), status="voided")

    async def refund(self, reference: str, amount: Money, *, idempotency_key: str) -> ProviderResult:
        status, order = await self._order(reference)
        if status >= 400:
            return declined(order, reference)
        captures = _payments(order).get("captures") or []
        if not captures:
            return ProviderResult(reference=reference, status="declined", decline_reason="not_captured")
        body = {
            "amount": amount_of(amount),
            "custom_id": (order.get("purchase_units") or [{}])[0].get("custom_id"),
        }
        path = f"/v2/payments/captures/{captures[0]['id']}/refund"
        status, answer = await self._api.call("POST", path, body, request_id=idempotency_key)
        if status >= 400:
            return declined(answer, reference)
        if answer.get("status") in ("COMPLETED", "PENDING"):
            return ProviderResult(reference=str(answer.get("id") or reference), status="refunded")
        reason = str(answer.get("status") or "refund_failed").lower()
        return ProviderResult(
            reference=str(answer.get("id", reference)), status="declined", decline_reason=reason
        )

    async def receive_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        event, request = verification_request(body, headers, self._webhook_id)
        status, answer = await self._api.call(
            "POST", "/v1/notifications/verify-webhook-signature", raw=request
        )
        if status >= 400:
            raise WebhookRejected(f"PayPal could not verify it: {issue_of(answer)}")
        if answer.get("verification_status") != "SUCCESS":
            raise WebhookRejected(f"PayPal says its signature is {answer.get('verification_status')}")
        return event_of(event)

    async def _order(self, reference: str) -> tuple[int, dict[str, Any]]:
        return await self._api.call("GET", f"/v2/checkout/orders/{reference}")

    async def close(self) -> None:
        await self._api.close()
