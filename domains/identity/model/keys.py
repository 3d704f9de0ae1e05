"""Integrators' API keys: a prefix plus 256 random bits, kept only as their SHA-256."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING

from core.security import API_KEY_PREFIX, TOTP_ENROLMENT, api_key_hash, covers
from domains.identity import messages as m

__all__ = ["MAX_KEY_NAME", "ApiKey", "covers", "not_grantable"]

if TYPE_CHECKING:
    from collections.abc import Iterable

    from core.messages import Event

MAX_KEY_NAME = 100
SHOWN_PREFIX = len(API_KEY_PREFIX) + 8  # enough to tell keys apart in a list, useless to guess with


@dataclass(frozen=True)
class ApiKey:
    id: str
    name: str
    prefix: str
    key_hash: str
    permissions: tuple[str, ...]
    require_signature: bool
    created_by: str
    created_at: datetime
    expires_at: datetime | None = None
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def issue(
        cls,
        key_id: str,
        name: str,
        permissions: list[str],
        *,
        expires_at: datetime | None,
        require_signature: bool,
        created_by: str,
        now: datetime,
    ) -> tuple[str, ApiKey]:
        """The key to hand over once, and the record to store of it."""
        key = API_KEY_PREFIX + secrets.token_urlsafe(32)
        api_key = cls(
            key_id,
            name,
            key[:SHOWN_PREFIX],
            api_key_hash(key),
            tuple(permissions),
            require_signature,
            created_by,
            now,
            expires_at,
        )
        api_key.events.append(
            m.ApiKeyCreated(api_key_id=key_id, name=name, permissions=permissions, created_by=created_by)
        )
        return key, api_key

    def usable(self, now: datetime) -> bool:
        return self.revoked_at is None and (self.expires_at is None or now < self.expires_at)

    def revoked(self, now: datetime) -> ApiKey:
        key = replace(self, revoked_at=now, events=[])
        key.events.append(m.ApiKeyRevoked(api_key_id=self.id))
        return key


def not_grantable(requested: Iterable[str], held: Iterable[str]) -> list[str]:
    """The requested permissions the granter does not hold (nobody grants the TOTP-enrolment marker)."""
    held = list(held)
    return [p for p in requested if p == TOTP_ENROLMENT or not covers(held, p)]
