"""Payments through the whole app: the sandbox wired by settings, the bus, and the staff view."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import pytest
from litestar.testing import AsyncTestClient

import domains
from app import Services, close_services, create_app, open_services
from core.errors import Invalid, Unavailable
from core.money import Money
from core.security import TokenCodec
from domains.payments.messages import AuthorisePayment, RefundPayment
from tests.support.problems import assert_problem


def pay(token: str, provider: str = "sandbox") -> AuthorisePayment:
    return AuthorisePayment(
        order_id=uuid4(), amount=Money(amount=2500, currency="EUR"), provider=provider, token=token
    )


@pytest.fixture
async def services(settings) -> AsyncIterator[Services]:
    opened = await open_services(settings, domains.load(["payments"]), TokenCodec("k" * 40))
    try:
        yield opened
    finally:
        await close_services(opened)


async def refunded_in_part(settings) -> UUID:
    """An order paid 25.00 with 5.00 refunded, made over the bus of a process that then stops."""
    opened = await open_services(settings, domains.load(["payments"]), TokenCodec("k" * 40))
    try:
        cmd = pay("ok")
        await opened.bus.send(cmd)
        await opened.bus.send(
            RefundPayment(order_id=cmd.order_id, amount=Money(amount=500, currency="EUR"), reason="late")
        )
    finally:
        await close_services(opened)
    return cmd.order_id


async def test_staff_see_a_payment_with_its_ledger_and_never_a_token(settings, staff_headers) -> None:
    order_id = await refunded_in_part(settings)

    async with AsyncTestClient(app=create_app(settings)) as client:
        response = await client.get(f"/admin/payments/{order_id}", headers=staff_headers("payments:read"))

    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["provider"]) == ("partially_refunded", "sandbox")
    assert (body["captured"], body["refunded"]) == (
        {"amount": 2500, "currency": "EUR"},
        {"amount": 500, "currency": "EUR"},
    )
    assert [(t["kind"], t["outcome"]) for t in body["transactions"]] == [
        ("authorise", "succeeded"),
        ("capture", "succeeded"),
        ("refund", "succeeded"),
    ]
    assert "token" not in response.text


async def test_the_staff_view_needs_payments_read_and_an_unknown_order_is_404(client, staff_headers) -> None:
    path = f"/admin/payments/{uuid4()}"

    assert_problem(await client.get(path), 401)
    assert_problem(await client.get(path, headers=staff_headers("orders:read")), 403)
    assert_problem(await client.get(path, headers=staff_headers("payments:read")), 404)


async def test_over_the_bus_an_error_token_is_unavailable_and_an_unknown_provider_is_invalid(
    services: Services,
) -> None:
    assert services.bus is not None

    with pytest.raises(Unavailable):
        await services.bus.send(pay("error"))
    with pytest.raises(Invalid) as refused:
        await services.bus.send(pay("ok", provider="stripe"))

    assert refused.value.errors[0].field == "payment.provider"
