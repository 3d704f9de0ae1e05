"""Who is calling: access tokens and the principal they carry.

Access tokens are short-lived signed JWTs (HS256 with the shop's secret key)
that any domain can verify without asking identity. They carry the subject,
its kind (customer or staff), its session and, for staff, its permissions.
"""

from __future__ import annotations

import time
import uuid
from typing import Literal

import msgspec
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import OctKey

from core.errors import Forbidden, Unauthorized

Kind = Literal["customer", "staff"]
ISSUER = "mercato"


class Principal(msgspec.Struct, frozen=True, kw_only=True):
    subject: str
    kind: Kind
    session_id: str
    permissions: frozenset[str] = frozenset()

    def require(self, permission: str) -> None:
        if self.kind != "staff":
            raise Forbidden("staff only")
        if permission not in self.permissions and "*" not in self.permissions:
            raise Forbidden(f"missing permission {permission!r}")


class TokenCodec:
    def __init__(self, secret: str, *, access_ttl: int = 900) -> None:
        self._key = OctKey.import_key(secret.encode())
        self.access_ttl = access_ttl

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

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(token, self._key, algorithms=["HS256"]).claims
            jwt.JWTClaimsRegistry(iss={"essential": True, "value": ISSUER}, exp={"essential": True}).validate(
                claims
            )
            return Principal(
                subject=str(claims["sub"]),
                kind=claims["kind"],
                session_id=str(claims["sid"]),
                permissions=frozenset(claims.get("perms", ())),
            )
        except (JoseError, KeyError, ValueError, TypeError):
            raise Unauthorized("invalid or expired access token") from None
