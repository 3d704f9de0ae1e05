"""Shoppers' routes: registration, signing in, sessions, second factor (the profile is the customers domain's)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from core.security import Principal
from domains.identity import messages as m
from domains.identity import schemas as s

Caller = NamedDependency[Principal]


def user_agent(request: Request[Any, Any, Any]) -> str | None:
    return request.headers.get("user-agent")


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post(
        "/register",
        operation_id="register_customer",
        summary="Open a customer account",
        responses=errors(400, 409, 422),
    )
    async def register(self, data: JSONBody[s.Registration], bus: Bus) -> s.Customer:
        return shaped(await bus.send(message(data, m.RegisterCustomer)), s.Customer)

    @post(
        "/login",
        status_code=200,
        operation_id="log_in_customer",
        summary="Sign a customer in",
        description="The same 401 answers an unknown email and a wrong password.",
        responses=errors(400, 401),
    )
    async def log_in(
        self, data: JSONBody[s.Credentials], bus: Bus, request: Request[Any, Any, Any]
    ) -> s.TokenPair:
        reply = await bus.send(message(data, m.LogInCustomer, user_agent=user_agent(request)))
        return shaped(reply, s.TokenPair)

    @post(
        "/refresh",
        status_code=200,
        operation_id="refresh_session",
        summary="Trade a refresh token for a new pair",
        description="Each refresh token works once. Presenting a used one revokes every session of its family.",
        responses=errors(400, 401),
    )
    async def refresh(self, data: JSONBody[s.RefreshRequest], bus: Bus) -> s.TokenPair:
        return shaped(await bus.send(m.RefreshSession(refresh_token=data.refresh_token)), s.TokenPair)

    @post(
        "/logout",
        status_code=204,
        operation_id="log_out",
        summary="Revoke the caller's session",
        description="Its refresh tokens stop working; the access token expires on its own.",
        responses=errors(401),
    )
    async def log_out(self, principal: Caller, bus: Bus) -> None:
        await bus.send(
            m.LogOut(subject_id=principal.subject, kind=principal.kind, session_id=principal.session_id)
        )

    @get(
        "/sessions",
        operation_id="list_sessions",
        summary="The caller's active sessions",
        responses=errors(400, 401),
    )
    async def sessions(
        self, principal: Caller, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None
    ) -> Page[s.Session]:
        reply = await bus.ask(
            m.ListSessions(
                subject_id=principal.subject,
                kind=principal.kind,
                current_session_id=principal.session_id,
                limit=limit,
                cursor=cursor,
            )
        )
        return shaped(reply, Page[s.Session])

    @delete(
        "/sessions/{session_id:uuid}",
        operation_id="revoke_session",
        summary="Revoke one of the caller's sessions",
        responses=errors(401, 404),
    )
    async def revoke(self, session_id: FromPath[UUID], principal: Caller, bus: Bus) -> None:
        await bus.send(
            m.RevokeSession(subject_id=principal.subject, kind=principal.kind, session_id=str(session_id))
        )

    @post(
        "/mfa/totp",
        operation_id="enrol_totp",
        summary="Start TOTP enrolment",
        description="Returns a new secret; it guards sign-in once confirmed with a code.",
        responses=errors(401, 404, 409),
    )
    async def enrol_totp(self, principal: Caller, bus: Bus) -> s.TotpEnrolment:
        reply = await bus.send(m.EnrolTotp(subject_id=principal.subject, kind=principal.kind))
        return shaped(reply, s.TotpEnrolment)

    @post(
        "/mfa/totp/verify",
        status_code=204,
        operation_id="confirm_totp",
        summary="Confirm TOTP with a code",
        responses=errors(400, 401, 404, 409, 422),
    )
    async def confirm_totp(self, data: JSONBody[s.TotpCode], principal: Caller, bus: Bus) -> None:
        await bus.send(m.ConfirmTotp(subject_id=principal.subject, kind=principal.kind, code=data.code))


ROUTES = [AuthController]
