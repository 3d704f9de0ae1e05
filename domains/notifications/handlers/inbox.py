"""Reading what was sent: a customer's in-app inbox, and every message for staff."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.paging import Page
from core.validation import found
from domains.notifications import messages as m

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.notifications.ports import NotificationsDeps


async def list_inbox(query: m.ListInbox, deps: NotificationsDeps) -> m.InboxPage:
    return await deps.deliveries.inbox(query.customer_id, query.unread_only, query.limit, query.cursor)


async def mark_read(cmd: m.MarkRead, deps: NotificationsDeps) -> m.InboxItem:
    async with deps.uow() as uow:
        delivery = await deps.deliveries.mark_read(cmd.customer_id, cmd.notification_id, deps.clock())
        await uow.commit()
    return found(delivery, "notification", cmd.notification_id).inbox_item()


async def list_notifications(query: m.ListNotifications, deps: NotificationsDeps) -> m.NotificationPage:
    page: Page[m.Notification] = await deps.deliveries.page(query.status, query.limit, query.cursor)
    return m.NotificationPage(items=page.items, next_cursor=page.next_cursor)


HANDLERS: dict[type[Message], Handler] = {
    m.ListInbox: list_inbox,
    m.MarkRead: mark_read,
    m.ListNotifications: list_notifications,
}
