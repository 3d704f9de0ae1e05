"""The identity actor: customer accounts and their second factor here, the rest in
session_handlers and staff_handlers; every message's handler is registered in HANDLERS.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import msgspec

from core.errors import Conflict, NotFound
from core.messages import new_id
from domains.identity import messages as m
from domains.identity.model import (
    Customer,
    StaffUser,
    check_password,
    email_of,
    email_taken,
    invalid,
    name_of,
    new_totp,
    provisioning_uri,
    uuid_of,
)
from domains.identity.session_handlers import (
    list_sessions,
    log_in_customer,
    log_in_staff,
    log_out,
    refresh_session,
    revoke_session,
)
from domains.identity.staff_handlers import (
    assign_staff_roles,
    create_role,
    create_staff_user,
    get_staff_user,
    list_roles,
    list_staff_users,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from core.security import Kind
    from domains.identity.ports import Deps


async def register_customer(cmd: m.RegisterCustomer, deps: Deps) -> m.CustomerView:
    email, password = email_of(cmd.email), check_password(cmd.password)
    first_name, last_name = name_of(cmd.first_name, "first_name"), name_of(cmd.last_name, "last_name")
    if await deps.customers.by_email(email) is not None:
        raise email_taken("a customer with this email is already registered")
    now = deps.clock.now()
    customer = Customer(new_id(), email, await deps.hasher.hash(password), first_name, last_name, now, now)
    async with deps.uow() as uow:
        await deps.customers.add(customer)
        uow.add(
            m.CustomerRegistered(
                customer_id=customer.id, email=email, first_name=first_name, last_name=last_name
            )
        )
        await uow.commit()
    return _customer_view(customer)


async def get_customer(query: m.GetCustomer, deps: Deps) -> m.CustomerView:
    return _customer_view(await _customer(deps, query.customer_id))


async def update_customer_profile(cmd: m.UpdateCustomerProfile, deps: Deps) -> m.CustomerView:
    changes: dict[str, Any] = {
        field: name_of(value, field)
        for field, value in (("first_name", cmd.first_name), ("last_name", cmd.last_name))
        if value is not msgspec.UNSET
    }
    async with deps.uow() as uow:
        customer = await _customer(deps, cmd.customer_id)
        updated = replace(customer, **changes)
        if updated == customer:
            return _customer_view(customer)
        updated = replace(updated, updated_at=deps.clock.now())
        await deps.customers.save_names(updated)
        uow.add(
            m.CustomerProfileUpdated(
                customer_id=updated.id, first_name=updated.first_name, last_name=updated.last_name
            )
        )
        await uow.commit()
    return _customer_view(updated)


async def _customer(deps: Deps, raw_id: str) -> Customer:
    customer_id = uuid_of(raw_id)
    customer = await deps.customers.get(customer_id) if customer_id else None
    if customer is None:
        raise NotFound("no such customer")
    return customer


def _customer_view(c: Customer) -> m.CustomerView:
    return m.CustomerView(
        id=c.id, email=c.email, first_name=c.first_name, last_name=c.last_name, created_at=c.created_at
    )


# --- second factor -----------------------------------------------------------------


async def enrol_totp(cmd: m.EnrolTotp, deps: Deps) -> m.TotpEnrolment:
    account = await _account(deps, cmd.subject_id, cmd.kind)
    existing = await deps.totp.get(account.id)
    if existing is not None and existing.confirmed_at is not None:
        raise Conflict("TOTP is already enabled for this account")
    totp = new_totp(account.id, cmd.kind, deps.clock.now())
    async with deps.uow() as uow:
        await deps.totp.save(totp)
        uow.add(m.TotpEnrolmentStarted(subject_id=account.id, kind=cmd.kind))
        await uow.commit()
    return m.TotpEnrolment(secret=totp.secret, provisioning_uri=provisioning_uri(totp, account.email))


async def confirm_totp(cmd: m.ConfirmTotp, deps: Deps) -> None:
    account = await _account(deps, cmd.subject_id, cmd.kind)
    now = deps.clock.now()
    async with deps.uow() as uow:
        totp = await deps.totp.get(account.id)
        if totp is None:
            raise Conflict("start TOTP enrolment first")
        if totp.confirmed_at is not None:
            return
        if not totp.accepts(cmd.code, now):
            raise invalid("code", "is not the current code of the authenticator")
        await deps.totp.save(replace(totp, confirmed_at=now))
        uow.add(m.TotpEnabled(subject_id=account.id, kind=cmd.kind))
        await uow.commit()


async def _account(deps: Deps, raw_id: str, kind: Kind) -> Customer | StaffUser:
    subject_id = uuid_of(raw_id)
    found: Customer | StaffUser | None = None
    if subject_id is not None:
        found = await (deps.customers.get(subject_id) if kind == "customer" else deps.staff.get(subject_id))
    if found is None:
        raise NotFound("no such account")
    return found


HANDLERS: dict[type[Message], Handler] = {
    m.RegisterCustomer: register_customer,
    m.GetCustomer: get_customer,
    m.UpdateCustomerProfile: update_customer_profile,
    m.LogInCustomer: log_in_customer,
    m.LogInStaff: log_in_staff,
    m.RefreshSession: refresh_session,
    m.LogOut: log_out,
    m.RevokeSession: revoke_session,
    m.ListSessions: list_sessions,
    m.EnrolTotp: enrol_totp,
    m.ConfirmTotp: confirm_totp,
    m.CreateStaffUser: create_staff_user,
    m.AssignStaffRoles: assign_staff_roles,
    m.GetStaffUser: get_staff_user,
    m.ListStaffUsers: list_staff_users,
    m.CreateRole: create_role,
    m.ListRoles: list_roles,
}
