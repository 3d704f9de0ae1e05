"""Saved payment methods: a customer's provider tokens, never a card number.

A method is shown without its token; ``AuthorisePayment(saved_method_id=...)`` pays with the
method's provider and token, for its owner only.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

import msgspec

from core.messages import Command, Query


class SavedPaymentMethod(msgspec.Struct, frozen=True, kw_only=True):
    id: UUID
    provider: str
    label: str | None = None
    brand: str | None = None
    last4: str | None = None
    expires: str | None = None
    created_at: datetime


class SavePaymentMethod(
    Command[SavedPaymentMethod], frozen=True, kw_only=True, tag="payments.SavePaymentMethod"
):
    """Keep the provider's ``token`` for the customer; a token that looks like a card number is refused."""

    key_field = "customer_id"
    customer_id: UUID
    provider: str
    token: str
    label: str | None = None
    brand: str | None = None
    last4: str | None = None
    expires: str | None = None


class RemovePaymentMethod(Command[None], frozen=True, kw_only=True, tag="payments.RemovePaymentMethod"):
    """Forget one of the customer's methods; another customer's is NotFound."""

    key_field = "customer_id"
    customer_id: UUID
    method_id: UUID


class ListPaymentMethods(
    Query[list[SavedPaymentMethod]], frozen=True, kw_only=True, tag="payments.ListPaymentMethods"
):
    customer_id: UUID
