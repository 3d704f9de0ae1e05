"""Circuit breakers through the whole app: a provider that fails or hangs opens its breaker; while open
the API answers 503 with Retry-After and nothing is left half-done; one probe after the reset time
closes it again once the provider is back.

Each breaker's clock is replaced by a fake one once the app has built the breaker, so "30 seconds
later" is a step of the test, not a wait. Providers are the real adapters: the sandbox made slow,
EasyPost's fake API answering 502 (tests/unit/shipping/fake_easypost.py), an SMTP port nobody listens on.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from typing import Any

import asyncpg
import msgspec
import pytest
from aiosmtpd.controller import Controller
from litestar import Litestar
from litestar.testing import AsyncTestClient

from adapters.payments import PROVIDERS
from adapters.payments.sandbox import SandboxPaymentProvider
from config.settings import Settings
from core.breaker import BREAKERS
from tests.e2e.test_orders_support import Shop, staff, stocked_shop
from tests.e2e.test_shipping_easypost import easypost, easypost_method
from tests.support.eventually import eventually
from tests.support.mailbox import Mailbox, free_port
from tests.support.problems import assert_problem
from tests.support.shop import ADDRESS, STAFF
from tests.unit.shipping.fake_easypost import API_KEY, FROM_ADDRESS, WEBHOOK_SECRET, FakeEasyPost

__all__ = ["easypost", "staff"]

RESET = 30.0


class Clock:
    """A breaker's clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_000.0

    def __call__(self) -> float:
        return self.now


def fake_clock(name: str) -> Clock:
    """Give the app's breaker ``name`` a clock the test moves."""
    clock = Clock()
    BREAKERS[name].clock = clock
    return clock


def with_breakers(settings: Settings, **more: Any) -> Settings:
    return msgspec.structs.replace(
        settings, breaker_failures=2, breaker_reset_seconds=RESET, outbound_timeout=0.5, **more
    )


@pytest.fixture
def sandbox() -> Iterator[SandboxPaymentProvider]:
    """The sandbox the app builds, kept here so the test can make it hang and recover."""
    provider, built_in = SandboxPaymentProvider(), PROVIDERS.factory("sandbox")
    PROVIDERS.register("sandbox", lambda settings: provider)
    yield provider
    PROVIDERS.register("sandbox", built_in)


@pytest.fixture
async def shop(
    settings: Settings, staff: dict[str, str], sandbox: SandboxPaymentProvider
) -> AsyncIterator[Shop]:
    from app import create_app

    async with AsyncTestClient(app=create_app(with_breakers(settings))) as client:
        yield await stocked_shop(client, staff, settings.database_url or "")


async def orders(shop: Shop) -> int:
    return len(await shop.rows("SELECT id FROM orders_orders"))


async def charged(shop: Shop) -> int:
    return len(await shop.rows("SELECT id FROM payments_payment WHERE captured > 0"))


async def test_a_failing_payment_provider_opens_its_breaker_and_checkouts_answer_503_until_it_recovers(
    shop: Shop,
) -> None:
    clock = fake_clock("payments.sandbox")
    cart_id = await shop.cart(("MUG-1", 1))

    for _ in range(2):  # the provider errs twice in a row: the breaker opens
        assert_problem(await shop.checkout(cart_id, "error"), 503)
    paused = await shop.checkout(cart_id, "ok")  # "ok" would pay: it never reaches the provider

    assert_problem(paused, 503)
    assert paused.headers["Retry-After"] == "30"
    assert BREAKERS["payments.sandbox"].state == "open"
    assert (await orders(shop), await charged(shop)) == (0, 0)
    stock = await shop.stock("MUG-1")
    assert (stock["on_hand"], stock["reserved"]) == (5, 1)  # back to the cart's hold, not allocated
    cart = (await shop.client.get(f"/carts/{cart_id}")).json()
    assert cart["status"] == "active"

    clock.now += 10
    assert (await shop.checkout(cart_id, "ok")).headers["Retry-After"] == "20"
    clock.now += 20  # the reset time is over: the next checkout is the probe
    paid = await shop.checkout(cart_id, "ok")

    assert paid.status_code == 201, paid.text
    assert BREAKERS["payments.sandbox"].state == "closed"
    assert (await orders(shop), await charged(shop)) == (1, 1)


async def test_a_payment_provider_that_hangs_is_cut_at_the_timeout_and_a_failed_probe_reopens_it(
    shop: Shop, sandbox: SandboxPaymentProvider
) -> None:
    clock = fake_clock("payments.sandbox")
    sandbox.latency = 60.0  # a minute per call: cut at outbound_timeout (0.5 s)
    cart_id = await shop.cart(("MUG-2", 2))

    for _ in range(2):
        slow = await shop.checkout(cart_id, "ok")
        assert_problem(slow, 503)
        assert slow.headers["Retry-After"]
    clock.now += RESET
    probe = await shop.checkout(cart_id, "ok")  # half-open: the one probe hangs too

    assert_problem(probe, 503)
    assert BREAKERS["payments.sandbox"].state == "open"
    assert (await orders(shop), await charged(shop)) == (0, 0)
    assert (await shop.stock("MUG-2"))["reserved"] == 2

    sandbox.latency = 0.0
    clock.now += RESET
    assert (await shop.checkout(cart_id, "ok")).status_code == 201
    assert (await orders(shop), await charged(shop)) == (1, 1)


# ---- shipping: EasyPost down ----------------------------------------------------------------


@pytest.fixture
def shipping_staff(staff_headers: Any) -> dict[str, str]:
    return dict(staff_headers(*STAFF))


@pytest.fixture
async def carrier_client(
    settings: Settings, easypost: FakeEasyPost
) -> AsyncIterator[AsyncTestClient[Litestar]]:
    from app import create_app

    configured = with_breakers(
        settings,
        easypost_api_key=API_KEY,
        easypost_webhook_secret=WEBHOOK_SECRET,
        easypost_from_address_id=FROM_ADDRESS,
    )
    async with AsyncTestClient(app=create_app(configured)) as client:
        yield client


async def test_with_easypost_down_its_rates_are_left_out_then_503_and_a_probe_brings_them_back(
    carrier_client: AsyncTestClient[Litestar], shipping_staff: dict[str, str], easypost: FakeEasyPost
) -> None:
    client, staff = carrier_client, shipping_staff
    courier = await easypost_method(client, staff)  # beside the table-rate "Standard" method
    cart = (await client.post("/carts", json={})).json()["id"]
    assert (
        await client.post(f"/carts/{cart}/items", json={"sku": "MUG-1", "quantity": 1})
    ).status_code == 200
    assert (await client.post(f"/carts/{cart}/shipping-address", json=ADDRESS)).status_code == 200
    easypost.failing = True  # EasyPost answers 502

    first = await client.get(f"/carts/{cart}/shipping-rates")
    clock = fake_clock("shipping.easypost")  # built on first use
    second = await client.get(f"/carts/{cart}/shipping-rates")

    assert [o["name"] for o in first.json()] == [o["name"] for o in second.json()] == ["Standard"]
    assert BREAKERS["shipping.easypost"].state == "open"
    asked = len(easypost.requests)
    chosen = await client.post(f"/carts/{cart}/shipping-method", json={"method_id": courier})
    assert_problem(chosen, 503)
    assert chosen.headers["Retry-After"] == "30"
    standard = next(
        m
        for m in (await client.get("/admin/shipping/methods", headers=staff)).json()["items"]
        if m["name"] == "Standard"
    )
    assert (
        await client.delete(f"/admin/shipping/methods/{standard['id']}", headers=staff)
    ).status_code == 204
    nothing = await client.get(f"/carts/{cart}/shipping-rates")  # only EasyPost could carry it
    assert_problem(nothing, 503)
    assert nothing.headers["Retry-After"] == "30"
    assert len(easypost.requests) == asked  # while open, EasyPost is not asked

    easypost.failing = False
    clock.now += RESET
    back = await client.get(f"/carts/{cart}/shipping-rates")

    assert back.status_code == 200, back.text
    assert [o["name"] for o in back.json()] == ["Courier"]
    assert BREAKERS["shipping.easypost"].state == "closed"


# ---- notifications: the mail relay down ---------------------------------------------------


@pytest.fixture
async def mail_client(
    settings: Settings, staff_headers: Any
) -> AsyncIterator[tuple[AsyncTestClient[Litestar], dict[str, str], int]]:
    from app import create_app

    port = free_port()  # nobody listens there yet: connections are refused
    configured = with_breakers(
        settings,
        smtp_host="127.0.0.1",
        smtp_port=port,
        smtp_starttls=False,
        mail_from="Mercato Shop <shop@mercato.example>",
        notification_poll_seconds=0.05,
        notification_retry_seconds=0.05,
        notification_max_attempts=2,
    )
    async with AsyncTestClient(app=create_app(configured)) as client:
        yield client, dict(staff_headers(*STAFF, "notifications:read", "notifications:write")), port


async def listed(client: AsyncTestClient[Litestar], staff: dict[str, str]) -> list[dict[str, Any]]:
    reply = await client.get("/admin/notifications/messages?limit=100", headers=staff)
    assert reply.status_code == 200, reply.text
    return list(reply.json()["items"])


async def test_with_the_mail_relay_down_messages_wait_for_the_breaker_instead_of_failing(
    mail_client: tuple[AsyncTestClient[Litestar], dict[str, str], int], database_url: str
) -> None:
    client, staff, port = mail_client
    clock = fake_clock("notifications.smtp")
    emails = [f"user{n}@example.com" for n in range(3)]
    for email in emails:
        body = {"event": "password_reset", "email": email, "payload": {"reset_url": "https://x.example/r"}}
        assert (
            await client.post("/admin/notifications/messages", json=body, headers=staff)
        ).status_code == 201

    async def all_paused() -> list[dict[str, Any]] | None:
        found = await listed(client, staff)
        paused = [m for m in found if m["status"] == "queued" and "paused" in (m["last_error"] or "")]
        return found if len(paused) == len(emails) else None

    waiting = await eventually(all_paused)

    # two attempts are all a message gets (notification_max_attempts): being paused spent none of them
    assert {m["status"] for m in waiting} == {"queued"}
    assert all(m["attempts"] <= 1 for m in waiting)
    assert BREAKERS["notifications.smtp"].state == "open"

    mailbox = Mailbox()
    relay = Controller(mailbox, hostname="127.0.0.1", port=port)
    relay.start()
    try:
        clock.now += RESET  # the breaker lets a probe through; the queue's due times come forward too
        conn = await asyncpg.connect(database_url)
        try:
            await conn.execute(
                "UPDATE notifications_messages SET next_attempt_at = now() WHERE status = 'queued'"
            )
        finally:
            await conn.close()

        async def all_sent() -> bool:
            return {m["status"] for m in await listed(client, staff)} == {"sent"}

        await eventually(all_sent)
        assert sorted(str(mail["To"]) for mail in mailbox.mails) == emails
        assert BREAKERS["notifications.smtp"].state == "closed"
    finally:
        relay.stop()


# ---- search: Meilisearch down ---------------------------------------------------------------


async def test_with_meilisearch_down_search_answers_503_and_soon_stops_asking_it(settings: Settings) -> None:
    from app import create_app

    down = with_breakers(settings, search_engine="meilisearch", meili_url=f"http://127.0.0.1:{free_port()}")
    async with AsyncTestClient(app=create_app(down)) as client:
        clock = fake_clock("search.meilisearch")
        replies = [await client.get("/search", params={"q": "mug"}) for _ in range(3)]

        for reply in replies:
            assert_problem(reply, 503)
        assert replies[-1].headers["Retry-After"] == "30"  # the breaker's: Meilisearch was not asked
        assert BREAKERS["search.meilisearch"].state == "open"

        clock.now += RESET
        probe = await client.get("/search", params={"q": "mug"})  # still down: open again
        assert_problem(probe, 503)
        assert BREAKERS["search.meilisearch"].state == "open"
