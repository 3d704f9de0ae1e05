"""The contract of the payment provider port: every PaymentProvider adapter must pass all of it.

The suite runs once per provider in the registry (built in or added by an entry point in
``mercato.payment_providers``). Each needs a ``Subject``: the adapter configured for its
test mode, and the test tokens that make it answer each way. Mercato knows the sandbox's;
a third party either adds its own to ``SUBJECTS``, or runs this module from its own tests
(``from tests.contracts.test_payments import *``) overriding the ``payment_subject`` fixture.
A provider with no subject is skipped, saying how to add one.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from uuid import uuid4

import pytest

from adapters.payments import PROVIDERS
from config.settings import Settings
from core.money import Money
from domains.payments.ports import AuthoriseRequest, PaymentProvider, ProviderResult, ProviderUnavailable


async def _nothing_to_do(result: ProviderResult) -> None:
    """The sandbox's shopper passes 3-D Secure without doing anything."""


@dataclass(frozen=True)
class Subject:
    """A provider under test: ``tokens`` maps "ok", "decline", "3ds" (required) and "fraud",
    "error" (when the provider can be made to answer so) to its test tokens;
    ``complete_action`` plays the shopper at the action URL."""

    provider: PaymentProvider
    tokens: Mapping[str, str]
    complete_action: Callable[[ProviderResult], Awaitable[None]] = field(default=_nothing_to_do)


def sandbox() -> Subject:
    tokens = {outcome: outcome for outcome in ("ok", "decline", "fraud", "error", "3ds")}
    return Subject(provider=PROVIDERS.create("sandbox", Settings()), tokens=tokens)


def stripe() -> Subject:
    """The real adapter against a fake of Stripe's API (tests/fixtures/payments)."""
    from tests.fixtures.payments.stripe_server import TOKENS, FakeStripe, stripe_provider

    server = FakeStripe()
    return Subject(provider=stripe_provider(server), tokens=TOKENS, complete_action=server.complete_action)


def paypal() -> Subject:
    """The real adapter against a fake of PayPal's API; its tokens are vaulted wallets."""
    from tests.fixtures.payments.paypal_server import VAULT, FakePayPal, paypal_provider

    server = FakePayPal()
    return Subject(provider=paypal_provider(server), tokens=VAULT, complete_action=server.approve)


SUBJECTS: dict[str, Callable[[], Subject]] = {"sandbox": sandbox, "stripe": stripe, "paypal": paypal}


@pytest.fixture(params=PROVIDERS.names())
def payment_subject(request: pytest.FixtureRequest) -> Subject:
    build = SUBJECTS.get(request.param)
    if build is None:
        pytest.skip(f"{request.param}: add a Subject to SUBJECTS or override the payment_subject fixture")
    return build()


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


def ask(subject: Subject, outcome: str, *, capture: bool = True, key: str | None = None) -> AuthoriseRequest:
    if outcome not in subject.tokens:
        pytest.skip(f"the provider has no test token answering {outcome!r}")
    return AuthoriseRequest(
        idempotency_key=key or str(uuid4()),
        order_id=uuid4(),
        amount=eur(10000),
        token=subject.tokens[outcome],
        capture=capture,
        email="shopper@example.com",
    )


async def test_an_ok_payment_asked_to_capture_is_captured_with_a_reference(payment_subject: Subject) -> None:
    result = await payment_subject.provider.authorise(ask(payment_subject, "ok"))

    assert result.status == "captured"
    assert result.reference
    assert (result.decline_reason, result.action_url) == (None, None)


async def test_a_hold_is_authorised_then_captured_then_refunded_in_parts(payment_subject: Subject) -> None:
    provider, key = payment_subject.provider, str(uuid4())
    held = await provider.authorise(ask(payment_subject, "ok", capture=False, key=key))

    captured = await provider.capture(held.reference, eur(10000), idempotency_key=f"{key}:capture")
    first = await provider.refund(held.reference, eur(3000), idempotency_key=str(uuid4()))
    second = await provider.refund(held.reference, eur(2000), idempotency_key=str(uuid4()))

    assert held.status == "authorised"
    assert captured.status == "captured"
    assert (first.status, second.status) == ("refunded", "refunded")
    assert first.reference and second.reference and first.reference != second.reference


async def test_the_same_idempotency_key_answers_the_same_payment(payment_subject: Subject) -> None:
    request = ask(payment_subject, "ok")
    first = await payment_subject.provider.authorise(request)
    again = await payment_subject.provider.authorise(request)  # a repeat is the same request, same key
    other = await payment_subject.provider.authorise(ask(payment_subject, "ok"))

    assert again == first
    assert other.reference != first.reference


async def test_a_repeated_refund_key_is_the_same_refund(payment_subject: Subject) -> None:
    provider, key = payment_subject.provider, str(uuid4())
    paid = await provider.authorise(ask(payment_subject, "ok"))

    first = await provider.refund(paid.reference, eur(1000), idempotency_key=key)
    again = await provider.refund(paid.reference, eur(1000), idempotency_key=key)

    assert again == first


async def test_a_decline_is_an_answer_with_a_reason(payment_subject: Subject) -> None:
    result = await payment_subject.provider.authorise(ask(payment_subject, "decline"))

    assert result.status == "declined"
    assert result.decline_reason


async def test_a_fraud_refusal_is_declined_for_fraud(payment_subject: Subject) -> None:
    result = await payment_subject.provider.authorise(ask(payment_subject, "fraud"))

    assert (result.status, result.decline_reason) == ("declined", "fraud")


async def test_a_provider_error_is_raised_as_provider_unavailable(payment_subject: Subject) -> None:
    with pytest.raises(ProviderUnavailable) as caught:
        await payment_subject.provider.authorise(ask(payment_subject, "error"))

    assert caught.value.provider


@pytest.mark.parametrize("capture", [True, False])
async def test_an_action_is_required_at_a_url_then_confirm_finishes_the_payment(
    payment_subject: Subject, capture: bool
) -> None:
    key = str(uuid4())
    waiting = await payment_subject.provider.authorise(ask(payment_subject, "3ds", capture=capture, key=key))
    await payment_subject.complete_action(waiting)

    confirmed = await payment_subject.provider.confirm(
        waiting.reference, capture=capture, idempotency_key=f"{key}:confirm"
    )

    assert waiting.status == "requires_action"
    assert waiting.action_url and waiting.action_url.startswith("https://")
    assert confirmed.status == ("captured" if capture else "authorised")
    assert confirmed.reference == waiting.reference


async def test_a_hold_can_be_voided_and_a_repeated_void_key_answers_the_same(
    payment_subject: Subject,
) -> None:
    provider, key = payment_subject.provider, str(uuid4())
    held = await provider.authorise(ask(payment_subject, "ok", capture=False, key=key))

    voided = await provider.void(held.reference, idempotency_key=f"{key}:void")
    again = await provider.void(held.reference, idempotency_key=f"{key}:void")

    assert voided.status == again.status == "voided"


async def test_a_repeated_capture_key_answers_the_same_capture(payment_subject: Subject) -> None:
    provider, key = payment_subject.provider, str(uuid4())
    held = await provider.authorise(ask(payment_subject, "ok", capture=False, key=key))

    first = await provider.capture(held.reference, eur(10000), idempotency_key=f"{key}:capture")
    again = await provider.capture(held.reference, eur(10000), idempotency_key=f"{key}:capture")

    assert first == again
    assert first.status == "captured"
