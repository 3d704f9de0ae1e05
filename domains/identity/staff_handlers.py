"""Identity handlers for staff users and their roles."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from core.errors import NotFound
from core.messages import new_id
from core.paging import MAX_LIMIT, Page
from domains.identity import messages as m
from domains.identity.model import (
    Role,
    StaffUser,
    check_password,
    email_of,
    email_taken,
    invalid,
    permissions_of,
    permissions_of_text,
    role_name_of,
    role_names_of,
    uuid_of,
)

if TYPE_CHECKING:
    from domains.identity.ports import Deps

MAX_DESCRIPTION = 500


async def create_staff_user(cmd: m.CreateStaffUser, deps: Deps) -> m.StaffUserView:
    email, password = email_of(cmd.email), check_password(cmd.password)
    names = role_names_of(cmd.roles)
    roles = await _existing_roles(deps, names)
    if await deps.staff.by_email(email) is not None:
        raise email_taken("a staff user with this email exists")
    now = deps.clock.now()
    staff = StaffUser(new_id(), email, await deps.hasher.hash(password), tuple(names), now, now)
    async with deps.uow() as uow:
        await deps.staff.add(staff)
        uow.add(m.StaffUserCreated(staff_id=staff.id, email=email, roles=names))
        await uow.commit()
    return _staff_view(staff, roles)


async def assign_staff_roles(cmd: m.AssignStaffRoles, deps: Deps) -> m.StaffUserView:
    names = role_names_of(cmd.roles)
    roles = await _existing_roles(deps, names)
    async with deps.uow() as uow:
        staff = await _staff_user(deps, cmd.staff_id)
        if staff.roles != tuple(names):
            staff = replace(staff, roles=tuple(names), updated_at=deps.clock.now())
            await deps.staff.save_roles(staff)
            uow.add(m.StaffRolesAssigned(staff_id=staff.id, roles=names))
            await uow.commit()
    return _staff_view(staff, roles)


async def get_staff_user(query: m.GetStaffUser, deps: Deps) -> m.StaffUserView:
    staff = await _staff_user(deps, query.staff_id)
    return _staff_view(staff, await deps.roles.named(list(staff.roles)))


async def list_staff_users(query: m.ListStaffUsers, deps: Deps) -> Page[m.StaffUserView]:
    page = await deps.staff.page(min(max(query.limit, 1), MAX_LIMIT), query.cursor)
    roles = await deps.roles.named(sorted({r for s in page.items for r in s.roles}))
    return Page(items=[_staff_view(s, roles) for s in page.items], next_cursor=page.next_cursor)


async def create_role(cmd: m.CreateRole, deps: Deps) -> m.RoleView:
    name = role_name_of(cmd.name)
    permissions = permissions_of_text(cmd.permissions)
    if not permissions:
        raise invalid("permissions", "needs at least one permission")
    description = (cmd.description or "").strip() or None
    if description and len(description) > MAX_DESCRIPTION:
        raise invalid("description", f"must have at most {MAX_DESCRIPTION} characters")
    role = Role(name, tuple(permissions), description, False, deps.clock.now())
    async with deps.uow() as uow:
        await deps.roles.add(role)
        uow.add(m.RoleCreated(name=name, permissions=permissions))
        await uow.commit()
    return _role_view(role)


async def list_roles(query: m.ListRoles, deps: Deps) -> Page[m.RoleView]:
    page = await deps.roles.page(min(max(query.limit, 1), MAX_LIMIT), query.cursor)
    return Page(items=[_role_view(r) for r in page.items], next_cursor=page.next_cursor)


async def _staff_user(deps: Deps, raw_id: str) -> StaffUser:
    staff_id = uuid_of(raw_id)
    staff = await deps.staff.get(staff_id) if staff_id else None
    if staff is None:
        raise NotFound("no such staff user")
    return staff


async def _existing_roles(deps: Deps, names: list[str]) -> list[Role]:
    roles = await deps.roles.named(names)
    unknown = sorted(set(names) - {r.name for r in roles})
    if unknown:
        raise invalid("roles", f"no such role: {', '.join(unknown)}")
    return roles


def _staff_view(s: StaffUser, roles: list[Role]) -> m.StaffUserView:
    own = [r for r in roles if r.name in s.roles]
    return m.StaffUserView(
        id=s.id,
        email=s.email,
        roles=list(s.roles),
        permissions=sorted(permissions_of(own)),
        created_at=s.created_at,
    )


def _role_view(r: Role) -> m.RoleView:
    return m.RoleView(
        name=r.name,
        permissions=list(r.permissions),
        description=r.description,
        builtin=r.builtin,
        created_at=r.created_at,
    )
