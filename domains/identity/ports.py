"""What the identity handlers need from the outside world, and the bundle of it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from core.paging import Page
    from core.security import Kind, Principal
    from core.uow import UnitOfWorkFactory
    from domains.identity.model import Customer, RefreshToken, Role, Session, StaffUser, Totp


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
