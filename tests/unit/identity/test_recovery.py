"""Asking for a password reset, over in-memory fakes: the reply does the same work whatever the
address names, and an account without a password may get one."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Any, cast

import pytest

from domains.identity import messages as m
from domains.identity.model import AccountToken, Customer, Purpose
from domains.identity.ports import AccessDeps, IdentityDeps
from domains.notifications.messages import Notify
from tests.unit.identity.fakes import World, handlers


class FakeAccountTokens:
    def __init__(self) -> None:
        self.rows: list[AccountToken] = []

    async def add(self, token: AccountToken) -> None:
        self.rows.append(token)

    async def claim(self, token_hash: str, purpose: Purpose, now: datetime) -> AccountToken | None:
        return None


class FakeBus:
    def __init__(self) -> None:
        self.sent: list[Any] = []

    async def send(self, message: Any) -> None:
        self.sent.append(message)


class Counting:
    """The world's unit-of-work factory, counting the units opened."""

    def __init__(self, inner: Any) -> None:
        self.inner, self.opened = inner, 0

    def __call__(self) -> Any:
        self.opened += 1
        return self.inner()


class Recovery:
    def __init__(self) -> None:
        self.world = World()
        self.tokens = FakeAccountTokens()
        self.bus = FakeBus()
        self.uow = Counting(self.world.transactions)
        self.access = access = AccessDeps(
            api_keys=cast("Any", None),
            account_tokens=self.tokens,
            bus=cast("Any", self.bus),
            public_url="https://shop.example",
            password_reset_ttl=timedelta(hours=1),
            email_verification_ttl=timedelta(days=1),
        )
        self.deps: IdentityDeps = replace(self.world.deps, uow=cast("Any", self.uow), access=access)

    def customer(self, email: str, password_hash: str | None = "hashed:x", **marks: Any) -> Customer:
        now = self.world.clock.now()
        customer = Customer(f"c-{email}", email, password_hash, now, now, **marks)
        self.world.customers.rows[customer.id] = customer
        return customer

    async def ask(self, email: str) -> None:
        await handlers.request_password_reset(m.RequestPasswordReset(email=email), self.deps)

    async def background(self) -> None:
        await asyncio.gather(*list(self.access.background))

    def mailed(self) -> list[str]:
        return [n.email for n in self.bus.sent if isinstance(n, Notify) and n.event == "password_reset"]


@pytest.fixture
def r() -> Recovery:
    return Recovery()


async def test_the_reply_for_a_known_address_stores_nothing_before_answering(r: Recovery) -> None:
    r.customer("ann@example.com")
    await r.ask("nobody@example.com")
    await r.ask("ann@example.com")
    # Both replies did one look-up and nothing else: no transaction, no token yet.
    assert (r.uow.opened, r.tokens.rows) == (0, [])
    await r.background()
    assert [t.subject_id for t in r.tokens.rows] == ["c-ann@example.com"]
    assert (r.uow.opened, r.mailed()) == (1, ["ann@example.com"])


async def test_an_account_without_a_password_may_ask_for_one(r: Recovery) -> None:
    """As after a provider's sign-in distrusted an unverified password: a reset sets a new one."""
    r.customer("ann@example.com", password_hash=None)
    await r.ask("ann@example.com")
    await r.background()
    assert r.mailed() == ["ann@example.com"]


async def test_blocked_and_erased_accounts_get_no_reset(r: Recovery) -> None:
    now = r.world.clock.now()
    r.customer("blocked@example.com", blocked_at=now)
    r.customer("erased@example.com", password_hash=None, erased_at=now)
    await r.ask("blocked@example.com")
    await r.ask("erased@example.com")
    await r.background()
    assert (r.mailed(), r.tokens.rows, r.uow.opened) == ([], [], 0)
