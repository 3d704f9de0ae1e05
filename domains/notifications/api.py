"""The customer's routes (inbox, preferences, push subscriptions), the one-click unsubscribe
link, and the providers' delivery webhooks."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody, QueryParameter

from core.controllers import Bus, Cursor, Limit, message
from core.guards import customer_guard
from core.http import errors
from core.paging import DEFAULT_LIMIT
from core.security import Principal
from domains.notifications import messages as m
from domains.notifications import schemas as s

Caller = NamedDependency[Principal]
UnreadOnly = Annotated[bool, QueryParameter(description="only the notifications not read yet")]
Token = Annotated[str, QueryParameter(min_length=1, max_length=500, description="the link's signed token")]


def me(principal: Principal) -> UUID:
    return UUID(principal.subject)


class InboxController(Controller):
    path = "/me/notifications"
    tags = ["notifications"]
    guards = [customer_guard]

    @get(
        operation_id="list_my_notifications",
        summary="The signed-in customer's in-app notifications, newest first, with the unread count",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self, principal: Caller, bus: Bus, unread_only: UnreadOnly = False, limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> s.InboxPage:  # fmt: skip
        query = m.ListInbox(customer_id=me(principal), unread_only=unread_only, limit=limit, cursor=cursor)
        return await bus.ask(query)

    @post(
        "/{notification_id:uuid}/read",
        operation_id="mark_my_notification_read",
        summary="Mark one in-app notification read",
        status_code=200,
        responses=errors(401, 403, 404),
    )
    async def read(self, principal: Caller, bus: Bus, notification_id: FromPath[UUID]) -> s.InboxItem:
        return await bus.send(m.MarkRead(customer_id=me(principal), notification_id=notification_id))


class PreferencesController(Controller):
    path = "/me/notification-preferences"
    tags = ["notifications"]
    guards = [customer_guard]

    @get(
        operation_id="get_notification_preferences",
        summary="Which channels may carry the customer's transactional and marketing messages",
        responses=errors(401, 403),
    )
    async def show(self, principal: Caller, bus: Bus) -> s.Preferences:
        return await bus.ask(m.GetPreferences(customer_id=me(principal)))

    @patch(
        operation_id="update_notification_preferences",
        summary="Change channels, quiet hours, time zone, locale or the SMS phone number",
        description="Transactional email (order and account messages) cannot be switched off: asking "
        "is a 422 naming `channels.email.transactional`. Marketing is off until switched on. SMS and "
        "push falling in quiet hours wait for their end, in `time_zone` (UTC when none is set).",
        responses=errors(400, 401, 403, 415, 422),
    )
    async def update(self, principal: Caller, bus: Bus, data: JSONBody[s.PreferencesUpdate]) -> s.Preferences:
        return await bus.send(message(data, m.UpdatePreferences, customer_id=str(me(principal))))

    @post(
        "/push-subscriptions",
        operation_id="add_push_subscription",
        summary="Let this browser receive web push notifications",
        responses=errors(400, 401, 403, 415, 422),
    )
    async def subscribe(
        self, principal: Caller, bus: Bus, data: JSONBody[s.PushSubscriptionBody]
    ) -> s.PushSubscription:
        keys = data.keys
        cmd = m.AddPushSubscription(
            customer_id=me(principal), endpoint=data.endpoint, p256dh=keys.p256dh, auth=keys.auth
        )
        return await bus.send(cmd)

    @delete(
        "/push-subscriptions/{subscription_id:uuid}",
        operation_id="remove_push_subscription",
        summary="Stop web push to one browser",
        responses=errors(401, 403, 404),
    )
    async def unsubscribe(self, principal: Caller, bus: Bus, subscription_id: FromPath[UUID]) -> None:
        await bus.send(m.RemovePushSubscription(customer_id=me(principal), subscription_id=subscription_id))


class UnsubscribeController(Controller):
    path = "/notifications/unsubscribe"
    tags = ["notifications"]

    @get(
        operation_id="unsubscribe_from_marketing",
        summary="One click from a marketing email: no more marketing email to its customer",
        description="The link each marketing email carries (also in its `List-Unsubscribe` header).",
        responses=errors(400, 422),
    )
    async def unsubscribe(self, bus: Bus, token: Token) -> s.Unsubscribed:
        return await bus.send(m.Unsubscribe(token=token))


class DeliveryWebhookController(Controller):
    path = "/webhooks/notifications"
    tags = ["notifications: webhooks"]

    @post(
        "/{provider:str}",
        operation_id="receive_notification_webhook",
        summary="A provider's delivery report: delivered, bounced or complained (signature verified)",
        description="`smtp`: the relay's Standard Webhooks events (`webhook-signature`); `twilio`: SMS "
        "status callbacks (`X-Twilio-Signature`, form encoded). A bad signature is a 400 naming the "
        "header and changes nothing; a bounce or complaint suppresses the address.",
        status_code=200,
        responses=errors(400, 404),
    )
    async def receive(
        self, bus: Bus, request: Request[Any, Any, Any], provider: FromPath[str]
    ) -> s.WebhookReceipt:
        headers = {name.lower(): value for name, value in request.headers.items()}
        cmd = m.ReceiveDeliveryWebhook(
            provider=provider, url=str(request.url), headers=headers, body=await request.body()
        )
        return await bus.send(cmd)


ROUTES: list[Any] = [InboxController, PreferencesController, UnsubscribeController, DeliveryWebhookController]
