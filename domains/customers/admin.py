"""Staff routes for customers and segments (``customers:read`` / ``customers:write``)."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody, QueryParameter

from core.controllers import Bus, Cursor, Limit, message
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.customers import messages as m
from domains.customers import schemas as s

READ, WRITE = [staff("customers:read")], [staff("customers:write")]
Search = Annotated[
    str | None, QueryParameter(max_length=100, description="Part of the email, first or last name")
]


class CustomerAdminController(Controller):
    path = "/admin/customers"
    tags = ["customers: staff"]

    @get(
        guards=READ,
        operation_id="admin_list_customers",
        summary="Customers, newest first, searched by email or name",
        responses=errors(400, 401, 403, 422),
    )
    async def index(
        self, bus: Bus, q: Search = None, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[s.CustomerSummary]:
        return await bus.ask(m.ListCustomers(q=q, limit=limit, cursor=cursor))

    @get(
        "/{customer_id:uuid}",
        guards=READ,
        operation_id="admin_get_customer",
        summary="One customer: profile, tags, addresses, segments, order facts",
        responses=errors(401, 403, 404),
    )
    async def show(self, customer_id: FromPath[UUID], bus: Bus) -> s.CustomerDetail:
        return await bus.ask(m.GetCustomerDetail(customer_id=customer_id))

    @post(
        "/{customer_id:uuid}/tags",
        status_code=200,
        guards=WRITE,
        operation_id="admin_tag_customer",
        summary="Add tags to a customer",
        responses=errors(400, 401, 403, 404, 415, 422),
    )
    async def tag(self, customer_id: FromPath[UUID], data: JSONBody[s.Tags], bus: Bus) -> s.CustomerDetail:
        return await bus.send(m.TagCustomer(customer_id=customer_id, tags=data.tags))

    @delete(
        "/{customer_id:uuid}/tags/{tag:str}",
        status_code=200,
        guards=WRITE,
        operation_id="admin_untag_customer",
        summary="Take a tag off a customer",
        responses=errors(401, 403, 404),
    )
    async def untag(self, customer_id: FromPath[UUID], tag: FromPath[str], bus: Bus) -> s.CustomerDetail:
        return await bus.send(m.UntagCustomer(customer_id=customer_id, tag=tag))

    @post(
        "/{customer_id:uuid}/block",
        status_code=200,
        guards=WRITE,
        operation_id="admin_block_customer",
        summary="Block a customer: signing in is refused and open sessions end",
        responses=errors(401, 403, 404),
    )
    async def block(self, customer_id: FromPath[UUID], bus: Bus) -> s.CustomerDetail:
        return await bus.send(m.BlockCustomer(customer_id=customer_id))

    @post(
        "/{customer_id:uuid}/unblock",
        status_code=200,
        guards=WRITE,
        operation_id="admin_unblock_customer",
        summary="Let a blocked customer sign in again",
        responses=errors(401, 403, 404),
    )
    async def unblock(self, customer_id: FromPath[UUID], bus: Bus) -> s.CustomerDetail:
        return await bus.send(m.UnblockCustomer(customer_id=customer_id))


class SegmentAdminController(Controller):
    path = "/admin/segments"
    tags = ["customers: staff"]

    @get(
        guards=READ,
        operation_id="admin_list_segments",
        summary="Segments by name",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[s.Segment]:
        return await bus.ask(m.ListSegments(limit=limit, cursor=cursor))

    @post(
        guards=WRITE,
        operation_id="admin_create_segment",
        summary="Create a static segment or a rule segment",
        description="A rule segment's members are every customer matching all its rules, kept up to date.",
        responses=errors(400, 401, 403, 409, 415, 422),
    )
    async def create(self, data: JSONBody[s.SegmentCreate], bus: Bus) -> s.Segment:
        return await bus.send(message(data, m.CreateSegment))

    @get(
        "/{segment_id:uuid}",
        guards=READ,
        operation_id="admin_get_segment",
        summary="One segment",
        responses=errors(401, 403, 404),
    )
    async def show(self, segment_id: FromPath[UUID], bus: Bus) -> s.Segment:
        return await bus.ask(m.GetSegment(segment_id=segment_id))

    @patch(
        "/{segment_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_segment",
        summary="Rename a segment or change its rules",
        responses=errors(400, 401, 403, 404, 409, 415, 422),
    )
    async def update(
        self, segment_id: FromPath[UUID], data: JSONBody[s.SegmentUpdate], bus: Bus
    ) -> s.Segment:
        return await bus.send(message(data, m.UpdateSegment, segment_id=str(segment_id)))

    @delete(
        "/{segment_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_segment",
        summary="Delete a segment",
        responses=errors(401, 403, 404),
    )
    async def remove(self, segment_id: FromPath[UUID], bus: Bus) -> None:
        await bus.send(m.DeleteSegment(segment_id=segment_id))

    @get(
        "/{segment_id:uuid}/members",
        guards=READ,
        operation_id="admin_list_segment_members",
        summary="A segment's members, newest customers first",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def members(
        self, segment_id: FromPath[UUID], bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[s.CustomerSummary]:
        return await bus.ask(m.ListSegmentMembers(segment_id=segment_id, limit=limit, cursor=cursor))

    @post(
        "/{segment_id:uuid}/members",
        status_code=200,
        guards=WRITE,
        operation_id="admin_add_segment_members",
        summary="Add customers to a static segment",
        responses=errors(400, 401, 403, 404, 409, 415, 422),
    )
    async def add_members(self, segment_id: FromPath[UUID], data: JSONBody[s.Members], bus: Bus) -> s.Segment:
        return await bus.send(m.AddSegmentMembers(segment_id=segment_id, customer_ids=data.customer_ids))

    @delete(
        "/{segment_id:uuid}/members/{customer_id:uuid}",
        status_code=200,
        guards=WRITE,
        operation_id="admin_remove_segment_member",
        summary="Take a customer out of a static segment",
        responses=errors(401, 403, 404, 409),
    )
    async def remove_member(
        self, segment_id: FromPath[UUID], customer_id: FromPath[UUID], bus: Bus
    ) -> s.Segment:
        return await bus.send(m.RemoveSegmentMember(segment_id=segment_id, customer_id=customer_id))


ROUTES = [CustomerAdminController, SegmentAdminController]
