"""HTTP bodies of identity's routes, separate from its bus messages."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

import msgspec

from core.controllers import Body

Password = Annotated[str, msgspec.Meta(description="At least 8 characters.")]
Roles = Annotated[list[str], msgspec.Meta(description="Names of existing roles, e.g. `admin`.")]


# --- requests --------------------------------------------------------------


class Registration(Body, frozen=True, kw_only=True):
    email: str
    password: Password
    first_name: str | None = None
    last_name: str | None = None


class Credentials(Body, frozen=True, kw_only=True):
    email: Annotated[str, msgspec.Meta(max_length=320)]
    password: Annotated[str, msgspec.Meta(max_length=1024)]
    totp_code: Annotated[
        str | None, msgspec.Meta(description="Needed once the account has enabled TOTP.")
    ] = None


class RefreshRequest(Body, frozen=True, kw_only=True):
    refresh_token: Annotated[str, msgspec.Meta(max_length=512)]


class CustomerUpdate(Body, frozen=True, kw_only=True):
    """Only the fields sent change; null clears a name."""

    first_name: str | msgspec.UnsetType | None = msgspec.UNSET
    last_name: str | msgspec.UnsetType | None = msgspec.UNSET


class TotpCode(Body, frozen=True, kw_only=True):
    code: Annotated[str, msgspec.Meta(description="The 6 digits the authenticator shows now.")]


class StaffUserCreate(Body, frozen=True, kw_only=True):
    email: str
    password: Password
    roles: Roles = []


class RoleAssignment(Body, frozen=True, kw_only=True):
    roles: Roles


class RoleCreate(Body, frozen=True, kw_only=True):
    name: Annotated[str, msgspec.Meta(description="Lower-case letters, digits, '_' or '-'.")]
    permissions: Annotated[list[str], msgspec.Meta(description="Such as `catalog:write`, `orders:*` or `*`.")]
    description: str | None = None


# --- responses -------------------------------------------------------------


class Customer(msgspec.Struct, frozen=True, kw_only=True):
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
