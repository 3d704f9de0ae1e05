"""``/me/payment-methods`` through the whole app: provider tokens saved, never card numbers, never shown
back, and a saved method pays for its owner only."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from core.errors import Invalid
from core.money import Money
from core.security import Principal, TokenCodec
from domains.payments.messages import AuthorisePayment, PaymentView
from tests.support.payments import fetch
from tests.support.problems import assert_problem

Client = AsyncTestClient[Litestar]
PATH = "/me/payment-methods"
VISA = "4111111111111111"


def customer(tokens: TokenCodec) -> tuple[uuid.UUID, dict[str, str]]:
    subject = uuid.uuid4()
    principal = Principal(subject=str(subject), kind="customer", session_id=str(uuid.uuid4()))
    return subject, {"Authorization": f"Bearer {tokens.issue(principal)}"}


async def save(client: Client, headers: dict[str, str], **body: Any) -> dict[str, Any]:
    response = await client.post(PATH, json={"provider": "sandbox", "token": "ok", **body}, headers=headers)
    assert response.status_code == 201, response.text
    saved: dict[str, Any] = response.json()
    return saved


async def authorise(client: Client, **fields: Any) -> PaymentView:
    cmd = AuthorisePayment(
        order_id=uuid.uuid4(), amount=Money(amount=2500, currency="EUR"), provider="sandbox", **fields
    )
    view: PaymentView = await asyncio.to_thread(client.blocking_portal.call, client.app.state.bus.send, cmd)
    return view


async def test_a_customer_saves_lists_and_removes_a_method_and_never_sees_its_token_again(
    client: Client, tokens: TokenCodec, database_url: str
) -> None:
    _, me = customer(tokens)
    body = {"token": "pm_1Q0PsIJvEtkwdCNYMSaVuRz6", "label": "Work card", "brand": "visa", "last4": "4242"}

    saved = await save(client, me, **body, expires="2030-12")
    listed = await client.get(PATH, headers=me)

    assert (saved["provider"], saved["label"], saved["last4"], saved["expires"]) == (
        "sandbox",
        "Work card",
        "4242",
        "2030-12",
    )
    assert [m["id"] for m in listed.json()] == [saved["id"]]
    assert "pm_1Q0PsIJvEtkwdCNYMSaVuRz6" not in saved.values() and "pm_1Q0P" not in listed.text
    removed = await client.delete(f"{PATH}/{saved['id']}", headers=me)
    assert removed.status_code == 204
    assert (await client.get(PATH, headers=me)).json() == []
    assert await fetch(database_url, "SELECT id FROM payments_saved_method") == []


@pytest.mark.parametrize("token", [VISA, "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"])
async def test_a_card_number_as_token_is_422_naming_token_and_nothing_is_kept_or_echoed(
    client: Client, tokens: TokenCodec, database_url: str, token: str
) -> None:
    _, me = customer(tokens)

    response = await client.post(PATH, json={"provider": "sandbox", "token": token}, headers=me)

    assert_problem(response, 422, "token")
    assert token not in response.text
    assert await fetch(database_url, "SELECT id FROM payments_saved_method") == []


async def test_bad_fields_are_refused_naming_each(client: Client, tokens: TokenCodec) -> None:
    _, me = customer(tokens)

    label = await client.post(
        PATH, json={"provider": "sandbox", "token": "ok", "label": f"card {VISA}"}, headers=me
    )
    provider = await client.post(PATH, json={"provider": "cash", "token": "ok"}, headers=me)
    expired = await client.post(
        PATH, json={"provider": "sandbox", "token": "ok", "expires": "2020-01"}, headers=me
    )
    last4 = await client.post(PATH, json={"provider": "sandbox", "token": "ok", "last4": "42"}, headers=me)
    unknown = await client.post(PATH, json={"provider": "sandbox", "token": "ok", "pan": VISA}, headers=me)

    assert_problem(label, 422, "label")
    assert_problem(provider, 422, "provider")
    assert_problem(expired, 422, "expires")
    assert_problem(last4, 400, "last4")
    assert_problem(unknown, 400, "pan")


async def test_the_same_token_twice_is_409_but_another_customer_may_save_it(
    client: Client, tokens: TokenCodec
) -> None:
    _, me = customer(tokens)
    _, other = customer(tokens)
    await save(client, me)

    assert_problem(
        await client.post(PATH, json={"provider": "sandbox", "token": "ok"}, headers=me), 409, "token"
    )
    await save(client, other)


async def test_another_customer_s_method_is_404_to_remove_and_is_not_listed(
    client: Client, tokens: TokenCodec
) -> None:
    _, me = customer(tokens)
    _, other = customer(tokens)
    saved = await save(client, me)

    assert_problem(await client.delete(f"{PATH}/{saved['id']}", headers=other), 404)
    assert (await client.get(PATH, headers=other)).json() == []
    assert len((await client.get(PATH, headers=me)).json()) == 1


async def test_the_routes_are_for_signed_in_customers(
    client: Client, staff_headers: Callable[..., dict[str, str]]
) -> None:
    assert_problem(await client.get(PATH), 401)
    assert_problem(await client.get(PATH, headers=staff_headers("payments:read")), 403)
    assert_problem(await client.post(PATH, json={"provider": "sandbox", "token": "ok"}), 401)


async def test_a_saved_method_pays_with_its_provider_and_token_for_its_owner_only(
    client: Client, tokens: TokenCodec
) -> None:
    owner, me = customer(tokens)
    paying = await save(client, me, token="ok")
    declining = await save(client, me, token="decline")

    paid = await authorise(client, token=None, customer_id=owner, saved_method_id=uuid.UUID(paying["id"]))
    declined = await authorise(
        client, token="ok", customer_id=owner, saved_method_id=uuid.UUID(declining["id"])
    )

    assert (paid.status, paid.provider) == ("captured", "sandbox")
    assert (declined.status, declined.decline_reason) == ("declined", "card_declined")
    with pytest.raises(Invalid) as refused:
        await authorise(client, token=None, customer_id=uuid.uuid4(), saved_method_id=uuid.UUID(paying["id"]))
    assert [e.field for e in refused.value.errors] == ["payment.saved_method_id"]
