"""The notifications domain: what the shop tells customers and staff, on which channel, and whether it arrived.

``domain`` is built on first use: importing this package's ``messages``, as other
domains do, loads nothing else.
"""

from __future__ import annotations

from datetime import UTC, datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from core.domain import Domain, Runtime

if TYPE_CHECKING:
    from domains.notifications.ports import NotificationsDeps


def utc_now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> NotificationsDeps:
    from domains.notifications.model import RetryPolicy
    from domains.notifications.ports import NotificationsDeps
    from domains.notifications.repository import (
        PgDeliveries,
        PgOrderContacts,
        PgPreferences,
        PgPushSubscriptions,
        PgSuppressions,
        PgTemplates,
    )

    settings = runtime.settings
    return NotificationsDeps(
        uow=runtime.uow,
        bus=runtime.bus,
        templates=PgTemplates(),
        preferences=PgPreferences(),
        subscriptions=PgPushSubscriptions(),
        contacts=PgOrderContacts(),
        deliveries=PgDeliveries(),
        suppressions=PgSuppressions(),
        channels=runtime.ports["notifications.channels"],
        renderer=runtime.ports["notifications.renderer"],
        links=runtime.ports["notifications.links"],
        clock=utc_now,
        retry=RetryPolicy(
            max_attempts=settings.notification_max_attempts, base_seconds=settings.notification_retry_seconds
        ),
        public_url=(settings.public_url or f"http://{settings.host}:{settings.port}").rstrip("/"),
        staff_email=settings.staff_notify_email,
        poll_seconds=settings.notification_poll_seconds,
    )


@cache
def registration() -> Domain:
    """The domain's registration, built once on first use."""
    from domains.notifications import admin, api
    from domains.notifications.handlers import HANDLERS, SUBSCRIPTIONS, WORKERS
    from domains.notifications.messages import MESSAGES
    from domains.notifications.tables import TABLES

    return Domain(
        name="notifications",
        messages=MESSAGES,
        handlers=HANDLERS,
        subscriptions=SUBSCRIPTIONS,
        routes=[*api.ROUTES, *admin.ROUTES],
        tables=TABLES,
        bootstrap=bootstrap,
        workers=WORKERS,
    )


def __getattr__(name: str) -> Any:
    if name == "domain":
        return registration()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = ["domain"]
