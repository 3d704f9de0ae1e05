"""Single-use tokens mailed to an account: password reset and email verification."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Literal

from domains.identity.model.sessions import digest_of

if TYPE_CHECKING:
    from core.security import Kind

Purpose = Literal["password_reset", "email_verification"]
BAD_TOKEN = "the link is invalid, expired or already used; ask for a new one"


@dataclass(frozen=True)
class AccountToken:
    """As stored: the SHA-256 of the secret mailed, whose account and address, until when."""

    token_hash: str
    purpose: Purpose
    subject_id: str
    kind: Kind
    email: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None = None


def issue_account_token(
    purpose: Purpose, subject_id: str, kind: Kind, email: str, now: datetime, ttl: timedelta
) -> tuple[str, AccountToken]:
    """The secret to mail and the record to store of it."""
    secret = secrets.token_urlsafe(32)
    return secret, AccountToken(digest_of(secret), purpose, subject_id, kind, email, now, now + ttl)
