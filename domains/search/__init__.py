"""The search domain: an index fed by catalogue and CMS events, analytics, tuning."""

from __future__ import annotations

import structlog

from core.domain import Domain, Runtime
from domains.search import admin, api
from domains.search.handlers import HANDLERS, SUBSCRIPTIONS
from domains.search.messages import MESSAGES
from domains.search.ports import SearchDeps
from domains.search.repository import PiccoloSearchStore
from domains.search.tables import TABLES

log = structlog.get_logger("mercato.search")


def bootstrap(runtime: Runtime) -> SearchDeps:
    return SearchDeps(
        index=runtime.ports["search.index"], store=PiccoloSearchStore(), uow=runtime.uow, bus=runtime.bus
    )


async def apply_settings(deps: SearchDeps) -> None:
    """Push the stored synonyms, stop words and pins (and the engine's settings) to the index."""
    try:
        await deps.index.configure(await deps.store.settings())
    except Exception as exc:  # noqa: BLE001 - the engine may come up later; searches then say 503
        log.warning("search settings not applied at start", error=repr(exc))


domain = Domain(
    name="search",
    messages=MESSAGES,
    handlers=HANDLERS,
    subscriptions=SUBSCRIPTIONS,
    routes=[*api.ROUTES, *admin.ROUTES],
    tables=TABLES,
    bootstrap=bootstrap,
    on_start=apply_settings,
)

__all__ = ["domain"]
