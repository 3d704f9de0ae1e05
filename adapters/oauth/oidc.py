"""An OpenID Connect provider found by its discovery URL (Google, Keycloak, Auth0, Entra ID, ...).

authlib's ``AsyncOAuth2Client`` builds the authorization URL (state, nonce, PKCE S256) and trades
the code with the verifier; joserfc checks the ID token: its signature against the provider's JWKS
(fetched again once when a key id is unknown, so key rotation just works), ``iss``, ``aud`` (and
``azp`` with several audiences), ``exp``/``iat`` with a minute of leeway, ``sub`` and the ``nonce``.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from authlib.integrations.base_client.errors import OAuthError
from authlib.integrations.httpx_client import AsyncOAuth2Client
from joserfc import jwt
from joserfc.errors import InvalidKeyIdError, JoseError
from joserfc.jwk import KeySet

from adapters.oauth.transport import http
from core.errors import DomainError, Unavailable
from domains.identity.model.oauth import ExternalIdentity

DISCOVERY = "/.well-known/openid-configuration"
# Asymmetric signatures only: "none" and HMAC (keyed with the client secret) are refused.
ID_TOKEN_ALGORITHMS = [
    "RS256",
    "RS384",
    "RS512",
    "PS256",
    "PS384",
    "PS512",
    "ES256",
    "ES384",
    "ES512",
    "EdDSA",
]
LEEWAY = 60
METADATA_TTL = 3600.0


class OidcProvider:
    """One OpenID Connect provider; discovery metadata and keys are cached for an hour."""

    def __init__(
        self,
        name: str,
        discovery_url: str,
        client_id: str,
        client_secret: str | None,
        *,
        scope: str = "openid email profile",
        timeout: float = 10.0,
        transport: http.AsyncBaseTransport | None = None,
    ) -> None:
        self.name = name
        self.discovery_url = discovery_url
        self.client_id = client_id
        self.client_secret = client_secret
        self.scope = scope
        self.timeout = timeout
        self.transport = transport
        self._metadata: dict[str, Any] | None = None
        self._fetched_at = 0.0
        self._keys: KeySet | None = None
        self._lock = asyncio.Lock()

    def client(self, **kwargs: Any) -> AsyncOAuth2Client:
        return AsyncOAuth2Client(
            client_id=self.client_id,
            client_secret=self.client_secret,
            # Without a secret this is a public client: PKCE alone binds the code to this flow.
            token_endpoint_auth_method="client_secret_basic" if self.client_secret else "none",
            scope=self.scope,
            code_challenge_method="S256",
            timeout=self.timeout,
            transport=self.transport,
            **kwargs,
        )

    async def authorization_url(
        self, *, redirect_uri: str, state: str, nonce: str, code_verifier: str
    ) -> str:
        metadata = await self.metadata()
        async with self.client(redirect_uri=redirect_uri) as client:
            url, _ = client.create_authorization_url(
                metadata["authorization_endpoint"], state=state, code_verifier=code_verifier, nonce=nonce
            )
        return str(url)

    async def identity(
        self, *, code: str, redirect_uri: str, code_verifier: str, nonce: str
    ) -> ExternalIdentity:
        metadata = await self.metadata()
        async with self.client(redirect_uri=redirect_uri) as client:
            token = await trade_code(self.name, client, metadata["token_endpoint"], code, code_verifier)
            id_token = token.get("id_token")
            if not isinstance(id_token, str):
                raise DomainError(f"{self.name} answered no ID token")
            claims = await self.verified_claims(id_token, nonce)
            if "email" not in claims and metadata.get("userinfo_endpoint"):
                claims = {
                    **await self.userinfo(client, metadata["userinfo_endpoint"], claims["sub"]),
                    **claims,
                }
        email = claims.get("email")
        return ExternalIdentity(
            provider=self.name,
            subject=str(claims["sub"]),
            email=email.strip().lower() if isinstance(email, str) and email.strip() else None,
            email_verified=claims.get("email_verified") in (True, "true"),
        )

    async def metadata(self) -> dict[str, Any]:
        """The provider's discovery document, checked to name itself as the issuer at this URL."""
        if self._metadata is not None and time.monotonic() - self._fetched_at < METADATA_TTL:
            return self._metadata
        async with self._lock:
            if self._metadata is None or time.monotonic() - self._fetched_at >= METADATA_TTL:
                document = await self._get_json(self.discovery_url)
                missing = [
                    key
                    for key in ("issuer", "authorization_endpoint", "token_endpoint", "jwks_uri")
                    if not isinstance(document.get(key), str)
                ]
                if missing:
                    raise Unavailable(f"{self.name}'s discovery document lacks {', '.join(missing)}")
                # OpenID Connect Discovery 1.0, 4.3: the issuer is the URL the document was found under.
                if document["issuer"].rstrip("/") + DISCOVERY != self.discovery_url.rstrip("/"):
                    raise Unavailable(f"{self.name}'s discovery document names another issuer")
                self._metadata, self._fetched_at, self._keys = document, time.monotonic(), None
        assert self._metadata is not None
        return self._metadata

    async def verified_claims(self, id_token: str, nonce: str) -> dict[str, Any]:
        """The ID token's claims once its signature, issuer, audience, times and nonce check out."""
        metadata = await self.metadata()
        token = await self._decode(id_token, metadata["jwks_uri"])
        registry = jwt.JWTClaimsRegistry(
            leeway=LEEWAY,
            iss={"essential": True, "value": metadata["issuer"]},
            aud={"essential": True, "value": self.client_id},
            sub={"essential": True},
            exp={"essential": True},
            iat={"essential": True},
            nonce={"essential": True, "value": nonce},
        )
        try:
            registry.validate(token.claims)
        except JoseError as exc:
            raise DomainError(
                f"{self.name}'s ID token is not valid: {exc.description or exc.error}"
            ) from None
        audiences = token.claims["aud"]
        if isinstance(audiences, list) and len(audiences) > 1 and token.claims.get("azp") != self.client_id:
            raise DomainError(f"{self.name}'s ID token was issued to another party (azp)")
        return dict(token.claims)

    async def _decode(self, id_token: str, jwks_uri: str) -> jwt.Token:
        for fresh in (False, True):
            keys = await self._key_set(jwks_uri, fresh)
            try:
                return jwt.decode(id_token, keys, algorithms=ID_TOKEN_ALGORITHMS)
            except InvalidKeyIdError:  # rotated keys: fetch the set again, once
                if fresh:
                    raise DomainError(f"{self.name}'s ID token is signed with an unknown key") from None
            except (JoseError, ValueError) as exc:
                reason = exc.error if isinstance(exc, JoseError) else "malformed"
                raise DomainError(f"{self.name}'s ID token signature is not valid: {reason}") from None
        raise AssertionError("unreachable")

    async def _key_set(self, jwks_uri: str, fresh: bool) -> KeySet:
        if self._keys is None or fresh:
            try:
                self._keys = KeySet.import_key_set(await self._get_json(jwks_uri))  # type: ignore[arg-type]
            except (JoseError, ValueError, TypeError, KeyError):
                raise Unavailable(f"{self.name}'s JWKS cannot be read") from None
        return self._keys

    async def userinfo(self, client: AsyncOAuth2Client, url: str, subject: str) -> dict[str, Any]:
        """The userinfo claims, for providers keeping the email out of the ID token; same subject only."""
        try:
            response = await client.get(url)
            response.raise_for_status()
            info = response.json()
        except (http.HTTPError, ValueError):
            raise Unavailable(f"{self.name}'s userinfo cannot be read") from None
        if not isinstance(info, dict) or info.get("sub") != subject:
            raise DomainError(f"{self.name}'s userinfo is about another subject")
        return info

    async def _get_json(self, url: str) -> dict[str, Any]:
        try:
            async with http.AsyncClient(timeout=self.timeout, transport=self.transport) as client:
                response = await client.get(url, headers={"Accept": "application/json"})
                response.raise_for_status()
                document = response.json()
        except (http.HTTPError, ValueError):
            raise Unavailable(f"{self.name} cannot be reached ({url})") from None
        if not isinstance(document, dict):
            raise Unavailable(f"{self.name} answered something else than a JSON object ({url})")
        return document


async def trade_code(
    name: str, client: AsyncOAuth2Client, token_endpoint: str, code: str, code_verifier: str
) -> dict[str, Any]:
    """The token response for ``code``: 400 when the provider refuses it, 503 when it cannot be reached."""
    try:
        token = await client.fetch_token(
            token_endpoint, grant_type="authorization_code", code=code, code_verifier=code_verifier
        )
    except OAuthError as exc:
        raise DomainError(f"{name} refused the code: {exc.error}") from None
    except http.HTTPStatusError as exc:
        if exc.response.status_code < 500:
            raise DomainError(f"{name} refused the code (HTTP {exc.response.status_code})") from None
        raise Unavailable(f"{name} failed to answer (HTTP {exc.response.status_code})") from None
    except (http.HTTPError, ValueError):
        raise Unavailable(f"{name} cannot be reached") from None
    return dict(token)
