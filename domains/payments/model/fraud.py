"""Fraud rules: one pure function scores a payment attempt, with a reason for every point.

``score`` looks at what the shopper presents (email, IP address, the token's fingerprint,
amount, billing and shipping countries), how many attempts came lately with the same
email, IP or card (counted by the store, this one included), and the blocklists staff
keep. The points add up (at most 100); at or above ``block_score`` the payment is refused
without asking the provider, at or above ``review_score`` it is held for staff.
"""

from __future__ import annotations

from dataclasses import dataclass
from ipaddress import IPv4Network, IPv6Network, ip_address, ip_network
from typing import TYPE_CHECKING

from core.money import to_major

if TYPE_CHECKING:
    from collections.abc import Iterable

    from core.money import Money
    from domains.payments.messages.fraud import BlockKind, FraudDecision

MAX_SCORE = 100
BLOCKED = 100
VELOCITY = {"email": 40, "ip": 30, "card": 40}
OVER_AMOUNT = 30
COUNTRY_MISMATCH = 25
Found = tuple[int, str]


@dataclass(frozen=True)
class FraudRules:
    """The shop's thresholds; a limit or threshold of 0 turns its rule off."""

    review_score: int = 50
    block_score: int = 90
    amount_threshold: int = 0  # minor units of ``currency``; other currencies are not compared
    currency: str = "EUR"
    window_seconds: int = 600
    email_limit: int = 0
    ip_limit: int = 0
    card_limit: int = 0


@dataclass(frozen=True)
class Attempt:
    """What one payment attempt presents, normalised (``card`` is the token's fingerprint)."""

    amount: Money
    email: str | None = None
    ip: str | None = None
    card: str | None = None
    billing_country: str | None = None
    shipping_country: str | None = None


@dataclass(frozen=True)
class Velocity:
    """Attempts within the window with the same email, IP and card, this one included."""

    email: int = 1
    ip: int = 1
    card: int = 1


@dataclass(frozen=True)
class Blocklist:
    emails: frozenset[str] = frozenset()
    networks: tuple[IPv4Network | IPv6Network, ...] = ()
    countries: frozenset[str] = frozenset()
    cards: frozenset[str] = frozenset()

    @classmethod
    def of(cls, entries: Iterable[tuple[BlockKind, str]]) -> Blocklist:
        """The blocklist of ``(kind, value)`` entries, values as ``block_value`` normalised them."""
        listed = list(entries)

        def values(kind: str) -> frozenset[str]:
            return frozenset(value for k, value in listed if k == kind)

        networks = tuple(ip_network(value, strict=False) for kind, value in listed if kind == "ip")
        return cls(values("email"), networks, values("country"), values("card"))


@dataclass(frozen=True)
class Verdict:
    score: int
    reasons: tuple[str, ...]
    decision: FraudDecision


def score(attempt: Attempt, velocity: Velocity, blocklist: Blocklist, rules: FraudRules) -> Verdict:
    """How risky ``attempt`` is: the points of every rule it trips, the reasons, and the decision."""
    found = [
        *_blocked(attempt, blocklist),
        *_velocity(attempt, velocity, rules),
        *_amount(attempt, rules),
        *_mismatch(attempt),
    ]
    points = min(MAX_SCORE, sum(p for p, _ in found))
    decision: FraudDecision = "allow"
    if points >= rules.block_score:
        decision = "block"
    elif points >= rules.review_score:
        decision = "review"
    return Verdict(score=points, reasons=tuple(reason for _, reason in found), decision=decision)


def _blocked(attempt: Attempt, blocklist: Blocklist) -> list[Found]:
    found: list[Found] = []
    if attempt.email is not None and attempt.email in blocklist.emails:
        found.append((BLOCKED, "blocklist_email: the email is on the blocklist"))
    if attempt.ip is not None:
        address = ip_address(attempt.ip)
        network = next((n for n in blocklist.networks if address in n), None)
        if network is not None:
            found.append((BLOCKED, f"blocklist_ip: {attempt.ip} is in {network}"))
    for side, country in (("billing", attempt.billing_country), ("shipping", attempt.shipping_country)):
        if country is not None and country in blocklist.countries:
            found.append((BLOCKED, f"blocklist_country: {country} ({side})"))
    if attempt.card is not None and attempt.card in blocklist.cards:
        found.append((BLOCKED, "blocklist_card: the card's fingerprint is on the blocklist"))
    return found


def _velocity(attempt: Attempt, velocity: Velocity, rules: FraudRules) -> list[Found]:
    checks = (
        ("email", attempt.email, velocity.email, rules.email_limit),
        ("ip", attempt.ip, velocity.ip, rules.ip_limit),
        ("card", attempt.card, velocity.card, rules.card_limit),
    )
    return [
        (VELOCITY[name], f"velocity_{name}: {count} attempts in {span(rules.window_seconds)}")
        for name, value, count, limit in checks
        if value is not None and limit > 0 and count > limit
    ]


def _amount(attempt: Attempt, rules: FraudRules) -> list[Found]:
    amount, threshold = attempt.amount, rules.amount_threshold
    if threshold <= 0 or amount.currency != rules.currency or amount.amount <= threshold:
        return []
    over, limit = to_major(amount.amount, amount.currency), to_major(threshold, amount.currency)
    return [(OVER_AMOUNT, f"amount: {over} {amount.currency} is over {limit} {amount.currency}")]


def _mismatch(attempt: Attempt) -> list[Found]:
    billing, shipping = attempt.billing_country, attempt.shipping_country
    if billing is None or shipping is None or billing == shipping:
        return []
    return [(COUNTRY_MISMATCH, f"country_mismatch: billing {billing}, shipping {shipping}")]


def span(seconds: int) -> str:
    """A window as people say it: ``10 min``, ``2 h``, ``45 s``."""
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
