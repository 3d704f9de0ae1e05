"""PayPal webhooks against the real PostgreSQL: verified by asking (a fake of) PayPal, then applied once."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import pytest

from core.errors import DomainError
from core.money import Money
from domains.payments.handlers.authorisation import authorise_payment
from domains.payments.handlers.webhooks import receive_payment_webhook
from domains.payments.messages import AuthorisePayment
from domains.payments.messages.webhooks import ReceivePaymentWebhook
from domains.payments.ports import PaymentsDeps
from domains.payments.repository.webhooks import PgWebhookStore
from tests.fixtures.payments.paypal_server import VAULT, FakePayPal, paypal_provider, signature
from tests.support.payments import fetch, outbox, payment_row, payments_deps

TRANSMISSION_TIME = "2024-03-19T12:00:07Z"


@pytest.fixture
def paypal() -> FakePayPal:
    return FakePayPal()


@pytest.fixture
async def deps(database_url: str, paypal: FakePayPal) -> AsyncIterator[PaymentsDeps]:
    async with payments_deps(database_url, {"paypal": paypal_provider(paypal)}) as opened:
        yield dataclasses.replace(opened, webhooks=PgWebhookStore())


def delivery(event: dict[str, object], *, forged: bool = False) -> ReceivePaymentWebhook:
    body = json.dumps(event, indent=1).encode()  # PayPal's own spacing: verified byte for byte
    transmission = str(uuid4())
    headers = {
        "paypal-auth-algo": "SHA256withRSA",
        "paypal-cert-url": "https://api.sandbox.paypal.com/v1/notifications/certs/CERT-360caa42-fca2a594-a5cafa77",
        "paypal-transmission-id": transmission,
        "paypal-transmission-sig": signature(
            body + (b" " if forged else b""), transmission, TRANSMISSION_TIME
        ),
        "paypal-transmission-time": TRANSMISSION_TIME,
    }
    return ReceivePaymentWebhook(provider="paypal", body=body, headers=headers)


def capture_completed(paypal_order: str, order_id: UUID) -> dict[str, object]:
    return {
        "id": f"WH-{uuid4().hex[:17].upper()}",
        "event_version": "1.0",
        "resource_type": "capture",
        "event_type": "PAYMENT.CAPTURE.COMPLETED",
        "resource": {
            "id": "2GG279541U471931P",
            "status": "COMPLETED",
            "amount": {"currency_code": "EUR", "value": "100.00"},
            "custom_id": str(order_id),
            "supplementary_data": {"related_ids": {"order_id": paypal_order}},
        },
    }


async def held(deps: PaymentsDeps) -> UUID:
    cmd = AuthorisePayment(
        order_id=uuid4(),
        amount=Money(amount=10000, currency="EUR"),
        provider="paypal",
        token=VAULT["ok"],
        capture=False,
    )
    assert (await authorise_payment(cmd, deps)).status == "authorised"
    return cmd.order_id


async def test_a_capture_paypal_reports_captures_the_held_payment_once(
    deps: PaymentsDeps, database_url: str
) -> None:
    order_id = await held(deps)
    event = capture_completed((await payment_row(database_url, order_id))["reference"], order_id)

    first = await receive_payment_webhook(delivery(event), deps)
    again = await receive_payment_webhook(delivery(event), deps)

    assert (first.outcome, again.outcome) == ("applied", "duplicate")
    assert (await payment_row(database_url, order_id))["status"] == "captured"
    assert await outbox(database_url, order_id) == ["PaymentAuthorised", "PaymentCaptured"]


async def test_an_event_paypal_does_not_verify_is_refused_and_records_nothing(
    deps: PaymentsDeps, database_url: str
) -> None:
    order_id = await held(deps)
    event = capture_completed((await payment_row(database_url, order_id))["reference"], order_id)

    with pytest.raises(DomainError) as refused:
        await receive_payment_webhook(delivery(event, forged=True), deps)

    assert refused.value.status == 400
    assert (await payment_row(database_url, order_id))["status"] == "authorised"
    assert await fetch(database_url, "SELECT * FROM payments_webhook_events") == []
