"""The identity domain: customer and staff accounts, sessions, tokens, second factor, roles."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from core.domain import Domain, Runtime
from domains.identity import admin, api
from domains.identity.handlers import HANDLERS, SUBSCRIPTIONS
from domains.identity.messages import MESSAGES
from domains.identity.ports import IdentityDeps
from domains.identity.repository import (
    PiccoloCustomers,
    PiccoloRoles,
    PiccoloSessions,
    PiccoloStaffUsers,
    PiccoloTotpSecrets,
)
from domains.identity.tables import TABLES


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> IdentityDeps:
    return IdentityDeps(
        uow=runtime.uow,
        customers=PiccoloCustomers(),
        staff=PiccoloStaffUsers(),
        roles=PiccoloRoles(),
        sessions=PiccoloSessions(),
        totp=PiccoloTotpSecrets(),
        hasher=runtime.ports["identity.passwords"],
        tokens=runtime.tokens,
        clock=SystemClock(),
        refresh_ttl=timedelta(seconds=runtime.settings.refresh_token_ttl),
    )


domain = Domain(
    name="identity",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
