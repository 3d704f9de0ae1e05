"""The identity domain's public contract: commands, queries, events and replies.

Customers and staff sign in here; every other domain only verifies the access
tokens issued here (core.security) and may listen to these events.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page
from core.security import Kind

RevokeReason = Literal["logout", "revoked", "reuse_detected"]

# --- replies ---------------------------------------------------------------


class CustomerView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    first_name: str | None
    last_name: str | None
    created_at: datetime


class StaffUserView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    email: str
    roles: list[str]
    permissions: list[str]
    created_at: datetime


class RoleView(msgspec.Struct, frozen=True, kw_only=True):
    name: str
    permissions: list[str]
    description: str | None
    builtin: bool
    created_at: datetime


class TokenPair(msgspec.Struct, frozen=True, kw_only=True):
    access_token: str
    refresh_token: str
    token_type: str = "bearer"
    expires_in: int


class SessionView(msgspec.Struct, frozen=True, kw_only=True):
    id: str
    created_at: datetime
    last_used_at: datetime
    expires_at: datetime
    user_agent: str | None
    current: bool


class TotpEnrolment(msgspec.Struct, frozen=True, kw_only=True):
    secret: str
    provisioning_uri: str


# --- commands ----------------------------------------------------------------


class RegisterCustomer(Command[CustomerView], frozen=True, kw_only=True, tag="identity.RegisterCustomer"):
    key_field = "email"
    email: str
    password: str
    first_name: str | None = None
    last_name: str | None = None


class UpdateCustomerProfile(
    Command[CustomerView], frozen=True, kw_only=True, tag="identity.UpdateCustomerProfile"
):
    """Fields left UNSET stay as they are; None clears a name."""

    key_field = "customer_id"
    customer_id: str
    first_name: str | msgspec.UnsetType | None = msgspec.UNSET
    last_name: str | msgspec.UnsetType | None = msgspec.UNSET


class LogInCustomer(Command[TokenPair], frozen=True, kw_only=True, tag="identity.LogInCustomer"):
    key_field = "email"
    email: str
    password: str
    totp_code: str | None = None
    user_agent: str | None = None


class LogInStaff(Command[TokenPair], frozen=True, kw_only=True, tag="identity.LogInStaff"):
    key_field = "email"
    email: str
    password: str
    totp_code: str | None = None
    user_agent: str | None = None


class RefreshSession(Command[TokenPair], frozen=True, kw_only=True, tag="identity.RefreshSession"):
    """Rotate a refresh token; presenting a used one revokes its whole family."""

    refresh_token: str


class LogOut(Command[None], frozen=True, kw_only=True, tag="identity.LogOut"):
    """Revoke the caller's own session; revoking it twice is not an error."""

    key_field = "session_id"
    subject_id: str
    kind: Kind
    session_id: str


class RevokeSession(Command[None], frozen=True, kw_only=True, tag="identity.RevokeSession"):
    """Revoke one of the caller's sessions; another's or an unknown one is NotFound."""

    key_field = "session_id"
    subject_id: str
    kind: Kind
    session_id: str


class EnrolTotp(Command[TotpEnrolment], frozen=True, kw_only=True, tag="identity.EnrolTotp"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind


class ConfirmTotp(Command[None], frozen=True, kw_only=True, tag="identity.ConfirmTotp"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind
    code: str


class CreateStaffUser(Command[StaffUserView], frozen=True, kw_only=True, tag="identity.CreateStaffUser"):
    """Create a staff account; Conflict when the email is taken, Invalid for an unknown role."""

    key_field = "email"
    email: str
    password: str
    roles: list[str] = []


class AssignStaffRoles(Command[StaffUserView], frozen=True, kw_only=True, tag="identity.AssignStaffRoles"):
    """Replace a staff user's roles with ``roles``."""

    key_field = "staff_id"
    staff_id: str
    roles: list[str]


class CreateRole(Command[RoleView], frozen=True, kw_only=True, tag="identity.CreateRole"):
    key_field = "name"
    name: str
    permissions: list[str]
    description: str | None = None


# --- queries -----------------------------------------------------------------


class GetCustomer(Query[CustomerView], frozen=True, kw_only=True, tag="identity.GetCustomer"):
    customer_id: str


class ListSessions(Query[Page[SessionView]], frozen=True, kw_only=True, tag="identity.ListSessions"):
    """The active sessions of one subject; ``current_session_id`` is flagged as current."""

    subject_id: str
    kind: Kind
    current_session_id: str | None = None
    limit: int = 20
    cursor: str | None = None


class GetStaffUser(Query[StaffUserView], frozen=True, kw_only=True, tag="identity.GetStaffUser"):
    staff_id: str


class ListStaffUsers(Query[Page[StaffUserView]], frozen=True, kw_only=True, tag="identity.ListStaffUsers"):
    limit: int = 20
    cursor: str | None = None


class ListRoles(Query[Page[RoleView]], frozen=True, kw_only=True, tag="identity.ListRoles"):
    limit: int = 20
    cursor: str | None = None


# --- events ------------------------------------------------------------------


class CustomerRegistered(Event, frozen=True, kw_only=True, tag="identity.CustomerRegistered"):
    key_field = "customer_id"
    customer_id: str
    email: str
    first_name: str | None
    last_name: str | None


class CustomerProfileUpdated(Event, frozen=True, kw_only=True, tag="identity.CustomerProfileUpdated"):
    key_field = "customer_id"
    customer_id: str
    first_name: str | None
    last_name: str | None


class SessionStarted(Event, frozen=True, kw_only=True, tag="identity.SessionStarted"):
    key_field = "session_id"
    session_id: str
    subject_id: str
    kind: Kind


class SessionRefreshed(Event, frozen=True, kw_only=True, tag="identity.SessionRefreshed"):
    key_field = "session_id"
    session_id: str
    subject_id: str
    kind: Kind


class SessionRevoked(Event, frozen=True, kw_only=True, tag="identity.SessionRevoked"):
    key_field = "session_id"
    session_id: str
    subject_id: str
    kind: Kind
    reason: RevokeReason


class TotpEnrolmentStarted(Event, frozen=True, kw_only=True, tag="identity.TotpEnrolmentStarted"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind


class TotpEnabled(Event, frozen=True, kw_only=True, tag="identity.TotpEnabled"):
    key_field = "subject_id"
    subject_id: str
    kind: Kind


class StaffUserCreated(Event, frozen=True, kw_only=True, tag="identity.StaffUserCreated"):
    key_field = "staff_id"
    staff_id: str
    email: str
    roles: list[str]


class StaffRolesAssigned(Event, frozen=True, kw_only=True, tag="identity.StaffRolesAssigned"):
    key_field = "staff_id"
    staff_id: str
    roles: list[str]


class RoleCreated(Event, frozen=True, kw_only=True, tag="identity.RoleCreated"):
    key_field = "name"
    name: str
    permissions: list[str]


COMMANDS = (
    RegisterCustomer,
    UpdateCustomerProfile,
    LogInCustomer,
    LogInStaff,
    RefreshSession,
    LogOut,
    RevokeSession,
    EnrolTotp,
    ConfirmTotp,
    CreateStaffUser,
    AssignStaffRoles,
    CreateRole,
)
QUERIES = (GetCustomer, ListSessions, GetStaffUser, ListStaffUsers, ListRoles)
EVENTS = (
    CustomerRegistered,
    CustomerProfileUpdated,
    SessionStarted,
    SessionRefreshed,
    SessionRevoked,
    TotpEnrolmentStarted,
    TotpEnabled,
    StaffUserCreated,
    StaffRolesAssigned,
    RoleCreated,
)
