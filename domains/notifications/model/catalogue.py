"""The events the shop notifies about: who hears of each, on which channels, and a sample
of the variables its templates see (what staff preview against and saved templates must render)."""

from __future__ import annotations

from typing import Any

from domains.notifications.messages import ChannelKind, NotificationEvent

EVERY: list[ChannelKind] = ["email", "sms", "push", "in_app"]
CHANNEL_KINDS: tuple[ChannelKind, ...] = ("email", "sms", "push", "in_app")
ORDER: dict[str, Any] = {
    "id": "0b9c2d4e-3f1a-4c5b-8d7e-6f5a4b3c2d1e",
    "number": "1001",
    "email": "ann@example.com",
    "total": "29.90 EUR",
    "lines": [{"sku": "MUG-1", "quantity": 2}],
}
RMA: dict[str, Any] = {
    "id": "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9",
    "lines": [{"sku": "MUG-1", "quantity": 1}],
    "reason": "arrived broken",
}


def _customer(event: str, **sample: Any) -> NotificationEvent:
    return NotificationEvent(
        event=event, category="transactional", audience="customer", channels=EVERY, sample=sample
    )


CATALOGUE: dict[str, NotificationEvent] = {
    kind.event: kind
    for kind in (
        _customer("order_placed", order=ORDER),
        _customer("order_paid", order=ORDER, amount="29.90 EUR"),
        _customer("order_shipped", order=ORDER, carrier="DHL", tracking_number="00340434161094042557"),
        _customer("order_delivered", order=ORDER),
        _customer("order_cancelled", order=ORDER, reason="changed my mind"),
        _customer("order_refunded", order=ORDER, amount="9.90 EUR", total_refunded="9.90 EUR"),
        _customer("return_requested", order=ORDER, rma=RMA),
        _customer("return_approved", order=ORDER, rma=RMA),
        _customer("return_rejected", order=ORDER, rma=RMA),
        _customer("return_received", order=ORDER, rma=RMA),
        NotificationEvent(
            event="password_reset",
            category="transactional",
            audience="customer",
            channels=["email"],
            sample={"reset_url": "https://shop.example.com/reset?token=abc"},
        ),
        NotificationEvent(
            event="email_verification",
            category="transactional",
            audience="customer",
            channels=["email"],
            sample={"verify_url": "https://shop.example.com/verify-email?token=abc", "token": "abc"},
        ),
        NotificationEvent(
            event="registration_attempted",
            category="transactional",
            audience="customer",
            channels=["email"],
            sample={
                "sign_in_url": "https://shop.example.com/sign-in",
                "reset_url": "https://shop.example.com/forgot-password",
            },
        ),
        NotificationEvent(
            event="newsletter",
            category="marketing",
            audience="customer",
            channels=EVERY,
            sample={
                "headline": "Spring sale",
                "message": "Everything 20% off this week.",
                "unsubscribe_url": "https://shop.example.com/notifications/unsubscribe?token=abc",
            },
        ),
        NotificationEvent(
            event="stock_low",
            category="transactional",
            audience="staff",
            channels=["email"],
            sample={"sku": "MUG-1", "available": 3, "threshold": 5},
        ),
        NotificationEvent(
            event="account_locked",
            category="transactional",
            audience="staff",
            channels=["email"],
            sample={"what": "login", "who": "account", "failures": 10, "minutes": 15},
        ),
    )
}


def notification_event(name: str) -> NotificationEvent | None:
    return CATALOGUE.get(name)
