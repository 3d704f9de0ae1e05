"""Identity's contract for signing in: sessions, refresh-token rotation, the TOTP second factor."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page
from core.security import Kind

RevokeReason = Literal["logout", "revoked", "reuse_detected"]


class TokenPair(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class SessionView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    current: bool


class TotpEnrolment(msgspec.Struct, frozen=True, kw_only=True):
    secret: str
    provisioning_uri: str


class LogInCustomer(Command[TokenPair], frozen=True, kw_only=True, tag="identity.LogInCustomer"):
    key_field = "email"
    email: str
    password: str
    totp_code: str | None = None
    user_agent: str | None = None


class LogInStaff(Command[TokenPair], frozen=True, kw_only=True, tag="identity.LogInStaff"):
    key_field = "email"
    email: str
    password: str
    totp_code: str | None = None
    user_agent: str | None = None


class RefreshSession(Command[TokenPair], frozen=True, kw_only=True, tag="identity.RefreshSession"):
    """Rotate a refresh token; presenting a used one revokes its whole family."""

    refresh_token: str


class LogOut(Command[None], frozen=True, kw_only=True, tag="identity.LogOut"):
    """Revoke the caller's own session; revoking it twice is not an error."""

    key_field = "session_id"
    subject_id: str
    kind: Kind
    session_id: str


class RevokeSession(Command[None], frozen=True, kw_only=True, tag="identity.RevokeSession"):
    """Revoke one of the caller's sessions; another's or an unknown one is NotFound."""

    key_field = "session_id"
    subject_id: str
    kind: Kind
    session_id: str


class EnrolTotp(Command[TotpEnrolment], frozen=True, kw_only=True, tag="identity.EnrolTotp"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind


class ConfirmTotp(Command[None], frozen=True, kw_only=True, tag="identity.ConfirmTotp"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind
    code: str


class ListSessions(Query[Page[SessionView]], frozen=True, kw_only=True, tag="identity.ListSessions"):
    """The active sessions of one subject; ``current_session_id`` is flagged as current."""

    subject_id: str
    kind: Kind
    current_session_id: str | None = None
    limit: int = 20
    cursor: str | None = None


class SessionStarted(Event, frozen=True, kw_only=True, tag="identity.SessionStarted"):
    key_field = "session_id"
    session_id: str
    subject_id: str
    kind: Kind


class SessionRefreshed(Event, frozen=True, kw_only=True, tag="identity.SessionRefreshed"):
    key_field = "session_id"
    session_id: str
    subject_id: str
    kind: Kind


class SessionRevoked(Event, frozen=True, kw_only=True, tag="identity.SessionRevoked"):
    key_field = "session_id"
    session_id: str
    subject_id: str
    kind: Kind
    reason: RevokeReason


class TotpEnrolmentStarted(Event, frozen=True, kw_only=True, tag="identity.TotpEnrolmentStarted"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind


class TotpEnabled(Event, frozen=True, kw_only=True, tag="identity.TotpEnabled"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind
