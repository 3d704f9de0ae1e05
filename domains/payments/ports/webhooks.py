"""Webhooks at the port: a provider's signed delivery becomes an event about one payment.

A provider that sends webhooks implements ``WebhookReceiver`` beside ``PaymentProvider``:
it checks the signature over the exact bytes received and answers a ``ProviderEvent`` in
the port's words, or raises ``WebhookRejected`` (the route answers 400 and nothing
changes). A provider that cannot be asked to verify (PayPal verifies by an API call)
raises ``ProviderUnavailable``, so the provider retries later.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, Protocol, runtime_checkable
from uuid import UUID

if TYPE_CHECKING:
    from core.money import Money
    from domains.payments.messages.webhooks import WebhookOutcome
    from domains.payments.model import Payment

# What a provider's event says happened to a payment; other events are recorded and ignored.
WebhookKind = Literal["authorised", "captured", "declined", "voided", "refunded"]


class WebhookRejected(Exception):
    """The delivery is not the provider's: bad, stale or missing signature, or an unreadable body."""


@dataclass(frozen=True)
class ProviderEvent:
    """A verified provider event: its id (replays share it), its type as the provider names it,
    what it means for the payment (``kind``, None when nothing), and how to find the payment:
    the provider's ``reference`` and, when the provider echoes it, our ``order_id``.
    ``refunded_total`` is everything refunded so far (a "refunded" event)."""

    id: str
    type: str
    kind: WebhookKind | None = None
    reference: str | None = None
    order_id: UUID | None = None
    refunded_total: Money | None = None
    reason: str | None = None


@runtime_checkable
class WebhookReceiver(Protocol):
    async def receive_webhook(self, body: bytes, headers: Mapping[str, str]) -> ProviderEvent:
        """Verify the delivery (``headers`` with lower-case names) and read its event."""
        ...


class WebhookStore(Protocol):
    """The events received, one row per (provider, event id), and the payment they move."""

    async def claim(self, provider: str, event: ProviderEvent) -> bool:
        """Record the event as received; False if it was received before (a replay)."""
        ...

    async def note(
        self, provider: str, event_id: str, outcome: WebhookOutcome, order_id: UUID | None
    ) -> None:
        """Record what the event did."""
        ...

    async def lock_payment(
        self, provider: str, order_id: UUID | None, reference: str | None
    ) -> Payment | None:
        """The provider's payment of ``order_id`` or with ``reference``, locked until the commit."""
        ...

    async def set_refunded(self, payment: Payment, refunded: int) -> Payment:
        """Store ``refunded`` (never less than before) and the status it makes."""
        ...
