"""The Piccolo implementation of identity's API-key and account-token ports."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any

from core.errors import Conflict
from domains.identity.model import AccountToken, ApiKey
from domains.identity.repository.accounts import insert, page_of, row_of, time_and_id
from domains.identity.tables import IdentityAccountToken, IdentityApiKey

if TYPE_CHECKING:
    from datetime import datetime

    from core.paging import Page
    from domains.identity.model import Purpose

K, A = IdentityApiKey, IdentityAccountToken
TOUCH_EVERY = timedelta(minutes=1)


class PiccoloApiKeys:
    async def add(self, key: ApiKey) -> None:
        await insert(K(**row_of(key, permissions=list(key.permissions))), Conflict("the key exists"))

    async def get(self, key_id: str) -> ApiKey | None:
        row = await K.select().where(K.id == key_id).first()
        return None if row is None else _key(row)

    async def by_hash(self, key_hash: str) -> ApiKey | None:
        row = await K.select().where(K.key_hash == key_hash).first()
        return None if row is None else _key(row)

    async def revoke(self, key_id: str, now: datetime) -> bool:
        done = (
            await K.update({K.revoked_at: now})
            .where((K.id == key_id) & K.revoked_at.is_null())
            .returning(K.id)
        )
        return bool(done)

    async def touch(self, key_id: str, now: datetime) -> None:
        """Record a use, at most once a minute per key (a conditional UPDATE, so cheap when skipped)."""
        await K.update({K.last_used_at: now}).where(
            (K.id == key_id) & (K.last_used_at.is_null() | (K.last_used_at < now - TOUCH_EVERY))
        )

    async def page(self, limit: int, cursor: str | None) -> Page[ApiKey]:
        query = K.select().order_by(K.created_at, K.id, ascending=False).limit(limit + 1)
        before = time_and_id(cursor)
        if before is not None:
            at, before_id = before
            query = query.where((K.created_at < at) | ((K.created_at == at) & (K.id < before_id)))
        keys = [_key(row) for row in await query]
        return page_of(keys, limit, lambda k: [k.created_at.isoformat(), k.id])


def _key(row: dict[str, Any]) -> ApiKey:
    return ApiKey(**{**row, "id": str(row["id"]), "permissions": tuple(row["permissions"])})


class PiccoloAccountTokens:
    async def add(self, token: AccountToken) -> None:
        """Store a new token; the earlier unused ones of the same account and purpose stop working."""
        await A.update({A.used_at: token.created_at}).where(
            (A.subject_id == token.subject_id) & (A.purpose == token.purpose) & A.used_at.is_null()
        )
        await A.insert(A(**row_of(token)))

    async def claim(self, token_hash: str, purpose: Purpose, now: datetime) -> AccountToken | None:
        """Mark the token used and return it; None when unknown, used or expired (race-free)."""
        rows = (
            await A.update({A.used_at: now})
            .where(
                (A.token_hash == token_hash)
                & (A.purpose == purpose)
                & A.used_at.is_null()
                & (A.expires_at > now)
            )
            .returning(*A.all_columns())
        )
        if not rows:
            return None
        row = rows[0]
        return AccountToken(**{**row, "subject_id": str(row["subject_id"])})
