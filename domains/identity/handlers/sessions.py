"""Identity handlers for signing in: sessions, refresh-token rotation and reuse detection."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from core.errors import FieldError, Forbidden, NotFound, Unauthorized
from core.messages import new_id
from core.paging import MAX_LIMIT, Page
from core.security import TOTP_ENROLMENT, Principal
from domains.identity import messages as m
from domains.identity.model import (
    BAD_CREDENTIALS,
    MAX_PASSWORD,
    Customer,
    RefreshToken,
    Session,
    StaffUser,
    Verdict,
    digest_of,
    issue_refresh,
    judge_refresh,
    permissions_of,
    revoked,
    uuid_of,
)

if TYPE_CHECKING:
    from datetime import datetime

    from core.domain import Handler
    from core.messages import Message
    from core.security import Kind
    from core.uow import UnitOfWork
    from domains.identity.ports import IdentityDeps

Account = TypeVar("Account", Customer, StaffUser)


async def log_in_customer(cmd: m.LogInCustomer, deps: IdentityDeps) -> m.TokenPair:
    customer = await _authenticated(deps, await deps.customers.by_email(cmd.email.strip().lower()), cmd)
    if customer.blocked_at is not None:
        raise Forbidden("this account is blocked; contact the shop")
    return await _start_session(deps, customer.id, "customer", frozenset(), cmd.user_agent)


async def log_in_staff(cmd: m.LogInStaff, deps: IdentityDeps) -> m.TokenPair:
    staff = await _authenticated(deps, await deps.staff.by_email(cmd.email.strip().lower()), cmd)
    return await _start_session(deps, staff.id, "staff", await staff_permissions(deps, staff), cmd.user_agent)


async def staff_permissions(deps: IdentityDeps, staff: StaffUser) -> frozenset[str]:
    """The staff user's roles' permissions; only TOTP enrolment while TOTP is required and not set up."""
    if deps.access is not None and deps.access.staff_totp_required:
        totp = await deps.totp.get(staff.id)
        if totp is None or totp.confirmed_at is None:
            return frozenset({TOTP_ENROLMENT})
    return permissions_of(await deps.roles.named(list(staff.roles)))


async def refresh_session(cmd: m.RefreshSession, deps: IdentityDeps) -> m.TokenPair:
    now = deps.clock.now()
    async with deps.uow() as uow:
        token = await deps.sessions.token(digest_of(cmd.refresh_token))
        session = await deps.sessions.get(token.session_id) if token else None
        verdict = judge_refresh(token, session, now)
        if verdict is Verdict.VALID and token and session:
            pair = await _rotate(deps, uow, token, session, now)
            if pair is not None:
                return pair
            verdict = Verdict.REUSED  # another request rotated it first
        if verdict is Verdict.REUSED and token:
            await _revoke_family(deps, uow, token, now)
    if verdict is Verdict.REUSED:
        raise Unauthorized("this refresh token was already used; its sessions are now revoked")
    raise Unauthorized("the refresh token is invalid, expired or revoked")


async def log_out(cmd: m.LogOut, deps: IdentityDeps) -> None:
    session = await _own_session(deps, cmd.subject_id, cmd.kind, cmd.session_id)
    if session is not None:
        await _revoke(deps, session, "logout")


async def revoke_session(cmd: m.RevokeSession, deps: IdentityDeps) -> None:
    session = await _own_session(deps, cmd.subject_id, cmd.kind, cmd.session_id)
    if session is None:
        raise NotFound("no such session")
    await _revoke(deps, session, "revoked")


async def list_sessions(query: m.ListSessions, deps: IdentityDeps) -> Page[m.SessionView]:
    subject_id = uuid_of(query.subject_id)
    if subject_id is None:
        return Page(items=[])
    limit = min(max(query.limit, 1), MAX_LIMIT)
    page = await deps.sessions.active(subject_id, query.kind, deps.clock.now(), limit, query.cursor)
    return Page(
        items=[_session_view(s, query.current_session_id) for s in page.items], next_cursor=page.next_cursor
    )


async def _authenticated(
    deps: IdentityDeps, account: Account | None, cmd: m.LogInCustomer | m.LogInStaff
) -> Account:
    """The account if the password (and TOTP code, once enabled) match; 401 otherwise."""
    if len(cmd.password) > MAX_PASSWORD:  # no account has one; hashing it would only burn CPU
        raise Unauthorized(BAD_CREDENTIALS)
    matches = await deps.hasher.verify(account.password_hash if account else None, cmd.password)
    # An erased account has no password hash, so no password matches it.
    if account is None or not matches:
        raise Unauthorized(BAD_CREDENTIALS)
    totp = await deps.totp.get(account.id)
    if (
        totp is not None
        and totp.confirmed_at is not None
        and not totp.accepts(cmd.totp_code, deps.clock.now())
    ):
        raise Unauthorized(
            "this account needs a valid TOTP code",
            errors=[FieldError("totp_code", "is missing or wrong")],
        )
    return account


async def _start_session(
    deps: IdentityDeps, subject_id: str, kind: Kind, permissions: frozenset[str], user_agent: str | None
) -> m.TokenPair:
    now = deps.clock.now()
    agent = user_agent[:255] if user_agent else None
    session = Session.start(new_id(), subject_id, kind, agent, now, deps.refresh_ttl)
    secret, token = issue_refresh(session.id, new_id(), now, deps.refresh_ttl)
    async with deps.uow() as uow:
        await deps.sessions.start(session, token)
        uow.collect(session)
        await uow.commit()
    return _token_pair(deps, session, secret, permissions)


def _token_pair(
    deps: IdentityDeps, session: Session, secret: str, permissions: frozenset[str]
) -> m.TokenPair:
    principal = Principal(
        subject=session.subject_id, kind=session.kind, session_id=session.id, permissions=permissions
    )
    return m.TokenPair(
        access_token=deps.tokens.issue(principal), refresh_token=secret, expires_in=deps.tokens.access_ttl
    )


async def _rotate(
    deps: IdentityDeps, uow: UnitOfWork, token: RefreshToken, session: Session, now: datetime
) -> m.TokenPair | None:
    """A new pair replacing ``token``, or None if a concurrent request used it first."""
    secret, fresh = issue_refresh(session.id, token.family_id, now, deps.refresh_ttl)
    session = session.refreshed(now, deps.refresh_ttl)
    if not await deps.sessions.rotate(token, fresh, session):
        return None
    permissions = await _permissions(deps, session)
    uow.collect(session)
    await uow.commit()
    return _token_pair(deps, session, secret, permissions)


async def _permissions(deps: IdentityDeps, session: Session) -> frozenset[str]:
    """Staff permissions as their roles grant them now, so role changes apply on refresh."""
    if session.kind != "staff":
        return frozenset()
    staff = await deps.staff.get(session.subject_id)
    return await staff_permissions(deps, staff) if staff else frozenset()


async def _revoke_family(deps: IdentityDeps, uow: UnitOfWork, token: RefreshToken, now: datetime) -> None:
    sessions = await deps.sessions.revoke_family(token.family_id, now)
    uow.add(*(revoked(s, "reuse_detected") for s in sessions))
    await uow.commit()
    for session in sessions:
        await deps.tokens.revoke(session.id)


async def _own_session(deps: IdentityDeps, subject_id: str, kind: Kind, raw_id: str) -> Session | None:
    session_id = uuid_of(raw_id)
    session = await deps.sessions.get(session_id) if session_id else None
    if session is None or session.subject_id != subject_id or session.kind != kind:
        return None
    return session


async def _revoke(deps: IdentityDeps, session: Session, reason: m.RevokeReason) -> None:
    async with deps.uow() as uow:
        if await deps.sessions.revoke(session.id, deps.clock.now(), reason):
            uow.add(revoked(session, reason))
            await uow.commit()
    await deps.tokens.revoke(session.id)


def _session_view(s: Session, current: str | None) -> m.SessionView:
    return m.SessionView(
        id=s.id,
        created_at=s.created_at,
        last_used_at=s.last_used_at,
        expires_at=s.expires_at,
        user_agent=s.user_agent,
        current=s.id == current,
    )


HANDLERS: dict[type[Message], Handler] = {
    m.LogInCustomer: log_in_customer,
    m.LogInStaff: log_in_staff,
    m.RefreshSession: refresh_session,
    m.LogOut: log_out,
    m.RevokeSession: revoke_session,
    m.ListSessions: list_sessions,
}
