"""Staff routes: staff sign-in, staff users and their roles."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, delete, get, post, put
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.guards import staff, staff_member
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from core.ratelimit import attempts
from domains.identity import messages as m
from domains.identity import schemas as s
from domains.identity.api.auth import Caller, second_factor, user_agent

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
        responses=errors(400, 401, 429),
    )
    async def log_in(
        self, data: JSONBody[s.Credentials], bus: Bus, request: Request[Any, Any, Any]
    ) -> s.TokenPair:
        async with attempts(request).guarding("staff_login", data.email, request, fields=second_factor(data)):
            reply = await bus.send(message(data, m.LogInStaff, user_agent=user_agent(request)))
        return shaped(reply, s.TokenPair)


class StaffUserController(Controller):
    path = "/admin/staff"
    tags = ["admin: staff"]
    guards = [staff_member(MANAGE)]

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
    guards = [staff_member(MANAGE)]

    @get(operation_id="list_roles", summary="Roles by name", responses=errors(400, 401, 403))
    async def list_roles(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Page[s.Role]:
        return shaped(await bus.ask(m.ListRoles(limit=limit, cursor=cursor)), Page[s.Role])

    @post(operation_id="create_role", summary="Create a role", responses=errors(400, 401, 403, 409, 422))
    async def create(self, data: JSONBody[s.RoleCreate], bus: Bus) -> s.Role:
        return shaped(await bus.send(message(data, m.CreateRole)), s.Role)


KEYS_READ, KEYS_WRITE = "api_keys:read", "api_keys:write"


class ApiKeyController(Controller):
    path = "/admin/api-keys"
    tags = ["admin: API keys"]

    @post(
        guards=[staff_member(KEYS_WRITE)],
        operation_id="create_api_key",
        summary="Issue an API key for an integrator",
        description="The key (and, with `require_signature`, its signing secret) is in this reply only: "
        "only its SHA-256 is stored. The key carries the permissions given, which must be ones the "
        "calling staff user's roles grant now; send it as `X-API-Key` wherever a staff token is "
        "accepted. Only a staff user's token issues keys: an API key gets 403.",
        responses=errors(400, 401, 403, 422),
    )
    async def create(self, data: JSONBody[s.ApiKeyCreate], principal: Caller, bus: Bus) -> s.ApiKeyIssued:
        reply = await bus.send(
            m.CreateApiKey(
                name=data.name,
                permissions=data.permissions,
                expires_at=data.expires_at,
                require_signature=data.require_signature,
                created_by=f"{principal.kind}:{principal.subject}",
                staff_id=principal.subject,
            )
        )
        return shaped(reply, s.ApiKeyIssued)

    @get(
        guards=[staff(KEYS_READ)],
        operation_id="list_api_keys",
        summary="API keys, newest first, without their secrets",
        responses=errors(400, 401, 403),
    )
    async def list_keys(
        self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[s.ApiKey]:
        return shaped(await bus.ask(m.ListApiKeys(limit=limit, cursor=cursor)), Page[s.ApiKey])

    @delete(
        "/{api_key_id:uuid}",
        guards=[staff(KEYS_WRITE)],
        operation_id="revoke_api_key",
        summary="Revoke an API key",
        description="It answers 401 from now on (other processes stop trusting it within "
        "`api_key_cache_seconds`, at once in split mode when the event arrives).",
        responses=errors(401, 403, 404),
    )
    async def revoke(self, api_key_id: FromPath[UUID], bus: Bus) -> None:
        await bus.send(m.RevokeApiKey(api_key_id=str(api_key_id)))


ROUTES = [StaffAuthController, StaffUserController, RoleController, ApiKeyController]
