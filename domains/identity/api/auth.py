"""Shoppers' routes: registration, signing in, sessions, second factor (the profile is the customers domain's)."""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any
from uuid import UUID

from litestar import Controller, Request, delete, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.errors import Invalid, Unauthorized
from core.guards import customer_guard, principal_of
from core.http import errors
from core.paging import DEFAULT_LIMIT, Page
from core.ratelimit import account_key, attempts, ip_key
from core.security import Principal
from domains.identity import messages as m
from domains.identity import schemas as s

if TYPE_CHECKING:
    from litestar.connection import ASGIConnection
    from litestar.handlers.base import BaseRouteHandler

Caller = NamedDependency[Principal]


def session_holder(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """A guard: the caller signed in (a bearer token). An API key is no session: it has none to
    list, end or secure with a second factor, so it gets the 401 of a caller without a token.

    A revoked token passes here: logging out twice is harmless, and the other routes refuse it.
    """
    if principal_of(connection, allow_revoked=True).kind == "api_key":
        raise Unauthorized("a bearer access token is required: an X-API-Key is for staff routes only")


def user_agent(request: Request[Any, Any, Any]) -> str | None:
    return request.headers.get("user-agent")


def second_factor(data: s.Credentials) -> dict[str, str | None]:
    """A wrong TOTP code counts against the account's TOTP tries; a code not yet sent is no guess."""
    return {"totp_code": "totp" if data.totp_code else None}


class AuthController(Controller):
    path = "/auth"
    tags = ["auth"]

    @post(
        "/register",
        operation_id="register_customer",
        summary="Open a customer account",
        description="A taken email gets the same 201 and body (with an id that is never stored); "
        "its owner is mailed instead, so the answer does not tell whether the address has an account. "
        "A new account is mailed an email-verification link.",
        responses=errors(400, 422),
    )
    async def register(self, data: JSONBody[s.Registration], bus: Bus) -> s.Customer:
        return shaped(await bus.send(message(data, m.RegisterCustomer)), s.Customer)

    @post(
        "/login",
        status_code=200,
        operation_id="log_in_customer",
        summary="Sign a customer in",
        description="The same 401 answers an unknown email and a wrong password.",
        responses=errors(400, 401, 429),
    )
    async def log_in(
        self, data: JSONBody[s.Credentials], bus: Bus, request: Request[Any, Any, Any]
    ) -> s.TokenPair:
        async with attempts(request).guarding("login", data.email, request, fields=second_factor(data)):
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
        guards=[session_holder],
        status_code=204,
        operation_id="log_out",
        opt={"auth": "customer"},  # any signed-in caller: documented as needing a bearer token
        summary="Revoke the caller's session",
        description="Its refresh tokens and access tokens stop working at once, in every process.",
        responses=errors(401),
    )
    async def log_out(self, request: Request[Any, Any, Any], bus: Bus) -> None:
        principal = principal_of(request, allow_revoked=True)  # logging out twice is harmless
        await bus.send(
            m.LogOut(subject_id=principal.subject, kind=principal.kind, session_id=principal.session_id)
        )

    @get(
        "/sessions",
        guards=[session_holder],
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
        guards=[session_holder],
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
        guards=[session_holder],
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
        guards=[session_holder],
        status_code=204,
        operation_id="confirm_totp",
        summary="Confirm TOTP with a code",
        responses=errors(400, 401, 404, 409, 422, 429),
    )
    async def confirm_totp(
        self, data: JSONBody[s.TotpCode], principal: Caller, bus: Bus, request: Request[Any, Any, Any]
    ) -> None:
        async with attempts(request).guarding("totp", principal.subject, request):
            await bus.send(m.ConfirmTotp(subject_id=principal.subject, kind=principal.kind, code=data.code))


class RecoveryController(Controller):
    path = "/auth"
    tags = ["auth"]

    @get(
        "/account",
        operation_id="get_sign_in_account",
        summary="The signed-in customer's account: email, whether it is verified, TOTP",
        description="The profile (names, addresses) is GET /me.",
        guards=[customer_guard],
        responses=errors(401, 403, 404),
    )
    async def account(self, principal: Caller, bus: Bus) -> s.Account:
        return shaped(await bus.ask(m.GetCustomer(customer_id=principal.subject)), s.Account)

    @post(
        "/password-reset",
        status_code=202,
        operation_id="request_password_reset",
        summary="Mail a password-reset link",
        description="Always 202: the answer does not tell whether the address has an account. "
        "The link's token works once, for `password_reset_ttl` seconds. Staff accounts use the same "
        'flow with `"account": "staff"`.',
        responses=errors(400, 429),
    )
    async def request_reset(
        self, data: JSONBody[s.PasswordResetRequest], bus: Bus, request: Request[Any, Any, Any]
    ) -> s.Accepted:
        await reset_requested(request, f"{data.account}_password_reset", data.email)
        await bus.send(m.RequestPasswordReset(email=data.email, kind=data.account))
        return s.MAIL_ON_ITS_WAY

    @post(
        "/password-reset/confirm",
        status_code=204,
        operation_id="reset_password",
        summary="Set a new password with a reset token",
        description="The token works once; every session of the account (customer or staff) is revoked.",
        responses=errors(400, 422, 429),
    )
    async def reset(
        self, data: JSONBody[s.PasswordResetConfirm], bus: Bus, request: Request[Any, Any, Any]
    ) -> None:
        async with attempts(request).guarding(
            "password_reset_token",
            token_id(data.token),
            request,
            failures=(Invalid,),
            fields={"password": None},
        ):
            await bus.send(m.ResetPassword(token=data.token, password=data.password))

    @post(
        "/verify-email",
        status_code=204,
        operation_id="verify_email",
        summary="Confirm the customer's email address with the mailed token",
        responses=errors(400, 422, 429),
    )
    async def verify_email(
        self, data: JSONBody[s.EmailToken], bus: Bus, request: Request[Any, Any, Any]
    ) -> None:
        async with attempts(request).guarding(
            "verify_email", token_id(data.token), request, failures=(Invalid,)
        ):
            await bus.send(m.VerifyEmail(token=data.token))

    @post(
        "/verify-email/resend",
        status_code=202,
        operation_id="resend_email_verification",
        summary="Mail the signed-in customer a new verification link",
        description="Earlier links stop working. 409 once the address is verified.",
        guards=[customer_guard],
        responses=errors(401, 403, 404, 409, 429),
    )
    async def resend(self, principal: Caller, bus: Bus, request: Request[Any, Any, Any]) -> s.Accepted:
        await reset_requested(request, "verify_email_resend", principal.subject)
        await bus.send(m.ResendVerification(customer_id=principal.subject))
        return s.Accepted(detail="A new link is on its way; earlier ones no longer work.")


async def reset_requested(request: Request[Any, Any, Any], kind: str, who: str) -> None:
    """Each request for a mail counts as a try (per address and per IP): a flood gets 429s."""
    guard = attempts(request)
    keys = (account_key(kind, who), ip_key(kind, request))
    await guard.settle(await guard.reserve(*keys), failed=keys)  # counted before it is sent


def token_id(token: str) -> str:
    """What a guessed token's failures count against (besides the IP): a digest, never the token."""
    return hashlib.sha256(token.encode()).hexdigest()[:32]


ROUTES = [AuthController, RecoveryController]
