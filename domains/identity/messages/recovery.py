"""Identity's contract for account recovery: password reset and email verification by mailed,
single-use, expiring tokens (only their hashes are stored)."""

from __future__ import annotations

from core.messages import Command, Event
from core.security import Kind


class RequestPasswordReset(Command[None], frozen=True, kw_only=True, tag="identity.RequestPasswordReset"):
    """Mail a reset link if ``email`` names an account of ``kind``; the same quiet reply if not."""

    key_field = "email"
    email: str
    kind: Kind = "customer"


class ResetPassword(Command[None], frozen=True, kw_only=True, tag="identity.ResetPassword"):
    """Set a new password with a reset token (once); every session of the account is revoked.
    Invalid naming ``token`` when it is unknown, used or expired."""

    token: str
    password: str


class VerifyEmail(Command[None], frozen=True, kw_only=True, tag="identity.VerifyEmail"):
    """Mark the customer's email verified with the mailed token (once); Invalid naming ``token`` if bad."""

    token: str


class ResendVerification(Command[None], frozen=True, kw_only=True, tag="identity.ResendVerification"):
    """Mail a new verification link; Conflict when the address is verified already."""

    key_field = "customer_id"
    customer_id: str


class PasswordChanged(Event, frozen=True, kw_only=True, tag="identity.PasswordChanged"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind


class CustomerEmailVerified(Event, frozen=True, kw_only=True, tag="identity.CustomerEmailVerified"):
    key_field = "customer_id"
    customer_id: str
    email: str
