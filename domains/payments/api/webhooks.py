"""``POST /webhooks/payments/{provider}``: deliveries from payment providers, verified by their adapter.

Public: the provider's signature over the raw body is the only credential, so the body
and headers travel to the payments actor untouched (credentials of ours, if any were
sent, are left out). 2xx tells the provider to stop retrying; 400 and 503 make it retry.
"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, post
from litestar.params import FromPath

from core.controllers import Bus
from core.http import errors
from domains.payments.messages.webhooks import ReceivePaymentWebhook
from domains.payments.schemas.webhooks import WebhookAck

NOT_PASSED_ON = frozenset({"authorization", "cookie", "proxy-authorization", "x-api-key"})


class PaymentWebhookController(Controller):
    path = "/webhooks/payments"
    tags = ["payments: webhooks"]

    @post(
        "/{provider:str}",
        status_code=200,
        operation_id="receive_payment_webhook",
        summary="A payment provider's event (Stripe, PayPal, ...), checked against its signature",
        description=(
            "The body is the provider's own event JSON, signed as the provider signs it (Stripe: "
            "`Stripe-Signature`; PayPal: the `PayPal-Transmission-*` headers, verified with PayPal). "
            "A replayed event is acknowledged and changes nothing; an event that would move a payment "
            "backwards is ignored; an event about an unknown payment is recorded and acknowledged."
        ),
        responses=errors(400, 404, 503),
    )
    async def receive(self, provider: FromPath[str], request: Request[Any, Any, Any], bus: Bus) -> WebhookAck:
        headers = {
            name.lower(): value
            for name, value in request.headers.items()
            if name.lower() not in NOT_PASSED_ON
        }
        receipt = await bus.send(
            ReceivePaymentWebhook(provider=provider, body=await request.body(), headers=headers)
        )
        return WebhookAck(provider=receipt.provider, event_id=receipt.event_id, outcome=receipt.outcome)


ROUTES = [PaymentWebhookController]
