"""In-memory stand-ins for identity's ports, for tests without a database."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from typing import Any

from core.errors import Conflict
from core.messages import Event
from core.paging import Page, decode_cursor, encode_cursor
from core.security import Kind, TokenCodec
from domains.identity.handlers import HANDLERS, SUBSCRIPTIONS
from domains.identity.model import Customer, RefreshToken, Role, Session, StaffUser, Totp
from domains.identity.ports import (
    Clock,
    Customers,
    IdentityDeps,
    PasswordHasher,
    Roles,
    Sessions,
    StaffUsers,
    TotpSecrets,
)
from tests.support.fakes import Transactions

START = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
# Every identity handler and subscriber by name, as tests call them.
handlers = SimpleNamespace(
    **{h.__name__: h for h in HANDLERS.values()},
    **{h.__name__: h for hs in SUBSCRIPTIONS.values() for h in hs},
)
ADMIN = Role("admin", ("*",), "Every permission", True, START)


class FakeClock(Clock):
    def __init__(self) -> None:
        self.current = START

    def now(self) -> datetime:
        return self.current

    def advance(self, **delta: float) -> None:
        self.current += timedelta(**delta)


class FakeHasher(PasswordHasher):
    async def hash(self, password: str) -> str:
        return f"hashed:{password[::-1]}"

    async def verify(self, password_hash: str | None, password: str) -> bool:
        return password_hash == f"hashed:{password[::-1]}"


def _page(items: list[Any], limit: int, cursor: str | None, key: Any) -> Page[Any]:
    start = (decode_cursor(cursor) or [0])[0]
    chosen = sorted(items, key=key)[start : start + limit]
    more = start + limit < len(items)
    return Page(items=chosen, next_cursor=encode_cursor([start + limit]) if more else None)


class FakeCustomers(Customers):
    def __init__(self) -> None:
        self.rows: dict[str, Customer] = {}

    async def add(self, customer: Customer) -> None:
        if await self.by_email(customer.email):
            raise Conflict("taken")
        self.rows[customer.id] = replace(customer, events=[])

    async def get(self, customer_id: str) -> Customer | None:
        found = self.rows.get(customer_id)
        return None if found is None else replace(found, events=[])

    async def by_email(self, email: str) -> Customer | None:
        found = next((c for c in self.rows.values() if c.email == email), None)
        return None if found is None else replace(found, events=[])

    async def save(self, customer: Customer) -> None:
        self.rows[customer.id] = replace(customer, events=[])


class FakeStaffUsers(StaffUsers):
    def __init__(self) -> None:
        self.rows: dict[str, StaffUser] = {}

    async def add(self, staff: StaffUser) -> None:
        if await self.by_email(staff.email):
            raise Conflict("taken")
        self.rows[staff.id] = staff

    async def get(self, staff_id: str) -> StaffUser | None:
        found = self.rows.get(staff_id)
        return None if found is None else replace(found, events=[])

    async def by_email(self, email: str) -> StaffUser | None:
        return next((replace(s, events=[]) for s in self.rows.values() if s.email == email), None)

    async def save_roles(self, staff: StaffUser) -> None:
        self.rows[staff.id] = replace(staff, events=[])

    async def page(self, limit: int, cursor: str | None) -> Page[StaffUser]:
        return _page(list(self.rows.values()), limit, cursor, lambda s: (s.created_at, s.id))


class FakeRoles(Roles):
    def __init__(self) -> None:
        self.rows: dict[str, Role] = {ADMIN.name: ADMIN}

    async def add(self, role: Role) -> None:
        if role.name in self.rows:
            raise Conflict("taken")
        self.rows[role.name] = role

    async def named(self, names: list[str]) -> list[Role]:
        return sorted((self.rows[n] for n in set(names) if n in self.rows), key=lambda r: r.name)

    async def page(self, limit: int, cursor: str | None) -> Page[Role]:
        return _page(list(self.rows.values()), limit, cursor, lambda r: r.name)


class FakeSessions(Sessions):
    def __init__(self) -> None:
        self.sessions: dict[str, Session] = {}
        self.tokens: dict[str, RefreshToken] = {}

    async def start(self, session: Session, token: RefreshToken) -> None:
        self.sessions[session.id] = session
        self.tokens[token.token_hash] = token

    async def get(self, session_id: str) -> Session | None:
        return self.sessions.get(session_id)

    async def token(self, token_hash: str) -> RefreshToken | None:
        return self.tokens.get(token_hash)

    async def rotate(self, used: RefreshToken, fresh: RefreshToken, session: Session) -> bool:
        stored = self.tokens[used.token_hash]
        if stored.used_at is not None or stored.revoked_at is not None:
            return False
        self.tokens[used.token_hash] = replace(stored, used_at=fresh.issued_at)
        self.tokens[fresh.token_hash] = fresh
        self.sessions[session.id] = session
        return True

    async def revoke(self, session_id: str, now: datetime, reason: str) -> bool:
        return bool(self._revoke([session_id], now))

    async def revoke_family(self, family_id: str, now: datetime) -> list[Session]:
        return self._revoke(
            sorted({t.session_id for t in self.tokens.values() if t.family_id == family_id}), now
        )

    async def revoke_all(self, subject_id: str, kind: Kind, now: datetime, reason: str) -> list[Session]:
        mine = [s.id for s in self.sessions.values() if s.subject_id == subject_id and s.kind == kind]
        return self._revoke(sorted(mine), now)

    def _revoke(self, session_ids: list[str], now: datetime) -> list[Session]:
        revoked = []
        for session_id in session_ids:
            session = self.sessions.get(session_id)
            if session is not None and session.revoked_at is None:
                self.sessions[session_id] = session = replace(session, revoked_at=now)
                revoked.append(session)
        for digest, token in list(self.tokens.items()):
            if token.session_id in session_ids and token.revoked_at is None:
                self.tokens[digest] = replace(token, revoked_at=now)
        return revoked

    async def active(
        self, subject_id: str, kind: Kind, now: datetime, limit: int, cursor: str | None
    ) -> Page[Session]:
        mine = [
            s
            for s in self.sessions.values()
            if s.subject_id == subject_id and s.kind == kind and s.active(now)
        ]
        return _page(mine, limit, cursor, lambda s: (-s.created_at.timestamp(), s.id))


class FakeTotpSecrets(TotpSecrets):
    def __init__(self) -> None:
        self.rows: dict[str, Totp] = {}

    async def get(self, subject_id: str) -> Totp | None:
        return self.rows.get(subject_id)

    async def save(self, totp: Totp) -> None:
        self.rows[totp.subject_id] = totp

    async def delete(self, subject_id: str) -> None:
        self.rows.pop(subject_id, None)


@dataclass
class World:
    """IdentityDeps wired to fakes, plus the events committed through them."""

    transactions: Transactions = field(default_factory=Transactions)
    clock: FakeClock = field(default_factory=FakeClock)
    tokens: TokenCodec = field(default_factory=lambda: TokenCodec("unit-test-secret-key-0123456789abcdef"))
    customers: FakeCustomers = field(default_factory=FakeCustomers)
    staff: FakeStaffUsers = field(default_factory=FakeStaffUsers)
    roles: FakeRoles = field(default_factory=FakeRoles)
    sessions: FakeSessions = field(default_factory=FakeSessions)
    totp: FakeTotpSecrets = field(default_factory=FakeTotpSecrets)

    @property
    def deps(self) -> IdentityDeps:
        return IdentityDeps(
            uow=self.transactions,
            customers=self.customers,
            staff=self.staff,
            roles=self.roles,
            sessions=self.sessions,
            totp=self.totp,
            hasher=FakeHasher(),
            tokens=self.tokens,
            clock=self.clock,
            refresh_ttl=timedelta(days=30),
        )

    @property
    def committed(self) -> list[Event]:
        return self.transactions.committed

    def events(self, kind: type[Event]) -> list[Any]:
        return [e for e in self.committed if isinstance(e, kind)]
