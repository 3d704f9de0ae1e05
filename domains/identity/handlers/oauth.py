"""Signing in with another provider: opening a flow, finishing it, linking the provider's account.

Linking rule (pre-account-takeover guard): a provider's account joins an existing customer only
when the provider vouches for the email (``email_verified``). If the customer's own email was never
verified here, whoever registered it may not be its owner: the password is cleared (a reset sets a
new one) and every open session revoked, so only the provider's sign-in and the mailbox owner remain.

Second-factor rule: a provider's sign-in carries no TOTP code, so it never stands in for one. A
customer with a confirmed TOTP is not linked automatically, and a provider already linked to one
no longer signs in as it: both answer 409 ("sign in with your password and code"), with nothing
changed (no link, no password cleared, no session).
"""

from __future__ import annotations

import hmac
from typing import TYPE_CHECKING

from core.errors import Conflict, DomainError, FieldError, Forbidden, NotFound
from core.messages import new_id
from domains.identity import messages as m
from domains.identity.handlers.sessions import _start_session
from domains.identity.model import Customer, digest_of, revoked
from domains.identity.model.oauth import (
    MAX_STATE,
    ExternalIdentity,
    Link,
    LinkedIdentity,
    OAuthFlow,
    link_for,
)

if TYPE_CHECKING:
    from datetime import datetime

    from core.domain import Handler
    from core.messages import Event, Message
    from domains.identity.ports import IdentityDeps, OAuthDeps, OAuthProvider

UNKNOWN_FLOW = "this sign-in is unknown, was already finished or has expired: start it again"


async def start_oauth(cmd: m.StartOAuth, deps: IdentityDeps) -> m.OAuthStart:
    oauth = _oauth(deps)
    provider = _provider(oauth, cmd.provider)
    now = deps.clock.now()
    state, flow = OAuthFlow.open(cmd.provider, cmd.redirect_uri, now, oauth.flow_ttl)
    url = await provider.authorization_url(
        redirect_uri=cmd.redirect_uri, state=state, nonce=flow.nonce, code_verifier=flow.code_verifier
    )
    async with deps.uow() as uow:
        await oauth.flows.open(flow, now)
        await uow.commit()
    return m.OAuthStart(url=url, state=state, expires_in=int(oauth.flow_ttl.total_seconds()))


async def complete_oauth(cmd: m.CompleteOAuth, deps: IdentityDeps) -> m.TokenPair:
    oauth = _oauth(deps)
    provider = _provider(oauth, cmd.provider)
    if not cmd.state:
        raise DomainError("the provider sent no state", errors=[FieldError("state", "is missing")])
    if not hmac.compare_digest((cmd.browser_state or "").encode(), cmd.state.encode()):
        raise DomainError(
            "this sign-in was not started in this browser: start it again",
            errors=[FieldError("state", "does not match this browser's sign-in")],
        )
    flow = None
    if len(cmd.state) <= MAX_STATE:
        async with deps.uow() as uow:
            flow = await oauth.flows.claim(digest_of(cmd.state))
            await uow.commit()
    now = deps.clock.now()
    if flow is None or not flow.usable(cmd.provider, now):
        raise DomainError(UNKNOWN_FLOW, errors=[FieldError("state", "is unknown, used or expired")])
    if cmd.error is not None:
        raise DomainError(f"{cmd.provider} did not sign you in: {cmd.error[:100]}")
    if not cmd.code:
        raise DomainError("the provider sent no code", errors=[FieldError("code", "is missing")])
    identity = await provider.identity(
        code=cmd.code, redirect_uri=flow.redirect_uri, code_verifier=flow.code_verifier, nonce=flow.nonce
    )
    customer_id = await _customer_of(deps, oauth, identity, deps.clock.now())
    return await _start_session(deps, customer_id, "customer", frozenset(), cmd.user_agent)


async def when_account_anonymised_forget_linked_identities(
    event: m.AccountAnonymised, deps: IdentityDeps
) -> None:
    """An erased customer's providers no longer sign in as it (and their emails are forgotten)."""
    if deps.oauth is None:
        return
    async with deps.uow() as uow:
        await deps.oauth.links.remove_customer(event.customer_id)
        await uow.commit()


async def _customer_of(
    deps: IdentityDeps, oauth: OAuthDeps, identity: ExternalIdentity, now: datetime
) -> str:
    """The customer this identity signs in as: linked already, linked now by verified email, or new."""
    async with deps.uow() as uow:
        link = await oauth.links.get(identity.provider, identity.subject)
        if link is not None:
            linked = await deps.customers.get(link.customer_id)
            if linked is not None and linked.erased_at is None:
                _check_may_sign_in(linked)
                await _check_no_second_factor(deps, linked, identity.provider)
                return linked.id
            await oauth.links.remove(identity.provider, identity.subject)
        if identity.email is None:
            raise DomainError(
                f"{identity.provider} shared no email address: allow it to, then sign in again",
                errors=[FieldError("email", "was not shared by the provider")],
            )
        existing = await deps.customers.by_email(identity.email)
        decision = link_for(identity, existing is not None)
        events: list[Event] = []
        if decision is Link.REFUSE:
            raise Conflict(
                f"an account with this email exists and {identity.provider} has not verified the address: "
                "sign in with your password, or verify the address with the provider first",
                errors=[FieldError("email", "is registered here and not verified by the provider")],
            )
        if decision is Link.UNVERIFIED:
            raise Forbidden(
                f"{identity.provider} has not verified your email address: verify it there, then sign in again",
                errors=[FieldError("email", "is not verified by the provider")],
            )
        if existing is not None:
            _check_may_sign_in(existing)
            await _check_no_second_factor(deps, existing, identity.provider)
            customer = existing
            events.extend(await _distrust_unverified_password(deps, customer, now))
        else:
            customer = Customer(new_id(), identity.email, None, now, now)
            customer.events.append(
                m.CustomerRegistered(
                    customer_id=customer.id,
                    email=identity.email,
                    first_name=None,
                    last_name=None,
                    registered_at=now,
                )
            )
            _mark_email_verified(customer, now)
            await deps.customers.add(customer)
        await oauth.links.add(
            LinkedIdentity(identity.provider, identity.subject, customer.id, identity.email, now)
        )
        uow.collect(customer)
        uow.add(
            m.ExternalIdentityLinked(
                customer_id=customer.id, provider=identity.provider, created=existing is None, linked_at=now
            ),
            *events,
        )
        await uow.commit()
    return customer.id


async def _distrust_unverified_password(deps: IdentityDeps, customer: Customer, now: datetime) -> list[Event]:
    """Linking proves the provider's user owns the email; a password set before that may be an attacker's."""
    if customer.email_verified or customer.password_hash is None:
        return []  # verified here already, or no password to distrust (signed up through a provider)
    customer.password_hash = None
    customer.updated_at = now
    _mark_email_verified(customer, now)
    await deps.customers.save(customer)
    sessions = await deps.sessions.revoke_all(customer.id, "customer", now, "revoked")
    for session in sessions:
        await deps.tokens.revoke(session.id)  # their access tokens too, not only the refresh tokens
    return [revoked(session, "revoked") for session in sessions]


def _mark_email_verified(customer: Customer, now: datetime) -> None:
    """The provider vouched for the address: verified, as a mailed link would (the event tells customers)."""
    customer.verify_email(customer.email, now)


def _check_may_sign_in(customer: Customer) -> None:
    if customer.blocked_at is not None:
        raise Forbidden("this account is blocked; contact the shop")


async def _check_no_second_factor(deps: IdentityDeps, customer: Customer, provider: str) -> None:
    """409 when the customer signs in with a TOTP code: the provider cannot ask for it."""
    totp = await deps.totp.get(customer.id)
    if totp is not None and totp.confirmed_at is not None:
        raise Conflict(
            f"this account signs in with a TOTP code, which {provider} cannot ask for: "
            "sign in with your password and code first (no password yet? ask for a password reset)",
            errors=[FieldError("totp_code", "is required for this account; sign in with your password")],
        )


def _oauth(deps: IdentityDeps) -> OAuthDeps:
    if deps.oauth is None:
        raise NotFound("no sign-in provider is configured")
    return deps.oauth


def _provider(oauth: OAuthDeps, name: str) -> OAuthProvider:
    provider = oauth.providers.get(name)
    if provider is None:
        raise NotFound(f"no sign-in provider named {name[:40]!r} is configured")
    return provider


HANDLERS: dict[type[Message], Handler] = {
    m.StartOAuth: start_oauth,
    m.CompleteOAuth: complete_oauth,
}
SUBSCRIPTIONS: dict[type[Event], list[Handler]] = {
    m.AccountAnonymised: [when_account_anonymised_forget_linked_identities],
}
