"""GitHub sign-in: plain OAuth2 (no ID token), the account and its verified email read from GitHub's API.

The subject is GitHub's numeric user id (stable across renames); the email is the account's primary
address, verified only if GitHub says so (``/user/emails``, needs the ``user:email`` scope). The
nonce has no place in plain OAuth2; state and PKCE (GitHub supports S256) still guard the flow.
"""

from __future__ import annotations

from typing import Any

from authlib.integrations.httpx_client import AsyncOAuth2Client

from adapters.oauth.oidc import trade_code
from adapters.oauth.transport import http
from core.errors import DomainError, Unavailable
from domains.identity.model.oauth import ExternalIdentity

AUTHORIZE_URL = "https://github.com/login/oauth/authorize"
TOKEN_URL = "https://github.com/login/oauth/access_token"
API_URL = "https://api.github.com"
API_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}


class GitHubProvider:
    def __init__(
        self,
        client_id: str,
        client_secret: str,
        *,
        name: str = "github",
        timeout: float = 10.0,
        transport: http.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.client_id = client_id
        self.client_secret = client_secret
        self.timeout = timeout
        self.transport = transport

    def client(self, **kwargs: Any) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            token_endpoint_auth_method="client_secret_post",
            scope="read:user user:email",
            code_challenge_method="S256",
            timeout=self.timeout,
            transport=self.transport,
            **kwargs,
        )

    async def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        async with self.client(redirect_uri=redirect_uri) as client:
            url, _ = client.create_authorization_url(AUTHORIZE_URL, state=state, code_verifier=code_verifier)
        return str(url)

    async def identity(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ExternalIdentity:
        async with self.client(redirect_uri=redirect_uri) as client:
            await trade_code(self.name, client, TOKEN_URL, code, code_verifier)
            user = await self._get(client, "/user")
            emails = await self._get(client, "/user/emails")
        if not isinstance(user, dict) or not isinstance(user.get("id"), int):
            raise Unavailable("GitHub answered a user without an id")
        primary = (
            next(
                (
                    e
                    for e in emails
                    if isinstance(e, dict) and e.get("primary") and isinstance(e.get("email"), str)
                ),
                None,
            )
            if isinstance(emails, list)
            else None
        )
        return ExternalIdentity(
            provider=self.name,
            subject=str(user["id"]),
            email=primary["email"].strip().lower() if primary else None,
            email_verified=bool(primary and primary.get("verified") is True),
        )

    async def _get(self, client: AsyncOAuth2Client, path: str) -> Any:
        try:
            response = await client.get(f"{API_URL}{path}", headers=API_HEADERS)
        except http.HTTPError:
            raise Unavailable("GitHub cannot be reached") from None
        if response.status_code in (401, 403):
            raise DomainError(f"GitHub refused to read {path} (HTTP {response.status_code})")
        if response.status_code != 200:
            raise Unavailable(f"GitHub failed to answer {path} (HTTP {response.status_code})")
        try:
            return response.json()
        except ValueError:
            raise Unavailable(f"GitHub answered {path} with something else than JSON") from None
