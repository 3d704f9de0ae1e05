"""``POST /webhooks/payments/{provider}`` through the whole app: signed deliveries, replays, refusals."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from app import create_app
from config.settings import Settings
from tests.support.payments import fetch, payment_row
from tests.support.problems import assert_problem

SECRET = "whsec_e2e_0f1e2d3c4b5a69788796a5b4c3d2e1f0"
INTENT = "pi_3OuEhsLkdIwHu7ix0BYcrnmR"


@pytest.fixture
async def shop(settings: Settings) -> AsyncIterator[AsyncTestClient[Litestar]]:
    with_stripe = msgspec.structs.replace(
        settings,
        payment_providers=["sandbox", "stripe"],
        stripe_secret_key="sk_test_e2e",
        stripe_webhook_secret=SECRET,
    )
    async with AsyncTestClient(app=create_app(with_stripe)) as client:
        yield client


async def held(database_url: str) -> UUID:
    """A Stripe payment authorised for 100.00, as checkout leaves it when capturing at shipment."""
    order_id = uuid4()
    await fetch(
        database_url,
        "INSERT INTO payments_payment (id, order_id, provider, status, currency, amount, capture, reference) "
        "VALUES ($1, $2, 'stripe', 'authorised', 'EUR', 10000, false, $3)",
        uuid4(),
        order_id,
        INTENT,
    )
    return order_id


def event(event_type: str = "payment_intent.succeeded", **thing: Any) -> bytes:
    intent = {
        "id": INTENT,
        "object": "payment_intent",
        "amount": 10000,
        "currency": "eur",
        "status": "succeeded",
        **thing,
    }
    return json.dumps(
        {"id": f"evt_{uuid4().hex[:24]}", "object": "event", "type": event_type, "data": {"object": intent}}
    ).encode()


def signed(body: bytes, secret: str = SECRET) -> dict[str, str]:
    stamp = int(time.time())
    signature = hmac.new(secret.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return {
        "Stripe-Signature": f"t={stamp},v1={signature}",
        "Content-Type": "application/json; charset=utf-8",
    }


async def test_a_signed_stripe_event_is_acknowledged_and_captures_the_payment(
    shop: AsyncTestClient[Litestar], database_url: str, staff_headers
) -> None:
    order_id = await held(database_url)
    body = event()

    response = await shop.post("/webhooks/payments/stripe", content=body, headers=signed(body))

    assert response.status_code == 200, response.text
    assert response.json() == {"provider": "stripe", "event_id": json.loads(body)["id"], "outcome": "applied"}
    payment = (await shop.get(f"/admin/payments/{order_id}", headers=staff_headers("payments:read"))).json()
    assert (payment["status"], payment["captured"]["amount"]) == ("captured", 10000)
    assert payment["transactions"][-1]["kind"] == "capture"


async def test_a_replayed_delivery_is_acknowledged_and_changes_nothing(
    shop: AsyncTestClient[Litestar], database_url: str
) -> None:
    order_id = await held(database_url)
    body = event()

    first = await shop.post("/webhooks/payments/stripe", content=body, headers=signed(body))
    again = await shop.post("/webhooks/payments/stripe", content=body, headers=signed(body))

    assert (first.status_code, again.status_code) == (200, 200)
    assert (first.json()["outcome"], again.json()["outcome"]) == ("applied", "duplicate")
    transactions = await fetch(database_url, "SELECT kind FROM payments_transaction")
    assert [t["kind"] for t in transactions] == ["capture"]
    assert (await payment_row(database_url, order_id))["captured"] == 10000


@pytest.mark.parametrize("headers", ["missing", "forged", "stale"])
async def test_a_missing_forged_or_stale_signature_is_400_and_changes_nothing(
    shop: AsyncTestClient[Litestar], database_url: str, headers: str
) -> None:
    order_id = await held(database_url)
    body = event()
    sent = {
        "missing": {"Content-Type": "application/json"},
        "forged": signed(body, secret="whsec_guess"),
        "stale": {**signed(body), "Stripe-Signature": signed(body)["Stripe-Signature"].replace("t=", "t=1")},
    }[headers]

    response = await shop.post("/webhooks/payments/stripe", content=body, headers=sent)

    assert_problem(response, 400)
    assert "signature" in response.json()["detail"].lower() or "Stripe-Signature" in response.json()["detail"]
    assert (await payment_row(database_url, order_id))["status"] == "authorised"
    assert await fetch(database_url, "SELECT * FROM payments_webhook_events") == []


@pytest.mark.parametrize("provider", ["acme", "sandbox"])
async def test_an_unknown_provider_or_one_without_webhooks_is_404(
    shop: AsyncTestClient[Litestar], provider: str
) -> None:
    body = event()

    assert_problem(await shop.post(f"/webhooks/payments/{provider}", content=body, headers=signed(body)), 404)


async def test_an_event_about_an_unknown_payment_is_200_and_recorded(
    shop: AsyncTestClient[Litestar], database_url: str
) -> None:
    body = event(id="pi_3SomebodyElses")

    response = await shop.post("/webhooks/payments/stripe", content=body, headers=signed(body))

    assert (response.status_code, response.json()["outcome"]) == (200, "unknown_payment")
    rows = await fetch(database_url, "SELECT outcome FROM payments_webhook_events")
    assert [r["outcome"] for r in rows] == ["unknown_payment"]


async def test_a_signed_body_that_is_not_a_json_event_is_400(shop: AsyncTestClient[Litestar]) -> None:
    body = b"id=evt_1&type=payment_intent.succeeded"
    headers = {**signed(body), "Content-Type": "application/x-www-form-urlencoded"}

    response = await shop.post("/webhooks/payments/stripe", content=body, headers=headers)

    assert "not JSON" in assert_problem(response, 400)["detail"]


async def test_the_webhook_route_is_public_and_documented(shop: AsyncTestClient[Litestar]) -> None:
    document = (await shop.get("/schema/openapi.json")).json()

    operation = document["paths"]["/webhooks/payments/{provider}"]["post"]
    assert operation["operationId"] == "receive_payment_webhook"
    assert operation["summary"] and operation["tags"] == ["payments: webhooks"]
    assert "security" not in operation
    assert {"200", "400", "404", "503"} <= set(operation["responses"])
