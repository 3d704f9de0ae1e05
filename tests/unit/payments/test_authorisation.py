"""Authorising a payment over in-memory ports: outcomes, idempotency, provider errors, 3-D Secure."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, NotFound, Unavailable
from domains.payments.handlers.authorisation import authorise_payment, confirm_payment
from domains.payments.handlers.lookup import get_payment
from domains.payments.messages import AuthorisePayment, ConfirmPayment, GetPayment, PaymentDeclined
from domains.payments.ports import AuthoriseRequest, ProviderResult, ProviderUnavailable
from tests.unit.payments.fakes import CountingProvider, deps, eur


def pay(token: str | None = "ok", **fields: Any) -> AuthorisePayment:
    values: dict[str, Any] = {"order_id": uuid4(), "amount": eur(10000), "provider": "fake", **fields}
    return AuthorisePayment(token=token, **values)


async def test_an_ok_token_captures_the_amount_and_announces_it_in_one_commit() -> None:
    d = deps()

    view = await authorise_payment(pay(), d)

    assert (view.status, view.captured, view.refunded) == ("captured", eur(10000), eur(0))
    assert view.reference == "fake_1"
    assert d.uow.types() == ["PaymentAuthorised", "PaymentCaptured"]  # type: ignore[attr-defined]
    assert d.payments.kinds() == [("authorise", "succeeded"), ("capture", "succeeded")]  # type: ignore[attr-defined]


@pytest.mark.parametrize(("token", "reason"), [("decline", "card_declined"), ("fraud", "fraud")])
async def test_a_refusal_is_a_declined_payment_with_its_reason_not_an_error(token: str, reason: str) -> None:
    d = deps()
    cmd = pay(token)

    view = await authorise_payment(cmd, d)

    assert (view.status, view.decline_reason, view.captured) == ("declined", reason, eur(0))
    event = d.uow.of_type(PaymentDeclined)  # type: ignore[attr-defined]
    assert event == [
        PaymentDeclined(order_id=cmd.order_id, payment_id=view.id, amount=eur(10000), reason=reason)
    ]


async def test_a_repeat_returns_the_first_outcome_without_asking_the_provider_again() -> None:
    provider = CountingProvider()
    d = deps(provider)
    cmd = pay()

    first = await authorise_payment(cmd, d)
    again = await authorise_payment(cmd, d)
    declined_later = await authorise_payment(pay("decline", order_id=cmd.order_id), d)

    assert first == again == declined_later
    assert provider.asked("authorise") == [str(first.id)]
    assert d.uow.types() == ["PaymentAuthorised", "PaymentCaptured"]  # type: ignore[attr-defined]


async def test_a_provider_error_is_unavailable_charges_nothing_and_is_in_the_ledger() -> None:
    provider = CountingProvider()
    d = deps(provider)
    cmd = pay("error")

    with pytest.raises(Unavailable):
        await authorise_payment(cmd, d)

    stored = await get_payment(GetPayment(order_id=cmd.order_id), d)
    assert (stored.status, stored.captured) == ("failed", eur(0))
    assert provider.charges == {}
    assert d.uow.committed == []  # type: ignore[attr-defined]
    assert d.payments.kinds() == [("authorise", "failed")]  # type: ignore[attr-defined]


async def test_a_repeat_after_a_provider_error_asks_again_with_the_same_key_and_charges_once() -> None:
    provider = CountingProvider()
    d = deps(provider)
    provider.down = True
    cmd = pay()
    with pytest.raises(Unavailable):
        await authorise_payment(cmd, d)
    provider.down = False

    view = await authorise_payment(cmd, d)

    assert view.status == "captured"
    assert provider.asked("authorise") == [str(view.id), str(view.id)]
    assert len(provider.charges) == 1


async def test_an_unknown_provider_or_amount_is_invalid_naming_each_field_and_asks_no_one() -> None:
    provider = CountingProvider()
    d = deps(provider)

    with pytest.raises(Invalid) as refused:
        await authorise_payment(pay(provider="bitcoin", amount=eur(-5)), d)

    assert [e.field for e in refused.value.errors] == ["payment.provider", "amount.amount"]
    assert "fake" in refused.value.errors[0].message
    assert provider.calls == []
    assert d.payments.rows == {}  # type: ignore[attr-defined]


@pytest.mark.parametrize("number", ["4242424242424242", "4242 4242 4242 4242", "5555-5555-5555-4444"])
async def test_a_card_number_is_refused_as_a_token_and_never_reaches_the_provider(number: str) -> None:
    provider = CountingProvider()
    d = deps(provider)

    with pytest.raises(Invalid) as refused:
        await authorise_payment(pay(number), d)

    assert [e.field for e in refused.value.errors] == ["payment.token"]
    assert number not in str(refused.value.errors)
    assert provider.calls == []


async def test_a_3ds_payment_requires_action_then_confirm_captures_it_once() -> None:
    provider = CountingProvider()
    d = deps(provider)
    cmd = pay("3ds")

    waiting = await authorise_payment(cmd, d)
    confirmed = await confirm_payment(ConfirmPayment(order_id=cmd.order_id), d)
    again = await confirm_payment(ConfirmPayment(order_id=cmd.order_id), d)

    assert (waiting.status, waiting.action_url) == ("requires_action", "https://bank/3ds")
    assert d.uow.types() == ["PaymentAuthorised", "PaymentCaptured"]  # type: ignore[attr-defined]
    assert (confirmed.status, confirmed.action_url, confirmed.reference) == (
        "captured",
        None,
        waiting.reference,
    )
    assert again == confirmed
    assert provider.asked("confirm") == [f"{waiting.id}:confirm"]


async def test_confirming_a_payment_whose_outcome_is_unknown_is_a_conflict() -> None:
    d = deps()
    cmd = pay("error")
    with pytest.raises(Unavailable):
        await authorise_payment(cmd, d)

    with pytest.raises(Conflict):
        await confirm_payment(ConfirmPayment(order_id=cmd.order_id), d)


async def test_nothing_to_charge_is_settled_without_asking_a_provider() -> None:
    provider = CountingProvider()
    d = deps(provider)

    view = await authorise_payment(pay("decline", amount=eur(0)), d)

    assert (view.status, view.captured) == ("captured", eur(0))
    assert provider.calls == []
    assert d.uow.types() == ["PaymentAuthorised", "PaymentCaptured"]  # type: ignore[attr-defined]


async def test_an_order_without_a_payment_is_not_found() -> None:
    with pytest.raises(NotFound):
        await get_payment(GetPayment(order_id=uuid4()), deps())


class LateFailure(CountingProvider):
    """The first call times out only after a second call for the same key got the answer."""

    def __init__(self) -> None:
        super().__init__()
        self.answered = asyncio.Event()

    async def authorise(self, request: AuthoriseRequest) -> ProviderResult:
        if not self.calls:
            self.calls.append(("authorise", request.idempotency_key))
            await self.answered.wait()
            raise ProviderUnavailable("fake", "timed out")
        result = await super().authorise(request)
        self.answered.set()
        return result


async def test_a_late_provider_error_never_undoes_the_answer_another_call_recorded() -> None:
    d = deps(LateFailure())
    cmd = pay()

    late, answered = await asyncio.gather(
        authorise_payment(cmd, d), authorise_payment(cmd, d), return_exceptions=True
    )

    assert isinstance(late, Unavailable)
    assert answered.status == "captured"
    assert (await get_payment(GetPayment(order_id=cmd.order_id), d)).status == "captured"
    assert d.uow.types() == ["PaymentAuthorised", "PaymentCaptured"]  # type: ignore[attr-defined]
