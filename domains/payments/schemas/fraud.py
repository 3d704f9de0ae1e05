"""HTTP bodies of the staff review and blocklist routes, with the limits the server enforces."""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.controllers import Body
from core.http import NO_NUL
from domains.payments.messages.fraud import BlockKind

Reason = Annotated[str, msgspec.Meta(min_length=1, max_length=500, pattern=NO_NUL)]
Note = Annotated[str, msgspec.Meta(max_length=500, pattern=NO_NUL)]


class Rejection(Body, frozen=True, kw_only=True):
    """Why staff refuse the held payment (kept with the decision and in the payment's ledger)."""

    reason: Reason


class BlockEntryCreate(Body, frozen=True, kw_only=True):
    kind: Annotated[
        BlockKind,
        msgspec.Meta(description="email; ip (an address or a CIDR network); country (ISO 3166); card"),
    ]
    value: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=254,
            pattern=NO_NUL,
            description="card: the `card_fingerprint` shown in the review queue, never a card number",
            examples=["203.0.113.0/24"],
        ),
    ]
    note: Note | None = None


class BlockEntryUpdate(Body, frozen=True, kw_only=True):
    note: Note | None
