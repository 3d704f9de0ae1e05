"""The Stripe adapter at its boundary: the requests we build and the answers we read (recorded from Stripe's docs)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import parse_qsl
from uuid import UUID

import httpx
import pytest

from adapters.payments.stripe import API_VERSION, StripePaymentProvider
from core.money import Money
from domains.payments.ports import AuthoriseRequest, ProviderResult, ProviderUnavailable
from tests.fixtures.payments import recorded

ORDER_ID = UUID("5b0e8c5e-2d7a-4d53-9d0c-1f2f6c3a9e41")
SECRET = "sk_test_51Nv0FGLkdIwHu7ixRecordedKey"


class Stripe:
    """Answers every request with one recorded answer and keeps what it was asked."""

    def __init__(self, status: int, body: Any) -> None:
        self.answers: list[tuple[int, Any]] = [(status, body)]
        self.requests: list[httpx.Request] = []

    def then(self, status: int, body: Any) -> Stripe:
        self.answers.append((status, body))
        return self

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        status, body = self.answers[min(len(self.requests), len(self.answers)) - 1]
        return httpx.Response(status, json=body)

    def provider(self, **options: Any) -> StripePaymentProvider:
        return StripePaymentProvider(SECRET, "whsec_x", transport=httpx.MockTransport(self.handle), **options)

    def form(self, index: int = 0) -> dict[str, str]:
        return dict(parse_qsl(self.requests[index].content.decode()))


def pay(token: str | None = "pm_card_visa", *, capture: bool = True) -> AuthoriseRequest:
    return AuthoriseRequest(
        idempotency_key="3f1c9a52-0d4e-4b8e-9a39-f0a3f0d1c8a7",
        order_id=ORDER_ID,
        amount=Money(amount=10000, currency="EUR"),
        token=token,
        capture=capture,
    )


async def test_authorising_posts_a_form_encoded_payment_intent_confirmed_at_once_under_our_idempotency_key() -> (
    None
):
    stripe = Stripe(200, recorded("stripe", "payment_intent_succeeded"))

    result = await stripe.provider(return_url="https://shop.example.com/back").authorise(pay())

    request = stripe.requests[0]
    assert (request.method, str(request.url)) == ("POST", "https://api.stripe.com/v1/payment_intents")
    assert request.headers["authorization"] == f"Bearer {SECRET}"
    assert request.headers["idempotency-key"] == "3f1c9a52-0d4e-4b8e-9a39-f0a3f0d1c8a7"
    assert request.headers["stripe-version"] == API_VERSION
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert stripe.form() == {
        "amount": "10000",
        "currency": "eur",
        "payment_method": "pm_card_visa",
        "payment_method_types[]": "card",
        "confirm": "true",
        "capture_method": "automatic",
        "metadata[order_id]": str(ORDER_ID),
        "return_url": "https://shop.example.com/back",
    }
    assert result == ProviderResult(reference="pi_3MtwBwLkdIwHu7ix28a3tqPa", status="captured")


async def test_a_hold_asks_stripe_for_manual_capture_and_is_authorised() -> None:
    stripe = Stripe(200, recorded("stripe", "payment_intent_requires_capture"))

    result = await stripe.provider().authorise(pay(capture=False))

    assert stripe.form()["capture_method"] == "manual"
    assert "return_url" not in stripe.form()
    assert result == ProviderResult(reference="pi_3OuEhsLkdIwHu7ix0BYcrnmR", status="authorised")


async def test_3d_secure_requires_action_at_stripes_redirect_url() -> None:
    stripe = Stripe(200, recorded("stripe", "payment_intent_requires_action"))

    result = await stripe.provider().authorise(pay("pm_card_threeDSecure2Required"))

    assert result.status == "requires_action"
    assert result.action_url is not None
    assert result.action_url.startswith("https://hooks.stripe.com/3d_secure_2/hosted?")


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [("error_card_declined", "card_declined"), ("error_card_declined_fraudulent", "fraud")],
)
async def test_a_card_refusal_is_a_decline_with_its_reason_on_the_failed_intent(
    fixture: str, reason: str
) -> None:
    stripe = Stripe(402, recorded("stripe", fixture))

    result = await stripe.provider().authorise(pay("pm_card_visa_chargeDeclined"))

    assert result == ProviderResult(
        reference="pi_3OuFbZLkdIwHu7ix0vZ7dJ9k", status="declined", decline_reason=reason
    )


async def test_no_payment_method_is_declined_as_an_invalid_token_without_asking_stripe() -> None:
    stripe = Stripe(200, {})

    result = await stripe.provider().authorise(pay(None))

    assert (result.status, result.decline_reason) == ("declined", "invalid_token")
    assert stripe.requests == []


async def test_an_unknown_payment_method_is_declined_as_an_invalid_token() -> None:
    stripe = Stripe(400, recorded("stripe", "error_no_such_payment_method"))

    result = await stripe.provider().authorise(pay("pm_unknown"))

    assert (result.status, result.decline_reason) == ("declined", "invalid_token")


@pytest.mark.parametrize(
    ("status", "body"),
    [(500, recorded("stripe", "error_api_500")), (503, {}), (429, {"error": {"type": "rate_limit_error"}})],
)
async def test_stripe_failing_or_throttling_is_provider_unavailable(status: int, body: Any) -> None:
    stripe = Stripe(status, body)

    with pytest.raises(ProviderUnavailable) as caught:
        await stripe.provider().authorise(pay())

    assert caught.value.provider == "stripe"
    assert str(status) in caught.value.detail


@pytest.mark.parametrize("failure", [httpx.ConnectTimeout, httpx.ReadTimeout, httpx.ConnectError])
async def test_a_timeout_or_an_unreachable_stripe_is_provider_unavailable(
    failure: type[httpx.HTTPError],
) -> None:
    def fail(request: httpx.Request) -> httpx.Response:
        raise failure("no answer", request=request)

    provider = StripePaymentProvider(SECRET, "whsec_x", transport=httpx.MockTransport(fail))

    with pytest.raises(ProviderUnavailable, match=failure.__name__):
        await provider.authorise(pay())


async def test_a_refused_api_key_is_unavailable_and_names_the_setting() -> None:
    stripe = Stripe(401, {"error": {"type": "invalid_request_error", "message": "Invalid API Key provided"}})

    with pytest.raises(ProviderUnavailable, match="MERCATO_STRIPE_SECRET_KEY"):
        await stripe.provider().authorise(pay())


CALLS: list[tuple[str, Callable[[StripePaymentProvider], Any], str, str, dict[str, str]]] = [
    (
        "capture",
        lambda p: p.capture(
            "pi_3OuEhsLkdIwHu7ix0BYcrnmR", Money(amount=10000, currency="EUR"), idempotency_key="k1"
        ),
        "payment_intent_succeeded",
        "/v1/payment_intents/pi_3OuEhsLkdIwHu7ix0BYcrnmR/capture",
        {"amount_to_capture": "10000"},
    ),
    (
        "voided",
        lambda p: p.void("pi_3OuEhsLkdIwHu7ix0BYcrnmR", idempotency_key="k1"),
        "payment_intent_canceled",
        "/v1/payment_intents/pi_3OuEhsLkdIwHu7ix0BYcrnmR/cancel",
        {},
    ),
    (
        "refunded",
        lambda p: p.refund(
            "pi_3MtwBwLkdIwHu7ix28a3tqPa", Money(amount=3000, currency="EUR"), idempotency_key="k1"
        ),
        "refund_succeeded",
        "/v1/refunds",
        {"payment_intent": "pi_3MtwBwLkdIwHu7ix28a3tqPa", "amount": "3000"},
    ),
]


@pytest.mark.parametrize(("name", "call", "fixture", "path", "form"), CALLS, ids=[c[0] for c in CALLS])
async def test_capture_void_and_refund_post_their_form_under_our_idempotency_key(
    name: str, call: Callable[[StripePaymentProvider], Any], fixture: str, path: str, form: dict[str, str]
) -> None:
    stripe = Stripe(200, recorded("stripe", fixture))

    result = await call(stripe.provider())

    assert (stripe.requests[0].method, stripe.requests[0].url.path) == ("POST", path)
    assert stripe.requests[0].headers["idempotency-key"] == "k1"
    assert stripe.form() == form
    expected = {"capture": "captured", "voided": "voided", "refunded": "refunded"}[name]
    assert result.status == expected
    if name == "refunded":
        assert result.reference == "re_3MtwBwLkdIwHu7ix0FdBbD0S"


async def test_a_refund_stripe_refuses_is_declined_with_stripes_code() -> None:
    stripe = Stripe(400, recorded("stripe", "error_charge_already_refunded"))

    result = await stripe.provider().refund(
        "pi_3MtwBwLkdIwHu7ix28a3tqPa", Money(amount=1, currency="EUR"), idempotency_key="k"
    )

    assert (result.status, result.decline_reason) == ("declined", "charge_already_refunded")


async def test_confirm_reads_the_intent_once_the_shopper_passed_3d_secure_without_posting_again() -> None:
    stripe = Stripe(200, recorded("stripe", "payment_intent_requires_capture"))

    result = await stripe.provider().confirm(
        "pi_3OuEhsLkdIwHu7ix0BYcrnmR", capture=False, idempotency_key="k:confirm"
    )

    assert [(r.method, r.url.path) for r in stripe.requests] == [
        ("GET", "/v1/payment_intents/pi_3OuEhsLkdIwHu7ix0BYcrnmR")
    ]
    assert result == ProviderResult(reference="pi_3OuEhsLkdIwHu7ix0BYcrnmR", status="authorised")


async def test_confirm_confirms_an_intent_still_waiting_for_it_under_the_confirm_key() -> None:
    waiting = {**recorded("stripe", "payment_intent_requires_capture"), "status": "requires_confirmation"}
    stripe = Stripe(200, waiting).then(200, recorded("stripe", "payment_intent_requires_capture"))

    result = await stripe.provider().confirm(
        "pi_3OuEhsLkdIwHu7ix0BYcrnmR", capture=False, idempotency_key="k:confirm"
    )

    assert [(r.method, r.url.path) for r in stripe.requests][1] == (
        "POST",
        "/v1/payment_intents/pi_3OuEhsLkdIwHu7ix0BYcrnmR/confirm",
    )
    assert stripe.requests[1].headers["idempotency-key"] == "k:confirm"
    assert result.status == "authorised"


async def test_a_failed_3d_secure_is_declined_with_stripes_reason() -> None:
    failed = recorded("stripe", "error_card_declined")["error"]["payment_intent"]
    stripe = Stripe(200, failed)

    result = await stripe.provider().confirm(failed["id"], capture=True, idempotency_key="k:confirm")

    assert (result.status, result.decline_reason) == ("declined", "card_declined")


async def test_an_intent_still_processing_is_read_again_and_unavailable_while_it_is() -> None:
    processing = {**recorded("stripe", "payment_intent_succeeded"), "status": "processing"}
    stripe = Stripe(200, processing)

    with pytest.raises(ProviderUnavailable, match="processing"):
        await stripe.provider().authorise(pay())

    assert [r.method for r in stripe.requests] == ["POST", "GET"]
