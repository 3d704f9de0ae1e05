"""The blocklist staff keep: emails, IP addresses or networks, countries and card fingerprints."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, delete, get, patch, post
from litestar.params import FromPath, FromQuery, JSONBody

from core.controllers import Bus, Cursor, Limit
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.payments.admin.review import READ, WRITE, actor
from domains.payments.messages import fraud as f
from domains.payments.schemas.fraud import BlockEntryCreate, BlockEntryUpdate


class BlocklistController(Controller):
    path = "/admin/payments/blocklist"
    tags = ["payments: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_blocklist",
        summary="The blocklist, newest first, optionally of one kind",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self,
        bus: Bus,
        kind: FromQuery[f.BlockKind | None] = None,
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> Page[f.BlockEntry]:
        return await bus.ask(f.ListBlockEntries(kind=kind, limit=limit, cursor=cursor))

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_add_blocklist_entry",
        summary="Block an email, an IP address or network, a country or a card fingerprint",
        description="A payment attempt matching an entry is refused without asking the provider. "
        "409 when the value is listed already.",
        responses=errors(400, 401, 403, 409, 415, 422),
    )
    async def add(
        self, data: JSONBody[BlockEntryCreate], request: Request[Any, Any, Any], bus: Bus
    ) -> f.BlockEntry:
        return await bus.send(
            f.AddBlockEntry(kind=data.kind, value=data.value, note=data.note, actor=actor(request))
        )

    @get(
        "/{entry_id:uuid}",
        guards=READ,
        operation_id="admin_get_blocklist_entry",
        summary="One blocklist entry",
        responses=errors(401, 403, 404),
    )
    async def show(self, entry_id: FromPath[UUID], bus: Bus) -> f.BlockEntry:
        return await bus.ask(f.GetBlockEntry(entry_id=entry_id))

    @patch(
        "/{entry_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_blocklist_entry",
        summary="Change a blocklist entry's note",
        responses=errors(400, 401, 403, 404, 415, 422),
    )
    async def update(
        self, entry_id: FromPath[UUID], data: JSONBody[BlockEntryUpdate], bus: Bus
    ) -> f.BlockEntry:
        return await bus.send(f.UpdateBlockEntry(entry_id=entry_id, note=data.note))

    @delete(
        "/{entry_id:uuid}",
        guards=WRITE,
        operation_id="admin_remove_blocklist_entry",
        summary="Take an entry off the blocklist",
        responses=errors(401, 403, 404),
    )
    async def remove(self, entry_id: FromPath[UUID], bus: Bus) -> None:
        await bus.send(f.RemoveBlockEntry(entry_id=entry_id))


ROUTES = [BlocklistController]
