"""Queueing an event's messages: one per channel the event uses, that an enabled provider
carries and the recipient's choices allow, to each of their addresses on it.

A guest (an email from an order) and staff get email only. An address a bounce or
complaint suppressed is recorded ``suppressed`` and never sent; SMS and push falling in
the customer's quiet hours wait for their end.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any
from urllib.parse import quote
from uuid import UUID, uuid4

import msgspec

from core.validation import Findings
from domains.notifications import messages as m
from domains.notifications.handlers.rendering import render_message
from domains.notifications.model import (
    CATALOGUE,
    DEFAULT_LOCALE,
    CustomerPreferences,
    Delivery,
    notification_event,
)
from domains.notifications.model.deliveries import address_key
from domains.notifications.model.preferences import LOCALE

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.notifications.ports import NotificationsDeps

EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MAX_PAYLOAD = 16_384
UNSUBSCRIBE = "unsubscribe"
HELD = ("sms", "push")


def unsubscribe_url(deps: NotificationsDeps, customer_id: UUID) -> str:
    token = deps.links.sign(UNSUBSCRIBE, str(customer_id))
    return f"{deps.public_url}/notifications/unsubscribe?token={quote(token)}"


async def queue_event(
    deps: NotificationsDeps,
    event: str,
    variables: dict[str, Any],
    *,
    customer_id: UUID | None = None,
    email: str | None = None,
    locale: str | None = None,
    reference: str | None = None,
) -> list[Delivery]:
    """Queue ``event``'s messages (inside the caller's unit of work); those made, suppressed included."""
    kind = CATALOGUE[event]
    prefs = None
    if customer_id is not None and kind.audience == "customer":
        prefs = await deps.preferences.get(customer_id) or CustomerPreferences(customer_id=customer_id)
    locale = locale or (prefs.locale if prefs else None) or DEFAULT_LOCALE
    made: list[Delivery] = []
    for channel in kind.channels:
        provider = deps.channels.provider_for(channel)
        if provider is None or (prefs is None and channel != "email"):
            continue
        if prefs is not None and not prefs.allows(channel, kind.category):
            continue
        for address in await _addresses(deps, channel, prefs, email):
            extra, headers = _marketing(deps, kind.category, channel, customer_id)
            rendered = await render_message(deps, event, channel, locale, {**variables, **extra})
            delivery = Delivery(
                id=uuid4(),
                event=event,
                category=kind.category,
                channel=channel,
                provider=provider,
                recipient=address,
                customer_id=customer_id,
                locale=locale,
                subject=rendered.subject,
                body=rendered.body,
                html=rendered.html,
                headers=headers,
                reference=reference,
                created_at=deps.clock(),
            )
            await _schedule(deps, delivery, prefs)
            await deps.deliveries.add(delivery)
            made.append(delivery)
    return made


async def _addresses(
    deps: NotificationsDeps, channel: str, prefs: CustomerPreferences | None, email: str | None
) -> list[str]:
    if channel == "email":
        found = email or (prefs.email if prefs else None)
        return [address_key("email", found)] if found else []
    if prefs is None:
        return []
    if channel == "sms":
        return [prefs.phone] if prefs.phone else []
    if channel == "push":
        return [s.endpoint for s in await deps.subscriptions.of(prefs.customer_id)]
    return [str(prefs.customer_id)]


def _marketing(
    deps: NotificationsDeps, category: str, channel: str, customer_id: UUID | None
) -> tuple[dict[str, Any], dict[str, str]]:
    """A marketing message carries its one-click unsubscribe link (and, by email, the header)."""
    if category != "marketing" or customer_id is None:
        return {}, {}
    url = unsubscribe_url(deps, customer_id)
    return {"unsubscribe_url": url}, ({"List-Unsubscribe": f"<{url}>"} if channel == "email" else {})


async def _schedule(deps: NotificationsDeps, delivery: Delivery, prefs: CustomerPreferences | None) -> None:
    if await deps.suppressions.has(delivery.channel, delivery.recipient):
        delivery.suppress()
        return
    now = deps.clock()
    held = prefs.held_until(now) if prefs is not None and delivery.channel in HELD else None
    delivery.next_attempt_at = held or now


async def notify(cmd: m.Notify, deps: NotificationsDeps) -> list[m.Notification]:
    checks = Findings()
    kind = notification_event(cmd.event)
    email = cmd.email
    if kind is None:
        checks.add("event", f"must be one of {', '.join(sorted(CATALOGUE))}")
    else:
        if kind.category == "marketing" and cmd.customer_id is None:
            checks.add("customer_id", "marketing messages go only to customers who chose them")
        if kind.audience == "staff":
            email = email or deps.staff_email
    if cmd.locale is not None and not LOCALE.match(cmd.locale):
        checks.add("locale", "must be a language tag such as en or de-AT")
    if cmd.email is not None and not EMAIL.match(cmd.email):
        checks.add("email", "must be an email address")
    if cmd.customer_id is None and email is None:
        checks.add("email", "is needed when no customer_id is given")
    if len(msgspec.json.encode(cmd.payload)) > MAX_PAYLOAD:
        checks.add("payload", f"at most {MAX_PAYLOAD} bytes of JSON")
    checks.raise_any("the notification is invalid")
    async with deps.uow() as uow:
        made = await queue_event(
            deps,
            cmd.event,
            dict(cmd.payload),
            customer_id=cmd.customer_id,
            email=email,
            locale=cmd.locale,
            reference=cmd.reference,
        )
        await uow.commit()
    return [delivery.view() for delivery in made]


HANDLERS: dict[type[Message], Handler] = {m.Notify: notify}
