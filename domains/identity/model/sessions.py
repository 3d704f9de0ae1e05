"""Sessions, their single-use refresh tokens, and the TOTP second factor."""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from enum import Enum
from typing import TYPE_CHECKING

import pyotp

from domains.identity import messages as m

if TYPE_CHECKING:
    from core.messages import Event
    from core.security import Kind


@dataclass(frozen=True)
class Session:
    id: str
    subject_id: str
    kind: Kind
    user_agent: str | None
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    revoked_at: datetime | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def start(
        cls,
        session_id: str,
        subject_id: str,
        kind: Kind,
        user_agent: str | None,
        now: datetime,
        ttl: timedelta,
    ) -> Session:
        session = cls(session_id, subject_id, kind, user_agent, now, now, now + ttl)
        session.events.append(m.SessionStarted(session_id=session_id, subject_id=subject_id, kind=kind))
        return session

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def refreshed(self, now: datetime, ttl: timedelta) -> Session:
        session = replace(self, last_used_at=now, expires_at=now + ttl, events=[])
        session.events.append(
            m.SessionRefreshed(session_id=self.id, subject_id=self.subject_id, kind=self.kind)
        )
        return session


def revoked(session: Session, reason: m.RevokeReason) -> m.SessionRevoked:
    """The event saying ``session`` was revoked (the store revokes, race-free, and says which)."""
    return m.SessionRevoked(
        session_id=session.id, subject_id=session.subject_id, kind=session.kind, reason=reason
    )


@dataclass(frozen=True)
class RefreshToken:
    """A refresh token as stored: only the SHA-256 of the secret the holder has."""

    token_hash: str
    session_id: str
    family_id: str
    issued_at: datetime
    expires_at: datetime
    used_at: datetime | None = None
    revoked_at: datetime | None = None


class Verdict(Enum):
    VALID = "valid"
    REUSED = "reused"
    INVALID = "invalid"


def judge_refresh(token: RefreshToken | None, session: Session | None, now: datetime) -> Verdict:
    """VALID: rotate it. REUSED: it was rotated already, so it leaked. INVALID: refuse."""
    if token is None or session is None or token.revoked_at is not None or not session.active(now):
        return Verdict.INVALID
    if token.used_at is not None:
        return Verdict.REUSED
    if now >= token.expires_at:
        return Verdict.INVALID
    return Verdict.VALID


def digest_of(refresh_secret: str) -> str:
    return hashlib.sha256(refresh_secret.encode()).hexdigest()


def issue_refresh(session_id: str, family_id: str, now: datetime, ttl: timedelta) -> tuple[str, RefreshToken]:
    """A new secret for the holder and the record to store of it."""
    secret = secrets.token_urlsafe(32)
    return secret, RefreshToken(digest_of(secret), session_id, family_id, now, now + ttl)


@dataclass(frozen=True)
class Totp:
    subject_id: str
    kind: Kind
    secret: str
    created_at: datetime
    confirmed_at: datetime | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def enrol(cls, subject_id: str, kind: Kind, now: datetime) -> Totp:
        totp = cls(subject_id=subject_id, kind=kind, secret=pyotp.random_base32(), created_at=now)
        totp.events.append(m.TotpEnrolmentStarted(subject_id=subject_id, kind=kind))
        return totp

    def confirmed(self, now: datetime) -> Totp:
        totp = replace(self, confirmed_at=now, events=[])
        totp.events.append(m.TotpEnabled(subject_id=self.subject_id, kind=self.kind))
        return totp

    def accepts(self, code: str | None, now: datetime) -> bool:
        """True for the code of this 30-second step or its neighbours."""
        if not code or not code.strip().isdigit():
            return False
        return bool(pyotp.TOTP(self.secret).verify(code.strip(), for_time=now, valid_window=1))


def provisioning_uri(totp: Totp, account: str, issuer: str = "Mercato") -> str:
    return pyotp.TOTP(totp.secret).provisioning_uri(name=account, issuer_name=issuer)
