"""Stripe webhooks against the real PostgreSQL: applied once, only forwards, whatever order they come in."""

from __future__ import annotations

import asyncio
import dataclasses
import hashlib
import hmac
import json
import time
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
import structlog.testing

from adapters.payments.sandbox import SandboxPaymentProvider
from core.errors import DomainError, NotFound
from core.money import Money
from domains.payments.handlers.authorisation import authorise_payment
from domains.payments.handlers.refunds import refund_payment
from domains.payments.handlers.webhooks import receive_payment_webhook
from domains.payments.messages import AuthorisePayment, RefundPayment
from domains.payments.messages.webhooks import ReceivePaymentWebhook
from domains.payments.ports import PaymentsDeps
from domains.payments.repository.webhooks import PgWebhookStore
from tests.fixtures.payments.stripe_server import TOKENS, WEBHOOK_SECRET, FakeStripe, stripe_provider
from tests.support.payments import fetch, ledger, outbox, payment_row, payments_deps


@pytest.fixture
def stripe() -> FakeStripe:
    return FakeStripe()


@pytest.fixture
async def deps(database_url: str, stripe: FakeStripe) -> AsyncIterator[PaymentsDeps]:
    providers = {"stripe": stripe_provider(stripe), "sandbox": SandboxPaymentProvider()}
    async with payments_deps(database_url, providers) as opened:
        yield dataclasses.replace(opened, webhooks=PgWebhookStore())


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


async def paid(deps: PaymentsDeps, outcome: str = "ok", *, capture: bool = True) -> UUID:
    cmd = AuthorisePayment(
        order_id=uuid4(), amount=eur(10000), provider="stripe", token=TOKENS[outcome], capture=capture
    )
    await authorise_payment(cmd, deps)
    return cmd.order_id


def delivery(event_type: str, thing: dict[str, Any], *, event_id: str | None = None) -> ReceivePaymentWebhook:
    """A Stripe event about ``thing`` as Stripe delivers it: JSON, signed with the endpoint's secret."""
    event = {
        "id": event_id or f"evt_{uuid4().hex[:24]}",
        "object": "event",
        "api_version": "2024-06-20",
        "created": int(time.time()),
        "data": {"object": thing},
        "livemode": False,
        "pending_webhooks": 1,
        "type": event_type,
    }
    body = json.dumps(event).encode()
    stamp = int(time.time())
    signature = hmac.new(WEBHOOK_SECRET.encode(), f"{stamp}.".encode() + body, hashlib.sha256).hexdigest()
    return ReceivePaymentWebhook(
        provider="stripe", body=body, headers={"stripe-signature": f"t={stamp},v1={signature}"}
    )


async def intent(database_url: str, stripe: FakeStripe, order_id: UUID, **changes: Any) -> dict[str, Any]:
    reference = (await payment_row(database_url, order_id))["reference"]
    return {**stripe.intents[reference], **changes}


def charge(intent: dict[str, Any], refunded: int) -> dict[str, Any]:
    return {
        "id": intent["latest_charge"],
        "object": "charge",
        "amount": intent["amount"],
        "amount_captured": intent["amount"],
        "amount_refunded": refunded,
        "captured": True,
        "currency": "eur",
        "payment_intent": intent["id"],
        "refunded": refunded == intent["amount"],
        "status": "succeeded",
    }


async def test_a_capture_made_at_stripe_captures_the_held_payment_once_and_announces_it(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, capture=False)
    captured = await intent(database_url, stripe, order_id, status="succeeded", amount_received=10000)

    receipt = await receive_payment_webhook(delivery("payment_intent.succeeded", captured), deps)

    assert (receipt.outcome, receipt.order_id) == ("applied", order_id)
    row = await payment_row(database_url, order_id)
    assert (row["status"], row["captured"]) == ("captured", 10000)
    assert await outbox(database_url, order_id) == ["PaymentAuthorised", "PaymentCaptured"]
    assert (await ledger(database_url, order_id))[-1] == ("capture", 10000, "succeeded")


async def test_a_replayed_event_is_acknowledged_and_changes_nothing(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, capture=False)
    event = delivery(
        "payment_intent.succeeded", await intent(database_url, stripe, order_id, status="succeeded")
    )

    first = await receive_payment_webhook(event, deps)
    again = await receive_payment_webhook(event, deps)

    assert (first.outcome, again.outcome) == ("applied", "duplicate")
    assert await outbox(database_url, order_id) == ["PaymentAuthorised", "PaymentCaptured"]
    rows = await fetch(database_url, "SELECT outcome FROM payments_webhook_events")
    assert [r["outcome"] for r in rows] == ["applied"]


async def test_concurrent_deliveries_of_one_event_apply_it_once(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, capture=False)
    event = delivery(
        "payment_intent.succeeded", await intent(database_url, stripe, order_id, status="succeeded")
    )

    receipts = await asyncio.gather(*(receive_payment_webhook(event, deps) for _ in range(6)))

    assert sorted(r.outcome for r in receipts) == ["applied"] + ["duplicate"] * 5
    assert await outbox(database_url, order_id) == ["PaymentAuthorised", "PaymentCaptured"]


async def test_a_late_authorised_event_after_the_capture_is_ignored(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, capture=True)
    late = await intent(database_url, stripe, order_id, status="requires_capture")

    receipt = await receive_payment_webhook(delivery("payment_intent.amount_capturable_updated", late), deps)
    voided = await receive_payment_webhook(
        delivery("payment_intent.canceled", {**late, "status": "canceled"}), deps
    )

    assert (receipt.outcome, voided.outcome) == ("ignored", "ignored")
    assert (await payment_row(database_url, order_id))["status"] == "captured"
    assert await outbox(database_url, order_id) == ["PaymentAuthorised", "PaymentCaptured"]


async def test_a_refund_made_at_stripe_is_counted_and_announced_and_an_older_total_never_lowers_it(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps)
    paid_intent = await intent(database_url, stripe, order_id)

    newer = await receive_payment_webhook(delivery("charge.refunded", charge(paid_intent, 5000)), deps)
    older = await receive_payment_webhook(delivery("charge.refunded", charge(paid_intent, 2500)), deps)

    assert (newer.outcome, older.outcome) == ("applied", "ignored")
    row = await payment_row(database_url, order_id)
    assert (row["status"], row["refunded"]) == ("partially_refunded", 5000)
    assert (await outbox(database_url, order_id)).count("PaymentRefunded") == 1
    assert (await ledger(database_url, order_id))[-1] == ("refund", 5000, "succeeded")


async def test_a_refund_event_before_its_capture_event_captures_first_then_counts_the_refund(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, capture=False)
    held = await intent(database_url, stripe, order_id)

    refunded = await receive_payment_webhook(delivery("charge.refunded", charge(held, 10000)), deps)
    late_capture = await receive_payment_webhook(
        delivery("payment_intent.succeeded", {**held, "status": "succeeded"}), deps
    )

    assert (refunded.outcome, late_capture.outcome) == ("applied", "ignored")
    row = await payment_row(database_url, order_id)
    assert (row["status"], row["captured"], row["refunded"]) == ("refunded", 10000, 10000)
    assert await outbox(database_url, order_id) == ["PaymentAuthorised", "PaymentCaptured", "PaymentRefunded"]


async def test_our_own_refund_is_not_counted_twice_when_stripe_reports_it(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps)
    await refund_payment(RefundPayment(order_id=order_id, amount=eur(3000), reason="damaged"), deps)

    receipt = await receive_payment_webhook(
        delivery("charge.refunded", charge(await intent(database_url, stripe, order_id), 3000)), deps
    )

    assert receipt.outcome == "ignored"
    assert (await payment_row(database_url, order_id))["refunded"] == 3000
    assert (await outbox(database_url, order_id)).count("PaymentRefunded") == 1


async def test_a_failed_3d_secure_reported_by_webhook_declines_the_waiting_payment(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, "3ds")
    error = {"code": "payment_intent_authentication_failure", "type": "invalid_request_error"}
    failed = await intent(
        database_url, stripe, order_id, status="requires_payment_method", last_payment_error=error
    )

    receipt = await receive_payment_webhook(delivery("payment_intent.payment_failed", failed), deps)

    row = await payment_row(database_url, order_id)
    assert receipt.outcome == "applied"
    assert (row["status"], row["decline_reason"], row["action_url"]) == (
        "declined",
        "payment_intent_authentication_failure",
        None,
    )
    assert await outbox(database_url, order_id) == ["PaymentDeclined"]


async def test_a_payment_whose_authorisation_errored_is_settled_by_stripes_webhook_naming_our_order(
    deps: PaymentsDeps, database_url: str
) -> None:
    cmd = AuthorisePayment(order_id=uuid4(), amount=eur(10000), provider="stripe", token=TOKENS["error"])
    with pytest.raises(DomainError):
        await authorise_payment(cmd, deps)
    thing = {
        "id": "pi_3Recovered",
        "object": "payment_intent",
        "status": "succeeded",
        "metadata": {"order_id": str(cmd.order_id)},
    }

    receipt = await receive_payment_webhook(delivery("payment_intent.succeeded", thing), deps)

    row = await payment_row(database_url, cmd.order_id)
    assert receipt.outcome == "applied"
    assert (row["status"], row["reference"]) == ("captured", "pi_3Recovered")
    assert await outbox(database_url, cmd.order_id) == ["PaymentAuthorised", "PaymentCaptured"]


async def test_a_webhook_about_an_unknown_payment_is_recorded_and_acknowledged(
    deps: PaymentsDeps, database_url: str
) -> None:
    thing = {"id": "pi_3NotOurs", "object": "payment_intent", "status": "succeeded", "metadata": {}}

    with structlog.testing.capture_logs() as logged:
        receipt = await receive_payment_webhook(
            delivery("payment_intent.succeeded", thing, event_id="evt_not_ours"), deps
        )

    assert (receipt.outcome, receipt.order_id) == ("unknown_payment", None)
    assert [(line["log_level"], line["event_id"]) for line in logged] == [("warning", "evt_not_ours")]
    rows = await fetch(
        database_url, "SELECT provider, event_id, event_type, outcome FROM payments_webhook_events"
    )
    assert [tuple(r) for r in rows] == [
        ("stripe", "evt_not_ours", "payment_intent.succeeded", "unknown_payment")
    ]


async def test_a_bad_signature_is_refused_as_bad_input_and_records_nothing(
    deps: PaymentsDeps, stripe: FakeStripe, database_url: str
) -> None:
    order_id = await paid(deps, capture=False)
    good = delivery(
        "payment_intent.succeeded", await intent(database_url, stripe, order_id, status="succeeded")
    )
    forged = msgspec.structs.replace(good, body=good.body.replace(b'"succeeded"', b'"succeeded" '))

    with pytest.raises(DomainError) as refused:
        await receive_payment_webhook(forged, deps)

    assert refused.value.status == 400
    assert await fetch(database_url, "SELECT * FROM payments_webhook_events") == []
    assert (await payment_row(database_url, order_id))["status"] == "authorised"


@pytest.mark.parametrize("provider", ["nope", "sandbox"])
async def test_a_provider_that_is_unknown_or_sends_no_webhooks_is_not_found(
    deps: PaymentsDeps, provider: str
) -> None:
    with pytest.raises(NotFound):
        await receive_payment_webhook(ReceivePaymentWebhook(provider=provider, body=b"{}", headers={}), deps)
