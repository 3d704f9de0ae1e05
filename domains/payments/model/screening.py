"""What fraud screening keeps of an attempt, normalised, and the blocklist's values.

Shopper text the payments domain keeps (an email) has any card number in it masked, so
no row of the payments tables ever holds one, whatever was typed.
"""

from __future__ import annotations

import hashlib
import re
from ipaddress import ip_address, ip_network
from typing import TYPE_CHECKING

from core.cards import masked
from core.countries import COUNTRIES
from domains.payments.model.fraud import Attempt

if TYPE_CHECKING:
    from core.money import Money
    from domains.payments.messages import AuthorisePayment
    from domains.payments.messages.fraud import BlockKind

LONGEST_EMAIL = 254
_FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")


def fingerprint(provider: str, token: str) -> str:
    """A stable hash naming the payment method behind ``token``: velocity is counted and blocks kept by it."""
    return hashlib.sha256(f"{provider}:{token}".encode()).hexdigest()[:32]


def normal_email(email: str | None) -> str | None:
    """The email as compared and kept: trimmed, lower-cased, card numbers masked."""
    cleaned = (email or "").strip().lower()[:LONGEST_EMAIL]
    return masked(cleaned) or None


def normal_ip(ip: str | None) -> str | None:
    """The IP address in its canonical form; None when there is none or it is not an address."""
    try:
        return str(ip_address((ip or "").strip()))
    except ValueError:
        return None


def attempt_of(cmd: AuthorisePayment, amount: Money) -> Attempt:
    """The attempt ``cmd`` (already checked, its saved method applied) presents to the fraud rules."""
    return Attempt(
        amount=amount,
        email=normal_email(cmd.email),
        ip=normal_ip(cmd.ip),
        card=fingerprint(cmd.provider, cmd.token) if cmd.token else None,
        billing_country=cmd.billing_country.upper() if cmd.billing_country else None,
        shipping_country=cmd.shipping_country.upper() if cmd.shipping_country else None,
    )


def block_value(kind: BlockKind, value: str) -> str:
    """``value`` as the blocklist keeps it; ValueError saying what is wrong."""
    cleaned = value.strip()
    if kind == "email":
        email = normal_email(cleaned)
        if email is None or "@" not in email:
            raise ValueError("must be an email address")
        return email
    if kind == "ip":
        try:
            return str(ip_network(cleaned, strict=False))
        except ValueError:
            raise ValueError("must be an IP address or a network such as 203.0.113.0/24") from None
    if kind == "country":
        if cleaned.upper() not in COUNTRIES:
            raise ValueError("must be an ISO 3166 two-letter country code such as DE")
        return cleaned.upper()
    if not _FINGERPRINT.match(cleaned.lower()):
        raise ValueError("must be a card fingerprint (32 hexadecimal characters) from the review queue")
    return cleaned.lower()
