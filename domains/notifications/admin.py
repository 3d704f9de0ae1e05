"""Staff routes of notifications (``notifications:read`` / ``notifications:write``): templates
with a preview, the messages sent with their delivery status, and sending one."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, FromQuery, JSONBody

from core.controllers import Bus, Cursor, Limit, message
from core.guards import principal_of, staff
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.notifications import messages as m
from domains.notifications import schemas as s

READ, WRITE = [staff("notifications:read")], [staff("notifications:write")]
ONE = "/{event:str}/{channel:str}/{locale:str}"


class TemplateAdminController(Controller):
    path = "/admin/notifications/templates"
    tags = ["notifications: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_notification_events",
        summary="The events the shop notifies about, by name, with their channels and template variables",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> s.NotificationEventPage:
        return await bus.ask(m.ListNotificationEvents(limit=limit, cursor=cursor))

    @get(
        ONE,
        guards=READ,
        operation_id="admin_get_notification_template",
        summary="The template in force: staff's for the locale, its language's, or the English default",
        responses=errors(401, 403, 404),
    )
    async def show(
        self, bus: Bus, event: FromPath[str], channel: FromPath[str], locale: FromPath[str]
    ) -> s.Template:
        return await bus.ask(m.GetTemplate(event=event, channel=channel, locale=locale))

    @put(
        ONE,
        guards=WRITE,
        operation_id="admin_save_notification_template",
        summary="Replace a template (checked against the event's sample first)",
        description="Jinja2, sandboxed; the HTML is autoescaped. A template that does not compile or "
        "render is a 422 naming `subject`, `body` or `html`.",
        responses=errors(400, 401, 403, 404, 415, 422),
    )
    async def save(
        self,
        bus: Bus,
        request: Request[Any, Any, Any],
        event: FromPath[str],
        channel: FromPath[str],
        locale: FromPath[str],
        data: JSONBody[s.TemplateBody],
    ) -> s.Template:
        actor = f"staff:{principal_of(request).subject}"
        path = {"event": event, "channel": channel, "locale": locale, "actor": actor}
        return await bus.send(message(data, m.SaveTemplate, **path))

    @delete(
        ONE,
        guards=WRITE,
        operation_id="admin_reset_notification_template",
        summary="Go back to the default template; the one now in force",
        status_code=200,
        responses=errors(401, 403, 404),
    )
    async def reset(
        self, bus: Bus, event: FromPath[str], channel: FromPath[str], locale: FromPath[str]
    ) -> s.Template:
        return await bus.send(m.ResetTemplate(event=event, channel=channel, locale=locale))

    @post(
        "/preview",
        guards=READ,
        operation_id="admin_preview_notification_template",
        summary="Render template sources against a payload (default: the event's sample)",
        status_code=200,
        responses=errors(400, 401, 403, 415, 422),
    )
    async def preview(self, bus: Bus, data: JSONBody[s.PreviewBody]) -> s.Rendered:
        return await bus.ask(message(data, m.PreviewTemplate))


class NotificationAdminController(Controller):
    path = "/admin/notifications/messages"
    tags = ["notifications: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_notifications",
        summary="Messages sent and to send, newest first, optionally of one status",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        status: FromQuery[m.DeliveryStatus | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> s.NotificationPage:
        return await bus.ask(m.ListNotifications(status=status, limit=limit, cursor=cursor))

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_send_notification",
        summary="Send an event's messages (a newsletter, say) to a customer or an address",
        description="A customer gets it on the channels they chose (marketing only where switched on, "
        "with a one-click unsubscribe link); an address by email.",
        responses=errors(400, 401, 403, 415, 422),
    )
    async def send(self, bus: Bus, data: JSONBody[s.NotifyBody]) -> list[s.Notification]:
        return await bus.send(message(data, m.Notify))


ROUTES: list[Any] = [TemplateAdminController, NotificationAdminController]
