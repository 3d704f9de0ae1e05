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


TABLES: list[type[Table]] = [
    IdentityCustomer,
    IdentityStaffUser,
    IdentityRole,
    IdentitySession,
    IdentityRefreshToken,
    IdentityTotp,
]
