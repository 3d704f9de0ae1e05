"""Fraud rules through the whole app: held payments in the staff review queue, approved or rejected
once, the blocklist staff keep, and velocity counted in PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any
from uuid import UUID, uuid4

import msgspec
import pytest
from litestar import Litestar
from litestar.testing import AsyncTestClient

from config.settings import Settings
from core.money import Money
from domains.payments.messages import AuthorisePayment, PaymentView
from tests.e2e.test_orders_support import stocked_shop
from tests.support.payments import fetch, outbox
from tests.support.problems import assert_problem

Client = AsyncTestClient[Litestar]
# 30 points for an amount over 50.00 EUR; held from 30, refused from 90; the 3rd attempt of an email scores 40.
TUNED = {
    "fraud_amount_threshold": 5000,
    "fraud_review_score": 30,
    "fraud_block_score": 90,
    "fraud_velocity_email": 2,
}


@pytest.fixture
async def client(settings: Settings) -> AsyncIterator[Client]:
    from app import create_app

    async with AsyncTestClient(app=create_app(msgspec.structs.replace(settings, **TUNED))) as test_client:
        yield test_client


@pytest.fixture
def staff(staff_headers: Callable[..., dict[str, str]]) -> dict[str, str]:
    return staff_headers("payments:read", "payments:write")


async def authorise(client: Client, amount: int = 10000, **fields: Any) -> PaymentView:
    """``AuthorisePayment`` on the app's bus, as the checkout sends it."""
    values: dict[str, Any] = {
        "order_id": uuid4(),
        "amount": Money(amount=amount, currency="EUR"),
        "provider": "sandbox",
        "token": "ok",
        "email": f"{uuid4().hex[:8]}@example.com",
        "ip": "198.51.100.7",
        **fields,
    }
    send = client.app.state.bus.send
    view: PaymentView = await asyncio.to_thread(client.blocking_portal.call, send, AuthorisePayment(**values))
    return view


async def held(client: Client, **fields: Any) -> UUID:
    view = await authorise(client, **fields)
    assert view.status == "held", view
    return view.order_id


async def test_a_large_payment_waits_in_the_review_queue_authorised_with_its_score_and_reasons(
    client: Client, staff: dict[str, str], settings: Settings
) -> None:
    order_id = await held(client, email="ann@example.com", billing_country="DE", shipping_country="DE")

    queue = await client.get("/admin/payments/review", headers=staff)

    assert queue.status_code == 200, queue.text
    (item,) = queue.json()["items"]
    assert (item["order_id"], item["score"], item["reasons"]) == (
        str(order_id),
        30,
        ["amount: 100.00 EUR is over 50.00 EUR"],
    )
    assert (item["email"], item["ip"], item["shipping_country"]) == ("ann@example.com", "198.51.100.7", "DE")
    assert len(item["card_fingerprint"]) == 32
    payment = (await client.get(f"/admin/payments/{order_id}", headers=staff)).json()
    assert (payment["status"], payment["captured"]["amount"], payment["fraud_score"]) == ("held", 0, 30)
    assert await outbox(settings.database_url or "", order_id) == ["PaymentAuthorised", "PaymentHeld"]


async def test_approving_captures_the_payment_once_and_a_second_decision_is_409(
    client: Client, staff: dict[str, str], settings: Settings
) -> None:
    order_id = await held(client)

    approved = await client.post(f"/admin/payments/{order_id}/approve", headers=staff)

    assert approved.status_code == 200, approved.text
    assert (approved.json()["status"], approved.json()["captured"]["amount"]) == ("captured", 10000)
    assert_problem(await client.post(f"/admin/payments/{order_id}/approve", headers=staff), 409)
    rejected = await client.post(f"/admin/payments/{order_id}/reject", json={"reason": "late"}, headers=staff)
    assert_problem(rejected, 409)
    assert (await client.get("/admin/payments/review", headers=staff)).json()["items"] == []
    assert (await outbox(settings.database_url or "", order_id))[-1] == "PaymentCaptured"


async def test_rejecting_voids_the_payment_keeps_the_reason_and_approving_it_then_is_409(
    client: Client, staff: dict[str, str], settings: Settings
) -> None:
    order_id = await held(client)

    rejected = await client.post(
        f"/admin/payments/{order_id}/reject", json={"reason": "stolen card"}, headers=staff
    )

    assert rejected.status_code == 200, rejected.text
    assert rejected.json()["status"] == "voided"
    assert_problem(await client.post(f"/admin/payments/{order_id}/approve", headers=staff), 409)
    assert (await outbox(settings.database_url or "", order_id))[-1] == "PaymentVoided"
    ledger = (await client.get(f"/admin/payments/{order_id}", headers=staff)).json()["transactions"]
    assert [(t["kind"], t["outcome"], t["reason"]) for t in ledger][-1] == (
        "void",
        "succeeded",
        "stolen card",
    )
    (decision,) = await fetch(
        settings.database_url or "",
        "SELECT decision, reason FROM payments_review r JOIN payments_payment p"
        " ON p.id = r.payment_id WHERE p.order_id = $1",
        order_id,
    )
    assert (decision["decision"], decision["reason"]) == ("rejected", "stolen card")


async def test_a_rejection_without_a_reason_is_refused_naming_it(
    client: Client, staff: dict[str, str]
) -> None:
    order_id = await held(client)

    assert_problem(
        await client.post(f"/admin/payments/{order_id}/reject", json={}, headers=staff), 400, "reason"
    )
    blank = await client.post(f"/admin/payments/{order_id}/reject", json={"reason": " "}, headers=staff)
    assert_problem(blank, 422, "reason")


async def test_review_routes_need_payments_permissions_and_an_unknown_order_is_404(
    client: Client, staff_headers: Callable[..., dict[str, str]]
) -> None:
    order_id = await held(client)
    reader = staff_headers("payments:read")

    assert_problem(await client.get("/admin/payments/review"), 401)
    assert_problem(await client.get("/admin/payments/review", headers=staff_headers("orders:read")), 403)
    assert (await client.get("/admin/payments/review", headers=reader)).status_code == 200
    assert_problem(await client.post(f"/admin/payments/{order_id}/approve", headers=reader), 403)
    writer = staff_headers("payments:write")
    assert_problem(await client.post(f"/admin/payments/{uuid4()}/approve", headers=writer), 404)


async def test_the_queue_is_oldest_first_and_pages_with_a_cursor(
    client: Client, staff: dict[str, str]
) -> None:
    first, second, third = [await held(client) for _ in range(3)]

    page = (await client.get("/admin/payments/review?limit=2", headers=staff)).json()
    rest = await client.get(f"/admin/payments/review?limit=2&cursor={page['next_cursor']}", headers=staff)

    assert [i["order_id"] for i in page["items"]] == [str(first), str(second)]
    assert [i["order_id"] for i in rest.json()["items"]] == [str(third)]
    assert rest.json()["next_cursor"] is None
    assert_problem(await client.get("/admin/payments/review?cursor=nonsense", headers=staff), 422, "cursor")


async def test_the_third_attempt_of_an_email_within_the_window_is_held_for_velocity(client: Client) -> None:
    email = "repeat@example.com"
    for _ in range(2):
        assert (await authorise(client, amount=1000, email=email)).status == "captured"

    third = await authorise(client, amount=1000, email=email.upper())

    assert (third.status, third.fraud_reasons) == ("held", ["velocity_email: 3 attempts in 10 min"])
    assert (await authorise(client, amount=1000)).status == "captured"  # another email


async def test_staff_block_values_and_matching_attempts_are_refused_for_fraud_without_the_provider(
    client: Client, staff: dict[str, str], settings: Settings
) -> None:
    card = (await client.get(f"/admin/payments/{await held(client, token='ok')}", headers=staff)).json()
    assert card["status"] == "held"
    fingerprint = (await client.get("/admin/payments/review", headers=staff)).json()["items"][0][
        "card_fingerprint"
    ]
    entries = [
        {"kind": "ip", "value": "203.0.113.0/24", "note": "proxy farm"},
        {"kind": "email", "value": "Eve@Example.com"},
        {"kind": "country", "value": "ru"},
        {"kind": "card", "value": fingerprint},
    ]
    for entry in entries:
        made = await client.post("/admin/payments/blocklist", json=entry, headers=staff)
        assert made.status_code == 201, made.text

    refused = [
        await authorise(client, amount=1000, ip="203.0.113.50", token="decline"),
        await authorise(client, amount=1000, email="eve@example.com"),
        await authorise(client, amount=1000, shipping_country="RU"),
        await authorise(client, amount=1000),  # the same sandbox token "ok": the same fingerprint
    ]

    assert [(v.status, v.decline_reason, v.fraud_score) for v in refused] == [("declined", "fraud", 100)] * 4
    assert refused[0].fraud_reasons == ["blocklist_ip: 203.0.113.50 is in 203.0.113.0/24"]
    references = await fetch(
        settings.database_url or "",
        "SELECT reference FROM payments_payment WHERE order_id = any($1::uuid[])",
        [v.order_id for v in refused],
    )
    assert [r["reference"] for r in references] == [None] * 4  # the sandbox was never asked


async def test_blocklist_entries_are_listed_newest_first_filtered_changed_and_removed(
    client: Client, staff: dict[str, str]
) -> None:
    path = "/admin/payments/blocklist"
    ip = (await client.post(path, json={"kind": "ip", "value": "10.1.2.3"}, headers=staff)).json()
    email = (await client.post(path, json={"kind": "email", "value": "a@b.c"}, headers=staff)).json()

    listed = (await client.get(path, headers=staff)).json()["items"]
    only_ips = (await client.get(f"{path}?kind=ip", headers=staff)).json()["items"]
    noted = await client.patch(f"{path}/{ip['id']}", json={"note": "seen in fraud ring"}, headers=staff)
    removed = await client.delete(f"{path}/{email['id']}", headers=staff)

    assert [e["id"] for e in listed] == [email["id"], ip["id"]]
    assert (ip["value"], ip["created_by"].startswith("staff:")) == ("10.1.2.3/32", True)
    assert [e["id"] for e in only_ips] == [ip["id"]]
    assert noted.json()["note"] == "seen in fraud ring"
    assert removed.status_code == 204
    assert_problem(await client.get(f"{path}/{email['id']}", headers=staff), 404)
    assert_problem(await client.delete(f"{path}/{email['id']}", headers=staff), 404)


async def test_a_duplicate_or_malformed_blocklist_entry_is_refused_naming_the_field(
    client: Client, staff: dict[str, str], staff_headers: Callable[..., dict[str, str]]
) -> None:
    path = "/admin/payments/blocklist"
    assert (
        await client.post(path, json={"kind": "country", "value": "RU"}, headers=staff)
    ).status_code == 201

    assert_problem(
        await client.post(path, json={"kind": "country", "value": "ru"}, headers=staff), 409, "value"
    )
    assert_problem(
        await client.post(path, json={"kind": "ip", "value": "10.0.0.300"}, headers=staff), 422, "value"
    )
    assert_problem(
        await client.post(path, json={"kind": "card", "value": "4111111111111111"}, headers=staff), 422
    )
    assert_problem(await client.post(path, json={"kind": "phone", "value": "1"}, headers=staff), 400, "kind")
    assert_problem(await client.get(f"{path}?limit=101", headers=staff), 400)
    reader = staff_headers("payments:read")
    assert_problem(await client.post(path, json={"kind": "country", "value": "FR"}, headers=reader), 403)


async def test_a_blocklisted_email_at_checkout_is_402_and_no_order_is_placed(
    client: Client, staff: dict[str, str], staff_headers: Callable[..., dict[str, str]], settings: Settings
) -> None:
    every = staff_headers(
        *(
            f"{p}:{a}"
            for p in ("catalog", "pricing", "inventory", "shipping", "orders")
            for a in ("read", "write")
        )
    )
    shop = await stocked_shop(client, every, settings.database_url or "")
    entry = {"kind": "email", "value": "ann@example.com"}
    assert (await client.post("/admin/payments/blocklist", json=entry, headers=staff)).status_code == 201

    response = await shop.checkout(await shop.cart(("MUG-1", 1)))

    assert_problem(response, 402)
    assert await shop.rows("SELECT id FROM orders_orders") == []
    (payment,) = await shop.rows(
        "SELECT status, decline_reason, reference, fraud_score FROM payments_payment"
    )
    assert tuple(payment) == ("declined", "fraud", None, 100)
