"""Identity's contract for integrators' API keys: issued to staff, shown once, revocable.

``VerifyApiKey`` (asked by any process for an ``X-API-Key``) lives in core.security, beside
the principal it produces; identity answers it.
"""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page


class ApiKeyView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    name: str
    prefix: str
    permissions: list[str]
    require_signature: bool
    created_by: str
    created_at: datetime
    expires_at: datetime | None
    last_used_at: datetime | None
    revoked_at: datetime | None


class ApiKeyIssued(msgspec.Struct, frozen=True, kw_only=True):
    """A new key with its secret (and signing secret): the only time either is shown."""

    id: str
    key: str
    signing_secret: str | None
    name: str
    prefix: str
    permissions: list[str]
    require_signature: bool
    created_at: datetime
    expires_at: datetime | None


class CreateApiKey(Command[ApiKeyIssued], frozen=True, kw_only=True, tag="identity.CreateApiKey"):
    """Issue a key for staff user ``staff_id``; Invalid for a permission their roles do not grant
    now (read from the store, not from a token that may predate a change of roles) or a past
    expiry; Forbidden for an unknown staff user."""

    key_field = "created_by"
    name: str
    permissions: list[str]
    expires_at: datetime | None = None
    require_signature: bool = False
    created_by: str
    staff_id: str


class RevokeApiKey(Command[None], frozen=True, kw_only=True, tag="identity.RevokeApiKey"):
    """Revoke a key; NotFound for an unknown id, revoking twice is harmless."""

    key_field = "api_key_id"
    api_key_id: str


class ListApiKeys(Query[Page[ApiKeyView]], frozen=True, kw_only=True, tag="identity.ListApiKeys"):
    """Every key, newest first (revoked ones too), without secrets."""

    limit: int = 20
    cursor: str | None = None


class ApiKeyCreated(Event, frozen=True, kw_only=True, tag="identity.ApiKeyCreated"):
    key_field = "api_key_id"
    api_key_id: str
    name: str
    permissions: list[str]
    created_by: str


class ApiKeyRevoked(Event, frozen=True, kw_only=True, tag="identity.ApiKeyRevoked"):
    """Every process drops the key from its cache on this (core/revocations.py)."""

    key_field = "api_key_id"
    api_key_id: str
