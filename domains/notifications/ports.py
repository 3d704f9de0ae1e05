"""What the notifications handlers need: their stores, the channels that carry messages, the
template renderer, signed links, a clock and the retry policy.

Stores run their queries in the unit of work open when they are called. The channel port
is what channel adapters implement (each passes tests/contracts/test_notifications.py).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, Protocol
from uuid import UUID

if TYPE_CHECKING:
    from core.bus import MessageBus
    from core.paging import Page
    from core.uow import UnitOfWorkFactory
    from domains.notifications.messages import (
        ChannelKind,
        InboxPage,
        Notification,
        PushSubscription,
        Template,
    )
    from domains.notifications.model import (
        CustomerPreferences,
        Delivery,
        DeliveryReport,
        OrderContact,
        Outgoing,
        PushTarget,
        RetryPolicy,
        Sent,
    )


class NotificationChannel(Protocol):
    """A provider carrying one kind of message (``channel``: email, sms, push or in_app)."""

    channel: ChannelKind

    async def send(self, message: Outgoing) -> Sent:
        """Hand the message over; ``SendFailed`` when the provider does not take it
        (``permanent`` when retrying cannot help, ``bounced`` when the address is bad)."""
        ...

    def reports(self, url: str, headers: Mapping[str, str], body: bytes) -> list[DeliveryReport]:
        """The delivery reports of a webhook the provider sent to ``url``, once its signature
        verifies; ``WebhookRefused`` naming the header at fault otherwise, or when it takes none."""
        ...


class Channels(Protocol):
    """The enabled channel providers, by name (built in or added through entry points)."""

    def names(self) -> list[str]: ...

    def get(self, name: str) -> NotificationChannel | None: ...

    def provider_for(self, channel: str) -> str | None:
        """The enabled provider carrying ``channel`` messages, or None when none does."""
        ...


class TemplateRenderer(Protocol):
    def render(self, source: str, variables: Mapping[str, Any], *, html: bool = False) -> str:
        """``source`` rendered with ``variables`` (HTML-escaped when ``html``); ``TemplateError``
        when it does not compile, uses an unknown variable or fails while rendering."""
        ...


class SignedLinks(Protocol):
    def sign(self, purpose: str, value: str) -> str: ...

    def verify(self, purpose: str, token: str) -> str | None:
        """The value a token signed for ``purpose`` carries; None for any other token."""
        ...


class Templates(Protocol):
    async def find(self, event: str, channel: str, locales: Sequence[str]) -> Template | None:
        """Staff's template of the first of ``locales`` that has one."""
        ...

    async def save(self, template: Template, actor: str | None) -> None: ...

    async def delete(self, event: str, channel: str, locale: str) -> bool: ...


class PreferenceStore(Protocol):
    async def get(self, customer_id: UUID, *, lock: bool = False) -> CustomerPreferences | None: ...

    async def save(self, preferences: CustomerPreferences) -> None:
        """Insert or replace the customer's preferences."""
        ...

    async def learn_email(self, customer_id: UUID, email: str) -> None:
        """Keep the email the customer's latest order gave (creating default preferences)."""
        ...

    async def forget(self, customer_id: UUID) -> None: ...


class PushSubscriptions(Protocol):
    async def of(self, customer_id: UUID) -> list[PushSubscription]: ...

    async def add(self, customer_id: UUID, target: PushTarget, now: datetime) -> PushSubscription:
        """Keep the subscription (an endpoint already kept is updated, not repeated)."""
        ...

    async def remove(self, customer_id: UUID, subscription_id: UUID) -> bool: ...

    async def target(self, endpoint: str) -> PushTarget | None: ...

    async def drop(self, endpoint: str) -> None: ...

    async def forget(self, customer_id: UUID) -> None: ...


class OrderContacts(Protocol):
    async def keep(self, contact: OrderContact) -> None:
        """Store the order's contact once (a repeat changes nothing)."""
        ...

    async def get(self, order_id: UUID) -> OrderContact | None: ...

    async def forget(self, customer_id: UUID) -> None: ...


class Deliveries(Protocol):
    async def add(self, delivery: Delivery) -> None: ...

    async def save(self, delivery: Delivery) -> None: ...

    async def claim_due(self, now: datetime, lease_until: datetime, limit: int) -> list[Delivery]:
        """Queued messages due at ``now``, each counted an attempt and leased until ``lease_until``
        (skipping those another sender holds), so a sender that dies leaves them to be retried."""
        ...

    async def by_provider_id(self, provider: str, provider_message_id: str) -> Delivery | None: ...

    async def latest_to(self, channel: str, address: str) -> Delivery | None: ...

    async def page(self, status: str | None, limit: int, cursor: str | None) -> Page[Notification]: ...

    async def inbox(
        self, customer_id: UUID, unread_only: bool, limit: int, cursor: str | None
    ) -> InboxPage: ...

    async def mark_read(self, customer_id: UUID, delivery_id: UUID, now: datetime) -> Delivery | None:
        """The customer's in-app message, marked read (once); None when it is not theirs."""
        ...

    async def forget(self, customer_id: UUID) -> None: ...


class Suppressions(Protocol):
    async def add(self, channel: str, address: str, reason: str, now: datetime) -> bool:
        """Stop writing to ``address``; False when it was suppressed already."""
        ...

    async def has(self, channel: str, address: str) -> bool: ...


@dataclass(frozen=True)
class NotificationsDeps:
    """The second argument of every notifications handler."""

    uow: UnitOfWorkFactory
    bus: MessageBus
    templates: Templates
    preferences: PreferenceStore
    subscriptions: PushSubscriptions
    contacts: OrderContacts
    deliveries: Deliveries
    suppressions: Suppressions
    channels: Channels
    renderer: TemplateRenderer
    links: SignedLinks
    clock: Callable[[], datetime]
    retry: RetryPolicy
    public_url: str
    staff_email: str | None = None
    poll_seconds: float = 1.0
    batch: int = 50
    lease_seconds: float = 120.0
