"""The Piccolo implementation of identity's sessions port: sessions and refresh tokens.

Rotation and revocation are conditional UPDATEs, so two requests racing with
the same refresh token cannot both win, wherever they run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.paging import Page
from domains.identity.model import RefreshToken, Session
from domains.identity.repository.accounts import page_of, row_of, time_and_id
from domains.identity.tables import IdentityRefreshToken, IdentitySession

if TYPE_CHECKING:
    from datetime import datetime

    from core.security import Kind

S, T = IdentitySession, IdentityRefreshToken
SESSION_COLUMNS = (
    S.id,
    S.subject_id,
    S.kind,
    S.user_agent,
    S.created_at,
    S.last_used_at,
    S.expires_at,
    S.revoked_at,
)


class PiccoloSessions:
    async def start(self, session: Session, token: RefreshToken) -> None:
        await S.insert(S(**row_of(session)))
        await T.insert(T(**row_of(token)))

    async def get(self, session_id: str) -> Session | None:
        row = await S.select(*SESSION_COLUMNS).where(S.id == session_id).first()
        return None if row is None else _session(row)

    async def token(self, token_hash: str) -> RefreshToken | None:
        row = await T.select().where(T.token_hash == token_hash).first()
        if row is None:
            return None
        return RefreshToken(
            **{**row, "session_id": str(row["session_id"]), "family_id": str(row["family_id"])}
        )

    async def rotate(self, used: RefreshToken, fresh: RefreshToken, session: Session) -> bool:
        won = (
            await T.update({T.used_at: fresh.issued_at})
            .where((T.token_hash == used.token_hash) & T.used_at.is_null() & T.revoked_at.is_null())
            .returning(T.token_hash)
        )
        if not won:
            return False
        await T.insert(T(**row_of(fresh)))
        await S.update({S.last_used_at: session.last_used_at, S.expires_at: session.expires_at}).where(
            S.id == session.id
        )
        return True

    async def revoke(self, session_id: str, now: datetime, reason: str) -> bool:
        revoked = await self._revoke_sessions([session_id], now, reason)
        return bool(revoked)

    async def revoke_family(self, family_id: str, now: datetime) -> list[Session]:
        rows = await T.select(T.session_id).where(T.family_id == family_id).distinct()
        return await self._revoke_sessions([str(r["session_id"]) for r in rows], now, "reuse_detected")

    async def revoke_all(self, subject_id: str, kind: Kind, now: datetime, reason: str) -> list[Session]:
        rows = await S.select(S.id).where(
            (S.subject_id == subject_id) & (S.kind == kind) & S.revoked_at.is_null()
        )
        return await self._revoke_sessions([str(r["id"]) for r in rows], now, reason)

    async def _revoke_sessions(self, session_ids: list[str], now: datetime, reason: str) -> list[Session]:
        if not session_ids:
            return []
        rows = (
            await S.update({S.revoked_at: now, S.revoke_reason: reason})
            .where(S.id.is_in(session_ids) & S.revoked_at.is_null())
            .returning(*SESSION_COLUMNS)
        )
        await T.update({T.revoked_at: now}).where(T.session_id.is_in(session_ids) & T.revoked_at.is_null())
        return [_session(row) for row in rows]

    async def active(
        self, subject_id: str, kind: Kind, now: datetime, limit: int, cursor: str | None
    ) -> Page[Session]:
        query = (
            S.select(*SESSION_COLUMNS)
            .where(
                (S.subject_id == subject_id)
                & (S.kind == kind)
                & S.revoked_at.is_null()
                & (S.expires_at > now)
            )
            .order_by(S.created_at, S.id, ascending=False)
            .limit(limit + 1)
        )
        before = time_and_id(cursor)
        if before is not None:
            at, before_id = before
            query = query.where((S.created_at < at) | ((S.created_at == at) & (S.id < before_id)))
        sessions = [_session(row) for row in await query]
        return page_of(sessions, limit, lambda s: [s.created_at.isoformat(), s.id])


def _session(row: dict[str, Any]) -> Session:
    return Session(**{**row, "id": str(row["id"]), "subject_id": str(row["subject_id"])})
