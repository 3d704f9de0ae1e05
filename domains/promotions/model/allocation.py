"""Splitting a cart-level discount across lines so the parts sum exactly to the whole."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from decimal import ROUND_HALF_UP, Decimal


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """``total`` split in proportion to ``weights`` by largest remainder (ties to the earlier weight).

    The parts sum to ``total`` exactly, and none exceeds its weight when ``total <= sum(weights)``.
    """
    whole = sum(weights)
    if total <= 0 or whole <= 0:
        return [0] * len(weights)
    shares = [total * w // whole for w in weights]
    remainders = [total * w % whole for w in weights]
    left = total - sum(shares)
    for i in sorted(range(len(weights)), key=lambda i: -remainders[i])[:left]:
        shares[i] += 1
    return shares


def percent_of(amount: int, percent: Decimal) -> int:
    """``percent`` % of ``amount`` minor units, rounded half up to a whole minor unit."""
    return int((Decimal(amount) * percent / 100).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def bucket(key: str, weights: Sequence[int]) -> int:
    """The index a stable hash of ``key`` falls into, each index taking its weight's share."""
    point = int.from_bytes(hashlib.sha256(key.encode()).digest()[:8], "big") % sum(weights)
    for i, weight in enumerate(weights):
        if point < weight:
            return i
        point -= weight
    return len(weights) - 1
