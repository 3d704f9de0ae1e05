"""What crosses the channel port: the message handed to a provider, what it answers, the
delivery reports its webhooks carry, and the failures a provider or a template can raise."""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from domains.notifications.messages import ChannelKind

Outcome = Literal["delivered", "bounced", "complained", "failed"]


class PushTarget(msgspec.Struct, frozen=True, kw_only=True):
    """A browser's push subscription: where to post and the keys to encrypt for."""

    endpoint: str
    p256dh: str
    auth: str


class Outgoing(msgspec.Struct, frozen=True, kw_only=True):
    """One rendered message to one address (email, E.164 phone, push endpoint, customer id)."""

    id: UUID
    channel: ChannelKind
    to: str
    subject: str | None
    body: str
    html: str | None = None
    headers: dict[str, str] = {}  # such as List-Unsubscribe
    push: PushTarget | None = None


class Sent(msgspec.Struct, frozen=True, kw_only=True):
    """A provider took the message: its id for it, and whether it is delivered already (in-app)."""

    provider_message_id: str | None = None
    delivered: bool = False


class DeliveryReport(msgspec.Struct, frozen=True, kw_only=True):
    """What a provider's webhook says of a message: found by its id, or by the address."""

    outcome: Outcome
    provider_message_id: str | None = None
    address: str | None = None
    detail: str | None = None


class SendFailed(Exception):
    """A provider did not take the message. ``permanent``: trying again will not help;
    ``bounced``: the address itself is bad (it is suppressed)."""

    def __init__(self, detail: str, *, permanent: bool = False, bounced: bool = False) -> None:
        super().__init__(detail)
        self.detail = detail
        self.permanent = permanent or bounced
        self.bounced = bounced


class WebhookRefused(Exception):
    """A webhook that does not verify (``field``: the header or field at fault), or a channel that takes none."""

    def __init__(self, detail: str, *, field: str = "signature") -> None:
        super().__init__(detail)
        self.detail = detail
        self.field = field


class TemplateError(ValueError):
    """A template that does not compile or does not render against its variables."""
