"""The contract of the notification channel port: every NotificationChannel adapter must pass all of it.

Each adapter comes with a harness: the adapter built against a far side it can reach here (a
real local SMTP server, a recorded Twilio reply, a push service answering 201 whose body a
browser's key decrypts, the log), an address it carries to, what arrived at the far side,
and, where a provider can be away, the adapter pointed at nothing. A third party's channel
adds its harness to ``HARNESSES`` and nothing else.
"""

from __future__ import annotations

import base64
import json
import logging
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from urllib.parse import parse_qs
from uuid import uuid4

import http_ece
import httpx
import pytest
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from py_vapid import Vapid02
from structlog.testing import capture_logs

from adapters.notifications import CHANNELS
from adapters.notifications.smtp import SmtpChannel
from adapters.notifications.twilio import TwilioChannel
from adapters.notifications.webpush import WebPushChannel
from config.settings import Settings
from domains.notifications.model import CHANNEL_KINDS, Outgoing, PushTarget, SendFailed, WebhookRefused
from domains.notifications.ports import NotificationChannel
from tests.support.mailbox import free_port, smtp_server, text_of

FIXTURES = "tests/fixtures/notifications"


@dataclass
class Harness:
    adapter: NotificationChannel
    address: str
    arrived: Callable[[], list[str]] | None  # the texts the far side received; None: the message is the row
    unreachable: Callable[[], NotificationChannel] | None = None
    push: PushTarget | None = None


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _failing(error: Exception) -> httpx.AsyncClient:
    def answer(request: httpx.Request) -> httpx.Response:
        raise error

    return httpx.AsyncClient(transport=httpx.MockTransport(answer))


@contextmanager
def console() -> Iterator[Harness]:
    """The log at info level (an app built earlier may have set it higher), captured."""
    was = structlog.get_config()
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.INFO))
    try:
        with capture_logs() as logs:
            adapter = CHANNELS.create("console", Settings())
            yield Harness(
                adapter, "ann@example.com", lambda: [e["body"] for e in logs if e["event"] == "email"]
            )
    finally:
        structlog.configure(**was)


@contextmanager
def in_app() -> Iterator[Harness]:
    yield Harness(CHANNELS.create("in_app", Settings()), str(uuid4()), None)


@contextmanager
def smtp() -> Iterator[Harness]:
    with smtp_server() as mailbox:
        adapter = CHANNELS.create(
            "smtp", Settings(smtp_host="127.0.0.1", smtp_port=mailbox.port, smtp_starttls=False)
        )

        def away() -> NotificationChannel:
            return SmtpChannel(
                host="127.0.0.1", port=free_port(), sender="shop@localhost", starttls=False, timeout=2
            )

        yield Harness(
            adapter, "ann@example.com", lambda: [text_of(mail).strip() for mail in mailbox.mails], away
        )


@contextmanager
def twilio() -> Iterator[Harness]:
    seen: list[httpx.Request] = []
    with open(f"{FIXTURES}/twilio_message_created.json", "rb") as recorded:
        created = recorded.read()

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, content=created)

    def build(client: httpx.AsyncClient) -> TwilioChannel:
        return TwilioChannel(account_sid="AC1", auth_token="token", sender="+15017122661", client=client)

    adapter = build(httpx.AsyncClient(transport=httpx.MockTransport(answer)))

    def bodies() -> list[str]:
        return [parse_qs(request.content.decode())["Body"][0] for request in seen]

    yield Harness(adapter, "+4915112345678", bodies, lambda: build(_failing(httpx.ConnectError("refused"))))


@contextmanager
def webpush() -> Iterator[Harness]:
    browser, auth = ec.generate_private_key(ec.SECP256R1()), b"0123456789abcdef"
    public = browser.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    endpoint = "https://updates.push.services.mozilla.com/wpush/v2/gAAAAABn"
    target = PushTarget(endpoint=endpoint, p256dh=_b64(public), auth=_b64(auth))
    vapid = Vapid02()
    vapid.generate_keys()
    key = _b64(vapid.private_key.private_numbers().private_value.to_bytes(32, "big"))
    seen: list[httpx.Request] = []

    def answer(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return httpx.Response(201, headers={"location": f"{endpoint}/m/{len(seen)}"})

    def build(client: httpx.AsyncClient) -> WebPushChannel:
        return WebPushChannel(private_key=key, subject="mailto:shop@localhost", client=client)

    def bodies() -> list[str]:
        plain = [
            http_ece.decrypt(r.content, private_key=browser, auth_secret=auth, version="aes128gcm")
            for r in seen
        ]
        return [json.loads(text)["body"] for text in plain]

    adapter = build(httpx.AsyncClient(transport=httpx.MockTransport(answer)))
    yield Harness(
        adapter, endpoint, bodies, lambda: build(_failing(httpx.ConnectTimeout("timed out"))), target
    )


HARNESSES: dict[str, Callable[[], AbstractContextManager[Harness]]] = {
    "console": console,
    "in_app": in_app,
    "smtp": smtp,
    "twilio": twilio,
    "webpush": webpush,
}


@pytest.fixture(params=sorted(HARNESSES))
def harness(request: pytest.FixtureRequest) -> Iterator[Harness]:
    with HARNESSES[request.param]() as opened:
        yield opened


def message(harness: Harness, body: str = "Order 1001 placed: 29.90 EUR.") -> Outgoing:
    return Outgoing(
        id=uuid4(),
        channel=harness.adapter.channel,
        to=harness.address,
        subject="Order 1001 placed",
        body=body,
        html="<p>Order <strong>1001</strong> placed</p>" if harness.adapter.channel == "email" else None,
        push=harness.push,
    )


def test_a_channel_carries_one_kind_of_message(harness: Harness) -> None:
    assert harness.adapter.channel in CHANNEL_KINDS


async def test_a_message_handed_over_arrives_with_its_text(harness: Harness) -> None:
    first, second = (
        message(harness, "Order 1001 placed."),
        message(harness, "Payment received, 1001 — 29,90 €."),
    )

    await harness.adapter.send(first)
    await harness.adapter.send(second)

    if harness.arrived is not None:
        assert harness.arrived() == [first.body, second.body]


async def test_a_sent_message_is_named_or_delivered_so_reports_can_find_it(harness: Harness) -> None:
    sent = await harness.adapter.send(message(harness))

    assert sent.delivered or sent.provider_message_id


def test_a_webhook_that_is_not_signed_is_refused(harness: Harness) -> None:
    body = b'{"type": "email.bounced", "data": {"to": ["ann@example.com"]}}'

    with pytest.raises(WebhookRefused) as refused:
        harness.adapter.reports("https://shop.example.com/webhooks/notifications/x", {}, body)

    assert refused.value.field


async def test_a_provider_that_cannot_be_reached_is_a_failure_worth_retrying(harness: Harness) -> None:
    if harness.unreachable is None:
        pytest.skip("this channel has no provider that could be away")

    with pytest.raises(SendFailed) as failed:
        await harness.unreachable().send(message(harness))

    assert not failed.value.permanent
