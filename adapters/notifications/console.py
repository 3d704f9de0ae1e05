"""The console channels of the zero-configuration default: email written to the log instead of
sent, and the in-app inbox, whose message is the stored row itself."""

from __future__ import annotations

from collections.abc import Mapping

import structlog

from domains.notifications.messages import ChannelKind
from domains.notifications.model import DeliveryReport, Outgoing, Sent, WebhookRefused

log = structlog.get_logger("mercato.notifications.console")


class ConsoleChannel:
    """Logs each rendered email (recipient, subject, text): a shop without SMTP still shows what it would send."""

    channel: ChannelKind = "email"

    async def send(self, message: Outgoing) -> Sent:
        log.info("email", to=message.to, subject=message.subject, body=message.body, headers=message.headers)
        return Sent(provider_message_id=f"console-{message.id}")

    def reports(self, url: str, headers: Mapping[str, str], body: bytes) -> list[DeliveryReport]:
        raise WebhookRefused("the console channel takes no webhooks", field="channel")


class InAppChannel:
    """The in-app inbox: the message row is what ``GET /me/notifications`` shows, so it is delivered at once."""

    channel: ChannelKind = "in_app"

    async def send(self, message: Outgoing) -> Sent:
        return Sent(provider_message_id=None, delivered=True)

    def reports(self, url: str, headers: Mapping[str, str], body: bytes) -> list[DeliveryReport]:
        raise WebhookRefused("the in-app channel takes no webhooks", field="channel")
