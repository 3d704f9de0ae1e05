"""The Piccolo implementation of identity's OAuth ports: sign-in flows in progress and linked identities.

A flow is claimed by a DELETE ... RETURNING, so of two callbacks racing with one state only one
gets it, in whichever process they run.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from core.errors import Conflict
from core.messages import new_id
from domains.identity.model.oauth import LinkedIdentity, OAuthFlow
from domains.identity.repository.accounts import insert, row_of
from domains.identity.tables import IdentityOAuthFlow, IdentityOAuthLink

if TYPE_CHECKING:
    from datetime import datetime

F, L = IdentityOAuthFlow, IdentityOAuthLink


class PiccoloOAuthFlows:
    async def open(self, flow: OAuthFlow, now: datetime) -> None:
        await F.delete().where(F.expires_at < now)
        await F.insert(F(**row_of(flow)))

    async def claim(self, state_hash: str) -> OAuthFlow | None:
        rows: list[dict[str, Any]] = (
            await F.delete().where(F.state_hash == state_hash).returning(*F.all_columns())
        )
        return OAuthFlow(**rows[0]) if rows else None


class PiccoloLinkedIdentities:
    async def get(self, provider: str, subject: str) -> LinkedIdentity | None:
        row = await L.select().where((L.provider == provider) & (L.subject == subject)).first()
        if row is None:
            return None
        del row["id"]
        return LinkedIdentity(**{**row, "customer_id": str(row["customer_id"])})

    async def add(self, link: LinkedIdentity) -> None:
        await insert(
            L(**row_of(link), id=new_id()),
            Conflict(f"this {link.provider} account is already linked to a customer"),
        )

    async def remove(self, provider: str, subject: str) -> None:
        await L.delete().where((L.provider == provider) & (L.subject == subject))

    async def remove_customer(self, customer_id: str) -> None:
        await L.delete().where(L.customer_id == customer_id)
