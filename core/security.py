"""Who is calling: access tokens, API keys and the principal they carry.

Access tokens are short-lived signed JWTs (HS256 with the shop's secret key)
that any domain can verify without asking identity. They carry the subject,
its kind (customer or staff), its session and, for staff, its permissions.

A token stays valid until it expires, except that a revoked session's id goes
on the codec's denylist (``revoke_session``): fed in every process by the
revocation feed (core/revocations.py), checked in memory on every verify.

An integrator's API key (``X-API-Key``) is verified by identity, asked over the
bus with ``VerifyApiKey`` and cached here for a few seconds (``ApiKeyCache``);
its principal has kind ``api_key`` and the key's permissions.
"""

from __future__ import annotations

import hashlib
import hmac
import time
import uuid
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal, Protocol

import msgspec
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from core.errors import Forbidden, Unauthorized
from core.messages import Query

if TYPE_CHECKING:
    from collections.abc import Iterable

Kind = Literal["customer", "staff", "api_key"]
ISSUER = "mercato"
# A staff token issued while TOTP is required but not enrolled carries only this.
TOTP_ENROLMENT = "mfa:enrol"
API_KEY_PREFIX = "mk_"
SIGNATURE_TOLERANCE = 300


def covers(held: Iterable[str], permission: str) -> bool:
    """Whether ``held`` includes ``permission``: itself, ``*`` (all) or ``area:*`` (the area's).

    The one rule both for checking a caller (``Principal.require``) and for what staff may grant.
    ``area:*`` itself is covered only by ``area:*`` or ``*``.
    """
    held = held if isinstance(held, (set, frozenset)) else set(held)
    if "*" in held or permission in held:
        return True
    area, _, access = permission.partition(":")
    return access != "*" and f"{area}:*" in held


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    subject: str
    kind: Kind
    session_id: str
    permissions: frozenset[str] = frozenset()

    def require(self, permission: str) -> None:
        if self.kind not in ("staff", "api_key"):
            raise Forbidden("staff only")
        if TOTP_ENROLMENT in self.permissions:
            raise Forbidden(
                "this account must use TOTP: enrol with POST /auth/mfa/totp, confirm with "
                "POST /auth/mfa/totp/verify, then refresh the token or sign in again with the code"
            )
        if not covers(self.permissions, permission):
            raise Forbidden(f"missing permission {permission!r}")


class TokenCodec:
    def __init__(self, secret: str, *, access_ttl: int = 900, api_key_cache_seconds: float = 5.0) -> None:
        self._key = OctKey.import_key(secret.encode())
        self._secret = secret.encode()
        self.access_ttl = access_ttl
        self._revoked: dict[str, float] = {}  # session id -> when its last access token expires
        self._sweep_at = 1024
        self.api_keys = ApiKeyCache(api_key_cache_seconds)
        self.feed: Any = None  # core.revocations.Feed, set while the app runs

    async def revoke(self, session_id: str) -> None:
        """Deny ``session_id``'s access tokens here at once, and tell the other processes."""
        until = time.time() + self.access_ttl
        self.revoke_session(session_id, until=until)
        if self.feed is not None:
            await self.feed.announce("session", session_id, until)

    async def revoke_api_key(self, key_id: str) -> None:
        """Drop a revoked key from this process's cache at once, and tell the other processes."""
        self.api_keys.forget(key_id)
        if self.feed is not None:
            await self.feed.announce("api_key", key_id, time.time())

    def derive(self, label: str) -> bytes:
        """A key for ``label`` derived from the secret key (HMAC-SHA256): every process can derive it."""
        return hmac.new(self._secret, label.encode(), hashlib.sha256).digest()

    def revoke_session(self, session_id: str, *, until: float | None = None) -> None:
        """Refuse the access tokens of ``session_id`` from now until they would expire anyway."""
        now = time.time()
        self._revoked[session_id] = until if until is not None else now + self.access_ttl
        if len(self._revoked) > self._sweep_at:  # forget the entries whose tokens expired anyway
            self._revoked = {sid: expires for sid, expires in self._revoked.items() if expires > now}
            self._sweep_at = max(1024, 2 * len(self._revoked))

    def session_revoked(self, session_id: str) -> bool:
        expires = self._revoked.get(session_id)
        return expires is not None and expires > time.time()

    def issue(self, principal: Principal) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "sub": principal.subject,
            "kind": principal.kind,
            "sid": principal.session_id,
            "perms": sorted(principal.permissions),
            "iat": now,
            "exp": now + self.access_ttl,
            "jti": str(uuid.uuid4()),
        }
        return jwt.encode({"alg": "HS256"}, claims, self._key)

    def verify(self, token: str, *, allow_revoked: bool = False) -> Principal:
        """The token's principal; 401 if forged, expired or (unless ``allow_revoked``) of a revoked session."""
        try:
            claims = jwt.decode(token, self._key, algorithms=["HS256"]).claims
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER}, exp={"essential": True}).validate(
                claims
            )
            principal = Principal(
                subject=str(claims["sub"]),
                kind=claims["kind"],
                session_id=str(claims["sid"]),
                permissions=frozenset(claims.get("perms", ())),
            )
        except (JoseError, KeyError, ValueError, TypeError):
            raise Unauthorized("invalid or expired access token") from None
        if principal.kind == "api_key":
            raise Unauthorized("invalid or expired access token")
        if not allow_revoked and self.session_revoked(principal.session_id):
            raise Unauthorized("this session was signed out or revoked; sign in again")
        return principal


# --- API keys ----------------------------------------------------------------------------


class ApiKeyGrant(msgspec.Struct, frozen=True, kw_only=True):
    """What a valid API key grants, as identity answers ``VerifyApiKey``."""

    id: str
    permissions: list[str]
    expires_at: datetime | None = None
    require_signature: bool = False


class VerifyApiKey(Query[ApiKeyGrant], frozen=True, kw_only=True, tag="identity.VerifyApiKey"):
    """Identity's answer for the key whose SHA-256 is ``key_hash``: Unauthorized when unknown,
    revoked or expired. Declared here so any process can ask it; identity answers it."""

    key_hash: str


def api_key_hash(key: str) -> str:
    """How a key is stored and looked up: its SHA-256 (the key itself is 256 random bits)."""
    return hashlib.sha256(key.encode()).hexdigest()


class Deriving(Protocol):
    def derive(self, label: str) -> bytes: ...


def signing_secret(tokens: Deriving, key_id: str) -> str:
    """The request-signing secret of API key ``key_id``: derived from the shop's secret key, never stored."""
    return tokens.derive(f"mercato.api-key-signing:{key_id}").hex()


def signature_of(secret: str, method: str, path: str, timestamp: str, body: bytes) -> str:
    """Hex HMAC-SHA256 of ``METHOD\npath?query\ntimestamp\nsha256hex(body)`` with the signing secret."""
    message = "\n".join((method.upper(), path, timestamp, hashlib.sha256(body).hexdigest()))
    return hmac.new(secret.encode(), message.encode(), hashlib.sha256).hexdigest()


class ApiKeyCache:
    """Grants by key hash for ``seconds``; a revocation drops its entry at once (``forget``)."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._grants: dict[str, tuple[float, ApiKeyGrant]] = {}

    def get(self, key_hash: str) -> ApiKeyGrant | None:
        found = self._grants.get(key_hash)
        if found is None:
            return None
        at, grant = found
        if time.monotonic() - at >= self.seconds:
            del self._grants[key_hash]
            return None
        return grant

    def put(self, key_hash: str, grant: ApiKeyGrant) -> None:
        if len(self._grants) > 10_000:
            self._grants.clear()
        self._grants[key_hash] = (time.monotonic(), grant)

    def forget(self, key_id: str) -> None:
        for key_hash, (_, grant) in list(self._grants.items()):
            if grant.id == key_id:
                self._grants.pop(key_hash, None)
