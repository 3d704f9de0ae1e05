"""Identity's PostgreSQL stores: accounts, staff, roles and TOTP secrets; sessions and refresh tokens."""

from __future__ import annotations

from domains.identity.repository.accounts import (
    PiccoloCustomers,
    PiccoloRoles,
    PiccoloStaffUsers,
    PiccoloTotpSecrets,
)
from domains.identity.repository.keys import PiccoloAccountTokens, PiccoloApiKeys
from domains.identity.repository.sessions import PiccoloSessions

__all__ = [
    "PiccoloAccountTokens",
    "PiccoloApiKeys",
    "PiccoloCustomers",
    "PiccoloRoles",
    "PiccoloSessions",
    "PiccoloStaffUsers",
    "PiccoloTotpSecrets",
]
