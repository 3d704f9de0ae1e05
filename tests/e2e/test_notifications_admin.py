"""Staff's side of notifications: templates in force, a preview, refusals naming the field."""

from __future__ import annotations

from tests.e2e.test_notifications_support import mailbox, settings, staff
from tests.support.problems import assert_problem

__all__ = ["mailbox", "settings", "staff"]
TEMPLATES = "/admin/notifications/templates"


async def test_every_event_has_an_english_default_template_on_each_of_its_channels(client, staff) -> None:
    events = (await client.get(TEMPLATES, params={"limit": 100}, headers=staff)).json()["items"]
    assert {
        "order_placed",
        "order_paid",
        "order_shipped",
        "order_refunded",
        "return_received",
        "stock_low",
    } <= {e["event"] for e in events}
    for event in events:
        for channel in event["channels"]:
            reply = await client.get(f"{TEMPLATES}/{event['event']}/{channel}/en", headers=staff)
            assert reply.status_code == 200, reply.text
            assert (reply.json()["customised"], reply.json()["locale"]) == (False, "en")
            assert reply.json()["body"]


async def test_a_preview_renders_against_the_events_sample_or_the_payload_given(client, staff) -> None:
    shipped = {
        "event": "order_shipped",
        "channel": "email",
        "subject": "{{ order.number }} left",
        "body": "Tracking {{ tracking_number }} with {{ carrier }}",
        "html": "<p>{{ carrier }}</p>",
    }

    sample = await client.post(f"{TEMPLATES}/preview", json=shipped, headers=staff)
    given = await client.post(
        f"{TEMPLATES}/preview",
        json={**shipped, "payload": {"order": {"number": "7"}, "tracking_number": "T1", "carrier": "<UPS>"}},
        headers=staff,
    )

    assert sample.status_code == 200, sample.text
    assert sample.json() == {
        "subject": "1001 left",
        "body": "Tracking 00340434161094042557 with DHL",
        "html": "<p>DHL</p>",
    }
    assert given.json() == {
        "subject": "7 left",
        "body": "Tracking T1 with <UPS>",
        "html": "<p>&lt;UPS&gt;</p>",
    }


async def test_a_template_that_does_not_compile_or_render_is_422_naming_its_part(client, staff) -> None:
    url = f"{TEMPLATES}/order_placed/email/en"
    broken = {"subject": "Order {{ order.number }}", "body": "{% for line in %}"}
    unknown = {"subject": "Order {{ order.number }}", "body": "Hi {{ customer.name }}"}
    unsafe = {"subject": "x", "body": "{{ order.__class__.__mro__ }}"}
    bad_subject = {"subject": "Order {{ order.number", "body": "fine"}

    for body, field in ((broken, "body"), (unknown, "body"), (unsafe, "body"), (bad_subject, "subject")):
        assert_problem(await client.put(url, json=body, headers=staff), 422, field)
    preview = {"event": "order_placed", "channel": "sms", "body": "{{ 1 / 0 }}"}
    assert_problem(await client.post(f"{TEMPLATES}/preview", json=preview, headers=staff), 422, "body")
    assert (await client.get(url, headers=staff)).json()["customised"] is False


async def test_templates_for_unknown_events_channels_or_locales_are_not_found(client, staff) -> None:
    body = {"subject": "x", "body": "y"}
    for path in ("order_lost/email/en", "stock_low/sms/en", "order_placed/email/english"):
        assert_problem(await client.get(f"{TEMPLATES}/{path}", headers=staff), 404)
        assert_problem(await client.put(f"{TEMPLATES}/{path}", json=body, headers=staff), 404)
    sms_subject = await client.put(f"{TEMPLATES}/order_paid/sms/en", json=body, headers=staff)
    assert_problem(sms_subject, 422, "subject")
    html_in_app = await client.put(
        f"{TEMPLATES}/order_paid/in_app/en", json={**body, "html": "<p/>"}, headers=staff
    )
    assert_problem(html_in_app, 422, "html")


async def test_notification_routes_need_staff_with_the_permission(
    client, staff_headers, customer_headers
) -> None:
    assert_problem(await client.get(TEMPLATES), 401)
    assert_problem(await client.get(TEMPLATES, headers=customer_headers), 403)
    assert_problem(
        await client.get("/admin/notifications/messages", headers=staff_headers("orders:read")), 403
    )
    reader = staff_headers("notifications:read")
    write = await client.put(
        f"{TEMPLATES}/order_paid/email/en", json={"subject": "x", "body": "y"}, headers=reader
    )
    assert_problem(write, 403)
    assert_problem(await client.get("/me/notifications"), 401)
