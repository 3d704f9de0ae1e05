"""PayPal's webhooks: the verification request we send PayPal, its verdict, and events in the port's words."""

from __future__ import annotations

import json
from typing import Any
from uuid import UUID

import httpx
import pytest

from adapters.payments.paypal import PayPalPaymentProvider
from adapters.payments.paypal_api import PayPalApi
from core.money import Money
from domains.payments.ports import ProviderUnavailable
from domains.payments.ports.webhooks import ProviderEvent, WebhookRejected
from tests.fixtures.payments import recorded, recorded_bytes

WEBHOOK_ID = "1JE4291016473214C"
ORDER_ID = UUID("5b0e8c5e-2d7a-4d53-9d0c-1f2f6c3a9e41")
HEADERS = {
    "paypal-auth-algo": "SHA256withRSA",
    "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
    "paypal-transmission-id": "103e3700-8b0c-11e0-8a0b-b7f1e5b7bd5f",
    "paypal-transmission-sig": "Q1pIa2xpbkZvcmV2ZXJNb3JlVGhhbkFTaWduYXR1cmU=",
    "paypal-transmission-time": "2024-03-19T12:00:07Z",
    "content-type": "application/json",
}


class Verifier:
    """PayPal's verify-webhook-signature endpoint answering ``verdict`` (or ``status``)."""

    def __init__(self, verdict: str = "SUCCESS", status: int = 200) -> None:
        self.verdict, self.status = verdict, status
        self.asked: list[httpx.Request] = []

    def handle(self, request: httpx.Request) -> httpx.Response:
        if request.url.path == "/v1/oauth2/token":
            return httpx.Response(200, json=recorded("paypal", "oauth_token"))
        self.asked.append(request)
        return httpx.Response(self.status, json={"verification_status": self.verdict})

    async def receive(self, body: bytes, headers: dict[str, str] = HEADERS) -> ProviderEvent:
        api = PayPalApi("client", "secret", transport=httpx.MockTransport(self.handle))
        return await PayPalPaymentProvider(api, WEBHOOK_ID).receive_webhook(body, headers)


async def test_we_ask_paypal_to_verify_with_the_transmission_headers_our_webhook_id_and_the_event_byte_for_byte() -> (
    None
):
    verifier = Verifier()
    body = recorded_bytes("paypal", "event_capture_completed")

    await verifier.receive(body)

    request = verifier.asked[0]
    assert (request.method, str(request.url)) == (
        "POST",
        "https://api-m.sandbox.paypal.com/v1/notifications/verify-webhook-signature",
    )
    assert request.headers["content-type"] == "application/json"
    assert request.headers["authorization"].startswith("Bearer A21AAF")
    sent: dict[str, Any] = json.loads(request.content)
    assert {k: v for k, v in sent.items() if k != "webhook_event"} == {
        "auth_algo": "SHA256withRSA",
        "cert_url": HEADERS["paypal-cert-url"],
        "transmission_id": "103e3700-8b0c-11e0-8a0b-b7f1e5b7bd5f",
        "transmission_sig": "Q1pIa2xpbkZvcmV2ZXJNb3JlVGhhbkFTaWduYXR1cmU=",
        "transmission_time": "2024-03-19T12:00:07Z",
        "webhook_id": WEBHOOK_ID,
    }
    assert request.content.endswith(b',"webhook_event":' + body.strip() + b"}")


@pytest.mark.parametrize(
    ("fixture", "kind", "reference"),
    [
        ("event_capture_completed", "captured", "5O190127TN364715T"),
        ("event_capture_denied", "declined", "5O190127TN364715T"),
        ("event_authorization_created", "authorised", "7GV56201BK386713E"),
        ("event_authorization_voided", "voided", "7GV56201BK386713E"),
        ("event_capture_refunded", "refunded", None),
    ],
)
async def test_a_verified_event_becomes_the_ports_event_naming_the_paypal_order_and_ours(
    fixture: str, kind: str, reference: str | None
) -> None:
    event = await Verifier().receive(recorded_bytes("paypal", fixture))

    assert (event.kind, event.reference, event.order_id) == (kind, reference, ORDER_ID)
    assert event.id.startswith("WH-")


async def test_a_refund_event_carries_the_captures_running_refunded_total() -> None:
    event = await Verifier().receive(recorded_bytes("paypal", "event_capture_refunded"))

    assert event.refunded_total == Money(amount=3000, currency="EUR")


async def test_an_order_event_is_read_without_a_kind() -> None:
    event = await Verifier().receive(recorded_bytes("paypal", "event_order_approved"))

    assert (event.type, event.kind) == ("CHECKOUT.ORDER.APPROVED", None)


async def test_an_event_paypal_does_not_verify_is_rejected() -> None:
    with pytest.raises(WebhookRejected, match="FAILURE"):
        await Verifier("FAILURE").receive(recorded_bytes("paypal", "event_capture_completed"))


@pytest.mark.parametrize(
    "missing", ["paypal-transmission-sig", "paypal-cert-url", "paypal-transmission-time"]
)
async def test_a_delivery_without_its_transmission_headers_is_rejected_without_asking_paypal(
    missing: str,
) -> None:
    verifier = Verifier()
    headers = {k: v for k, v in HEADERS.items() if k != missing}

    with pytest.raises(WebhookRejected, match=missing):
        await verifier.receive(recorded_bytes("paypal", "event_capture_completed"), headers)

    assert verifier.asked == []


async def test_a_body_that_is_not_a_json_event_is_rejected_without_asking_paypal() -> None:
    verifier = Verifier()

    for body in (b"<xml/>", b"[]"):
        with pytest.raises(WebhookRejected):
            await verifier.receive(body)

    assert verifier.asked == []


async def test_paypal_down_while_verifying_is_unavailable_so_paypal_delivers_again() -> None:
    with pytest.raises(ProviderUnavailable):
        await Verifier(status=503).receive(recorded_bytes("paypal", "event_capture_completed"))


async def test_paypal_refusing_the_verification_request_is_a_rejection() -> None:
    with pytest.raises(WebhookRejected):
        await Verifier(status=400).receive(recorded_bytes("paypal", "event_capture_completed"))
