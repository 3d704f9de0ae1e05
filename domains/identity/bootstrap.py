"""Identity's adapters wired from the runtime: the deps every handler receives."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING

from domains.identity.passwords import Argon2Hasher, SystemClock
from domains.identity.ports import Deps
from domains.identity.repository import PiccoloCustomers, PiccoloRoles, PiccoloStaffUsers, PiccoloTotpSecrets
from domains.identity.session_repository import PiccoloSessions

if TYPE_CHECKING:
    from core.domain import Runtime


def bootstrap(runtime: Runtime) -> Deps:
    return Deps(
        uow=runtime.uow,
        customers=PiccoloCustomers(),
        staff=PiccoloStaffUsers(),
        roles=PiccoloRoles(),
        sessions=PiccoloSessions(),
        totp=PiccoloTotpSecrets(),
        hasher=Argon2Hasher(),
        tokens=runtime.tokens,
        clock=SystemClock(),
        refresh_ttl=timedelta(seconds=runtime.settings.refresh_token_ttl),
    )
