"""HTTP bodies of identity's routes, separate from its bus messages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec

from core.controllers import Body
from domains.identity.model import MAX_NAME, MAX_PASSWORD, MIN_PASSWORD, PERMISSIONS

Email = Annotated[str, msgspec.Meta(min_length=3, max_length=254, description="An email address.")]
Password = Annotated[
    str, msgspec.Meta(min_length=MIN_PASSWORD, max_length=MAX_PASSWORD, description="At least 8 characters.")
]
Name = Annotated[str, msgspec.Meta(max_length=MAX_NAME)]
RoleName = Annotated[
    str,
    msgspec.Meta(
        pattern=r"^[a-z][a-z0-9_-]{1,49}$", description="2-50 lower-case letters, digits, '_' or '-'."
    ),
]
Roles = Annotated[
    list[RoleName], msgspec.Meta(max_length=50, description="Names of existing roles, e.g. `admin`.")
]


# --- requests --------------------------------------------------------------


class Registration(Body, frozen=True, kw_only=True):
    email: Email
    password: Password
    first_name: Name | None = None
    last_name: Name | None = None


class Credentials(Body, frozen=True, kw_only=True):
    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=MAX_PASSWORD)]
    totp_code: (
        Annotated[str, msgspec.Meta(max_length=10, description="Needed once the account has enabled TOTP.")]
        | None
    ) = None


class RefreshRequest(Body, frozen=True, kw_only=True):
    refresh_token: Annotated[str, msgspec.Meta(max_length=512)]


class TotpCode(Body, frozen=True, kw_only=True):
    code: Annotated[str, msgspec.Meta(max_length=10, description="The 6 digits the authenticator shows now.")]


class StaffUserCreate(Body, frozen=True, kw_only=True):
    email: Email
    password: Password
    roles: Roles = []


Permission = Annotated[
    str, msgspec.Meta(max_length=100, pattern=r"^(\*|[a-z][a-z0-9_]*:(\*|[a-z][a-z0-9_]*))$")
]
KNOWN_PERMISSIONS = "An unknown one is refused (422); the known ones: " + ", ".join(
    f"`{p}`" for p in sorted(PERMISSIONS)
)


class RoleAssignment(Body, frozen=True, kw_only=True):
    roles: Roles


class RoleCreate(Body, frozen=True, kw_only=True):
    name: RoleName
    permissions: Annotated[
        list[Permission],
        msgspec.Meta(
            min_length=1,
            max_length=100,
            description=f"Such as `catalog:write`, `orders:*` or `*`. {KNOWN_PERMISSIONS}.",
        ),
    ]
    description: Annotated[str, msgspec.Meta(max_length=500)] | None = None


# --- responses -------------------------------------------------------------


class Customer(msgspec.Struct, frozen=True, kw_only=True):
    """The new account, with the names given (the profile at GET /me keeps them)."""

    id: str
    email: str
    first_name: str | None
    last_name: str | None
    created_at: datetime


class TokenPair(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    refresh_token: Annotated[str, msgspec.Meta(description="Single use: /auth/refresh rotates it.")]
    token_type: str
    expires_in: Annotated[int, msgspec.Meta(description="Seconds the access token stays valid.")]


class Session(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    current: Annotated[bool, msgspec.Meta(description="The session of the token making this request.")]


class TotpEnrolment(msgspec.Struct, frozen=True, kw_only=True):
    secret: str
    provisioning_uri: Annotated[str, msgspec.Meta(description="An otpauth:// URI to show as a QR code.")]


class StaffUser(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    roles: list[str]
    permissions: list[str]
    created_at: datetime


class Role(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    permissions: list[str]
    description: str | None
    builtin: bool
    created_at: datetime


# --- API keys, account recovery ---------------------------------------------------------

Token = Annotated[
    str, msgspec.Meta(min_length=1, max_length=200, description="The token from the mailed link.")
]


class ApiKeyCreate(Body, frozen=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100, description="Who or what uses the key.")]
    permissions: Annotated[
        list[Permission],
        msgspec.Meta(
            min_length=1,
            max_length=100,
            description="Staff permission strings such as `catalog:read`; only ones the caller holds. "
            f"{KNOWN_PERMISSIONS}.",
        ),
    ]
    expires_at: (
        Annotated[datetime, msgspec.Meta(tz=True, description="When the key stops working; never if absent.")]
        | None
    ) = None
    require_signature: Annotated[
        bool,
        msgspec.Meta(
            description="Requests must carry X-Signature-Timestamp and X-Signature: hex HMAC-SHA256, "
            "with the signing secret, of `METHOD\\npath?query\\ntimestamp\\nsha256hex(body)`."
        ),
    ] = False


class ApiKeyIssued(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    key: Annotated[
        str, msgspec.Meta(description="Send as X-API-Key. Shown this once: only its hash is kept.")
    ]
    signing_secret: Annotated[
        str | None, msgspec.Meta(description="For keys requiring signatures; shown this once.")
    ]
    name: str
    prefix: Annotated[str, msgspec.Meta(description="The key's first characters, to recognise it in lists.")]
    permissions: list[str]
    require_signature: bool
    created_at: datetime
    expires_at: datetime | None


class ApiKey(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    prefix: str
    permissions: list[str]
    require_signature: bool
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: Annotated[datetime | None, msgspec.Meta(description="Recorded at most once a minute.")]
    revoked_at: datetime | None


class PasswordResetRequest(Body, frozen=True, kw_only=True):
    email: Annotated[str, msgspec.Meta(max_length=320)]
    account: Annotated[
        Literal["customer", "staff"],
        msgspec.Meta(description="Whose password: a customer's or a staff user's."),
    ] = "customer"


class PasswordResetConfirm(Body, frozen=True, kw_only=True):
    token: Token
    password: Password


class EmailToken(Body, frozen=True, kw_only=True):
    token: Token


class Account(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    email_verified: Annotated[bool, msgspec.Meta(description="Confirmed with the mailed link.")]
    totp_enabled: bool
    created_at: datetime


class Accepted(msgspec.Struct, frozen=True, kw_only=True):
    detail: str


MAIL_ON_ITS_WAY = Accepted(detail="If the address has an account, a link is on its way.")
