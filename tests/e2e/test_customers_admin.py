"""Staff over HTTP: customers (search, tags, blocking), segments; order facts and facts for pricing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest

from app import Services, close_services, open_services
from core.money import Money
from domains import customers, identity
from domains.customers.messages import (
    AddAddress,
    CreateSegment,
    GetCustomerDetail,
    GetCustomerFacts,
    ListSegmentMembers,
    RecordOrderCancelled,
    RecordOrderPlaced,
    SegmentRules,
    TagCustomer,
)
from domains.identity.messages import RegisterCustomer
from tests.e2e.test_customers import HOME, signed_in
from tests.e2e.test_identity import PASSWORD, events, register
from tests.support.eventually import eventually
from tests.support.problems import assert_problem


@pytest.fixture
def staff(staff_headers):
    return staff_headers("customers:read", "customers:write")


async def customer_id(client, headers) -> str:
    return (await client.get("/me", headers=headers)).json()["id"]


async def listed(client, staff, query: str = "") -> dict:
    async def found():
        body = (await client.get(f"/admin/customers{query}", headers=staff)).json()
        return body if body["items"] else None

    return await eventually(found)


async def test_staff_search_customers_by_email_or_name_newest_first_page_by_page(client, staff) -> None:
    for email, name in (("ann@example.com", "Ann"), ("bob@example.com", "Bob"), ("cy@shop.test", "Annabel")):
        await register(client, email, first_name=name)

    async def all_three():
        body = (await client.get("/admin/customers", headers=staff)).json()
        named = [c for c in body["items"] if c["first_name"]]
        return body if len(named) == 3 else None

    everyone = await eventually(all_three)
    assert [c["email"] for c in everyone["items"]] == ["cy@shop.test", "bob@example.com", "ann@example.com"]
    by_name = (await client.get("/admin/customers?q=ANN", headers=staff)).json()
    assert [c["email"] for c in by_name["items"]] == ["cy@shop.test", "ann@example.com"]
    by_email = (await client.get("/admin/customers?q=example.com&limit=1", headers=staff)).json()
    assert [c["email"] for c in by_email["items"]] == ["bob@example.com"]
    rest = await client.get(
        f"/admin/customers?q=example.com&limit=1&cursor={by_email['next_cursor']}", headers=staff
    )
    assert ([c["email"] for c in rest.json()["items"]], rest.json()["next_cursor"]) == (
        ["ann@example.com"],
        None,
    )
    assert (await client.get("/admin/customers?q=100%25", headers=staff)).json()["items"] == []
    assert_problem(await client.get("/admin/customers?cursor=bm9wZQ", headers=staff), 422, "cursor")
    assert_problem(await client.get("/admin/customers?limit=101", headers=staff), 400, "limit")


async def test_customer_routes_need_the_customers_permissions(client, staff_headers) -> None:
    some_id = uuid.uuid4()
    assert_problem(await client.get("/admin/customers"), 401)
    assert_problem(await client.get("/admin/customers", headers=staff_headers("catalog:read")), 403)
    reader = staff_headers("customers:read")
    assert (await client.get("/admin/customers", headers=reader)).status_code == 200
    assert_problem(await client.post(f"/admin/customers/{some_id}/block", headers=reader), 403)
    assert_problem(
        await client.post("/admin/segments", headers=reader, json={"name": "x", "kind": "static"}), 403
    )
    assert_problem(await client.get(f"/admin/customers/{some_id}", headers=reader), 404)


async def test_tags_are_added_and_taken_off_and_show_on_the_customer(client, staff) -> None:
    headers = await signed_in(client)
    cid = await customer_id(client, headers)
    tagged = await client.post(
        f"/admin/customers/{cid}/tags", headers=staff, json={"tags": ["VIP", "wholesale", "vip"]}
    )
    assert tagged.status_code == 200, tagged.text
    assert tagged.json()["tags"] == ["vip", "wholesale"]
    untagged = await client.delete(f"/admin/customers/{cid}/tags/vip", headers=staff)
    assert untagged.json()["tags"] == ["wholesale"]
    assert_problem(
        await client.post(f"/admin/customers/{cid}/tags", headers=staff, json={"tags": ["no spaces"]}), 400
    )
    detail = (await client.get(f"/admin/customers/{cid}", headers=staff)).json()
    assert (detail["tags"], detail["blocked"], detail["order_count"]) == (["wholesale"], False, 0)


async def test_a_blocked_customer_cannot_sign_in_until_unblocked(client, staff) -> None:
    headers = await signed_in(client)
    cid = await customer_id(client, headers)
    blocked = await client.post(f"/admin/customers/{cid}/block", headers=staff)
    assert blocked.json()["blocked"] is True
    login = {"email": "ann@example.com", "password": PASSWORD}

    async def refused():
        return (await client.post("/auth/login", json=login)).status_code == 403

    await eventually(refused)
    assert_problem(await client.post("/auth/login", json=login), 403)
    await client.post(f"/admin/customers/{cid}/unblock", headers=staff)

    async def allowed():
        return (await client.post("/auth/login", json=login)).status_code == 200

    await eventually(allowed)


async def test_a_static_segment_holds_the_members_staff_add(client, staff) -> None:
    ann = await customer_id(client, await signed_in(client))
    created = await client.post("/admin/segments", headers=staff, json={"name": "Press", "kind": "static"})
    assert created.status_code == 201, created.text
    segment = created.json()
    assert (segment["kind"], segment["rules"], segment["member_count"]) == ("static", None, 0)
    path = f"/admin/segments/{segment['id']}"
    added = await client.post(f"{path}/members", headers=staff, json={"customer_ids": [ann, ann]})
    assert added.json()["member_count"] == 1
    members = (await client.get(f"{path}/members", headers=staff)).json()
    assert [m["id"] for m in members["items"]] == [ann]
    unknown = await client.post(f"{path}/members", headers=staff, json={"customer_ids": [str(uuid.uuid4())]})
    assert_problem(unknown, 422, "customer_ids[0]")
    assert (await client.delete(f"{path}/members/{ann}", headers=staff)).json()["member_count"] == 0
    assert_problem(await client.delete(f"{path}/members/{ann}", headers=staff), 404)
    renamed = await client.patch(path, headers=staff, json={"name": "Journalists"})
    assert renamed.json()["name"] == "Journalists"
    assert [s["name"] for s in (await client.get("/admin/segments", headers=staff)).json()["items"]] == [
        "Journalists"
    ]
    assert (await client.delete(path, headers=staff)).status_code == 204
    assert_problem(await client.get(path, headers=staff), 404)


@pytest.fixture
async def services(settings, tokens) -> AsyncIterator[Services]:
    """Identity and customers on a bus of their own, for what has no HTTP route (order facts)."""
    opened = await open_services(settings, [identity.domain, customers.domain], tokens)
    try:
        yield opened
    finally:
        await close_services(opened)


async def test_a_rule_segment_follows_addresses_tags_and_order_facts(services, settings) -> None:
    bus = services.bus
    assert bus is not None
    account = await bus.send(RegisterCustomer(email="ann@example.com", password=PASSWORD))
    ann = uuid.UUID(account.id)
    rules = SegmentRules(countries=["fr"], tags=["VIP"], min_orders=1)
    segment = await bus.send(CreateSegment(name="French VIP buyers", kind="rule", rules=rules))
    assert segment.rules == SegmentRules(countries=["FR"], tags=["vip"], min_orders=1)

    async def members() -> list[uuid.UUID]:
        return [m.id for m in (await bus.ask(ListSegmentMembers(segment_id=segment.id))).items]

    await bus.send(AddAddress(customer_id=ann, default_shipping=True, **HOME))
    await bus.send(TagCustomer(customer_id=ann, tags=["vip"]))
    assert await members() == []
    order = uuid.uuid4()
    placed = RecordOrderPlaced(
        customer_id=ann, order_id=order, total=Money(amount=4999, currency="EUR"), placed_at=datetime.now(UTC)
    )
    await bus.send(placed)
    await bus.send(placed)
    assert await members() == [ann]
    facts = await bus.ask(GetCustomerFacts(customer_id=ann))
    assert (facts.segment_ids, facts.order_count, facts.country) == ([segment.id], 1, "FR")
    detail = await bus.ask(GetCustomerDetail(customer_id=ann))
    assert detail.total_spent == [Money(amount=4999, currency="EUR")]
    await bus.send(RecordOrderCancelled(customer_id=ann, order_id=order))
    await bus.send(RecordOrderCancelled(customer_id=ann, order_id=order))
    assert await members() == []
    assert (await bus.ask(GetCustomerFacts(customer_id=ann))).order_count == 0
    assert "customers.SegmentMembershipChanged" in await events(settings)


async def test_the_facts_of_an_unknown_customer_are_empty(services) -> None:
    someone = uuid.uuid4()
    facts = await services.bus.ask(GetCustomerFacts(customer_id=someone))
    assert (facts.customer_id, facts.segment_ids, facts.order_count, facts.country) == (someone, [], 0, None)


async def test_a_new_rule_segment_takes_in_the_customers_who_already_match(client, staff) -> None:
    ann = await signed_in(client)
    await client.post("/me/addresses", headers=ann, json={**HOME, "default_shipping": True})
    bob = await signed_in(client, "bob@example.com")
    await client.post(
        "/me/addresses",
        headers=bob,
        json={**HOME, "country": "DE", "postal_code": "10115", "default_shipping": True},
    )
    created = await client.post(
        "/admin/segments",
        headers=staff,
        json={"name": "Germany", "kind": "rule", "rules": {"countries": ["DE"]}},
    )
    assert created.json()["member_count"] == 1
    moved = await client.patch(
        f"/admin/segments/{created.json()['id']}", headers=staff, json={"rules": {"countries": ["DE", "FR"]}}
    )
    assert moved.json()["member_count"] == 2
    assert_problem(
        await client.post(
            f"/admin/segments/{created.json()['id']}/members",
            headers=staff,
            json={"customer_ids": [await customer_id(client, ann)]},
        ),
        409,
    )


@pytest.mark.parametrize(
    ("body", "status", "field"),
    [
        ({"name": "A", "kind": "rule"}, 422, "rules"),
        ({"name": "A", "kind": "static", "rules": {"tags": ["x"]}}, 422, "rules"),
        ({"name": "A", "kind": "rule", "rules": {"countries": ["XX"]}}, 422, "rules.countries"),
        ({"name": "A", "kind": "rule", "rules": {"min_orders": -1}}, 400, "rules.min_orders"),
        (
            {"name": "A", "kind": "rule", "rules": {"min_spent": {"amount": 100, "currency": "EUROS"}}},
            400,
            "rules.min_spent.currency",
        ),
        (
            {"name": "A", "kind": "rule", "rules": {"min_spent": {"amount": 100, "currency": "ABC"}}},
            422,
            "rules.min_spent.currency",
        ),
        ({"name": "", "kind": "static"}, 400, "name"),
        ({"name": "A", "kind": "sometimes"}, 400, "kind"),
    ],
)
async def test_a_bad_segment_is_a_problem_naming_the_field_and_stores_nothing(
    client, staff, body, status, field
) -> None:
    assert_problem(await client.post("/admin/segments", headers=staff, json=body), status, field)
    assert (await client.get("/admin/segments", headers=staff)).json()["items"] == []


async def test_a_segment_name_is_taken_once(client, staff) -> None:
    assert (
        await client.post("/admin/segments", headers=staff, json={"name": "Press", "kind": "static"})
    ).status_code == 201
    assert_problem(
        await client.post("/admin/segments", headers=staff, json={"name": "Press", "kind": "static"}),
        409,
        "name",
    )


async def test_the_openapi_document_describes_every_customers_route(client) -> None:
    schema = (await client.get("/schema/openapi.json")).json()
    expected = {
        ("get", "/me"): "403",
        ("patch", "/me"): "422",
        ("delete", "/me"): "404",
        ("get", "/me/export"): "401",
        ("get", "/me/addresses"): "401",
        ("post", "/me/addresses"): "422",
        ("patch", "/me/addresses/{address_id}"): "404",
        ("get", "/admin/customers"): "403",
        ("post", "/admin/customers/{customer_id}/block"): "404",
        ("post", "/admin/segments"): "409",
        ("get", "/admin/segments/{segment_id}/members"): "404",
    }
    for (method, path), status in expected.items():
        operation = schema["paths"][path][method]
        assert operation["operationId"] and operation["summary"] and operation["tags"]
        assert status in operation["responses"], (method, path)
    address = schema["components"]["schemas"]["AddressCreate"]["properties"]
    assert address["country"]["pattern"] == "^[A-Za-z]{2}$"
    assert address["line1"]["maxLength"] == 200
