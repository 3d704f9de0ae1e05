"""HTTP reply of the payment webhook route: what the shop made of the delivery."""

from __future__ import annotations

from typing import Annotated

import msgspec

from domains.payments.messages.webhooks import WebhookOutcome


class WebhookAck(msgspec.Struct, frozen=True, kw_only=True):
    """The delivery was verified and is recorded; a replay is acknowledged the same way."""

    provider: str
    event_id: Annotated[str, msgspec.Meta(description="The provider's id of the event")]
    outcome: Annotated[
        WebhookOutcome,
        msgspec.Meta(
            description="applied; ignored (nothing to do, or it would move the payment backwards); "
            "duplicate (received before: nothing changed); unknown_payment (recorded, not applied)"
        ),
    ]
