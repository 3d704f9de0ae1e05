"""Stripe's webhooks: signatures checked exactly as Stripe signs them, events read in the port's words."""

from __future__ import annotations

import hashlib
import hmac
from uuid import UUID

import pytest

from adapters.payments.stripe import StripePaymentProvider
from core.money import Money
from domains.payments.ports.webhooks import ProviderEvent, WebhookRejected
from tests.fixtures.payments import recorded_bytes

SECRET = "whsec_3f1b7c2d9e8a4b6c5d0e1f2a3b4c5d6e"
NOW = 1_710_849_700
ORDER_ID = UUID("5b0e8c5e-2d7a-4d53-9d0c-1f2f6c3a9e41")


def signed(body: bytes, *, at: int = NOW, secret: str = SECRET) -> str:
    return hmac.new(secret.encode(), f"{at}.".encode() + body, hashlib.sha256).hexdigest()


def stripe(now: float = NOW) -> StripePaymentProvider:
    return StripePaymentProvider("sk_test_x", SECRET, clock=lambda: now)


async def receive(body: bytes, header: str | None, *, now: float = NOW) -> ProviderEvent:
    headers = {"stripe-signature": header} if header is not None else {}
    return await stripe(now).receive_webhook(body, headers)


@pytest.mark.parametrize(
    ("fixture", "kind", "reference"),
    [
        ("event_payment_intent_succeeded", "captured", "pi_3MtwBwLkdIwHu7ix28a3tqPa"),
        ("event_payment_intent_amount_capturable_updated", "authorised", "pi_3OuEhsLkdIwHu7ix0BYcrnmR"),
        ("event_payment_intent_payment_failed", "declined", "pi_3OuFbZLkdIwHu7ix0vZ7dJ9k"),
        ("event_payment_intent_canceled", "voided", "pi_3OuEhsLkdIwHu7ix0BYcrnmR"),
        ("event_charge_refunded", "refunded", "pi_3MtwBwLkdIwHu7ix28a3tqPa"),
    ],
)
async def test_a_signed_event_becomes_the_ports_event_naming_the_intent_and_our_order(
    fixture: str, kind: str, reference: str
) -> None:
    body = recorded_bytes("stripe", fixture)

    event = await receive(body, f"t={NOW},v1={signed(body)}")

    assert (event.kind, event.reference, event.order_id) == (kind, reference, ORDER_ID)
    assert event.id.startswith("evt_")


async def test_a_refund_event_carries_the_charges_running_refunded_total() -> None:
    body = recorded_bytes("stripe", "event_charge_refunded")

    event = await receive(body, f"t={NOW},v1={signed(body)}")

    assert event.refunded_total == Money(amount=3000, currency="EUR")


async def test_a_failed_payment_event_says_why() -> None:
    body = recorded_bytes("stripe", "event_payment_intent_payment_failed")

    event = await receive(body, f"t={NOW},v1={signed(body)}")

    assert event.reason == "card_declined"


async def test_an_event_about_something_else_is_read_without_a_kind() -> None:
    body = recorded_bytes("stripe", "event_customer_created")

    event = await receive(body, f"t={NOW},v1={signed(body)}")

    assert (event.type, event.kind, event.reference) == ("customer.created", None, None)


async def test_any_one_of_several_v1_signatures_may_match_as_while_stripe_rolls_a_secret() -> None:
    body = recorded_bytes("stripe", "event_payment_intent_succeeded")
    header = f"t={NOW},v1={signed(body, secret='whsec_old')},v1={signed(body)},v0=6ffbb59b2300aae63f2720"

    event = await receive(body, header)

    assert event.kind == "captured"


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        f"t={NOW}",
        "v1=" + "0" * 64,
        f"t=yesterday,v1={'0' * 64}",
        f"t={NOW},v0=" + "0" * 64,
        f"t={NOW},v1={'0' * 64}",
        f"t={NOW},v1=not-hex-at-all-é",
    ],
    ids=["missing", "empty", "no-v1", "no-timestamp", "bad-timestamp", "v0-only", "wrong", "garbage"],
)
async def test_a_missing_malformed_or_wrong_signature_is_rejected(header: str | None) -> None:
    body = recorded_bytes("stripe", "event_payment_intent_succeeded")

    with pytest.raises(WebhookRejected):
        await receive(body, header)


async def test_a_signature_made_with_another_secret_or_over_another_body_is_rejected() -> None:
    body = recorded_bytes("stripe", "event_payment_intent_succeeded")
    tampered = body.replace(b'"amount": 10000', b'"amount": 1')

    with pytest.raises(WebhookRejected):
        await receive(body, f"t={NOW},v1={signed(body, secret='whsec_someone_else')}")
    with pytest.raises(WebhookRejected):
        await receive(tampered, f"t={NOW},v1={signed(body)}")


@pytest.mark.parametrize(("drift", "accepted"), [(-300, True), (300, True), (-301, False), (301, False)])
async def test_a_signature_is_accepted_within_300_seconds_of_now_only(drift: int, accepted: bool) -> None:
    body = recorded_bytes("stripe", "event_payment_intent_succeeded")
    header = f"t={NOW},v1={signed(body)}"

    if accepted:
        assert (await receive(body, header, now=NOW - drift)).kind == "captured"
    else:
        with pytest.raises(WebhookRejected, match="300"):
            await receive(body, header, now=NOW - drift)


async def test_a_signed_body_that_is_not_a_stripe_event_is_rejected() -> None:
    for body in (b"not json", b'{"hello": "world"}', b"[1, 2]"):
        with pytest.raises(WebhookRejected):
            await receive(body, f"t={NOW},v1={signed(body)}")
