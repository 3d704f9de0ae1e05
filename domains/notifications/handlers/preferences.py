"""A customer's choices, the one-click unsubscribe link, and their browsers' push subscriptions."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from core.errors import FieldError, Invalid, NotFound
from core.validation import Findings
from domains.notifications import messages as m
from domains.notifications.handlers.dispatch import UNSUBSCRIBE
from domains.notifications.model import CustomerPreferences, PushTarget

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.notifications.ports import NotificationsDeps

MAX_ENDPOINT = 2000
MAX_KEY = 200


async def get_preferences(query: m.GetPreferences, deps: NotificationsDeps) -> m.Preferences:
    stored = await deps.preferences.get(query.customer_id)
    prefs = stored or CustomerPreferences(customer_id=query.customer_id)
    return prefs.view(await deps.subscriptions.of(query.customer_id))


async def update_preferences(cmd: m.UpdatePreferences, deps: NotificationsDeps) -> m.Preferences:
    checks = Findings()
    async with deps.uow() as uow:
        prefs = await deps.preferences.get(cmd.customer_id, lock=True)
        prefs = prefs or CustomerPreferences(customer_id=cmd.customer_id)
        prefs.update(cmd, deps.clock(), checks)
        checks.raise_any("the notification preferences are invalid")
        await deps.preferences.save(prefs)
        uow.collect(prefs)
        await uow.commit()
    return prefs.view(await deps.subscriptions.of(cmd.customer_id))


async def unsubscribe(cmd: m.Unsubscribe, deps: NotificationsDeps) -> m.Unsubscribed:
    value = deps.links.verify(UNSUBSCRIBE, cmd.token)
    if value is None:
        raise Invalid(
            "this unsubscribe link is not one the shop sent", errors=[FieldError("token", "invalid")]
        )
    customer_id = UUID(value)
    async with deps.uow() as uow:
        prefs = await deps.preferences.get(customer_id, lock=True) or CustomerPreferences(
            customer_id=customer_id
        )
        prefs.unsubscribe("email", "marketing", deps.clock())
        await deps.preferences.save(prefs)
        uow.collect(prefs)
        await uow.commit()
    return m.Unsubscribed(channel="email", category="marketing")


async def add_push_subscription(cmd: m.AddPushSubscription, deps: NotificationsDeps) -> m.PushSubscription:
    checks = Findings()
    if not cmd.endpoint.startswith("https://") or len(cmd.endpoint) > MAX_ENDPOINT:
        checks.add("endpoint", f"must be an https URL of at most {MAX_ENDPOINT} characters")
    for name, key in (("p256dh", cmd.p256dh), ("auth", cmd.auth)):
        if not key or len(key) > MAX_KEY:
            checks.add(name, f"must be the subscription's base64url key, at most {MAX_KEY} characters")
    checks.raise_any("the push subscription is invalid")
    target = PushTarget(endpoint=cmd.endpoint, p256dh=cmd.p256dh, auth=cmd.auth)
    async with deps.uow() as uow:
        made = await deps.subscriptions.add(cmd.customer_id, target, deps.clock())
        await uow.commit()
    return made


async def remove_push_subscription(cmd: m.RemovePushSubscription, deps: NotificationsDeps) -> None:
    async with deps.uow() as uow:
        if not await deps.subscriptions.remove(cmd.customer_id, cmd.subscription_id):
            raise NotFound(f"push subscription {cmd.subscription_id} not found")
        await uow.commit()


HANDLERS: dict[type[Message], Handler] = {
    m.GetPreferences: get_preferences,
    m.UpdatePreferences: update_preferences,
    m.Unsubscribe: unsubscribe,
    m.AddPushSubscription: add_push_subscription,
    m.RemovePushSubscription: remove_push_subscription,
}
