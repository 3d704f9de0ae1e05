"""Identity handlers for staff users and their roles."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import FieldError, Invalid
from core.messages import new_id
from core.paging import MAX_LIMIT, Page
from core.validation import Findings, found
from domains.identity import messages as m
from domains.identity.model import (
    Role,
    StaffUser,
    check_password,
    email_of,
    email_taken,
    permissions_of,
    permissions_of_text,
    role_name_of,
    role_names_of,
    uuid_of,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.identity.ports import IdentityDeps

MAX_DESCRIPTION = 500


async def create_staff_user(cmd: m.CreateStaffUser, deps: IdentityDeps) -> m.StaffUserView:
    problems = Findings()
    email, password = email_of(problems, cmd.email), check_password(problems, cmd.password)
    problems.raise_any()
    names = role_names_of(cmd.roles)
    roles = await _existing_roles(deps, names)
    if await deps.staff.by_email(email) is not None:
        raise email_taken("a staff user with this email exists")
    staff = StaffUser.create(new_id(), email, await deps.hasher.hash(password), names, deps.clock.now())
    async with deps.uow() as uow:
        await deps.staff.add(staff)
        uow.collect(staff)
        await uow.commit()
    return _staff_view(staff, roles)


async def assign_staff_roles(cmd: m.AssignStaffRoles, deps: IdentityDeps) -> m.StaffUserView:
    names = role_names_of(cmd.roles)
    roles = await _existing_roles(deps, names)
    async with deps.uow() as uow:
        staff = await _staff_user(deps, cmd.staff_id)
        staff.assign(names, deps.clock.now())
        if staff.events:
            await deps.staff.save_roles(staff)
            uow.collect(staff)
            await uow.commit()
    return _staff_view(staff, roles)


async def get_staff_user(query: m.GetStaffUser, deps: IdentityDeps) -> m.StaffUserView:
    staff = await _staff_user(deps, query.staff_id)
    return _staff_view(staff, await deps.roles.named(list(staff.roles)))


async def list_staff_users(query: m.ListStaffUsers, deps: IdentityDeps) -> Page[m.StaffUserView]:
    page = await deps.staff.page(min(max(query.limit, 1), MAX_LIMIT), query.cursor)
    roles = await deps.roles.named(sorted({r for s in page.items for r in s.roles}))
    return Page(items=[_staff_view(s, roles) for s in page.items], next_cursor=page.next_cursor)


async def create_role(cmd: m.CreateRole, deps: IdentityDeps) -> m.RoleView:
    problems = Findings()
    name = role_name_of(problems, cmd.name)
    permissions = permissions_of_text(problems, cmd.permissions)
    description = (
        problems.text(cmd.description, "description", longest=MAX_DESCRIPTION, required=False) or None
    )
    problems.raise_any()
    role = Role.create(name, permissions, description, deps.clock.now())
    async with deps.uow() as uow:
        await deps.roles.add(role)
        uow.collect(role)
        await uow.commit()
    return _role_view(role)


async def list_roles(query: m.ListRoles, deps: IdentityDeps) -> Page[m.RoleView]:
    page = await deps.roles.page(min(max(query.limit, 1), MAX_LIMIT), query.cursor)
    return Page(items=[_role_view(r) for r in page.items], next_cursor=page.next_cursor)


async def _staff_user(deps: IdentityDeps, raw_id: str) -> StaffUser:
    staff_id = uuid_of(raw_id)
    return found(await deps.staff.get(staff_id) if staff_id else None, "staff user", raw_id)


async def _existing_roles(deps: IdentityDeps, names: list[str]) -> list[Role]:
    roles = await deps.roles.named(names)
    unknown = sorted(set(names) - {r.name for r in roles})
    if unknown:
        raise Invalid("unknown roles", errors=[FieldError("roles", f"no such role: {', '.join(unknown)}")])
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


HANDLERS: dict[type[Message], Handler] = {
    m.CreateStaffUser: create_staff_user,
    m.AssignStaffRoles: assign_staff_roles,
    m.GetStaffUser: get_staff_user,
    m.ListStaffUsers: list_staff_users,
    m.CreateRole: create_role,
    m.ListRoles: list_roles,
}
