"""Email at its boundary: the MIME message we build, and the relay's signed bounce and complaint webhooks."""

from __future__ import annotations

import time

import pytest

from adapters.notifications.smtp import SmtpChannel, webhook_signature
from domains.notifications.model import WebhookRefused
from tests.unit.notifications.fixtures import outgoing, raw

SECRET = "whsec_c2VjcmV0LWtleS1vZi10aGUtcmVsYXk="


def smtp() -> SmtpChannel:
    return SmtpChannel(
        host="127.0.0.1", port=2525, sender="Mercato Shop <shop@mercato.example>", webhook_secret=SECRET
    )


def signed(body: bytes, secret: str = SECRET, at: int | None = None) -> dict[str, str]:
    stamp = str(at if at is not None else int(time.time()))
    return {
        "webhook-id": "msg_1",
        "webhook-timestamp": stamp,
        "webhook-signature": webhook_signature(secret, "msg_1", stamp, body),
    }


def test_an_email_is_plain_text_with_its_html_alternative_and_our_message_id() -> None:
    message = outgoing(
        "email", "ann@example.com", html="<p>Order 1001</p>", headers={"List-Unsubscribe": "<https://x/u>"}
    )

    mail = smtp().mail(message)

    assert (mail["From"], mail["To"], mail["Subject"]) == (
        "Mercato Shop <shop@mercato.example>",
        "ann@example.com",
        "Order 1001 placed",
    )
    assert mail["Message-ID"].endswith("@mercato.example>")
    assert message.id.hex in mail["Message-ID"]
    assert mail["List-Unsubscribe"] == "<https://x/u>"
    assert mail.get_body(("plain",)).get_content().strip() == "Order 1001 placed: 29.90 EUR."
    assert mail.get_body(("html",)).get_content().strip() == "<p>Order 1001</p>"


def test_a_signed_bounce_names_the_message_and_the_address() -> None:
    body = raw("relay_email_bounced.json")

    (report,) = smtp().reports("https://shop.example.com/webhooks/notifications/smtp", signed(body), body)

    assert (report.outcome, report.address) == ("bounced", "buyer@example.com")
    assert report.provider_message_id == "<7f3c2a1b9d8e4f60a1b2c3d4e5f60718@mercato.example>"


def test_a_signed_complaint_is_reported_as_one() -> None:
    body = raw("relay_email_complained.json")

    (report,) = smtp().reports("https://shop.example.com/webhooks/notifications/smtp", signed(body), body)

    assert (report.outcome, report.address, report.provider_message_id) == (
        "complained",
        "fan@example.com",
        None,
    )


@pytest.mark.parametrize(
    ("headers", "field"),
    [  # signed when the test runs, not when it is collected: a long suite would make them stale
        (dict, "webhook-timestamp"),
        (lambda: signed(b"{}", "whsec_b3RoZXI="), "webhook-signature"),
        (lambda: signed(raw("relay_email_bounced.json"), at=int(time.time()) - 3600), "webhook-timestamp"),
    ],
)
def test_an_unsigned_forged_or_stale_webhook_is_refused(headers, field) -> None:
    with pytest.raises(WebhookRefused) as refused:
        smtp().reports("https://shop.example.com/", headers(), raw("relay_email_bounced.json"))

    assert refused.value.field == field


def test_without_a_secret_no_webhook_is_believed() -> None:
    channel = smtp()
    channel.webhook_secret = None
    body = raw("relay_email_bounced.json")

    with pytest.raises(WebhookRefused):
        channel.reports("https://shop.example.com/", signed(body), body)
