"""Refunds against the real PostgreSQL: concurrent refunds never pass what was captured."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import asyncpg
import pytest

from adapters.payments.sandbox import SandboxPaymentProvider
from core.errors import Conflict
from core.money import Money
from domains.payments.handlers.authorisation import authorise_payment
from domains.payments.handlers.refunds import refund_payment
from domains.payments.handlers.settlement import void_payment
from domains.payments.messages import AuthorisePayment, RefundPayment, VoidPayment
from domains.payments.ports import PaymentsDeps
from tests.support.payments import fetch, ledger, outbox, payment_row, payments_deps


@pytest.fixture
async def deps(database_url: str) -> AsyncIterator[PaymentsDeps]:
    async with payments_deps(database_url, {"sandbox": SandboxPaymentProvider()}) as opened:
        yield opened


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


async def captured(deps: PaymentsDeps, amount: int = 10000) -> UUID:
    order_id = uuid4()
    cmd = AuthorisePayment(order_id=order_id, amount=eur(amount), provider="sandbox", token="ok")
    assert (await authorise_payment(cmd, deps)).status == "captured"
    return order_id


def refund(order_id: UUID, amount: int) -> RefundPayment:
    return RefundPayment(order_id=order_id, amount=eur(amount), reason="returned")


async def test_ten_concurrent_refunds_of_30_on_a_100_capture_let_exactly_three_through(
    deps: PaymentsDeps, database_url: str
) -> None:
    order_id = await captured(deps)

    outcomes = await asyncio.gather(
        *(refund_payment(refund(order_id, 3000), deps) for _ in range(10)), return_exceptions=True
    )

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(outcomes) - len(refused) == 3
    assert all(isinstance(o, Conflict) and o.errors[0].field == "amount" for o in refused)
    row = await payment_row(database_url, order_id)
    assert (row["status"], row["captured"], row["refunded"], row["refunding"]) == (
        "partially_refunded",
        10000,
        9000,
        0,
    )
    assert [line for line in await ledger(database_url, order_id) if line[0] == "refund"] == [
        ("refund", 3000, "succeeded")
    ] * 3
    assert (await outbox(database_url, order_id)).count("PaymentRefunded") == 3


async def test_the_table_itself_refuses_refunds_past_the_capture(
    deps: PaymentsDeps, database_url: str
) -> None:
    order_id = await captured(deps)

    with pytest.raises(asyncpg.CheckViolationError):
        await fetch(
            database_url, "UPDATE payments_payment SET refunded = 10001 WHERE order_id = $1", order_id
        )
    with pytest.raises(asyncpg.CheckViolationError):
        await fetch(
            database_url,
            "UPDATE payments_payment SET refunded = 6000, refunding = 5000 WHERE order_id = $1",
            order_id,
        )
    with pytest.raises(asyncpg.CheckViolationError):
        await fetch(
            database_url, "UPDATE payments_payment SET captured = 10001 WHERE order_id = $1", order_id
        )


async def test_one_payment_per_order_is_enforced_by_the_table(deps: PaymentsDeps, database_url: str) -> None:
    order_id = await captured(deps)

    with pytest.raises(asyncpg.UniqueViolationError):
        await fetch(
            database_url,
            "INSERT INTO payments_payment (id, order_id, provider, currency, amount) VALUES ($1, $2, 'sandbox', 'EUR', 1)",
            uuid4(),
            order_id,
        )


async def test_voiding_a_partly_refunded_payment_refunds_the_rest_and_says_so_once(
    deps: PaymentsDeps, database_url: str
) -> None:
    order_id = await captured(deps)
    await refund_payment(refund(order_id, 2500), deps)

    voided = await asyncio.gather(
        *(void_payment(VoidPayment(order_id=order_id), deps) for _ in range(3)), return_exceptions=True
    )

    assert [v for v in voided if isinstance(v, Exception)] == []
    row = await payment_row(database_url, order_id)
    assert (row["status"], row["refunded"], row["refunding"]) == ("refunded", 10000, 0)
    assert await outbox(database_url, order_id) == [
        "PaymentAuthorised",
        "PaymentCaptured",
        "PaymentRefunded",
        "PaymentRefunded",
    ]
