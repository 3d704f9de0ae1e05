"""Twilio at its boundary: the Messages request we build, the replies we parse, the callbacks we verify."""

from __future__ import annotations

import base64
from urllib.parse import parse_qs

import httpx
import pytest

from adapters.notifications.twilio import TwilioChannel, signature_of
from domains.notifications.model import SendFailed, WebhookRefused
from tests.unit.notifications.fixtures import outgoing, raw, recorded

SID, TOKEN = "AC3f1b2c4d5e6f708192a3b4c5d6e7f809", "f2a1c3e5d7b9a0c2e4f6a8b0c2d4e6f8"
CALLBACK = "https://shop.example.com/webhooks/notifications/twilio"


def channel(
    reply: httpx.Response | Exception, seen: list[httpx.Request] | None = None, **options
) -> TwilioChannel:
    def answer(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        if isinstance(reply, Exception):
            raise reply
        return reply

    client = httpx.AsyncClient(transport=httpx.MockTransport(answer))
    return TwilioChannel(
        account_sid=SID,
        auth_token=TOKEN,
        sender="+15017122661",
        callback_url=CALLBACK,
        client=client,
        **options,
    )


async def test_a_message_is_a_form_post_to_the_accounts_messages_with_basic_auth() -> None:
    seen: list[httpx.Request] = []
    sms = channel(httpx.Response(201, content=raw("twilio_message_created.json")), seen)

    sent = await sms.send(outgoing())

    (request,) = seen
    assert (request.method, str(request.url)) == (
        "POST",
        f"https://api.twilio.com/2010-04-01/Accounts/{SID}/Messages.json",
    )
    assert request.headers["authorization"] == "Basic " + base64.b64encode(f"{SID}:{TOKEN}".encode()).decode()
    assert request.headers["content-type"] == "application/x-www-form-urlencoded"
    assert parse_qs(request.content.decode()) == {
        "To": ["+4915112345678"],
        "From": ["+15017122661"],
        "Body": ["Order 1001 placed: 29.90 EUR."],
        "StatusCallback": [CALLBACK],
    }
    assert (sent.provider_message_id, sent.delivered) == (
        recorded("twilio_message_created.json")["sid"],
        False,
    )


async def test_a_messaging_service_sender_is_sent_as_messaging_service_sid() -> None:
    seen: list[httpx.Request] = []
    sms = channel(httpx.Response(201, content=raw("twilio_message_created.json")), seen)
    sms.sender = "MG9752274e9e519418a7406176694466fa"

    await sms.send(outgoing())

    form = parse_qs(seen[0].content.decode())
    assert (form["MessagingServiceSid"], "From" in form) == (["MG9752274e9e519418a7406176694466fa"], False)


async def test_an_invalid_number_bounces_and_rate_limits_or_outages_are_retried() -> None:
    with pytest.raises(SendFailed) as invalid:
        await channel(httpx.Response(400, content=raw("twilio_error_invalid_to.json"))).send(outgoing())
    with pytest.raises(SendFailed) as limited:
        await channel(httpx.Response(429, content=raw("twilio_error_too_many_requests.json"))).send(
            outgoing()
        )
    with pytest.raises(SendFailed) as down:
        await channel(httpx.ConnectError("connection refused")).send(outgoing())

    assert (invalid.value.bounced, invalid.value.permanent) == (True, True)
    assert "21211" in invalid.value.detail
    assert (limited.value.permanent, down.value.permanent) == (False, False)


def test_the_signature_is_the_one_twilio_documents() -> None:
    vector = recorded("twilio_signature_vector.json")

    assert signature_of(vector["auth_token"], vector["url"], vector["params"]) == vector["signature"]


def test_a_signed_status_callback_reports_delivery_and_a_landline_bounce() -> None:
    sms = channel(httpx.Response(500))
    delivered_body, landline_body = (
        raw("twilio_status_delivered.form"),
        raw("twilio_status_undelivered_landline.form"),
    )

    def signed(body: bytes) -> dict[str, str]:
        params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
        return {"x-twilio-signature": signature_of(TOKEN, CALLBACK, params)}

    (delivered,) = sms.reports(
        "http://notifications:8000/webhooks/notifications/twilio", signed(delivered_body), delivered_body
    )
    (landline,) = sms.reports(CALLBACK, signed(landline_body), landline_body)

    assert (delivered.outcome, delivered.provider_message_id, delivered.address) == (
        "delivered",
        "SM5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
        "+4915112345678",
    )
    assert (landline.outcome, landline.detail) == ("bounced", "undelivered 30006")


def test_a_callback_with_a_wrong_or_missing_signature_is_refused() -> None:
    sms = channel(httpx.Response(500))
    body = raw("twilio_status_delivered.form")

    for headers in ({}, {"x-twilio-signature": "RSOYDt4T1cUTdK1PDd93/VVr8B8="}):
        with pytest.raises(WebhookRefused) as refused:
            sms.reports(CALLBACK, headers, body)
        assert refused.value.field == "X-Twilio-Signature"
    tampered = body.replace(b"delivered", b"undelivered")
    params = {k: v[0] for k, v in parse_qs(body.decode()).items()}
    with pytest.raises(WebhookRefused):
        sms.reports(CALLBACK, {"x-twilio-signature": signature_of(TOKEN, CALLBACK, params)}, tampered)
