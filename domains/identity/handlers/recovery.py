"""Account recovery: password reset and email verification by mailed single-use tokens.

Asking for a reset, or registering with a taken address, answers the same whether or not
the account exists; the reset token is stored and the mail sent in the background, so the
reply's timing does not tell either (both answers do one look-up first).
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import structlog

from core.errors import Conflict, DomainError, FieldError, Invalid, NotFound
from core.validation import Findings
from domains.identity import messages as m
from domains.identity.handlers.keys import access
from domains.identity.model import (
    BAD_TOKEN,
    Customer,
    StaffUser,
    check_password,
    digest_of,
    issue_account_token,
    revoked,
    uuid_of,
)
from domains.notifications.messages import Notify

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from core.domain import Handler
    from core.messages import Message
    from core.security import Kind
    from domains.identity.model import AccountToken, Purpose
    from domains.identity.ports import IdentityDeps

log = structlog.get_logger("mercato.identity")


def later(deps: IdentityDeps, work: Coroutine[Any, Any, None]) -> None:
    """Run ``work`` after the reply (its failure is logged, never answered)."""
    background = access(deps).background
    task = asyncio.create_task(work)
    background.add(task)
    task.add_done_callback(background.discard)


async def finish_background_work(deps: IdentityDeps) -> None:
    """A worker: at shutdown, let the mail work started after replies finish (a few seconds at most)."""
    try:
        await asyncio.Event().wait()
    finally:
        pending = set(deps.access.background) if deps.access is not None else set()
        if pending:
            await asyncio.wait(pending, timeout=5)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)


async def notify(deps: IdentityDeps, event: str, email: str, payload: dict[str, Any]) -> None:
    try:
        await access(deps).bus.send(Notify(event=event, email=email, payload=payload))
    except DomainError as exc:
        log.warning("account mail not queued", notification=event, error=exc.detail)
    except Exception:
        log.exception("account mail not queued", notification=event)


def link(deps: IdentityDeps, path: str, secret: str) -> str:
    return f"{access(deps).public_url}{path}?token={quote(secret)}"


# --- password reset --------------------------------------------------------------------


async def request_password_reset(cmd: m.RequestPasswordReset, deps: IdentityDeps) -> None:
    """Answer the same, after the same work (one look-up), whether or not a reset goes out.

    A customer without a password (signed up through a provider, or its unverified password
    distrusted when a provider linked it) may ask for one: a reset sets it. Blocked and erased
    customers get none.
    """
    email = cmd.email.strip().lower()
    account: Customer | StaffUser | None = await (
        deps.customers.by_email(email) if cmd.kind == "customer" else deps.staff.by_email(email)
    )
    if account is None or (
        isinstance(account, Customer) and (account.blocked_at is not None or account.erased_at is not None)
    ):
        return
    later(deps, _send_reset(deps, account.id, cmd.kind, email))


async def _send_reset(deps: IdentityDeps, account_id: str, kind: Kind, email: str) -> None:
    """Store the reset token and mail its link: after the reply, so its timing tells nothing."""
    try:
        secret, token = issue_account_token(
            "password_reset", account_id, kind, email, deps.clock.now(), access(deps).password_reset_ttl
        )
        async with deps.uow() as uow:
            await access(deps).account_tokens.add(token)
            await uow.commit()
    except Exception:
        log.exception("password reset not stored", kind=kind)
        return
    path = "/reset-password" if kind == "customer" else "/admin/reset-password"
    await notify(deps, "password_reset", email, {"reset_url": link(deps, path, secret), "token": secret})


async def reset_password(cmd: m.ResetPassword, deps: IdentityDeps) -> None:
    problems = Findings()
    password = check_password(problems, cmd.password)
    problems.raise_any()
    password_hash = await deps.hasher.hash(password)
    now = deps.clock.now()
    async with deps.uow() as uow:
        token = await _claim(deps, cmd.token, "password_reset")
        account = await _holder(deps, token)
        account.change_password(password_hash, now)
        if isinstance(account, Customer):
            await deps.customers.save(account)
        else:
            await deps.staff.save_password(account)
        sessions = await deps.sessions.revoke_all(account.id, token.kind, now, "revoked")
        uow.add(*(revoked(s, "revoked") for s in sessions))
        uow.collect(account)
        await uow.commit()
    for session in sessions:
        await deps.tokens.revoke(session.id)


# --- email verification ----------------------------------------------------------------


def verification_of(deps: IdentityDeps, customer: Customer) -> tuple[str, AccountToken]:
    return issue_account_token(
        "email_verification",
        customer.id,
        "customer",
        customer.email,
        deps.clock.now(),
        access(deps).email_verification_ttl,
    )


def mail_verification(deps: IdentityDeps, email: str, secret: str) -> None:
    payload = {"verify_url": link(deps, "/verify-email", secret), "token": secret}
    later(deps, notify(deps, "email_verification", email, payload))


async def verify_email(cmd: m.VerifyEmail, deps: IdentityDeps) -> None:
    async with deps.uow() as uow:
        token = await _claim(deps, cmd.token, "email_verification")
        customer = await _holder(deps, token)
        if isinstance(customer, Customer) and customer.verify_email(token.email, deps.clock.now()):
            await deps.customers.save(customer)
            uow.collect(customer)
        elif not (
            isinstance(customer, Customer) and customer.email_verified and customer.email == token.email
        ):
            raise _bad_token()
        await uow.commit()


async def resend_verification(cmd: m.ResendVerification, deps: IdentityDeps) -> None:
    customer_id = uuid_of(cmd.customer_id)
    customer = await deps.customers.get(customer_id) if customer_id else None
    if customer is None or customer.erased_at is not None:
        raise NotFound("no such account")
    if customer.email_verified:
        raise Conflict("this email address is verified already")
    secret, token = verification_of(deps, customer)
    async with deps.uow() as uow:
        await access(deps).account_tokens.add(token)
        await uow.commit()
    mail_verification(deps, customer.email, secret)


async def _claim(deps: IdentityDeps, secret: str, purpose: Purpose) -> AccountToken:
    token = await access(deps).account_tokens.claim(digest_of(secret.strip()), purpose, deps.clock.now())
    if token is None:
        raise _bad_token()
    return token


async def _holder(deps: IdentityDeps, token: AccountToken) -> Customer | StaffUser:
    account = await (
        deps.customers.get(token.subject_id) if token.kind == "customer" else deps.staff.get(token.subject_id)
    )
    if account is None or (isinstance(account, Customer) and account.erased_at is not None):
        raise _bad_token()
    return account


def _bad_token() -> Invalid:
    return Invalid(BAD_TOKEN, errors=[FieldError("token", "is invalid, expired or already used")])


HANDLERS: dict[type[Message], Handler] = {
    m.RequestPasswordReset: request_password_reset,
    m.ResetPassword: reset_password,
    m.VerifyEmail: verify_email,
    m.ResendVerification: resend_verification,
}
