"""The notifications stores on PostgreSQL, inside the open unit of work."""

from __future__ import annotations

from domains.notifications.repository.deliveries import PgDeliveries, PgSuppressions
from domains.notifications.repository.preferences import PgOrderContacts, PgPreferences, PgPushSubscriptions
from domains.notifications.repository.templates import PgTemplates

__all__ = [
    "PgDeliveries",
    "PgOrderContacts",
    "PgPreferences",
    "PgPushSubscriptions",
    "PgSuppressions",
    "PgTemplates",
]
