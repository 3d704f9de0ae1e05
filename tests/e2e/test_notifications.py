"""Notifications through the whole app: a checkout's emails arrive at a real SMTP server, rendered
from the templates; staff's templates apply to the next mail; bounced addresses are left alone."""

from __future__ import annotations

import msgspec

from tests.e2e.test_notifications_support import (
    STAFF_EMAIL,
    mailbox,
    messages,
    settings,
    signed_webhook,
    staff,
)
from tests.support.eventually import eventually
from tests.support.mailbox import html_of, text_of
from tests.support.problems import assert_problem
from tests.support.shop import buy, open_shop

__all__ = ["mailbox", "settings", "staff"]
BUYER = "buyer@example.com"


async def test_a_checkout_emails_order_placed_and_order_paid_rendered_from_the_templates(
    client, staff, mailbox
) -> None:
    method = await open_shop(client, staff, "MUG-1", 5)

    order = await buy(client, "MUG-1", method, quantity=2)

    assert order.status_code == 201, order.text
    number, total = order.json()["number"], order.json()["totals"]["total"]["amount"]
    await eventually(lambda: len(mailbox.to(BUYER)) == 2)
    assert mailbox.subjects(BUYER) == [f"Order {number} placed", f"Payment received for order {number}"]
    placed = next(mail for mail in mailbox.to(BUYER) if "placed" in mail["Subject"])
    shown = f"{total // 100}.{total % 100:02d} EUR"
    assert f"Thank you for your order {number}." in text_of(placed)
    assert "2 x MUG-1" in text_of(placed)
    assert f"Total: {shown}" in text_of(placed)
    assert f"<strong>{number}</strong>" in html_of(placed)
    assert placed["From"] == "Mercato Shop <shop@mercato.example>"
    paid = next(mail for mail in mailbox.to(BUYER) if "Payment" in mail["Subject"])
    assert f"We received your payment of {shown} for order {number}." in text_of(paid)
    sent = await eventually(lambda: _all_sent(client, staff, 2))
    assert {(m["event"], m["channel"], m["recipient"], m["attempts"]) for m in sent} == {
        ("order_placed", "email", BUYER, 1),
        ("order_paid", "email", BUYER, 1),
    }


async def _all_sent(client, staff, count: int) -> list[dict] | None:
    sent = await messages(client, staff, "sent")
    return sent if len(sent) == count else None


async def test_a_template_staff_edit_is_used_for_the_next_mail(client, staff, mailbox) -> None:
    method = await open_shop(client, staff, "MUG-1", 5)
    template = {
        "subject": "We got order {{ order.number }}!",
        "body": "Hello {{ order.email }}: order {{ order.number }} comes to {{ order.total }}.",
        "html": "<p>Order {{ order.number }} for {{ '<b>you</b>' }}</p>",
    }
    saved = await client.put(
        "/admin/notifications/templates/order_placed/email/en", json=template, headers=staff
    )
    assert saved.status_code == 200, saved.text
    assert (saved.json()["customised"], saved.json()["locale"]) == (True, "en")

    order = await buy(client, "MUG-1", method)

    number = order.json()["number"]
    await eventually(lambda: len(mailbox.to(BUYER)) == 2)
    placed = next(mail for mail in mailbox.to(BUYER) if "got order" in mail["Subject"])
    assert placed["Subject"] == f"We got order {number}!"
    assert text_of(placed).startswith(f"Hello {BUYER}: order {number} comes to ")
    assert "&lt;b&gt;you&lt;/b&gt;" in html_of(placed)  # autoescaped HTML
    reset = await client.delete("/admin/notifications/templates/order_placed/email/en", headers=staff)
    assert (reset.status_code, reset.json()["customised"]) == (200, False)


async def test_an_address_a_bounce_webhook_reports_is_suppressed_for_later_mails(
    client, staff, mailbox
) -> None:
    method = await open_shop(client, staff, "MUG-1", 5)
    bounce = msgspec.json.encode({"type": "email.bounced", "data": {"to": [BUYER.upper()]}})

    forged = await client.post(
        "/webhooks/notifications/smtp", content=bounce, headers=signed_webhook(bounce, "whsec_Zm9yZ2Vk")
    )
    assert_problem(forged, 400, "webhook-signature")
    reported = await client.post(
        "/webhooks/notifications/smtp", content=bounce, headers=signed_webhook(bounce)
    )
    assert reported.status_code == 200, reported.text
    assert reported.json() == {"reports": 1, "suppressed": [BUYER]}

    assert (await buy(client, "MUG-1", method)).status_code == 201

    suppressed = await eventually(lambda: _with_status(client, staff, "suppressed", 2))
    assert {(m["event"], m["recipient"]) for m in suppressed} == {
        ("order_placed", BUYER),
        ("order_paid", BUYER),
    }
    assert mailbox.to(BUYER) == []


async def _with_status(client, staff, status: str, count: int) -> list[dict] | None:
    found = await messages(client, staff, status)
    return found if len(found) == count else None


async def test_a_mail_server_refusing_the_recipient_bounces_the_message_and_suppresses_the_address(
    client, staff, mailbox
) -> None:
    reset = {
        "event": "password_reset",
        "email": "gone@bounce.example",
        "payload": {"reset_url": "https://x.example/r"},
    }

    queued = await client.post("/admin/notifications/messages", json=reset, headers=staff)

    assert queued.status_code == 201, queued.text
    assert [(m["channel"], m["status"]) for m in queued.json()] == [("email", "queued")]
    (bounced,) = await eventually(lambda: _with_status(client, staff, "bounced", 1))
    assert bounced["last_error"].startswith("recipient refused: 550")
    again = await client.post("/admin/notifications/messages", json=reset, headers=staff)
    assert [m["status"] for m in again.json()] == ["suppressed"]


async def test_low_stock_is_emailed_to_staff(client, staff, mailbox) -> None:
    method = await open_shop(client, staff, "MUG-1", 5)
    threshold = await client.patch("/admin/stock/MUG-1", json={"low_stock_threshold": 3}, headers=staff)
    assert threshold.status_code == 200, threshold.text

    assert (await buy(client, "MUG-1", method, quantity=2)).status_code == 201

    (alert,) = await eventually(lambda: mailbox.to(STAFF_EMAIL))
    assert alert["Subject"] == "Low stock: MUG-1"
    assert "MUG-1 is down to 3 available (threshold 3)." in text_of(alert)


async def test_unknown_events_and_unreachable_webhooks_are_refused_naming_the_field(client, staff) -> None:
    unknown = await client.post(
        "/admin/notifications/messages", json={"event": "order_lost", "email": BUYER}, headers=staff
    )
    assert_problem(unknown, 422, "event")
    nobody = await client.post(
        "/admin/notifications/messages", json={"event": "password_reset", "payload": {}}, headers=staff
    )
    assert_problem(nobody, 422, "email")
    guest_marketing = {
        "event": "newsletter",
        "email": BUYER,
        "payload": {"headline": "Hi", "message": "Sale"},
    }
    assert_problem(
        await client.post("/admin/notifications/messages", json=guest_marketing, headers=staff),
        422,
        "customer_id",
    )
    missing = {"event": "password_reset", "email": BUYER, "payload": {}}
    assert_problem(
        await client.post("/admin/notifications/messages", json=missing, headers=staff), 422, "payload"
    )
    assert_problem(await client.post("/webhooks/notifications/carrier-pigeon", content=b"{}"), 404)
    assert_problem(await client.post("/webhooks/notifications/in_app", content=b"{}"), 400, "channel")


async def test_shipping_and_cancelling_orders_email_the_tracking_number_and_the_reason(
    client, staff, mailbox
) -> None:
    method = await open_shop(client, staff, "MUG-1", 5)
    shipped = (await buy(client, "MUG-1", method)).json()
    cancelled = (await buy(client, "MUG-1", method)).json()
    await eventually(lambda: len(mailbox.to(BUYER)) == 4)

    assert (
        await client.post(f"/admin/orders/{shipped['id']}/fulfil", json={}, headers=staff)
    ).status_code == 200
    ship = {"carrier": "DHL", "tracking_number": "00340434161094042557"}
    sent = await client.post(f"/admin/orders/{shipped['id']}/ship", json=ship, headers=staff)
    assert sent.status_code == 200, sent.text
    cancel = await client.post(
        f"/admin/orders/{cancelled['id']}/cancel", json={"reason": "out of ink"}, headers=staff
    )
    assert cancel.status_code == 200, cancel.text

    await eventually(lambda: len(mailbox.to(BUYER)) == 6)
    by_subject = {str(mail["Subject"]): mail for mail in mailbox.to(BUYER)}
    on_its_way = by_subject[f"Order {shipped['number']} is on its way"]
    assert "has shipped with DHL.\nTracking number: 00340434161094042557" in text_of(on_its_way)
    gone = by_subject[f"Order {cancelled['number']} cancelled"]
    assert "Reason: out of ink." in text_of(gone)
