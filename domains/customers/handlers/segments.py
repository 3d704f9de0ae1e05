"""Segments: static ones staff fill, rule ones whose stored members follow the customers' facts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from uuid import uuid4

import msgspec

from core.errors import Conflict, NotFound
from core.paging import MAX_LIMIT, Page
from core.validation import Findings, check_limit, found
from domains.customers import messages as m
from domains.customers.handlers.memberships import ensure_profile, evaluate_segment
from domains.customers.model import (
    MAX_DESCRIPTION,
    MAX_SEGMENT_NAME,
    Segment,
    membership_changed,
    rules_of,
    segment_view,
)

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.customers.ports import CustomersDeps

MAX_MEMBERS_AT_ONCE = 100


def _checked(problems: Findings, cmd: m.CreateSegment | m.UpdateSegment) -> dict[str, Any]:
    changes: dict[str, Any] = {}
    if isinstance(cmd.name, str):
        changes["name"] = problems.text(cmd.name, "name", longest=MAX_SEGMENT_NAME)
    if not isinstance(cmd.description, msgspec.UnsetType):
        description = problems.text(cmd.description, "description", longest=MAX_DESCRIPTION, required=False)
        changes["description"] = description or None
    if isinstance(cmd.rules, m.SegmentRules):
        changes["rules"] = rules_of(problems, cmd.rules)
    return changes


async def create_segment(cmd: m.CreateSegment, deps: CustomersDeps) -> m.Segment:
    problems = Findings()
    values = _checked(problems, cmd)
    if cmd.kind == "rule" and cmd.rules is None:
        problems.add("rules", "a rule segment needs rules")
    if cmd.kind == "static" and cmd.rules is not None:
        problems.add("rules", "a static segment has members, not rules")
    problems.raise_any("the segment is invalid")
    segment = Segment.create(
        uuid4(), values["name"], values.get("description"), values.get("rules"), deps.clock()
    )
    async with deps.uow() as uow:
        await deps.segments.add(segment)
        if segment.kind == "rule":
            await evaluate_segment(deps, uow, segment)
        uow.collect(segment)
        await uow.commit()
    return await get_segment(m.GetSegment(segment_id=segment.id), deps)


async def update_segment(cmd: m.UpdateSegment, deps: CustomersDeps) -> m.Segment:
    problems = Findings()
    changes = _checked(problems, cmd)
    async with deps.uow() as uow:
        segment = await _segment(deps, cmd.segment_id, lock=True)
        if "rules" in changes and segment.kind == "static":
            problems.add("rules", "a static segment has members, not rules")
        problems.raise_any("the segment is invalid")
        rules_changed = segment.update(changes, deps.clock())
        if segment.events:
            await deps.segments.save(segment)
            if rules_changed:
                await evaluate_segment(deps, uow, segment)
            uow.collect(segment)
            await uow.commit()
    return await get_segment(m.GetSegment(segment_id=cmd.segment_id), deps)


async def delete_segment(cmd: m.DeleteSegment, deps: CustomersDeps) -> None:
    async with deps.uow() as uow:
        await _segment(deps, cmd.segment_id, lock=True)
        await deps.segments.delete(cmd.segment_id)
        uow.add(m.SegmentDeleted(segment_id=cmd.segment_id))
        await uow.commit()


async def add_segment_members(cmd: m.AddSegmentMembers, deps: CustomersDeps) -> m.Segment:
    check_limit(cmd.customer_ids, MAX_MEMBERS_AT_ONCE, "customer_ids")
    problems = Findings()
    for index, customer_id in enumerate(dict.fromkeys(cmd.customer_ids)):
        try:
            await ensure_profile(deps, customer_id)
        except NotFound:
            problems.add(f"customer_ids[{index}]", "no such customer")
    problems.raise_any("some customers do not exist")
    async with deps.uow() as uow:
        segment = await _static(deps, cmd.segment_id)
        joined = await deps.segments.add_members(segment.id, list(dict.fromkeys(cmd.customer_ids)))
        uow.add(*membership_changed(segment.id, joined, []))
        await uow.commit()
    return await get_segment(m.GetSegment(segment_id=cmd.segment_id), deps)


async def remove_segment_member(cmd: m.RemoveSegmentMember, deps: CustomersDeps) -> m.Segment:
    async with deps.uow() as uow:
        segment = await _static(deps, cmd.segment_id)
        left = await deps.segments.remove_members(segment.id, [cmd.customer_id])
        if not left:
            raise NotFound(f"customer {cmd.customer_id} is not a member of this segment")
        uow.add(*membership_changed(segment.id, [], left))
        await uow.commit()
    return await get_segment(m.GetSegment(segment_id=cmd.segment_id), deps)


async def get_segment(query: m.GetSegment, deps: CustomersDeps) -> m.Segment:
    return segment_view(await _segment(deps, query.segment_id))


async def list_segments(query: m.ListSegments, deps: CustomersDeps) -> Page[m.Segment]:
    page = await deps.segments.page(min(max(query.limit, 1), MAX_LIMIT), query.cursor)
    return Page(items=[segment_view(s) for s in page.items], next_cursor=page.next_cursor)


async def list_segment_members(query: m.ListSegmentMembers, deps: CustomersDeps) -> Page[m.CustomerSummary]:
    await _segment(deps, query.segment_id)
    return await deps.segments.members(query.segment_id, min(max(query.limit, 1), MAX_LIMIT), query.cursor)


async def _segment(deps: CustomersDeps, segment_id: UUID, *, lock: bool = False) -> Segment:
    return found(await deps.segments.get(segment_id, lock=lock), "segment", segment_id)


async def _static(deps: CustomersDeps, segment_id: UUID) -> Segment:
    segment = await _segment(deps, segment_id, lock=True)
    if segment.kind != "static":
        raise Conflict("the members of a rule segment follow its rules; change the rules instead")
    return segment


HANDLERS: dict[type[Message], Handler] = {
    m.CreateSegment: create_segment,
    m.UpdateSegment: update_segment,
    m.DeleteSegment: delete_segment,
    m.AddSegmentMembers: add_segment_members,
    m.RemoveSegmentMember: remove_segment_member,
    m.GetSegment: get_segment,
    m.ListSegments: list_segments,
    m.ListSegmentMembers: list_segment_members,
}
