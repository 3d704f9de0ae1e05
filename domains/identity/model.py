"""Identity's entities and pure rules: accounts, roles, sessions, refresh tokens."""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from enum import Enum

import pyotp

from core.errors import Conflict, FieldError, Invalid
from core.security import Kind

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_NAME = 100
EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")
ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")
PERMISSION = re.compile(r"^(\*|[a-z][a-z0-9_]*:(\*|[a-z][a-z0-9_]*))$")
BAD_CREDENTIALS = "the email or password is wrong"


def invalid(field: str, message: str) -> Invalid:
    return Invalid(f"{field}: {message}", errors=[FieldError(field, message)])


def email_taken(detail: str) -> Conflict:
    return Conflict(detail, errors=[FieldError("email", "is already registered")])


def email_of(raw: str, field: str = "email") -> str:
    """The address in its stored form (trimmed, lower case); Invalid if it is not one."""
    email = raw.strip().lower()
    if len(email) > 254 or not EMAIL.match(email):
        raise invalid(field, "is not a valid email address")
    return email


def check_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD:
        raise invalid(field, f"must have at least {MIN_PASSWORD} characters")
    if len(password) > MAX_PASSWORD:
        raise invalid(field, f"must have at most {MAX_PASSWORD} characters")
    if not password.strip():
        raise invalid(field, "must not be only spaces")
    return password


def name_of(raw: str | None, field: str) -> str | None:
    """A trimmed person's name; an empty one is no name."""
    if raw is None:
        return None
    name = raw.strip()
    if len(name) > MAX_NAME:
        raise invalid(field, f"must have at most {MAX_NAME} characters")
    return name or None


def role_name_of(raw: str, field: str = "name") -> str:
    name = raw.strip()
    if not ROLE_NAME.match(name):
        raise invalid(field, "must be 2-50 lower-case letters, digits, '_' or '-', starting with a letter")
    return name


def permissions_of_text(raw: Iterable[str], field: str = "permissions") -> list[str]:
    """Distinct, sorted permissions such as ``catalog:write``, ``catalog:*`` or ``*``."""
    found = sorted({p.strip() for p in raw})
    bad = [p for p in found if not PERMISSION.match(p)]
    if bad:
        raise invalid(field, f"not a permission: {', '.join(repr(p) for p in bad)}")
    return found


def role_names_of(raw: Iterable[str]) -> list[str]:
    """Distinct role names in the order given."""
    return list(dict.fromkeys(r.strip() for r in raw))


def uuid_of(raw: str) -> str | None:
    """The canonical form of an id, or None if it is not a UUID (so it names nothing)."""
    try:
        return str(uuid.UUID(raw))
    except (ValueError, AttributeError, TypeError):
        return None


@dataclass(frozen=True)
class Customer:
    id: str
    email: str
    password_hash: str
    first_name: str | None
    last_name: str | None
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class StaffUser:
    id: str
    email: str
    password_hash: str
    roles: tuple[str, ...]
    created_at: datetime
    updated_at: datetime


@dataclass(frozen=True)
class Role:
    name: str
    permissions: tuple[str, ...]
    description: str | None
    builtin: bool
    created_at: datetime


def permissions_of(roles: Iterable[Role]) -> frozenset[str]:
    return frozenset(p for role in roles for p in role.permissions)


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

    def active(self, now: datetime) -> bool:
        return self.revoked_at is None and now < self.expires_at

    def refreshed(self, now: datetime, ttl: timedelta) -> Session:
        return replace(self, last_used_at=now, expires_at=now + ttl)


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


def new_refresh_secret() -> str:
    return secrets.token_urlsafe(32)


def digest_of(refresh_secret: str) -> str:
    return hashlib.sha256(refresh_secret.encode()).hexdigest()


def issue_refresh(session_id: str, family_id: str, now: datetime, ttl: timedelta) -> tuple[str, RefreshToken]:
    """A new secret for the holder and the record to store of it."""
    secret = new_refresh_secret()
    return secret, RefreshToken(digest_of(secret), session_id, family_id, now, now + ttl)


@dataclass(frozen=True)
class Totp:
    subject_id: str
    kind: Kind
    secret: str
    created_at: datetime
    confirmed_at: datetime | None = None

    def accepts(self, code: str | None, now: datetime) -> bool:
        """True for the code of this 30-second step or its neighbours."""
        if not code or not code.strip().isdigit():
            return False
        return bool(pyotp.TOTP(self.secret).verify(code.strip(), for_time=now, valid_window=1))


def new_totp(subject_id: str, kind: Kind, now: datetime) -> Totp:
    return Totp(subject_id=subject_id, kind=kind, secret=pyotp.random_base32(), created_at=now)


def provisioning_uri(totp: Totp, account: str, issuer: str = "Mercato") -> str:
    return pyotp.TOTP(totp.secret).provisioning_uri(name=account, issuer_name=issuer)
