"""The identity domain's public contract: commands, queries, events and replies.

Customers and staff sign in here; every other domain only verifies the access
tokens issued here (core.security) and may listen to these events. Another
domain imports from here only: every message is re-exported.
"""

from __future__ import annotations

from core.messages import declared_in
from core.security import ApiKeyGrant, VerifyApiKey
from domains.identity.messages import accounts, keys, oauth, recovery, sessions
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
from domains.identity.messages.keys import (
    ApiKeyCreated,
    ApiKeyIssued,
    ApiKeyRevoked,
    ApiKeyView,
    CreateApiKey,
    ListApiKeys,
    RevokeApiKey,
)
from domains.identity.messages.oauth import CompleteOAuth, ExternalIdentityLinked, OAuthStart, StartOAuth
from domains.identity.messages.recovery import (
    CustomerEmailVerified,
    PasswordChanged,
    RequestPasswordReset,
    ResendVerification,
    ResetPassword,
    VerifyEmail,
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

COMMANDS, QUERIES, EVENTS = declared_in(accounts, sessions, keys, recovery, oauth)
QUERIES = (*QUERIES, VerifyApiKey)  # declared in core.security, answered here
MESSAGES = (*COMMANDS, *QUERIES, *EVENTS)

__all__ = [
    "COMMANDS",
    "EVENTS",
    "MESSAGES",
    "QUERIES",
    "AccountAnonymised",
    "AccountView",
    "ApiKeyCreated",
    "ApiKeyGrant",
    "ApiKeyIssued",
    "ApiKeyRevoked",
    "ApiKeyView",
    "AssignStaffRoles",
    "CompleteOAuth",
    "ConfirmTotp",
    "CreateApiKey",
    "CreateRole",
    "CreateStaffUser",
    "CustomerEmailVerified",
    "CustomerProfileUpdated",
    "CustomerRegistered",
    "CustomerView",
    "EnrolTotp",
    "ExternalIdentityLinked",
    "GetCustomer",
    "GetStaffUser",
    "ListApiKeys",
    "ListRoles",
    "ListSessions",
    "ListStaffUsers",
    "LogInCustomer",
    "LogInStaff",
    "LogOut",
    "OAuthStart",
    "PasswordChanged",
    "RefreshSession",
    "RegisterCustomer",
    "RequestPasswordReset",
    "ResendVerification",
    "ResetPassword",
    "RevokeApiKey",
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
    "StartOAuth",
    "TokenPair",
    "TotpEnabled",
    "TotpEnrolment",
    "TotpEnrolmentStarted",
    "VerifyApiKey",
    "VerifyEmail",
]
