"""The identity domain's public contract: commands, queries, events and replies.

Customers and staff sign in here; every other domain only verifies the access
tokens issued here (core.security) and may listen to these events. Another
domain imports from here only: every message is re-exported.
"""

from __future__ import annotations

from core.messages import declared_in
from domains.identity.messages import accounts, sessions
from domains.identity.messages.accounts import (
    AccountAnonymised,
    AccountView,
    AssignStaffRoles,
    CreateRole,
    CreateStaffUser,
    CustomerProfileUpdated,
    CustomerRegistered,
    CustomerView,
    GetCustomer,
    GetStaffUser,
    ListRoles,
    ListStaffUsers,
    RegisterCustomer,
    RoleCreated,
    RoleView,
    StaffRolesAssigned,
    StaffUserCreated,
    StaffUserView,
)
from domains.identity.messages.sessions import (
    ConfirmTotp,
    EnrolTotp,
    ListSessions,
    LogInCustomer,
    LogInStaff,
    LogOut,
    RefreshSession,
    RevokeReason,
    RevokeSession,
    SessionRefreshed,
    SessionRevoked,
    SessionStarted,
    SessionView,
    TokenPair,
    TotpEnabled,
    TotpEnrolment,
    TotpEnrolmentStarted,
)

COMMANDS, QUERIES, EVENTS = declared_in(accounts, sessions)
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "AccountAnonymised",
    "AccountView",
    "AssignStaffRoles",
    "ConfirmTotp",
    "CreateRole",
    "CreateStaffUser",
    "CustomerProfileUpdated",
    "CustomerRegistered",
    "CustomerView",
    "EnrolTotp",
    "GetCustomer",
    "GetStaffUser",
    "ListRoles",
    "ListSessions",
    "ListStaffUsers",
    "LogInCustomer",
    "LogInStaff",
    "LogOut",
    "RefreshSession",
    "RegisterCustomer",
    "RevokeReason",
    "RevokeSession",
    "RoleCreated",
    "RoleView",
    "SessionRefreshed",
    "SessionRevoked",
    "SessionStarted",
    "SessionView",
    "StaffRolesAssigned",
    "StaffUserCreated",
    "StaffUserView",
    "TokenPair",
    "TotpEnabled",
    "TotpEnrolment",
    "TotpEnrolmentStarted",
]
