"""Authorising against the real PostgreSQL: a crash between the provider's answer and our record,
repeats and concurrent duplicates never charge twice or announce twice."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any
from uuid import uuid4

import pytest

from adapters.payments.sandbox import SandboxPaymentProvider
from core.errors import Unavailable
from core.money import Money
from domains.payments.handlers.authorisation import authorise_payment, confirm_payment
from domains.payments.messages import AuthorisePayment, ConfirmPayment
from domains.payments.ports import AuthoriseRequest, PaymentsDeps, ProviderResult
from tests.support.payments import ledger, outbox, payment_row, payments_deps


class Crash(BaseException):
    """The process dies: nothing after this point runs."""


class WatchedSandbox(SandboxPaymentProvider):
    """The sandbox, recording the idempotency key of every authorisation; ``crash`` kills the
    process once, right after the provider charged and before we could record it."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.crash = False

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        self.keys.append(request.idempotency_key)
        result = await super().authorise(request)
        if self.crash:
            self.crash = False
            raise Crash
        return result


@pytest.fixture
def sandbox() -> WatchedSandbox:
    return WatchedSandbox()


@pytest.fixture
async def deps(database_url: str, sandbox: WatchedSandbox) -> AsyncIterator[PaymentsDeps]:
    async with payments_deps(database_url, {"sandbox": sandbox}) as opened:
        yield opened


def pay(token: str = "ok", **fields: Any) -> AuthorisePayment:
    values: dict[str, Any] = {"order_id": uuid4(), "amount": Money(amount=4999, currency="EUR"), **fields}
    return AuthorisePayment(provider="sandbox", token=token, **values)


async def test_a_crash_after_the_charge_is_settled_by_a_repeat_under_the_same_key_without_a_second_charge(
    deps: PaymentsDeps, sandbox: WatchedSandbox, database_url: str
) -> None:
    cmd = pay()
    sandbox.crash = True
    with pytest.raises(Crash):
        await authorise_payment(cmd, deps)
    pending = await payment_row(database_url, cmd.order_id)
    assert (pending["status"], pending["reference"]) == ("pending", None)

    view = await authorise_payment(cmd, deps)

    assert view.status == "captured"
    assert sandbox.keys == [str(view.id), str(view.id)]
    assert await ledger(database_url, cmd.order_id) == [
        ("authorise", 4999, "succeeded"),
        ("capture", 4999, "succeeded"),
    ]
    assert await outbox(database_url, cmd.order_id) == ["PaymentAuthorised", "PaymentCaptured"]


async def test_a_repeat_of_a_settled_payment_answers_from_the_table_and_never_asks_the_provider(
    deps: PaymentsDeps, sandbox: WatchedSandbox, database_url: str
) -> None:
    cmd = pay("decline")
    first = await authorise_payment(cmd, deps)

    again = await authorise_payment(pay("ok", order_id=cmd.order_id), deps)

    assert again == first
    assert (again.status, again.decline_reason) == ("declined", "card_declined")
    assert len(sandbox.keys) == 1
    assert await outbox(database_url, cmd.order_id) == ["PaymentDeclined"]


async def test_concurrent_authorisations_of_one_order_make_one_payment_announced_once(
    deps: PaymentsDeps, sandbox: WatchedSandbox, database_url: str
) -> None:
    cmd = pay()

    views = await asyncio.gather(*(authorise_payment(cmd, deps) for _ in range(8)))

    assert {v.id for v in views} == {views[0].id}
    assert {v.status for v in views} == {"captured"}
    assert set(sandbox.keys) == {str(views[0].id)}
    assert await outbox(database_url, cmd.order_id) == ["PaymentAuthorised", "PaymentCaptured"]
    assert (await payment_row(database_url, cmd.order_id))["captured"] == 4999


async def test_a_provider_error_leaves_a_failed_payment_with_its_attempt_and_no_event(
    deps: PaymentsDeps, database_url: str
) -> None:
    cmd = pay("error")

    with pytest.raises(Unavailable) as caught:
        await authorise_payment(cmd, deps)

    assert caught.value.retry_after
    row = await payment_row(database_url, cmd.order_id)
    assert (row["status"], row["captured"]) == ("failed", 0)
    assert await ledger(database_url, cmd.order_id) == [("authorise", 4999, "failed")]
    assert await outbox(database_url, cmd.order_id) == []


async def test_a_3ds_payment_waits_for_its_action_then_confirming_it_is_recorded_once(
    deps: PaymentsDeps, database_url: str
) -> None:
    cmd = pay("3ds", capture=False)
    waiting = await authorise_payment(cmd, deps)

    confirmed = await asyncio.gather(
        *(confirm_payment(ConfirmPayment(order_id=cmd.order_id), deps) for _ in range(3))
    )

    assert waiting.status == "requires_action"
    assert {c.status for c in confirmed} == {"authorised"}
    assert (await payment_row(database_url, cmd.order_id))["action_url"] is None
    assert await outbox(database_url, cmd.order_id) == ["PaymentAuthorised"]
    assert await ledger(database_url, cmd.order_id) == [
        ("authorise", 4999, "requires_action"),
        ("authorise", 4999, "succeeded"),
    ]


async def test_no_token_or_card_number_is_stored(deps: PaymentsDeps, database_url: str) -> None:
    cmd = pay("ok")
    await authorise_payment(cmd, deps)

    row = await payment_row(database_url, cmd.order_id)

    assert "token" not in dict(row)
    assert "ok" not in {value for value in dict(row).values() if isinstance(value, str)}
