"""A customer's saved payment method: the provider's token and what the shopper may see of it.

The token is the provider's (a Stripe PaymentMethod, a PayPal vault id, a sandbox word),
never a card number: a token or label holding one is refused, and the token is never
shown back.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from core.cards import card_numbers_in
from core.validation import Findings
from domains.payments.messages.methods import SavedPaymentMethod
from domains.payments.model.screening import fingerprint

if TYPE_CHECKING:
    from collections.abc import Collection
    from datetime import datetime
    from uuid import UUID

    from domains.payments.messages.methods import SavePaymentMethod

MOST_METHODS = 20
LONGEST_TOKEN = 500
LONGEST_LABEL = 50
NEVER_A_CARD = "must be the provider's token, never a card number"
_BRAND = re.compile(r"^[A-Za-z][A-Za-z .-]{0,29}$")
_LAST4 = re.compile(r"^\d{4}$")
_EXPIRES = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


@dataclass(frozen=True)
class SavedMethod:
    id: UUID
    customer_id: UUID
    provider: str
    token: str
    fingerprint: str
    created_at: datetime
    label: str | None = None
    brand: str | None = None
    last4: str | None = None
    expires: str | None = None

    def view(self) -> SavedPaymentMethod:
        """What the customer sees: everything but the token."""
        return SavedPaymentMethod(
            id=self.id,
            provider=self.provider,
            label=self.label,
            brand=self.brand,
            last4=self.last4,
            expires=self.expires,
            created_at=self.created_at,
        )


def saved_method(
    cmd: SavePaymentMethod, method_id: UUID, providers: Collection[str], now: datetime
) -> SavedMethod:
    """The method ``cmd`` asks to save, checked; Invalid naming every bad field."""
    problems = Findings()
    if cmd.provider not in providers:
        problems.add(
            "provider", f"unknown payment provider; enabled: {', '.join(sorted(providers)) or 'none'}"
        )
    token = problems.text(cmd.token, "token", longest=LONGEST_TOKEN)
    if card_numbers_in(token):
        problems.add("token", NEVER_A_CARD)
    label = problems.text(cmd.label, "label", longest=LONGEST_LABEL, required=False) or None
    if label and card_numbers_in(label):
        problems.add("label", "must not hold a card number")
    _match(problems, "brand", cmd.brand, _BRAND, "letters, spaces, dots and dashes, at most 30")
    _match(problems, "last4", cmd.last4, _LAST4, "the card's last four digits")
    _match(problems, "expires", cmd.expires, _EXPIRES, "year and month: 2030-12")
    if cmd.expires and _EXPIRES.match(cmd.expires) and cmd.expires < now.strftime("%Y-%m"):
        problems.add("expires", "has passed")
    problems.raise_any("the payment method is invalid")
    return SavedMethod(
        id=method_id,
        customer_id=cmd.customer_id,
        provider=cmd.provider,
        token=token,
        fingerprint=fingerprint(cmd.provider, token),
        created_at=now,
        label=label,
        brand=cmd.brand,
        last4=cmd.last4,
        expires=cmd.expires,
    )


def _match(problems: Findings, field: str, value: str | None, pattern: re.Pattern[str], what: str) -> None:
    if value is not None and not pattern.match(value):
        problems.add(field, f"must be {what}")
