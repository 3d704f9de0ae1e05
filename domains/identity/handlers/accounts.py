"""Customer accounts: registration, the account view, the second factor, blocking and erasure."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError, Invalid, NotFound
from core.messages import new_id
from core.validation import Findings, found
from domains.customers import messages as customers
from domains.identity import messages as m
from domains.identity.handlers.keys import access
from domains.identity.handlers.recovery import later, mail_verification, notify, verification_of
from domains.identity.model import (
    Customer,
    StaffUser,
    Totp,
    check_password,
    email_of,
    name_of,
    provisioning_uri,
    revoked,
    uuid_of,
)

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Event, Message
    from core.security import Kind
    from core.uow import UnitOfWork
    from domains.identity.ports import IdentityDeps


async def register_customer(cmd: m.RegisterCustomer, deps: IdentityDeps) -> m.CustomerView:
    problems = Findings()
    email, password = email_of(problems, cmd.email), check_password(problems, cmd.password)
    names = name_of(problems, cmd.first_name, "first_name"), name_of(problems, cmd.last_name, "last_name")
    problems.raise_any()
    password_hash = await deps.hasher.hash(password)  # a taken email costs the same time
    customer = Customer.register(new_id(), email, password_hash, names, deps.clock.now())
    first_name, last_name = names
    view = m.CustomerView(
        id=customer.id,
        email=email,
        first_name=first_name,
        last_name=last_name,
        created_at=customer.created_at,
    )
    if await deps.customers.by_email(email) is not None:
        return _taken(deps, view)
    verification = verification_of(deps, customer) if deps.access is not None else None
    try:
        async with deps.uow() as uow:
            await deps.customers.add(customer)
            if verification is not None:
                await access(deps).account_tokens.add(verification[1])
            uow.collect(customer)
            await uow.commit()
    except Conflict:  # registered at the same moment by another request
        return _taken(deps, view)
    if verification is not None:
        mail_verification(deps, email, verification[0])
    return view


def _taken(deps: IdentityDeps, view: m.CustomerView) -> m.CustomerView:
    """The reply a new account gets (its id is never stored); the address's owner is told instead."""
    if deps.access is not None:
        payload = {
            "sign_in_url": f"{access(deps).public_url}/sign-in",
            "reset_url": f"{access(deps).public_url}/forgot-password",
        }
        later(deps, notify(deps, "registration_attempted", view.email, payload))
    return view


async def get_customer(query: m.GetCustomer, deps: IdentityDeps) -> m.AccountView:
    customer = await _customer(deps, query.customer_id)
    totp = await deps.totp.get(customer.id)
    return m.AccountView(
        id=customer.id,
        email=customer.email,
        created_at=customer.created_at,
        blocked=customer.blocked_at is not None,
        erased=customer.erased_at is not None,
        totp_enabled=totp is not None and totp.confirmed_at is not None,
        email_verified=customer.email_verified,
    )


async def _customer(deps: IdentityDeps, raw_id: str) -> Customer:
    customer_id = uuid_of(raw_id)
    return found(await deps.customers.get(customer_id) if customer_id else None, "customer", raw_id)


# --- reactions to the customers domain -----------------------------------------------


async def when_customer_blocked_refuse_sign_in(event: customers.CustomerBlocked, deps: IdentityDeps) -> None:
    """A blocked customer can no longer sign in, and the sessions open now end."""
    now = deps.clock.now()
    async with deps.uow() as uow:
        customer = await deps.customers.get(str(event.customer_id))
        if customer is None or not customer.block(now):
            return
        await deps.customers.save(customer)
        await _revoke_all(deps, uow, customer.id)
        await uow.commit()


async def when_customer_unblocked_allow_sign_in(
    event: customers.CustomerUnblocked, deps: IdentityDeps
) -> None:
    async with deps.uow() as uow:
        customer = await deps.customers.get(str(event.customer_id))
        if customer is not None and customer.unblock(deps.clock.now()):
            await deps.customers.save(customer)
            await uow.commit()


async def when_customer_erased_anonymise_account(event: customers.CustomerErased, deps: IdentityDeps) -> None:
    """Email replaced by an undeliverable placeholder, password and TOTP removed, sessions revoked."""
    async with deps.uow() as uow:
        customer = await deps.customers.get(str(event.customer_id))
        if customer is None or not customer.anonymise(deps.clock.now()):
            return
        await deps.customers.save(customer)
        await deps.totp.delete(customer.id)
        await _revoke_all(deps, uow, customer.id)
        uow.collect(customer)
        await uow.commit()


async def _revoke_all(deps: IdentityDeps, uow: UnitOfWork, customer_id: str) -> None:
    sessions = await deps.sessions.revoke_all(customer_id, "customer", deps.clock.now(), "revoked")
    uow.add(*(revoked(session, "revoked") for session in sessions))
    for session in sessions:
        await deps.tokens.revoke(session.id)


# --- second factor -----------------------------------------------------------------


async def enrol_totp(cmd: m.EnrolTotp, deps: IdentityDeps) -> m.TotpEnrolment:
    account = await _account(deps, cmd.subject_id, cmd.kind)
    existing = await deps.totp.get(account.id)
    if existing is not None and existing.confirmed_at is not None:
        raise Conflict("TOTP is already enabled for this account")
    totp = Totp.enrol(account.id, cmd.kind, deps.clock.now())
    async with deps.uow() as uow:
        await deps.totp.save(totp)
        uow.collect(totp)
        await uow.commit()
    return m.TotpEnrolment(secret=totp.secret, provisioning_uri=provisioning_uri(totp, account.email))


async def confirm_totp(cmd: m.ConfirmTotp, deps: IdentityDeps) -> None:
    account = await _account(deps, cmd.subject_id, cmd.kind)
    now = deps.clock.now()
    async with deps.uow() as uow:
        totp = await deps.totp.get(account.id)
        if totp is None:
            raise Conflict("start TOTP enrolment first")
        if totp.confirmed_at is not None:
            return
        if not totp.accepts(cmd.code, now):
            raise Invalid(
                "the code is wrong",
                errors=[FieldError("code", "is not the current code of the authenticator")],
            )
        confirmed = totp.confirmed(now)
        await deps.totp.save(confirmed)
        uow.collect(confirmed)
        await uow.commit()


async def _account(deps: IdentityDeps, raw_id: str, kind: Kind) -> Customer | StaffUser:
    subject_id = uuid_of(raw_id)
    account: Customer | StaffUser | None = None
    if subject_id is not None:
        account = await (deps.customers.get(subject_id) if kind == "customer" else deps.staff.get(subject_id))
    if account is None or (isinstance(account, Customer) and account.erased_at is not None):
        raise NotFound("no such account")
    return account


HANDLERS: dict[type[Message], Handler] = {
    m.RegisterCustomer: register_customer,
    m.GetCustomer: get_customer,
    m.EnrolTotp: enrol_totp,
    m.ConfirmTotp: confirm_totp,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    customers.CustomerBlocked: [when_customer_blocked_refuse_sign_in],
    customers.CustomerUnblocked: [when_customer_unblocked_allow_sign_in],
    customers.CustomerErased: [when_customer_erased_anonymise_account],
}
