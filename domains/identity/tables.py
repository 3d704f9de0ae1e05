"""Identity's Piccolo tables; their DDL is migrations/identity/."""

from __future__ import annotations

from piccolo.columns import UUID, Array, Boolean, Text, Timestamptz
from piccolo.table import Table


class IdentityCustomer(Table, tablename="identity_customers"):
    id = UUID(primary_key=True)
    email = Text(unique=True)
    password_hash = Text(null=True, default=None)
    created_at = Timestamptz()
    updated_at = Timestamptz()
    blocked_at = Timestamptz(null=True, default=None)
    erased_at = Timestamptz(null=True, default=None)
    email_verified_at = Timestamptz(null=True, default=None)


class IdentityStaffUser(Table, tablename="identity_staff_users"):
    id = UUID(primary_key=True)
    email = Text(unique=True)
    password_hash = Text()
    roles = Array(base_column=Text())
    created_at = Timestamptz()
    updated_at = Timestamptz()


class IdentityRole(Table, tablename="identity_roles"):
    name = Text(primary_key=True)
    permissions = Array(base_column=Text())
    description = Text(null=True, default=None)
    builtin = Boolean(default=False)
    created_at = Timestamptz()


class IdentitySession(Table, tablename="identity_sessions"):
    id = UUID(primary_key=True)
    subject_id = UUID()
    kind = Text()
    user_agent = Text(null=True, default=None)
    created_at = Timestamptz()
    last_used_at = Timestamptz()
    expires_at = Timestamptz()
    revoked_at = Timestamptz(null=True, default=None)
    revoke_reason = Text(null=True, default=None)


class IdentityRefreshToken(Table, tablename="identity_refresh_tokens"):
    token_hash = Text(primary_key=True)
    session_id = UUID()
    family_id = UUID()
    issued_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class IdentityTotp(Table, tablename="identity_totp"):
    subject_id = UUID(primary_key=True)
    kind = Text()
    secret = Text()
    confirmed_at = Timestamptz(null=True, default=None)
    created_at = Timestamptz()


class IdentityOAuthFlow(Table, tablename="identity_oauth_flows"):
    """A sign-in with another provider in progress: claimed (deleted) once by its callback."""

    state_hash = Text(primary_key=True)
    provider = Text()
    nonce = Text()
    code_verifier = Text()
    redirect_uri = Text()
    created_at = Timestamptz()
    expires_at = Timestamptz()


class IdentityOAuthLink(Table, tablename="identity_oauth_links"):
    """A provider's account (provider, subject: unique) that signs in as a customer."""

    id = UUID(primary_key=True)
    provider = Text()
    subject = Text()
    customer_id = UUID()
    email = Text(null=True, default=None)
    created_at = Timestamptz()


class IdentityApiKey(Table, tablename="identity_api_keys"):
    """An integrator's key: only its SHA-256 is kept; its signing secret is derived, never stored."""

    id = UUID(primary_key=True)
    name = Text()
    prefix = Text()
    key_hash = Text(unique=True)
    permissions = Array(base_column=Text())
    require_signature = Boolean(default=False)
    created_by = Text()
    created_at = Timestamptz()
    expires_at = Timestamptz(null=True, default=None)
    last_used_at = Timestamptz(null=True, default=None)
    revoked_at = Timestamptz(null=True, default=None)


class IdentityAccountToken(Table, tablename="identity_account_tokens"):
    """Single-use tokens mailed to an account (password reset, email verification): their SHA-256 only."""

    token_hash = Text(primary_key=True)
    purpose = Text()
    subject_id = UUID()
    kind = Text()
    email = Text()
    created_at = Timestamptz()
    expires_at = Timestamptz()
    used_at = Timestamptz(null=True, default=None)


TABLES: list[type[Table]] = [
    IdentityCustomer,
    IdentityStaffUser,
    IdentityRole,
    IdentitySession,
    IdentityRefreshToken,
    IdentityTotp,
    IdentityApiKey,
    IdentityAccountToken,
    IdentityOAuthFlow,
    IdentityOAuthLink,
]
