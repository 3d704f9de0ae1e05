"""How a provider's event may move a payment: only forwards, whatever order events arrive in.

Providers deliver at least once and in any order: a late "authorised" after "captured",
a "refunded" before the "captured" it implies. Each kind of event applies only from
the statuses it moves forward from; a refund event carries the provider's running
total, so an older one can never lower what a newer one recorded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from domains.payments.ports.webhooks import WebhookKind

# Statuses before the provider authorised anything (or before we recorded that it did).
UNAUTHORISED: frozenset[str] = frozenset({"pending", "failed", "requires_action"})
CAPTURED: frozenset[str] = frozenset({"captured", "partially_refunded", "refunded"})

# Authorised, or held for staff review (authorised too): what the provider may still capture or void.
HOLDS: frozenset[str] = frozenset({"authorised", "held"})

FORWARD_FROM: dict[WebhookKind, frozenset[str]] = {
    "authorised": UNAUTHORISED,
    "captured": UNAUTHORISED | HOLDS,
    "declined": UNAUTHORISED,
    "voided": UNAUTHORISED | HOLDS,
    # A refund implies the capture: applied first when its own event has not arrived yet.
    "refunded": UNAUTHORISED | HOLDS | {"captured", "partially_refunded"},
}


def moves_forward(status: str, kind: WebhookKind | None) -> bool:
    """Whether an event of ``kind`` moves a payment that is ``status`` forward."""
    return kind is not None and status in FORWARD_FROM[kind]


def refunded_after(*, captured: int, refunded: int, refunding: int, provider_total: int) -> int:
    """What counts as refunded once the provider says ``provider_total`` was refunded in all.

    Refunds we hold in flight (``refunding``) are part of the provider's total but are
    counted by their own call when it returns, so they are left out here; the result
    never goes below what was already counted nor past what was captured. While a refund
    is in flight this may count less than the provider did, never more: the provider's
    next refund event carries the corrected total.
    """
    return max(refunded, min(captured - refunding, provider_total - refunding))
