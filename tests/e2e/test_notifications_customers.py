"""A customer's side of notifications: the in-app inbox, preferences with quiet hours, marketing
they chose and can leave in one click, their language, and erasure."""

from __future__ import annotations

from urllib.parse import urlsplit
from uuid import UUID

import asyncpg

from adapters.notifications.twilio import signature_of
from tests.e2e.test_customers import signed_in
from tests.e2e.test_notifications_support import TWILIO_TOKEN, mailbox, messages, settings, staff
from tests.support.eventually import eventually
from tests.support.mailbox import text_of
from tests.support.problems import assert_problem
from tests.support.shop import buy, open_shop

__all__ = ["mailbox", "settings", "staff"]
PREFS = "/me/notification-preferences"
NEWS = {"event": "newsletter", "payload": {"headline": "Spring sale", "message": "Everything 20% off."}}


async def inbox(client, headers: dict[str, str], query: str = "") -> dict:
    reply = await client.get(f"/me/notifications{query}", headers=headers)
    assert reply.status_code == 200, reply.text
    return dict(reply.json())


async def test_a_customers_order_updates_land_in_their_inbox_and_can_be_marked_read(
    client, staff, customer_headers, staff_headers
) -> None:
    method = await open_shop(client, staff, "MUG-1", 5)
    assert (await buy(client, "MUG-1", method, headers=customer_headers)).status_code == 201

    page = await eventually(lambda: _inbox_of(client, customer_headers, 2))

    assert page["unread"] == 2
    newest, oldest = page["items"]
    assert (oldest["event"], newest["event"]) == ("order_placed", "order_paid")
    assert oldest["subject"].startswith("Order ") and oldest["read_at"] is None
    read = await client.post(f"/me/notifications/{oldest['id']}/read", headers=customer_headers)
    assert read.status_code == 200, read.text
    assert read.json()["read_at"] is not None
    unread = await inbox(client, customer_headers, "?unread_only=true")
    assert ([item["id"] for item in unread["items"]], unread["unread"]) == ([newest["id"]], 1)
    other = await client.post(f"/me/notifications/{newest['id']}/read", headers=await signed_in(client))
    assert_problem(other, 404)


async def _inbox_of(client, headers, count: int) -> dict | None:
    page = await inbox(client, headers)
    return page if len(page["items"]) == count else None


async def test_preferences_start_at_the_defaults_and_keep_what_the_customer_chooses(
    client, customer_headers
) -> None:
    start = (await client.get(PREFS, headers=customer_headers)).json()
    assert start["channels"]["email"] == {"transactional": True, "marketing": False}
    assert all(not choice["marketing"] for choice in start["channels"].values())
    change = {
        "channels": {"sms": {"transactional": True}, "email": {"marketing": True}},
        "quiet_hours": {"start": "22:00", "end": "07:00"},
        "time_zone": "Europe/Berlin",
        "phone": "+4915112345678",
        "locale": "de",
    }

    changed = await client.patch(PREFS, json=change, headers=customer_headers)

    assert changed.status_code == 200, changed.text
    body = changed.json()
    assert body["channels"]["sms"] == {"transactional": True, "marketing": False}
    assert body["channels"]["email"] == {"transactional": True, "marketing": True}
    assert (body["quiet_hours"], body["time_zone"], body["phone"], body["locale"]) == (
        {"start": "22:00", "end": "07:00"},
        "Europe/Berlin",
        "+4915112345678",
        "de",
    )
    assert (await client.get(PREFS, headers=customer_headers)).json() == body


async def test_bad_preferences_are_refused_naming_the_field(client, customer_headers) -> None:
    off = {"channels": {"email": {"transactional": False}}}
    assert_problem(
        await client.patch(PREFS, json=off, headers=customer_headers), 422, "channels.email.transactional"
    )
    zone = await client.patch(PREFS, json={"time_zone": "Mars/Olympus_Mons"}, headers=customer_headers)
    assert_problem(zone, 422, "time_zone")
    quiet = await client.patch(
        PREFS, json={"quiet_hours": {"start": "25:00", "end": "07:00"}}, headers=customer_headers
    )
    assert_problem(quiet, 400, "quiet_hours.start")
    assert_problem(await client.patch(PREFS, json={"channels": {"fax": {}}}, headers=customer_headers), 400)
    assert (await client.get(PREFS, headers=customer_headers)).json()["time_zone"] is None


async def test_marketing_goes_only_to_who_chose_it_and_one_click_unsubscribes(
    client, staff, customer_headers, mailbox
) -> None:
    customer_id = (await client.get(PREFS, headers=customer_headers)).json()["customer_id"]
    news = {**NEWS, "customer_id": customer_id, "email": "fan@example.com"}
    not_chosen = await client.post("/admin/notifications/messages", json=news, headers=staff)
    assert (not_chosen.status_code, not_chosen.json()) == (201, [])
    chosen = {"channels": {"email": {"marketing": True}}}
    assert (await client.patch(PREFS, json=chosen, headers=customer_headers)).status_code == 200

    sent = await client.post("/admin/notifications/messages", json=news, headers=staff)

    assert [(m["channel"], m["category"]) for m in sent.json()] == [("email", "marketing")]
    (mail,) = await eventually(lambda: mailbox.to("fan@example.com"))
    link = mail["List-Unsubscribe"].strip("<>")
    assert link.startswith("https://shop.example.com/notifications/unsubscribe?token=")
    assert f"Unsubscribe: {link}" in text_of(mail)
    target = urlsplit(link)
    clicked = await client.get(f"{target.path}?{target.query}")
    assert (clicked.status_code, clicked.json()) == (200, {"channel": "email", "category": "marketing"})
    prefs = (await client.get(PREFS, headers=customer_headers)).json()
    assert prefs["channels"]["email"] == {"transactional": True, "marketing": False}
    after = await client.post("/admin/notifications/messages", json=news, headers=staff)
    assert after.json() == []
    forged = await client.get(f"{target.path}?token={target.query.split('=', 1)[1][:-3]}abc")
    assert_problem(forged, 422, "token")


async def test_a_customer_gets_their_languages_template_and_a_missing_one_falls_back_to_english(
    client, staff, customer_headers
) -> None:
    german = {
        "subject": "Bestellung {{ order.number }} eingegangen",
        "body": "Danke für Bestellung {{ order.number }}.",
    }
    saved = await client.put(
        "/admin/notifications/templates/order_placed/in_app/de", json=german, headers=staff
    )
    assert saved.status_code == 200, saved.text
    austrian = (
        await client.get("/admin/notifications/templates/order_placed/in_app/de-AT", headers=staff)
    ).json()
    assert (austrian["locale"], austrian["customised"]) == ("de", True)
    assert (await client.patch(PREFS, json={"locale": "de-AT"}, headers=customer_headers)).status_code == 200
    method = await open_shop(client, staff, "MUG-1", 5)

    assert (await buy(client, "MUG-1", method, headers=customer_headers)).status_code == 201

    page = await eventually(lambda: _inbox_of(client, customer_headers, 2))
    subjects = {item["event"]: item["subject"] for item in page["items"]}
    assert subjects["order_placed"].startswith("Bestellung ")
    assert subjects["order_paid"].startswith("Payment received for order ")  # no German one: English


async def test_an_erased_customer_has_no_messages_or_preferences_left(client, staff, settings) -> None:
    ann = await signed_in(client)
    assert (await client.patch(PREFS, json={"locale": "fr"}, headers=ann)).status_code == 200
    method = await open_shop(client, staff, "MUG-1", 5)
    assert (await buy(client, "MUG-1", method, headers=ann)).status_code == 201
    await eventually(lambda: _inbox_of(client, ann, 2))
    customer_id = (await client.get("/me", headers=ann)).json()["id"]

    assert (await client.delete("/me", headers=ann)).status_code == 204

    async def forgotten() -> bool:
        return not [m for m in await messages(client, staff) if m["customer_id"] is not None]

    async def signed_out() -> bool:  # erasure revokes the session, token included, by event
        return (await client.get(PREFS, headers=ann)).status_code == 401

    await eventually(forgotten)
    await eventually(signed_out)
    assert_problem(await client.get(PREFS, headers=ann), 401)
    conn = await asyncpg.connect(settings.database_url)
    try:
        kept = await conn.fetchval(
            "SELECT locale FROM notifications_preferences WHERE customer_id = $1", UUID(customer_id)
        )
    finally:
        await conn.close()
    assert kept is None


async def test_a_signed_twilio_callback_for_an_unreachable_number_suppresses_it(
    client, staff, customer_headers
) -> None:
    phone = "+4915112345678"
    params = {
        "MessageSid": "SM5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d",
        "MessageStatus": "undelivered",
        "ErrorCode": "30006",
        "To": phone,
    }
    url = "https://shop.example.com/webhooks/notifications/twilio"
    form = {"content-type": "application/x-www-form-urlencoded"}

    forged = await client.post(
        "/webhooks/notifications/twilio", data=params, headers={**form, "X-Twilio-Signature": "AAAA"}
    )
    signed = {**form, "X-Twilio-Signature": signature_of(TWILIO_TOKEN, url, params)}
    reported = await client.post("/webhooks/notifications/twilio", data=params, headers=signed)

    assert_problem(forged, 400, "X-Twilio-Signature")
    assert (reported.status_code, reported.json()) == (200, {"reports": 1, "suppressed": [phone]})
    sms = {"phone": phone, "channels": {"sms": {"transactional": True}}}
    assert (await client.patch(PREFS, json=sms, headers=customer_headers)).status_code == 200
    method = await open_shop(client, staff, "MUG-1", 5)
    assert (await buy(client, "MUG-1", method, headers=customer_headers)).status_code == 201

    async def held_back() -> list[dict] | None:
        found = [m for m in await messages(client, staff, "suppressed") if m["channel"] == "sms"]
        return found if len(found) == 2 else None

    assert {m["recipient"] for m in await eventually(held_back)} == {phone}
