"""Coupon codes: how they are written, matched and generated."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from core.validation import Findings
from domains.promotions.messages import CouponDetails

# No 0/O and 1/I: a code read aloud or off a flyer cannot be mistyped between them.
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
RANDOM_PART = 12  # 32**12 = 2**60 codes: unguessable even with millions issued
CODE = re.compile(r"^[A-Z0-9][A-Z0-9_-]{2,63}$")
PREFIX = re.compile(r"^[A-Z0-9][A-Z0-9_-]{0,19}$")
MAX_GENERATED = 10_000


@dataclass(frozen=True)
class Coupon:
    id: UUID
    promotion_id: UUID
    code: str
    created_at: datetime
    usage_limit: int | None = None
    used: int = 0

    def details(self) -> CouponDetails:
        return CouponDetails(
            id=self.id,
            promotion_id=self.promotion_id,
            code=self.code,
            usage_limit=self.usage_limit,
            used=self.used,
            created_at=self.created_at,
        )


def normal(code: str) -> str:
    """The one spelling a code is kept and matched in: trimmed, upper case."""
    return code.strip().upper()


def checked_code(code: str, found: Findings, field: str = "code") -> str:
    cleaned = normal(code)
    if not CODE.match(cleaned):
        found.add(field, "use 3-64 letters, digits, '-' or '_'")
    return cleaned


def checked_prefix(prefix: str, found: Findings) -> str:
    cleaned = normal(prefix)
    if cleaned and not PREFIX.match(cleaned):
        found.add("prefix", "use up to 20 letters, digits, '-' or '_'")
    return cleaned


def generated(prefix: str, count: int) -> list[str]:
    """``count`` distinct random codes, each ``prefix`` plus a part drawn with ``secrets``."""
    codes: set[str] = set()
    while len(codes) < count:
        codes.add(prefix + "".join(secrets.choice(ALPHABET) for _ in range(RANDOM_PART)))
    return sorted(codes)
