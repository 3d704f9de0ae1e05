"""The Piccolo implementation of identity's account and role ports.

Inside an open unit of work these queries run in its transaction.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import datetime
from typing import TYPE_CHECKING, Any

from asyncpg.exceptions import UniqueViolationError

from core.errors import Conflict, FieldError
from core.paging import Page, decode_cursor, encode_cursor, unknown_cursor
from domains.identity.model import Customer, Role, StaffUser, Totp, email_taken, uuid_of
from domains.identity.tables import IdentityCustomer, IdentityRole, IdentityStaffUser, IdentityTotp

if TYPE_CHECKING:
    from collections.abc import Callable

    from piccolo.table import Table


async def insert(row: Table, conflict: Conflict) -> None:
    """Insert ``row``; ``conflict`` if a unique key is taken (checked by PostgreSQL, race-free)."""
    try:
        await type(row).insert(row)
    except UniqueViolationError:
        raise conflict from None


def row_of(entity: Any, **overrides: Any) -> dict[str, Any]:
    """An entity's stored columns: its fields but the events it raised."""
    row = {f.name: getattr(entity, f.name) for f in fields(entity) if f.name != "events"}
    return {**row, **overrides}


def taken(field: str, detail: str) -> Conflict:
    return Conflict(detail, errors=[FieldError(field, "is already taken")])


def position_of(cursor: str | None, size: int) -> list[Any] | None:
    """The keyset position a cursor encodes, checked to have ``size`` parts."""
    position = decode_cursor(cursor)
    if position is not None and len(position) != size:
        raise unknown_cursor()
    return position


def time_and_id(cursor: str | None) -> tuple[datetime, str] | None:
    position = position_of(cursor, 2)
    if position is None:
        return None
    try:
        at, row_id = datetime.fromisoformat(position[0]), uuid_of(position[1])
    except (TypeError, ValueError):
        raise unknown_cursor() from None
    if row_id is None or at.tzinfo is None:
        raise unknown_cursor()
    return at, row_id


def page_of(items: list[Any], limit: int, position: Callable[[Any], list[Any]]) -> Page[Any]:
    """A page from ``limit + 1`` fetched items: the extra one says there is more."""
    more = len(items) > limit
    items = items[:limit]
    return Page(items=items, next_cursor=encode_cursor(position(items[-1])) if more else None)


class PiccoloCustomers:
    async def add(self, customer: Customer) -> None:
        await insert(
            IdentityCustomer(**row_of(customer)),
            email_taken("a customer with this email is already registered"),
        )

    async def get(self, customer_id: str) -> Customer | None:
        row = await IdentityCustomer.select().where(IdentityCustomer.id == customer_id).first()
        return None if row is None else _customer(row)

    async def by_email(self, email: str) -> Customer | None:
        row = await IdentityCustomer.select().where(IdentityCustomer.email == email).first()
        return None if row is None else _customer(row)

    async def save(self, customer: Customer) -> None:
        t = IdentityCustomer
        await t.update(
            {
                t.email: customer.email,
                t.password_hash: customer.password_hash,
                t.blocked_at: customer.blocked_at,
                t.erased_at: customer.erased_at,
                t.email_verified_at: customer.email_verified_at,
                t.updated_at: customer.updated_at,
            }
        ).where(t.id == customer.id)


def _customer(row: dict[str, Any]) -> Customer:
    return Customer(**{**row, "id": str(row["id"])})


class PiccoloStaffUsers:
    async def add(self, staff: StaffUser) -> None:
        row = IdentityStaffUser(**row_of(staff, roles=list(staff.roles)))
        await insert(row, email_taken("a staff user with this email exists"))

    async def get(self, staff_id: str) -> StaffUser | None:
        row = await IdentityStaffUser.select().where(IdentityStaffUser.id == staff_id).first()
        return None if row is None else _staff(row)

    async def by_email(self, email: str) -> StaffUser | None:
        row = await IdentityStaffUser.select().where(IdentityStaffUser.email == email).first()
        return None if row is None else _staff(row)

    async def save_password(self, staff: StaffUser) -> None:
        t = IdentityStaffUser
        await t.update({t.password_hash: staff.password_hash, t.updated_at: staff.updated_at}).where(
            t.id == staff.id
        )

    async def save_roles(self, staff: StaffUser) -> None:
        t = IdentityStaffUser
        await t.update({t.roles: list(staff.roles), t.updated_at: staff.updated_at}).where(t.id == staff.id)

    async def page(self, limit: int, cursor: str | None) -> Page[StaffUser]:
        t = IdentityStaffUser
        query = t.select().order_by(t.created_at, t.id).limit(limit + 1)
        after = time_and_id(cursor)
        if after is not None:
            at, after_id = after
            query = query.where((t.created_at > at) | ((t.created_at == at) & (t.id > after_id)))
        staff = [_staff(row) for row in await query]
        return page_of(staff, limit, lambda s: [s.created_at.isoformat(), s.id])


def _staff(row: dict[str, Any]) -> StaffUser:
    return StaffUser(**{**row, "id": str(row["id"]), "roles": tuple(row["roles"])})


class PiccoloRoles:
    async def add(self, role: Role) -> None:
        row = IdentityRole(**row_of(role, permissions=list(role.permissions)))
        await insert(row, taken("name", f"a role named {role.name!r} exists"))

    async def named(self, names: list[str]) -> list[Role]:
        if not names:
            return []
        rows = await IdentityRole.select().where(IdentityRole.name.is_in(names)).order_by(IdentityRole.name)
        return [_role(row) for row in rows]

    async def page(self, limit: int, cursor: str | None) -> Page[Role]:
        query = IdentityRole.select().order_by(IdentityRole.name).limit(limit + 1)
        position = position_of(cursor, 1)
        if position is not None:
            query = query.where(IdentityRole.name > str(position[0]))
        return page_of([_role(row) for row in await query], limit, lambda r: [r.name])


def _role(row: dict[str, Any]) -> Role:
    return Role(**{**row, "permissions": tuple(row["permissions"])})


class PiccoloTotpSecrets:
    async def get(self, subject_id: str) -> Totp | None:
        row = await IdentityTotp.select().where(IdentityTotp.subject_id == subject_id).first()
        return None if row is None else Totp(**{**row, "subject_id": str(row["subject_id"])})

    async def save(self, totp: Totp) -> None:
        t = IdentityTotp
        await t.insert(t(**row_of(totp))).on_conflict(
            target=t.subject_id, action="DO UPDATE", values=[t.secret, t.confirmed_at, t.created_at]
        )

    async def delete(self, subject_id: str) -> None:
        await IdentityTotp.delete().where(IdentityTotp.subject_id == subject_id)
