"""The PayPal adapter at its boundary: the requests we build and the answers we read (recorded from PayPal's docs)."""

from __future__ import annotations

import base64
import json
from typing import Any
from uuid import UUID

import httpx
import pytest

from adapters.payments.paypal import PayPalPaymentProvider
from adapters.payments.paypal_api import PayPalApi
from core.money import Money
from domains.payments.ports import AuthoriseRequest, ProviderResult, ProviderUnavailable
from tests.fixtures.payments import recorded

ORDER_ID = UUID("5b0e8c5e-2d7a-4d53-9d0c-1f2f6c3a9e41")
CLIENT, SECRET = "AeA1QIZXiflr1_client", "EDGmVHPQnQ9J1_secret"
TOKEN = recorded("paypal", "oauth_token")["access_token"]


class PayPal:
    """Answers the token request, then each call with the next recorded answer; keeps what it was asked."""

    def __init__(self, *answers: tuple[int, Any]) -> None:
        self.answers = list(answers)
        self.requests: list[httpx.Request] = []
        self.tokens = 0

    def handle(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path == "/v1/oauth2/token":
            self.tokens += 1
            return httpx.Response(200, json=recorded("paypal", "oauth_token"))
        status, body = self.answers.pop(0)
        return httpx.Response(status, json=body) if body is not None else httpx.Response(status)

    def provider(self, **options: Any) -> PayPalPaymentProvider:
        api = PayPalApi(CLIENT, SECRET, transport=httpx.MockTransport(self.handle))
        return PayPalPaymentProvider(api, "1JE4291016473214C", **options)

    def calls(self) -> list[httpx.Request]:
        return [r for r in self.requests if r.url.path != "/v1/oauth2/token"]

    def body(self, index: int = 0) -> Any:
        return json.loads(self.calls()[index].content)


def pay(token: str | None = "8kk8451t", *, capture: bool = True) -> AuthoriseRequest:
    return AuthoriseRequest(
        idempotency_key="3f1c9a52-0d4e-4b8e-9a39-f0a3f0d1c8a7",
        order_id=ORDER_ID,
        amount=Money(amount=10000, currency="EUR"),
        token=token,
        capture=capture,
    )


async def test_a_token_is_asked_for_with_client_credentials_once_and_sent_as_bearer() -> None:
    paypal = PayPal(
        (201, recorded("paypal", "order_completed_capture")),
        (201, recorded("paypal", "order_completed_capture")),
    )
    provider = paypal.provider()

    await provider.authorise(pay())
    await provider.authorise(pay())

    token_request = paypal.requests[0]
    assert str(token_request.url) == "https://api-m.sandbox.paypal.com/v1/oauth2/token"
    assert (
        token_request.headers["authorization"]
        == "Basic " + base64.b64encode(f"{CLIENT}:{SECRET}".encode()).decode()
    )
    assert token_request.content == b"grant_type=client_credentials"
    assert paypal.tokens == 1
    assert {r.headers["authorization"] for r in paypal.calls()} == {f"Bearer {TOKEN}"}


async def test_a_token_paypal_no_longer_accepts_is_asked_for_again_once() -> None:
    paypal = PayPal((401, None), (201, recorded("paypal", "order_completed_capture")))

    result = await paypal.provider().authorise(pay())

    assert paypal.tokens == 2
    assert result.status == "captured"


async def test_a_vaulted_wallet_pays_at_once_through_an_order_made_under_our_request_id() -> None:
    paypal = PayPal((201, recorded("paypal", "order_completed_capture")))

    result = await paypal.provider().authorise(pay("8kk8451t"))

    request = paypal.calls()[0]
    assert (request.method, str(request.url)) == (
        "POST",
        "https://api-m.sandbox.paypal.com/v2/checkout/orders",
    )
    assert request.headers["paypal-request-id"] == "3f1c9a52-0d4e-4b8e-9a39-f0a3f0d1c8a7"
    assert request.headers["content-type"] == "application/json"
    assert paypal.body() == {
        "intent": "CAPTURE",
        "purchase_units": [
            {
                "reference_id": str(ORDER_ID),
                "custom_id": str(ORDER_ID),
                "amount": {"currency_code": "EUR", "value": "100.00"},
            }
        ],
        "payment_source": {"paypal": {"vault_id": "8kk8451t"}},
    }
    assert result == ProviderResult(reference="5O190127TN364715T", status="captured")


async def test_a_hold_is_an_authorize_order_and_is_authorised() -> None:
    paypal = PayPal((201, recorded("paypal", "order_completed_authorize")))

    result = await paypal.provider().authorise(pay(capture=False))

    assert paypal.body()["intent"] == "AUTHORIZE"
    assert result == ProviderResult(reference="7GV56201BK386713E", status="authorised")


async def test_without_a_token_the_payer_approves_at_paypals_link_and_comes_back_to_the_shop() -> None:
    paypal = PayPal((200, recorded("paypal", "order_created_approve")))

    result = await paypal.provider(return_url="https://shop.example.com/back").authorise(pay(None))

    assert paypal.body()["payment_source"] == {
        "paypal": {
            "experience_context": {
                "return_url": "https://shop.example.com/back",
                "cancel_url": "https://shop.example.com/back",
            }
        }
    }
    assert result == ProviderResult(
        reference="5O190127TN364715T",
        status="requires_action",
        action_url="https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T",
    )


async def test_payer_action_required_points_at_the_payer_action_link() -> None:
    paypal = PayPal((200, recorded("paypal", "order_payer_action_required")))

    result = await paypal.provider().authorise(pay())

    assert (result.status, result.action_url) == (
        "requires_action",
        "https://www.sandbox.paypal.com/checkoutnow?token=8KD83648NF5428147",
    )


@pytest.mark.parametrize(
    ("fixture", "reason"),
    [("error_instrument_declined", "card_declined"), ("error_blocked_by_payee", "fraud")],
)
async def test_a_refusal_is_a_decline_named_by_paypals_issue(fixture: str, reason: str) -> None:
    paypal = PayPal((422, recorded("paypal", fixture)))

    result = await paypal.provider().authorise(pay())

    assert (result.status, result.decline_reason) == ("declined", reason)


async def test_paypal_failing_or_timing_out_is_provider_unavailable() -> None:
    paypal = PayPal((500, recorded("paypal", "error_internal_server_error")))
    with pytest.raises(ProviderUnavailable, match="500"):
        await paypal.provider().authorise(pay())

    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("no answer", request=request)

    api = PayPalApi(CLIENT, SECRET, transport=httpx.MockTransport(slow))
    with pytest.raises(ProviderUnavailable, match="ReadTimeout"):
        await PayPalPaymentProvider(api, "wh").authorise(pay())


async def test_credentials_paypal_refuses_are_unavailable_and_name_the_settings() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            401, json={"error": "invalid_client", "error_description": "Client Authentication failed"}
        )

    api = PayPalApi(CLIENT, SECRET, transport=httpx.MockTransport(refuse))
    with pytest.raises(ProviderUnavailable, match="MERCATO_PAYPAL_CLIENT_ID"):
        await PayPalPaymentProvider(api, "wh").authorise(pay())


async def test_confirm_captures_the_approved_order_under_the_confirm_key() -> None:
    paypal = PayPal((201, recorded("paypal", "order_completed_capture")))

    result = await paypal.provider().confirm("5O190127TN364715T", capture=True, idempotency_key="k:confirm")

    request = paypal.calls()[0]
    assert (request.method, request.url.path) == ("POST", "/v2/checkout/orders/5O190127TN364715T/capture")
    assert request.headers["paypal-request-id"] == "k:confirm"
    assert result == ProviderResult(reference="5O190127TN364715T", status="captured")


async def test_confirming_an_order_the_payer_has_not_approved_still_requires_action() -> None:
    paypal = PayPal(
        (422, recorded("paypal", "error_order_not_approved")),
        (200, recorded("paypal", "order_created_approve")),
    )

    result = await paypal.provider().confirm("5O190127TN364715T", capture=False, idempotency_key="k:confirm")

    assert [(r.method, r.url.path) for r in paypal.calls()] == [
        ("POST", "/v2/checkout/orders/5O190127TN364715T/authorize"),
        ("GET", "/v2/checkout/orders/5O190127TN364715T"),
    ]
    assert (result.status, result.action_url) == (
        "requires_action",
        "https://www.sandbox.paypal.com/checkoutnow?token=5O190127TN364715T",
    )


async def test_capture_takes_the_orders_authorisation_under_our_request_id() -> None:
    paypal = PayPal(
        (200, recorded("paypal", "order_completed_authorize")),
        (201, recorded("paypal", "authorization_captured")),
    )

    result = await paypal.provider().capture(
        "7GV56201BK386713E", Money(amount=10000, currency="EUR"), idempotency_key="k:capture"
    )

    read, capture = paypal.calls()
    assert (read.method, read.url.path) == ("GET", "/v2/checkout/orders/7GV56201BK386713E")
    assert (capture.method, capture.url.path) == (
        "POST",
        "/v2/payments/authorizations/0VF52814937998046/capture",
    )
    assert capture.headers["paypal-request-id"] == "k:capture"
    assert paypal.body(1) == {"amount": {"currency_code": "EUR", "value": "100.00"}, "final_capture": True}
    assert result == ProviderResult(reference="2GG279541U471931P", status="captured")


async def test_void_lets_go_of_the_orders_authorisation() -> None:
    voided = {
        **recorded("paypal", "order_completed_authorize")["purchase_units"][0]["payments"]["authorizations"][
            0
        ],
        "status": "VOIDED",
    }
    paypal = PayPal((200, recorded("paypal", "order_completed_authorize")), (200, voided))

    result = await paypal.provider().void("7GV56201BK386713E", idempotency_key="k:void")

    assert paypal.calls()[1].url.path == "/v2/payments/authorizations/0VF52814937998046/void"
    assert paypal.calls()[1].headers["paypal-request-id"] == "k:void"
    assert result == ProviderResult(reference="0VF52814937998046", status="voided")


async def test_a_refund_is_made_on_the_orders_capture_naming_our_order() -> None:
    paypal = PayPal(
        (200, recorded("paypal", "order_completed_capture")), (201, recorded("paypal", "refund_completed"))
    )

    result = await paypal.provider().refund(
        "5O190127TN364715T", Money(amount=3000, currency="EUR"), idempotency_key="line-1"
    )

    refund = paypal.calls()[1]
    assert (refund.method, refund.url.path) == ("POST", "/v2/payments/captures/3C679366HH908993F/refund")
    assert refund.headers["paypal-request-id"] == "line-1"
    assert paypal.body(1) == {
        "amount": {"currency_code": "EUR", "value": "30.00"},
        "custom_id": str(ORDER_ID),
    }
    assert result == ProviderResult(reference="1JU08902781691411", status="refunded")


async def test_amounts_are_written_in_major_units_of_their_currency() -> None:
    paypal = PayPal((201, recorded("paypal", "order_completed_capture")))
    yen = AuthoriseRequest(
        idempotency_key="k",
        order_id=ORDER_ID,
        amount=Money(amount=1500, currency="JPY"),
        token="8kk8451t",
        capture=True,
    )

    await paypal.provider().authorise(yen)

    assert paypal.body()["purchase_units"][0]["amount"] == {"currency_code": "JPY", "value": "1500"}
