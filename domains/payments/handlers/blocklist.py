"""The blocklist staff keep: emails, IP addresses or networks, countries and card fingerprints.

A payment attempt matching any entry scores the blocking score at once (``model.fraud``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.cards import masked
from core.errors import Conflict, FieldError
from core.validation import Findings, found
from domains.payments.handlers.screening import page_size, screening_of
from domains.payments.messages.fraud import (
    AddBlockEntry,
    BlockEntry,
    GetBlockEntry,
    ListBlockEntries,
    RemoveBlockEntry,
    UpdateBlockEntry,
)
from domains.payments.model.screening import block_value

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.paging import Page
    from domains.payments.ports import PaymentsDeps

LONGEST_NOTE = 500


def _note(problems: Findings, note: str | None) -> str | None:
    return masked(problems.text(note, "note", longest=LONGEST_NOTE, required=False)) or None


async def add_block_entry(cmd: AddBlockEntry, deps: PaymentsDeps) -> BlockEntry:
    problems = Findings()
    value = ""
    try:
        value = block_value(cmd.kind, cmd.value)
    except ValueError as exc:
        problems.add("value", str(exc))
    note = _note(problems, cmd.note)
    problems.raise_any("the blocklist entry is invalid")
    async with deps.uow() as uow:
        entry = await screening_of(deps).blocklist.add(cmd.kind, value, note, cmd.actor)
        if entry is None:
            raise Conflict(
                f"this {cmd.kind} is on the blocklist already",
                errors=[FieldError("value", "is on the blocklist already")],
            )
        await uow.commit()
    return entry


async def update_block_entry(cmd: UpdateBlockEntry, deps: PaymentsDeps) -> BlockEntry:
    problems = Findings()
    note = _note(problems, cmd.note)
    problems.raise_any("the blocklist entry is invalid")
    async with deps.uow() as uow:
        entry = found(
            await screening_of(deps).blocklist.annotate(cmd.entry_id, note), "blocklist entry", cmd.entry_id
        )
        await uow.commit()
    return entry


async def remove_block_entry(cmd: RemoveBlockEntry, deps: PaymentsDeps) -> None:
    async with deps.uow() as uow:
        found(
            await screening_of(deps).blocklist.remove(cmd.entry_id) or None, "blocklist entry", cmd.entry_id
        )
        await uow.commit()


async def get_block_entry(query: GetBlockEntry, deps: PaymentsDeps) -> BlockEntry:
    return found(await screening_of(deps).blocklist.get(query.entry_id), "blocklist entry", query.entry_id)


async def list_block_entries(query: ListBlockEntries, deps: PaymentsDeps) -> Page[BlockEntry]:
    return await screening_of(deps).blocklist.page(query.kind, page_size(query.limit), query.cursor)


HANDLERS: dict[type[Message], Handler] = {
    AddBlockEntry: add_block_entry,
    UpdateBlockEntry: update_block_entry,
    RemoveBlockEntry: remove_block_entry,
    GetBlockEntry: get_block_entry,
    ListBlockEntries: list_block_entries,
}
