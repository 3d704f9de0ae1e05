"""API keys for integrators: issued by staff with permissions they hold, shown once, revocable."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import Forbidden, NotFound, Unauthorized
from core.messages import new_id
from core.paging import MAX_LIMIT, Page
from core.security import ApiKeyGrant, VerifyApiKey, signing_secret
from core.validation import Findings
from domains.identity import messages as m
from domains.identity.handlers.sessions import staff_permissions
from domains.identity.model import MAX_KEY_NAME, ApiKey, not_grantable, permissions_of_text, uuid_of

if TYPE_CHECKING:
    from core.domain import Handler
    from core.messages import Message
    from domains.identity.ports import AccessDeps, IdentityDeps

UNUSABLE = "the API key is unknown, revoked or expired"


def access(deps: IdentityDeps) -> AccessDeps:
    if deps.access is None:
        raise RuntimeError("identity was bootstrapped without its access dependencies")
    return deps.access


async def create_api_key(cmd: m.CreateApiKey, deps: IdentityDeps) -> m.ApiKeyIssued:
    now = deps.clock.now()
    problems = Findings()
    name = problems.text(cmd.name, "name", longest=MAX_KEY_NAME) or ""
    permissions = permissions_of_text(problems, cmd.permissions)
    refused = not_grantable(permissions, await _held_now(deps, cmd.staff_id))
    if refused:
        problems.add("permissions", f"you cannot grant what you do not hold: {', '.join(refused)}")
    if cmd.expires_at is not None and (cmd.expires_at.tzinfo is None or cmd.expires_at <= now):
        problems.add("expires_at", "must be a time in the future, with its UTC offset")
    problems.raise_any()
    key, api_key = ApiKey.issue(
        new_id(),
        name,
        permissions,
        expires_at=cmd.expires_at,
        require_signature=cmd.require_signature,
        created_by=cmd.created_by,
        now=now,
    )
    async with deps.uow() as uow:
        await access(deps).api_keys.add(api_key)
        uow.collect(api_key)
        await uow.commit()
    return m.ApiKeyIssued(
        id=api_key.id,
        key=key,
        signing_secret=signing_secret(deps.tokens, api_key.id) if api_key.require_signature else None,
        name=api_key.name,
        prefix=api_key.prefix,
        permissions=list(api_key.permissions),
        require_signature=api_key.require_signature,
        created_at=api_key.created_at,
        expires_at=api_key.expires_at,
    )


async def _held_now(deps: IdentityDeps, raw_id: str) -> frozenset[str]:
    """What the staff user's roles grant now (a token's permissions may be ``access_ttl`` old)."""
    staff_id = uuid_of(raw_id)
    staff = await deps.staff.get(staff_id) if staff_id else None
    if staff is None:
        raise Forbidden("only a staff user issues API keys")
    return await staff_permissions(deps, staff)


async def revoke_api_key(cmd: m.RevokeApiKey, deps: IdentityDeps) -> None:
    key_id = uuid_of(cmd.api_key_id)
    key = await access(deps).api_keys.get(key_id) if key_id else None
    if key is None:
        raise NotFound("no such API key")
    now = deps.clock.now()
    async with deps.uow() as uow:
        if await access(deps).api_keys.revoke(key.id, now):
            uow.collect(key.revoked(now))
            await uow.commit()
    await deps.tokens.revoke_api_key(key.id)


async def list_api_keys(query: m.ListApiKeys, deps: IdentityDeps) -> Page[m.ApiKeyView]:
    page = await access(deps).api_keys.page(min(max(query.limit, 1), MAX_LIMIT), query.cursor)
    return Page(items=[_view(k) for k in page.items], next_cursor=page.next_cursor)


async def verify_api_key(query: VerifyApiKey, deps: IdentityDeps) -> ApiKeyGrant:
    """The grant of a usable key (and its use recorded, at most once a minute); 401 otherwise."""
    keys = access(deps).api_keys
    now = deps.clock.now()
    key = await keys.by_hash(query.key_hash)
    if key is None or not key.usable(now):
        raise Unauthorized(UNUSABLE)
    await keys.touch(key.id, now)
    return ApiKeyGrant(
        id=key.id,
        permissions=list(key.permissions),
        expires_at=key.expires_at,
        require_signature=key.require_signature,
    )


def _view(k: ApiKey) -> m.ApiKeyView:
    return m.ApiKeyView(
        id=k.id,
        name=k.name,
        prefix=k.prefix,
        permissions=list(k.permissions),
        require_signature=k.require_signature,
        created_by=k.created_by,
        created_at=k.created_at,
        expires_at=k.expires_at,
        last_used_at=k.last_used_at,
        revoked_at=k.revoked_at,
    )


HANDLERS: dict[type[Message], Handler] = {
    m.CreateApiKey: create_api_key,
    m.RevokeApiKey: revoke_api_key,
    m.ListApiKeys: list_api_keys,
    VerifyApiKey: verify_api_key,
}
