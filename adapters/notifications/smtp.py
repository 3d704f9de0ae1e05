"""Email over SMTP with aiosmtplib, and the bounce and complaint webhooks of the relay.

A 5xx refusal of the recipient is a bounce (the address is suppressed); another 5xx is a
permanent failure; 4xx replies and connection trouble are retried. The relay's webhooks
follow the Standard Webhooks form (``webhook-id``, ``webhook-timestamp``,
``webhook-signature: v1,<base64 HMAC-SHA256 of id.timestamp.body>``, as Resend and Svix
sign them) with ``smtp_webhook_secret``; their ``type`` is ``email.delivered``,
``email.bounced`` or ``email.complained``, their ``data`` names ``to`` and, when the relay
keeps it, our ``message_id``.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

import aiosmtplib
import msgspec

from domains.notifications.messages import ChannelKind
from domains.notifications.model import DeliveryReport, Outcome, Outgoing, SendFailed, Sent, WebhookRefused

TOLERANCE_SECONDS = 300
OUTCOMES: dict[str, Outcome] = {
    "email.delivered": "delivered",
    "email.bounced": "bounced",
    "email.complained": "complained",
    "email.failed": "failed",
}


class WebhookData(msgspec.Struct, kw_only=True):
    to: list[str] | str = []
    message_id: str | None = None
    email_id: str | None = None


class WebhookEvent(msgspec.Struct, kw_only=True):
    type: str
    data: WebhookData


_event = msgspec.json.Decoder(WebhookEvent)


def webhook_key(secret: str) -> bytes:
    """The HMAC key of a Standard Webhooks secret (``whsec_`` + base64), or the secret's bytes."""
    if secret.startswith("whsec_"):
        return base64.b64decode(secret.removeprefix("whsec_"))
    return secret.encode()


def webhook_signature(secret: str, message_id: str, timestamp: str, body: bytes) -> str:
    signed = f"{message_id}.{timestamp}.".encode() + body
    return "v1," + base64.b64encode(hmac.new(webhook_key(secret), signed, hashlib.sha256).digest()).decode()


class SmtpChannel:
    channel: ChannelKind = "email"

    def __init__(
        self,
        *,
        host: str,
        port: int,
        sender: str,
        username: str | None = None,
        password: str | None = None,
        starttls: bool = True,
        webhook_secret: str | None = None,
        timeout: float = 30.0,
    ) -> None:
        self.host, self.port, self.sender = host, port, sender
        self.username, self.password = username, password
        self.starttls, self.webhook_secret, self.timeout = starttls, webhook_secret, timeout
        self.domain = parseaddr(sender)[1].rpartition("@")[2] or "localhost"

    def mail(self, message: Outgoing) -> EmailMessage:
        """The MIME message: plain text, with the HTML as its alternative when there is one."""
        mail = EmailMessage()
        mail["From"] = self.sender
        mail["To"] = message.to
        mail["Subject"] = message.subject or ""
        mail["Date"] = formatdate(localtime=False)
        mail["Message-ID"] = make_msgid(idstring=message.id.hex, domain=self.domain)
        for name, value in message.headers.items():
            mail[name] = value
        mail.set_content(message.body)
        if message.html:
            mail.add_alternative(message.html, subtype="html")
        return mail

    async def send(self, message: Outgoing) -> Sent:
        mail = self.mail(message)
        implicit_tls = self.port == 465
        try:
            await aiosmtplib.send(
                mail,
                hostname=self.host,
                port=self.port,
                username=self.username,
                password=self.password,
                use_tls=implicit_tls,
                start_tls=self.starttls and not implicit_tls,
                timeout=self.timeout,
            )
        except aiosmtplib.SMTPRecipientsRefused as exc:
            refusal = exc.recipients[0] if exc.recipients else None
            code = refusal.code if refusal else 550
            raise SendFailed(
                f"recipient refused: {code} {refusal.message if refusal else ''}".strip(), bounced=code >= 500
            ) from None
        except aiosmtplib.SMTPResponseException as exc:
            raise SendFailed(f"SMTP {exc.code}: {exc.message}", permanent=exc.code >= 500) from None
        except (aiosmtplib.SMTPException, OSError) as exc:
            raise SendFailed(f"SMTP server unreachable: {exc}") from None
        return Sent(provider_message_id=str(mail["Message-ID"]))

    def reports(self, url: str, headers: Mapping[str, str], body: bytes) -> list[DeliveryReport]:
        self._verify(headers, body)
        try:
            event = _event.decode(body)
        except msgspec.DecodeError as exc:
            raise WebhookRefused(f"not a webhook event: {exc}", field="body") from None
        outcome = OUTCOMES.get(event.type)
        if outcome is None:
            return []
        recipients = [event.data.to] if isinstance(event.data.to, str) else event.data.to
        message_id = event.data.message_id
        if not recipients:
            return [DeliveryReport(outcome=outcome, provider_message_id=message_id)]
        return [
            DeliveryReport(outcome=outcome, provider_message_id=message_id, address=to) for to in recipients
        ]

    def _verify(self, headers: Mapping[str, str], body: bytes) -> None:
        if not self.webhook_secret:
            raise WebhookRefused(
                "no smtp_webhook_secret is set: webhooks cannot be verified", field="webhook-signature"
            )
        message_id, timestamp = headers.get("webhook-id", ""), headers.get("webhook-timestamp", "")
        if not message_id or not timestamp.isdigit():
            raise WebhookRefused("webhook-id and webhook-timestamp are required", field="webhook-timestamp")
        if abs(time.time() - int(timestamp)) > TOLERANCE_SECONDS:
            raise WebhookRefused("the webhook is too old or from the future", field="webhook-timestamp")
        try:
            expected = webhook_signature(self.webhook_secret, message_id, timestamp, body)
        except (binascii.Error, ValueError):
            raise WebhookRefused(
                "smtp_webhook_secret is not valid base64", field="webhook-signature"
            ) from None
        given = headers.get("webhook-signature", "").split()
        if not any(hmac.compare_digest(expected, candidate) for candidate in given):
            raise WebhookRefused("the webhook signature does not match", field="webhook-signature")
