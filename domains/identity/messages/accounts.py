"""Identity's contract for accounts: customers who register, staff users and their roles."""

from __future__ import annotations

from datetime import datetime

import msgspec

from core.messages import Command, Event, Query
from core.paging import Page


class CustomerView(msgspec.Struct, frozen=True, kw_only=True):
    """A new customer account with the names given at registration (the customers domain keeps them)."""

    id: str
    email: str
    first_name: str | None
    last_name: str | None
    created_at: datetime


class AccountView(msgspec.Struct, frozen=True, kw_only=True):
    """What identity holds about a customer: the sign-in account, no profile."""

    id: str
    email: str
    created_at: datetime
    blocked: bool = False
    erased: bool = False
    totp_enabled: bool = False
    email_verified: bool = False


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


class RegisterCustomer(Command[CustomerView], frozen=True, kw_only=True, tag="identity.RegisterCustomer"):
    key_field = "email"
    email: str
    password: str
    first_name: str | None = None
    last_name: str | None = None


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


class GetCustomer(Query[AccountView], frozen=True, kw_only=True, tag="identity.GetCustomer"):
    """A customer's account; NotFound for an unknown id."""

    customer_id: str


class GetStaffUser(Query[StaffUserView], frozen=True, kw_only=True, tag="identity.GetStaffUser"):
    staff_id: str


class ListStaffUsers(Query[Page[StaffUserView]], frozen=True, kw_only=True, tag="identity.ListStaffUsers"):
    limit: int = 20
    cursor: str | None = None


class ListRoles(Query[Page[RoleView]], frozen=True, kw_only=True, tag="identity.ListRoles"):
    limit: int = 20
    cursor: str | None = None


class CustomerRegistered(Event, frozen=True, kw_only=True, tag="identity.CustomerRegistered"):
    key_field = "customer_id"
    customer_id: str
    email: str
    first_name: str | None
    last_name: str | None
    registered_at: datetime | None = None


class CustomerProfileUpdated(Event, frozen=True, kw_only=True, tag="identity.CustomerProfileUpdated"):
    """No longer raised: names moved to the customers domain. Kept so events already published decode."""

    key_field = "customer_id"
    customer_id: str
    first_name: str | None
    last_name: str | None


class AccountAnonymised(Event, frozen=True, kw_only=True, tag="identity.AccountAnonymised"):
    """The account's email, password and second factor are gone and its sessions revoked."""

    key_field = "customer_id"
    customer_id: str


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
