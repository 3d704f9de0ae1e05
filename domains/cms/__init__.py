"""The cms domain: pages, blog posts and banners, with publishing on a schedule."""

from __future__ import annotations

from datetime import UTC, datetime

from core.domain import Domain, Runtime
from domains.cms import admin, api
from domains.cms.handlers import HANDLERS, SUBSCRIPTIONS
from domains.cms.messages import MESSAGES
from domains.cms.ports import CmsDeps
from domains.cms.repository import PgBannerRepository, PgContentRepository
from domains.cms.tables import TABLES


def bootstrap(runtime: Runtime) -> CmsDeps:
    return CmsDeps(
        uow=runtime.uow,
        contents=PgContentRepository(),
        banners=PgBannerRepository(),
        clock=lambda: datetime.now(UTC),
    )


domain = Domain(
    name="cms",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
)

__all__ = ["domain"]
