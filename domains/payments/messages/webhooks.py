"""Provider webhooks: a delivery as it arrived, and what it did.

The provider's adapter verifies the signature from these exact bytes and headers, so
the route passes them on untouched. Each provider event is applied once: a replay is
answered "duplicate" and changes nothing; an event that would move a payment
backwards (a late "authorised" after a capture) is "ignored"; an event about a payment
this shop does not know is recorded as "unknown_payment" (providers retry otherwise).
"""

from __future__ import annotations

from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command

WebhookOutcome = Literal["applied", "ignored", "duplicate", "unknown_payment"]


class WebhookReceipt(msgspec.Struct, frozen=True, kw_only=True):
    provider: str
    event_id: str
    outcome: WebhookOutcome
    order_id: UUID | None = None


class ReceivePaymentWebhook(
    Command[WebhookReceipt], frozen=True, kw_only=True, tag="payments.ReceivePaymentWebhook"
):
    """A provider's webhook delivery: the raw ``body`` and its ``headers`` (lower-case names).

    Unknown provider, or one without webhooks: NotFound. Bad signature: a 400 DomainError.
    """

    provider: str
    body: bytes
    headers: dict[str, str]
