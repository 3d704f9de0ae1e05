"""What the identity handlers need from the outside world, and the bundle of it."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from collections.abc import Mapping

    from core.bus import MessageBus
    from core.paging import Page
    from core.security import Kind, Principal
    from core.uow import UnitOfWorkFactory
    from domains.identity.model import (
        AccountToken,
        ApiKey,
        Customer,
        Purpose,
        RefreshToken,
        Role,
        Session,
        StaffUser,
        Totp,
    )
    from domains.identity.model.oauth import ExternalIdentity, LinkedIdentity, OAuthFlow


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware UTC."""
        ...


class PasswordHasher(Protocol):
    async def hash(self, password: str) -> str: ...

    async def verify(self, password_hash: str | None, password: str) -> bool:
        """Whether ``password`` matches; with no hash, spend the same time and say False."""
        ...


class AccessTokens(Protocol):
    access_ttl: int

    def issue(self, principal: Principal) -> str: ...

    def derive(self, label: str) -> bytes:
        """A key for ``label`` derived from the shop's secret key."""
        ...

    async def revoke(self, session_id: str) -> None:
        """Refuse the session's access tokens from now on, in every process."""
        ...

    async def revoke_api_key(self, key_id: str) -> None:
        """Stop trusting a cached grant of the key, in every process."""
        ...


class Customers(Protocol):
    async def add(self, customer: Customer) -> None:
        """Store a new customer; Conflict if the email is taken."""
        ...

    async def get(self, customer_id: str) -> Customer | None: ...

    async def by_email(self, email: str) -> Customer | None: ...

    async def save(self, customer: Customer) -> None:
        """Store a changed account (email, password, blocked and erased marks)."""
        ...


class StaffUsers(Protocol):
    async def add(self, staff: StaffUser) -> None:
        """Store a new staff user; Conflict if the email is taken."""
        ...

    async def get(self, staff_id: str) -> StaffUser | None: ...

    async def by_email(self, email: str) -> StaffUser | None: ...

    async def save_roles(self, staff: StaffUser) -> None: ...

    async def save_password(self, staff: StaffUser) -> None: ...

    async def page(self, limit: int, cursor: str | None) -> Page[StaffUser]: ...


class Roles(Protocol):
    async def add(self, role: Role) -> None:
        """Store a new role; Conflict if the name is taken."""
        ...

    async def named(self, names: list[str]) -> list[Role]:
        """The roles among ``names`` that exist."""
        ...

    async def page(self, limit: int, cursor: str | None) -> Page[Role]: ...


class Sessions(Protocol):
    async def start(self, session: Session, token: RefreshToken) -> None: ...

    async def get(self, session_id: str) -> Session | None: ...

    async def token(self, token_hash: str) -> RefreshToken | None: ...

    async def rotate(self, used: RefreshToken, fresh: RefreshToken, session: Session) -> bool:
        """Mark ``used`` used if nobody did yet, store ``fresh``, save ``session``; False if beaten."""
        ...

    async def revoke(self, session_id: str, now: datetime, reason: str) -> bool:
        """Revoke a session and its refresh tokens; False if it was already revoked."""
        ...

    async def revoke_family(self, family_id: str, now: datetime) -> list[Session]:
        """Revoke every refresh token of a family and their sessions; the sessions newly revoked."""
        ...

    async def revoke_all(self, subject_id: str, kind: Kind, now: datetime, reason: str) -> list[Session]:
        """Revoke every session of a subject and their refresh tokens; the sessions newly revoked."""
        ...

    async def active(
        self, subject_id: str, kind: Kind, now: datetime, limit: int, cursor: str | None
    ) -> Page[Session]: ...


class TotpSecrets(Protocol):
    async def get(self, subject_id: str) -> Totp | None: ...

    async def save(self, totp: Totp) -> None: ...

    async def delete(self, subject_id: str) -> None: ...


class ApiKeys(Protocol):
    async def add(self, key: ApiKey) -> None: ...

    async def get(self, key_id: str) -> ApiKey | None: ...

    async def by_hash(self, key_hash: str) -> ApiKey | None: ...

    async def revoke(self, key_id: str, now: datetime) -> bool:
        """Revoke a key; False if it was already revoked."""
        ...

    async def touch(self, key_id: str, now: datetime) -> None:
        """Record a use (at most once a minute per key)."""
        ...

    async def page(self, limit: int, cursor: str | None) -> Page[ApiKey]: ...


class AccountTokens(Protocol):
    async def add(self, token: AccountToken) -> None:
        """Store a new token; earlier unused ones of the account and purpose stop working."""
        ...

    async def claim(self, token_hash: str, purpose: Purpose, now: datetime) -> AccountToken | None:
        """Use the token once: None when unknown, used or expired."""
        ...


@dataclass(frozen=True)
class AccessDeps:
    """Keys, mailed tokens and what sending them needs (the bus to notifications, links, lifetimes)."""

    api_keys: ApiKeys
    account_tokens: AccountTokens
    bus: MessageBus
    public_url: str
    password_reset_ttl: timedelta
    email_verification_ttl: timedelta
    staff_totp_required: bool = False
    # Mail work started after a reply; the domain's worker finishes it at shutdown.
    background: set[asyncio.Task[None]] = field(default_factory=set)


class OAuthProvider(Protocol):
    """One sign-in provider (adapters/oauth): builds its authorization URL, trades a code for an identity."""

    name: str

    async def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        """The provider's URL to send the browser to; Unavailable if it cannot be reached."""
        ...

    async def identity(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ExternalIdentity:
        """Trade ``code`` (with the PKCE verifier) and check the ID token; DomainError (400) if refused."""
        ...


class OAuthFlows(Protocol):
    async def open(self, flow: OAuthFlow, now: datetime) -> None:
        """Store a new flow (and forget the expired ones)."""
        ...

    async def claim(self, state_hash: str) -> OAuthFlow | None:
        """Delete and return the flow of this state; None if unknown or already claimed (race-free)."""
        ...


class LinkedIdentities(Protocol):
    async def get(self, provider: str, subject: str) -> LinkedIdentity | None: ...

    async def add(self, link: LinkedIdentity) -> None:
        """Store a new link; Conflict if this provider's subject is already linked."""
        ...

    async def remove(self, provider: str, subject: str) -> None: ...

    async def remove_customer(self, customer_id: str) -> None:
        """Forget every link of a customer (erased: the provider's account may sign up afresh)."""
        ...


@dataclass(frozen=True)
class OAuthDeps:
    """What signing in with another provider needs: providers by name (the configured ones only)."""

    providers: Mapping[str, OAuthProvider]
    flows: OAuthFlows
    links: LinkedIdentities
    flow_ttl: timedelta


@dataclass(frozen=True)
class IdentityDeps:
    """Everything an identity handler may use; built by ``bootstrap``."""

    uow: UnitOfWorkFactory
    customers: Customers
    staff: StaffUsers
    roles: Roles
    sessions: Sessions
    totp: TotpSecrets
    hasher: PasswordHasher
    tokens: AccessTokens
    clock: Clock
    refresh_ttl: timedelta
    oauth: OAuthDeps | None = field(default=None, kw_only=True)
    access: AccessDeps | None = field(default=None, kw_only=True)
