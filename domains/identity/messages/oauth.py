"""Identity's contract for signing in with another provider: OAuth2 / OpenID Connect (Google, GitHub, ...)."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.messages import Command, Event
from domains.identity.messages.sessions import TokenPair


class OAuthStart(msgspec.Struct, frozen=True, kw_only=True):
    """Where to send the browser (the provider's authorization URL) and the state that came with it."""

    url: str
    state: str
    expires_in: int


class StartOAuth(Command[OAuthStart], frozen=True, kw_only=True, tag="identity.StartOAuth"):
    """Open a sign-in with ``provider``: a single-use state, a nonce and a PKCE verifier kept server side.

    ``redirect_uri`` is this shop's callback the provider sends the browser back to. Unknown or
    unconfigured provider: NotFound.
    """

    provider: str
    redirect_uri: str


class CompleteOAuth(Command[TokenPair], frozen=True, kw_only=True, tag="identity.CompleteOAuth"):
    """Finish a sign-in: claim the state (once), trade the code, check the identity, link, sign in.

    ``error`` is the provider's refusal (``access_denied``...) when it sent one instead of a code;
    ``browser_state`` the state the starting browser kept (cookie): the two must match.
    """

    key_field = "state"
    provider: str
    state: str
    browser_state: str | None = None
    code: str | None = None
    error: str | None = None
    user_agent: str | None = None


class ExternalIdentityLinked(Event, frozen=True, kw_only=True, tag="identity.ExternalIdentityLinked"):
    """A provider's account now signs in as this customer (``created``: the customer is new)."""

    key_field = "customer_id"
    customer_id: str
    provider: str
    created: bool
    linked_at: datetime
