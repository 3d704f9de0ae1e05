"""The cms domain: pages, blog posts and banners, with publishing on a schedule."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

from core.domain import Domain
from domains.cms import admin, admin_banners, api
from domains.cms.handlers import HANDLERS
from domains.cms.messages import EVENTS
from domains.cms.ports import CmsDeps
from domains.cms.repository import PgBannerRepository, PgContentRepository
from domains.cms.tables import CmsBanner, CmsContent

if TYPE_CHECKING:
    from core.domain import Runtime


def _now() -> datetime:
    return datetime.now(UTC)


def bootstrap(runtime: Runtime) -> CmsDeps:
    return CmsDeps(
        uow=runtime.uow,
        contents=PgContentRepository(),
        banners=PgBannerRepository(),
        clock=_now,
    )


domain = Domain(
    name="cms",
    messages=[*HANDLERS, *EVENTS],
    handlers=HANDLERS,
    routes=[*api.ROUTES, *admin.ROUTES, *admin_banners.ROUTES],
    tables=[CmsContent, CmsBanner],
    bootstrap=bootstrap,
)

__all__ = ["domain"]
