"""Fraud screening's messages: the staff review queue and the blocklist staff keep.

Every authorisation is scored before the provider is asked (``domains.payments.model.fraud``);
a payment scored for review is authorised without capture and "held" until staff approve
(``ApprovePayment``: captured) or reject it (``RejectPayment``: voided).
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal
from uuid import UUID

import msgspec

from core.messages import Command, Query
from core.money import Money
from core.paging import DEFAULT_LIMIT, Page

FraudDecision = Literal["allow", "review", "block"]
BlockKind = Literal["email", "ip", "country", "card"]


class HeldPayment(msgspec.Struct, frozen=True, kw_only=True):
    """A payment waiting for a staff decision, with the score and reasons that put it there.

    ``card_fingerprint`` is a hash of the provider's token (never a card number): staff may
    put it on the blocklist.
    """

    payment_id: UUID
    order_id: UUID
    provider: str
    amount: Money
    score: int
    reasons: list[str]
    email: str | None = None
    ip: str | None = None
    billing_country: str | None = None
    shipping_country: str | None = None
    card_fingerprint: str | None = None
    held_at: datetime


class ListHeldPayments(Query[Page[HeldPayment]], frozen=True, kw_only=True, tag="payments.ListHeldPayments"):
    """Payments held for review, oldest first."""

    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


class BlockEntry(msgspec.Struct, frozen=True, kw_only=True):
    """One value staff refuse: an email, an IP address or network, a country, a card fingerprint."""

    id: UUID
    kind: BlockKind
    value: str
    note: str | None = None
    created_by: str | None = None
    created_at: datetime


class AddBlockEntry(Command[BlockEntry], frozen=True, kw_only=True, tag="payments.AddBlockEntry"):
    """Block ``value`` (normalised: emails lower-cased, countries upper-cased, networks in CIDR form).

    The same kind and value twice: Conflict naming ``value``.
    """

    kind: BlockKind
    value: str
    note: str | None = None
    actor: str | None = None


class UpdateBlockEntry(Command[BlockEntry], frozen=True, kw_only=True, tag="payments.UpdateBlockEntry"):
    entry_id: UUID
    note: str | None


class RemoveBlockEntry(Command[None], frozen=True, kw_only=True, tag="payments.RemoveBlockEntry"):
    entry_id: UUID


class GetBlockEntry(Query[BlockEntry], frozen=True, kw_only=True, tag="payments.GetBlockEntry"):
    entry_id: UUID


class ListBlockEntries(Query[Page[BlockEntry]], frozen=True, kw_only=True, tag="payments.ListBlockEntries"):
    """The blocklist, newest first, optionally of one kind."""

    kind: BlockKind | None = None
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None
