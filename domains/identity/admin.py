"""Staff routes: staff sign-in, staff users and their roles."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, get, post, put
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.guards import staff
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from domains.identity import messages as m
from domains.identity import schemas as s
from domains.identity.api import user_agent

MANAGE = "staff:manage"


class StaffAuthController(Controller):
    path = "/admin/auth"
    tags = ["admin: auth"]

    @post(
        "/login",
        status_code=200,
        operation_id="log_in_staff",
        summary="Sign a staff user in",
        description="The access token carries the permissions of the staff user's roles. "
        "Refresh, log out and sessions use the /auth routes.",
        responses=errors(400, 401),
    )
    async def log_in(
        self, data: JSONBody[s.Credentials], bus: Bus, request: Request[Any, Any, Any]
    ) -> s.TokenPair:
        reply = await bus.send(message(data, m.LogInStaff, user_agent=user_agent(request)))
        return shaped(reply, s.TokenPair)


class StaffUserController(Controller):
    path = "/admin/staff"
    tags = ["admin: staff"]
    guards = [staff(MANAGE)]

    @get(
        operation_id="list_staff_users", summary="Staff users, oldest first", responses=errors(400, 401, 403)
    )
    async def list_staff(
        self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[s.StaffUser]:
        return shaped(await bus.ask(m.ListStaffUsers(limit=limit, cursor=cursor)), Page[s.StaffUser])

    @post(
        operation_id="create_staff_user",
        summary="Create a staff user",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create(self, data: JSONBody[s.StaffUserCreate], bus: Bus) -> s.StaffUser:
        return shaped(await bus.send(message(data, m.CreateStaffUser)), s.StaffUser)

    @get(
        "/{staff_id:uuid}",
        operation_id="get_staff_user",
        summary="One staff user",
        responses=errors(401, 403, 404),
    )
    async def get_staff(self, staff_id: FromPath[UUID], bus: Bus) -> s.StaffUser:
        return shaped(await bus.ask(m.GetStaffUser(staff_id=str(staff_id))), s.StaffUser)

    @put(
        "/{staff_id:uuid}/roles",
        operation_id="assign_staff_roles",
        summary="Replace a staff user's roles",
        description="New permissions apply from the staff user's next sign-in or token refresh.",
        responses=errors(400, 401, 403, 404, 422),
    )
    async def assign(
        self, staff_id: FromPath[UUID], data: JSONBody[s.RoleAssignment], bus: Bus
    ) -> s.StaffUser:
        reply = await bus.send(m.AssignStaffRoles(staff_id=str(staff_id), roles=data.roles))
        return shaped(reply, s.StaffUser)


class RoleController(Controller):
    path = "/admin/roles"
    tags = ["admin: staff"]
    guards = [staff(MANAGE)]

    @get(operation_id="list_roles", summary="Roles by name", responses=errors(400, 401, 403))
    async def list_roles(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[s.Role]:
        return shaped(await bus.ask(m.ListRoles(limit=limit, cursor=cursor)), Page[s.Role])

    @post(operation_id="create_role", summary="Create a role", responses=errors(400, 401, 403, 409, 422))
    async def create(self, data: JSONBody[s.RoleCreate], bus: Bus) -> s.Role:
        return shaped(await bus.send(message(data, m.CreateRole)), s.Role)


ROUTES = [StaffAuthController, StaffUserController, RoleController]
