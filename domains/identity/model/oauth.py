"""Signing in with another provider: the flow's server-side secrets, linked identities, the linking rule.

A flow opened by ``GET /auth/oauth/{provider}/authorize`` keeps its state (stored as a digest), nonce
and PKCE verifier in PostgreSQL until the callback claims it, once, before it expires.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import Enum

from domains.identity.model.sessions import digest_of

PROVIDER_NAME_LENGTH = 32
MAX_STATE = 256


@dataclass(frozen=True)
class OAuthFlow:
    """One sign-in in progress: what the callback needs to finish it safely."""

    state_hash: str
    provider: str
    nonce: str
    code_verifier: str
    redirect_uri: str
    created_at: datetime
    expires_at: datetime

    @classmethod
    def open(cls, provider: str, redirect_uri: str, now: datetime, ttl: timedelta) -> tuple[str, OAuthFlow]:
        """The state to send the provider (kept only as a digest) and the flow to store."""
        state = secrets.token_urlsafe(32)
        flow = cls(
            state_hash=digest_of(state),
            provider=provider,
            nonce=secrets.token_urlsafe(32),
            # RFC 7636: 43-128 characters of [A-Za-z0-9-._~]; 64 random bytes give 86.
            code_verifier=secrets.token_urlsafe(64),
            redirect_uri=redirect_uri,
            created_at=now,
            expires_at=now + ttl,
        )
        return state, flow

    def usable(self, provider: str, now: datetime) -> bool:
        return self.provider == provider and now < self.expires_at


@dataclass(frozen=True)
class ExternalIdentity:
    """Who the provider says signed in: its stable subject id and the email it vouches for (or not)."""

    provider: str
    subject: str
    email: str | None
    email_verified: bool


@dataclass(frozen=True)
class LinkedIdentity:
    provider: str
    subject: str
    customer_id: str
    email: str | None
    created_at: datetime


class Link(Enum):
    """What to do with an identity no customer is linked to yet, given the account holding its email."""

    CREATE = "create"  # nobody has the email: a new customer, email verified by the provider
    LINK = "link"  # the provider verified the email an account holds: link, the account is theirs
    REFUSE = "refuse"  # an account holds the email but the provider does not vouch for it
    UNVERIFIED = "unverified"  # nobody has it, but the provider does not vouch for it either


def link_for(identity: ExternalIdentity, email_taken: bool) -> Link:
    """Only an email the provider verified joins an account or opens one.

    Linking an unverified email would let anyone sign in as its owner; opening an account with
    one would let someone hold the address before its owner registers, and keep a way in after
    the owner recovers the account by mail (pre-account takeover).
    """
    if not identity.email_verified:
        return Link.REFUSE if email_taken else Link.UNVERIFIED
    return Link.LINK if email_taken else Link.CREATE
