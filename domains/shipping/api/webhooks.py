"""Carriers' tracking webhooks: ``POST /webhooks/shipping/{carrier}``, verified by the carrier's adapter."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, post
from litestar.params import PathParameter

from core.controllers import Bus
from core.http import errors
from domains.shipping.messages import ReceiveTrackingWebhook
from domains.shipping.schemas import WebhookReceipt

CarrierName = Annotated[
    str, PathParameter(min_length=1, max_length=64, pattern=r"^[a-z0-9_-]+$", description="e.g. easypost")
]


# Never handed on to carriers' adapters (nor across the bus): credentials a caller may have sent.
PRIVATE_HEADERS = frozenset({"authorization", "cookie", "x-api-key", "proxy-authorization"})


class ShippingWebhookController(Controller):
    path = "/webhooks/shipping"
    tags = ["shipping: webhooks"]

    @post(
        "/{carrier:str}",
        operation_id="receive_shipping_webhook",
        summary="A carrier reports tracking (EasyPost: a signed tracker.updated Event)",
        description="The raw body is verified with the carrier's signature (EasyPost: `X-Hmac-Signature: "
        "hmac-sha256-hex=...`, HMAC-SHA256 under the webhook secret): a bad one is a 400 and changes "
        "nothing. An event received before is answered 200 and dropped; a report older than what a "
        "parcel already reached is kept in its history and moves nothing.",
        status_code=200,
        responses=errors(400, 404, 415, 503),
    )
    async def receive(
        self, request: Request[Any, Any, Any], bus: Bus, carrier: CarrierName
    ) -> WebhookReceipt:
        body = await request.body()
        headers = {
            name.lower(): value
            for name, value in request.headers.items()
            if name.lower() not in PRIVATE_HEADERS
        }
        return await bus.send(ReceiveTrackingWebhook(carrier=carrier, headers=headers, body=body))
