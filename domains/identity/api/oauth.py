"""Shoppers' routes for signing in with another provider (Google, GitHub, an OpenID Connect provider).

``authorize`` opens a flow (state, nonce and PKCE verifier kept server side, in PostgreSQL, so any
process of a split deployment can finish it, once) and sends the browser to the provider; the state
also goes in a short-lived HttpOnly cookie, so a callback only completes in the browser that started
it (no login CSRF: nobody can hand a victim a link that signs them in as someone else).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from litestar import Controller, Request, get
from litestar.datastructures import Cookie
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, PathParameter, QueryParameter
from litestar.response import Redirect, Response

from core.controllers import Bus
from core.http import errors
from domains.identity import messages as m
from domains.identity import schemas as s

COOKIE = "mercato_oauth_state"
COOKIE_PATH = "/auth/oauth"
Param = Annotated[str | None, QueryParameter(max_length=2048)]
# `state` is a name Litestar reserves for the app state: the query parameter is read under another.
StateParam = Annotated[str | None, QueryParameter(name="state", max_length=2048)]
Provider = FromPath[Annotated[str, PathParameter(description="A configured provider: google, github, ...")]]


def base_url(request: Request[Any, Any, Any]) -> str:
    """Where the providers reach this API: ``oauth_callback_base_url``, ``public_url``, else as the request came."""
    settings = request.app.state.settings
    return str(settings.oauth_callback_base_url or settings.public_url or request.base_url).rstrip("/")


def callback_url(request: Request[Any, Any, Any], provider: str) -> str:
    return f"{base_url(request)}/auth/oauth/{provider}/callback"


def secure(request: Request[Any, Any, Any]) -> bool:
    return base_url(request).startswith("https://")


class OAuthController(Controller):
    path = "/auth/oauth"
    tags = ["auth"]

    @get(
        "/{provider:str}/authorize",
        operation_id="start_oauth_sign_in",
        summary="Sign in with another provider: go to its sign-in page",
        description="Redirects (302) to the provider with state, nonce (OpenID Connect) and a PKCE S256 "
        "challenge; the flow lasts `oauth_state_ttl` seconds and must come back to the same browser. "
        "404 for a provider the shop has not configured, 503 when the provider cannot be reached.",
        status_code=302,
        responses={
            302: ResponseSpec(data_container=None, description="To the provider's sign-in page (Location)"),
            **errors(404, 503),
        },
    )
    async def authorize(self, provider: Provider, bus: Bus, request: Request[Any, Any, Any]) -> Redirect:
        start = await bus.send(m.StartOAuth(provider=provider, redirect_uri=callback_url(request, provider)))
        cookie = Cookie(
            key=COOKIE,
            value=start.state,
            max_age=start.expires_in,
            path=COOKIE_PATH,
            httponly=True,
            secure=secure(request),
            samesite="lax",
        )
        return Redirect(path=start.url, status_code=302, cookies=[cookie])

    @get(
        "/{provider:str}/callback",
        operation_id="finish_oauth_sign_in",
        summary="Where the provider sends the browser back: signs the customer in",
        description="Checks the state (single use, unexpired, started in this browser), trades the code "
        "with the PKCE verifier, checks the ID token (signature, issuer, audience, expiry, nonce), then "
        "signs in the customer linked to this provider's account; else links the customer holding the "
        "email when the provider says it is verified (409 when it does not), else opens a new account. "
        "Answers the token pair, or redirects (302) to `oauth_redirect_url` with it in the URL fragment. "
        "400 for an unknown, used or expired state, a provider's refusal (`?error=`) or a refused code.",
        responses={
            302: ResponseSpec(
                data_container=None,
                description="To `oauth_redirect_url`#access_token=...&refresh_token=...&expires_in=...",
            ),
            **errors(400, 403, 404, 409, 503),
        },
    )
    async def callback(
        self,
        provider: Provider,
        bus: Bus,
        request: Request[Any, Any, Any],
        code: Param = None,
        oauth_state: StateParam = None,
        error: Param = None,
    ) -> Response[s.TokenPair]:
        pair = await bus.send(
            m.CompleteOAuth(
                provider=provider,
                state=oauth_state or "",
                browser_state=request.cookies.get(COOKIE),
                code=code,
                error=error,
                user_agent=request.headers.get("user-agent"),
            )
        )
        gone = Cookie(
            key=COOKIE, value="", max_age=0, path=COOKIE_PATH, httponly=True, secure=secure(request)
        )
        landing = request.app.state.settings.oauth_redirect_url
        if landing:
            fragment = urlencode(
                {
                    "access_token": pair.access_token,
                    "refresh_token": pair.refresh_token,
                    "token_type": pair.token_type,
                    "expires_in": pair.expires_in,
                }
            )
            return Redirect(path=f"{landing}#{fragment}", status_code=302, cookies=[gone])
        return Response(
            s.TokenPair(
                access_token=pair.access_token,
                refresh_token=pair.refresh_token,
                token_type=pair.token_type,
                expires_in=pair.expires_in,
            ),
            status_code=200,
            cookies=[gone],
            headers={"Cache-Control": "no-store"},
        )


ROUTES = [OAuthController]
