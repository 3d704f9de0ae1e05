"""Who a per-customer limit counts: the customer's id and every email the shopper is known by."""

from __future__ import annotations


def normal_email(email: str | None) -> str | None:
    """An email as the limits compare it: trimmed and lower-cased, so ``Ann@X.com `` is ``ann@x.com``."""
    found = (email or "").strip().lower()
    return found or None


def emails_of(*emails: str | None) -> tuple[str, ...]:
    """The distinct normalised emails, sorted: the order the redemption takes their counts in."""
    return tuple(sorted({e for e in map(normal_email, emails) if e}))
