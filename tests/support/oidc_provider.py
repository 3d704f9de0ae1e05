"""A real OpenID Connect provider for tests, built on authlib's authorization server components.

``LocalOidcProvider`` serves, over HTTP on a free loopback port (wsgiref in a thread):
``/.well-known/openid-configuration``, ``/authorize`` (approves ``provider.user`` at once and
redirects to the client's redirect URI with code and state), ``/token`` (authorization code grant,
PKCE S256 required, an RS256 ID token from authlib's ``OpenIDCode``), ``/jwks`` and ``/userinfo``.
The RSA key is generated at start. Nothing of it is a mock: the shop talks to it as to Google.
"""

from __future__ import annotations

import hmac
import json
import secrets
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from authlib.oauth2.rfc6749 import (
    AuthorizationCodeMixin,
    AuthorizationServer,
    ClientMixin,
    OAuth2Error,
    OAuth2Request,
    grants,
)
from authlib.oauth2.rfc6749.errors import InvalidRequestError
from authlib.oauth2.rfc6749.requests import BasicOAuth2Payload
from authlib.oauth2.rfc6750 import BearerTokenGenerator
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from joserfc.jwk import KeySet, RSAKey

Environ = dict[str, Any]
StartResponse = Callable[[str, list[tuple[str, str]]], Any]


@dataclass
class ProviderUser:
    """The account the provider signs in (it approves every request for it)."""

    subject: str
    email: str | None
    email_verified: bool = True
    name: str = "Test User"


@dataclass
class Client(ClientMixin):
    client_id: str
    client_secret: str | None
    redirect_uris: list[str]

    def get_client_id(self) -> str:
        return self.client_id

    def get_default_redirect_uri(self) -> str:
        return self.redirect_uris[0]

    def get_allowed_scope(self, scope: str | None) -> str:
        return " ".join(s for s in (scope or "").split() if s in ("openid", "email", "profile"))

    def check_redirect_uri(self, redirect_uri: str) -> bool:
        return redirect_uri in self.redirect_uris

    def check_client_secret(self, client_secret: str) -> bool:
        return self.client_secret is not None and hmac.compare_digest(client_secret, self.client_secret)

    def check_endpoint_auth_method(self, method: str, endpoint: str) -> bool:
        return method == ("client_secret_basic" if self.client_secret else "none")

    def check_response_type(self, response_type: str) -> bool:
        return response_type == "code"

    def check_grant_type(self, grant_type: str) -> bool:
        return grant_type == "authorization_code"


@dataclass
class AuthorizationCode(AuthorizationCodeMixin):
    code: str
    client_id: str
    redirect_uri: str
    scope: str
    user: ProviderUser
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None
    auth_time: int = field(default_factory=lambda: int(time.time()))

    def get_redirect_uri(self) -> str:
        return self.redirect_uri

    def get_scope(self) -> str:
        return self.scope

    def get_nonce(self) -> str | None:
        return self.nonce

    def get_auth_time(self) -> int:
        return self.auth_time

    def get_acr(self) -> None:
        return None

    def get_amr(self) -> None:
        return None


class Request(OAuth2Request):
    """An authlib request from a WSGI environ: query and form both feed the payload."""

    def __init__(self, environ: Environ, base_url: str) -> None:
        query = dict(parse_qsl(environ.get("QUERY_STRING", ""), keep_blank_values=True))
        form: dict[str, str] = {}
        if environ["REQUEST_METHOD"] == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            form = dict(parse_qsl(environ["wsgi.input"].read(length).decode(), keep_blank_values=True))
        headers = {
            key[5:].replace("_", "-").title(): value
            for key, value in environ.items()
            if key.startswith("HTTP_")
        }
        uri = f"{base_url}{environ.get('PATH_INFO', '')}"
        if environ.get("QUERY_STRING"):
            uri += f"?{environ['QUERY_STRING']}"
        super().__init__(environ["REQUEST_METHOD"], uri, headers=headers)
        self._args, self._form = query, form
        self.payload = BasicOAuth2Payload({**query, **form})

    @property
    def args(self) -> dict[str, str]:
        return self._args

    @property
    def form(self) -> dict[str, str]:
        return self._form


class StrictCodeChallenge(CodeChallenge):
    """PKCE is required of every client, confidential or not, and only with S256."""

    SUPPORTED_CODE_CHALLENGE_METHOD = ["S256"]

    def validate_code_challenge(self, grant: Any, redirect_uri: str) -> None:
        if not grant.request.payload.data.get("code_challenge"):
            raise InvalidRequestError("Missing 'code_challenge'")
        super().validate_code_challenge(grant, redirect_uri)


class LocalOidcProvider:
    """Start with ``start()`` (returns the issuer URL), stop with ``stop()``; or use it as a context."""

    def __init__(
        self,
        *,
        client_id: str = "mercato",
        client_secret: str | None = "local-secret",
        redirect_uris: Iterable[str] = (),
        user: ProviderUser | None = None,
    ) -> None:
        self.client = Client(client_id, client_secret, list(redirect_uris))
        self.user = user or ProviderUser(subject="user-1", email="ann@example.com")
        self.key = RSAKey.generate_key(
            2048, parameters={"kid": secrets.token_hex(8), "use": "sig"}, private=True
        )
        self.codes: dict[str, AuthorizationCode] = {}
        self.tokens: dict[str, tuple[ProviderUser, str]] = {}
        self.token_requests: list[dict[str, str]] = []
        self.issuer = ""
        self._httpd: WSGIServer | None = None
        self._thread: threading.Thread | None = None
        self.server = self._authorization_server()

    # --- lifecycle ---------------------------------------------------------------------

    def start(self) -> str:
        self._httpd = make_server("127.0.0.1", 0, self.wsgi, handler_class=_Quiet)
        self.issuer = f"http://127.0.0.1:{self._httpd.server_port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, name="oidc-provider", daemon=True)
        self._thread.start()
        return self.issuer

    def stop(self) -> None:
        if self._httpd is not None:
            self._httpd.shutdown()
            self._httpd.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> LocalOidcProvider:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def discovery_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    # --- HTTP --------------------------------------------------------------------------

    def wsgi(self, environ: Environ, start_response: StartResponse) -> list[bytes]:
        path = environ.get("PATH_INFO", "")
        routes: dict[str, Callable[[Environ], tuple[int, Any, list[tuple[str, str]]]]] = {
            "/.well-known/openid-configuration": lambda _: (200, self.metadata(), []),
            "/jwks": lambda _: (200, KeySet([self.key]).as_dict(private=False), []),
            "/authorize": self._authorize,
            "/token": self._token,
            "/userinfo": self._userinfo,
        }
        route = routes.get(path)
        status, body, headers = route(environ) if route else (404, {"error": "not_found"}, [])
        payload = body if isinstance(body, str) else json.dumps(body)
        if not any(name.lower() == "content-type" for name, _ in headers) and payload:
            headers = [*headers, ("Content-Type", "application/json")]
        start_response(
            f"{status} {'OK' if status < 300 else 'Redirect' if status < 400 else 'Error'}", headers
        )
        return [payload.encode()]

    def metadata(self) -> dict[str, Any]:
        return {
            "issuer": self.issuer,
            "authorization_endpoint": f"{self.issuer}/authorize",
            "token_endpoint": f"{self.issuer}/token",
            "jwks_uri": f"{self.issuer}/jwks",
            "userinfo_endpoint": f"{self.issuer}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "none"],
            "code_challenge_methods_supported": ["S256"],
            "grant_types_supported": ["authorization_code"],
        }

    def _authorize(self, environ: Environ) -> tuple[int, Any, list[tuple[str, str]]]:
        request = Request(environ, self.issuer)
        try:
            grant = self.server.get_consent_grant(request, end_user=self.user)
        except OAuth2Error as error:
            return error.status_code, dict(error.get_body()), []
        return self.server.create_authorization_response(request, grant_user=self.user, grant=grant)

    def _token(self, environ: Environ) -> tuple[int, Any, list[tuple[str, str]]]:
        request = Request(environ, self.issuer)
        self.token_requests.append(dict(request.form))
        return self.server.create_token_response(request)

    def _userinfo(self, environ: Environ) -> tuple[int, Any, list[tuple[str, str]]]:
        bearer = environ.get("HTTP_AUTHORIZATION", "").removeprefix("Bearer ")
        found = self.tokens.get(bearer)
        if found is None:
            return 401, {"error": "invalid_token"}, [("WWW-Authenticate", 'Bearer error="invalid_token"')]
        return 200, dict(claims_of(*found)), []

    # --- authlib -----------------------------------------------------------------------

    def _authorization_server(self) -> AuthorizationServer:
        provider = self

        class Server(AuthorizationServer):
            def query_client(self, client_id: str) -> Client | None:
                return provider.client if client_id == provider.client.client_id else None

            def save_token(self, token: dict[str, Any], request: OAuth2Request) -> None:
                provider.tokens[token["access_token"]] = (request.user, token.get("scope", ""))

            def create_oauth2_request(self, request: OAuth2Request) -> OAuth2Request:
                return request

            def handle_response(self, status: int, body: Any, headers: Any) -> tuple[int, Any, list[Any]]:
                return status, body, list(headers)

            def send_signal(self, name: str, *args: Any, **kwargs: Any) -> None:
                pass

        class CodeGrant(grants.AuthorizationCodeGrant):
            TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "none"]

            def save_authorization_code(self, code: str, request: OAuth2Request) -> None:
                data = request.payload.data
                provider.codes[code] = AuthorizationCode(
                    code=code,
                    client_id=request.client.client_id,
                    redirect_uri=request.payload.redirect_uri,
                    scope=request.payload.scope or "",
                    user=request.user,
                    nonce=data.get("nonce"),
                    code_challenge=data.get("code_challenge"),
                    code_challenge_method=data.get("code_challenge_method"),
                )

            def query_authorization_code(self, code: str, client: Client) -> AuthorizationCode | None:
                found = provider.codes.get(code)
                return found if found is not None and found.client_id == client.client_id else None

            def delete_authorization_code(self, authorization_code: AuthorizationCode) -> None:
                provider.codes.pop(authorization_code.code, None)

            def authenticate_user(self, authorization_code: AuthorizationCode) -> ProviderUser:
                return authorization_code.user

        class OpenID(OpenIDCode):
            def resolve_client_private_key(self, client: Client) -> RSAKey:
                return provider.key

            def get_client_algorithm(self, client: Client) -> str:
                return "RS256"

            def get_encode_header(self, client: Client) -> dict[str, str]:
                return {"alg": "RS256", "kid": str(provider.key.kid)}

            def get_client_claims(self, client: Client) -> dict[str, Any]:
                return {"iss": provider.issuer, "aud": [client.client_id]}

            def exists_nonce(self, nonce: str, request: OAuth2Request) -> bool:
                return any(code.nonce == nonce for code in provider.codes.values())

            def generate_user_info(self, user: ProviderUser, scope: str) -> UserInfo:
                return claims_of(user, scope)

        server = Server(scopes_supported=["openid", "email", "profile"])
        server.register_token_generator(
            "default", BearerTokenGenerator(lambda *_args, **_kw: secrets.token_urlsafe(24))
        )
        server.register_grant(CodeGrant, [StrictCodeChallenge(required=True), OpenID(require_nonce=True)])
        return server


def claims_of(user: ProviderUser, scope: str) -> UserInfo:
    info = UserInfo(sub=user.subject)
    if "profile" in scope.split():
        info["name"] = user.name
    if "email" in scope.split() and user.email is not None:
        info["email"] = user.email
        info["email_verified"] = user.email_verified
    return info


class _Quiet(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass
