"""Identity's accounts: customers and staff users who sign in, the roles granting staff permissions.

A customer's names and other profile data belong to the customers domain; an
account here holds only what signing in needs.
"""

from __future__ import annotations

import re
import string
import unicodedata
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from core.errors import Conflict, FieldError
from core.security import TOTP_ENROLMENT
from domains.identity import messages as m

if TYPE_CHECKING:
    from core.messages import Event
    from core.validation import Findings

MIN_PASSWORD = 8
MAX_PASSWORD = 1024
MAX_EMAIL = 254
MAX_NAME = 100
MAX_LOCAL_PART = 64
MAX_LABEL = 63  # octets of a host name's label as DNS carries it (an internationalised one as xn--...)
ATEXT = frozenset(string.ascii_lowercase + string.digits + "!#$%&'*+-/=?^_`{|}~")
HOST_TEXT = frozenset(string.ascii_lowercase + string.digits + "-")
ROLE_NAME = re.compile(r"^[a-z][a-z0-9_-]{1,49}$")
PERMISSION = re.compile(r"^(\*|[a-z][a-z0-9_]*:(\*|[a-z][a-z0-9_]*))$")
# Each area's permissions that the routes' guards check (a unit test holds this to the routes).
# A role or key naming any other grants nothing, so one is a typo to refuse, not to store.
GUARDED: dict[str, tuple[str, ...]] = {
    "api_keys": ("read", "write"),
    "catalog": ("read", "write"),
    "cms": ("read", "write"),
    "customers": ("read", "write"),
    "inventory": ("read", "write"),
    "notifications": ("read", "write"),
    "orders": ("read", "write"),
    "payments": ("read", "write"),
    "pricing": ("read", "write"),
    "promotions": ("read", "write"),
    "reports": ("read",),
    "search": ("read", "write"),
    "shipping": ("read", "write"),
    "staff": ("manage",),
}
PERMISSIONS = frozenset(
    {"*"} | {f"{area}:{action}" for area, actions in GUARDED.items() for action in (*actions, "*")}
)
BAD_CREDENTIALS = "the email or password is wrong"
# RFC 2606 reserves .invalid: mail to it can never be delivered.
ERASED_DOMAIN = "erased.invalid"


def email_taken(detail: str) -> Conflict:
    return Conflict(detail, errors=[FieldError("email", "is already registered")])


def email_of(problems: Findings, raw: str, field: str = "email") -> str:
    """The address in its stored form (trimmed, lower case); records it if it is not one."""
    email = raw.strip().lower()
    if len(email) > MAX_EMAIL or not _is_address(email):
        problems.add(field, "is not a valid email address")
    return email


def _is_address(email: str) -> bool:
    """A dot-atom local part at a host name of two labels or more: what mail is routed to
    (RFC 5321; RFC 6531 lets both parts hold non-ASCII letters)."""
    local, at, host = email.rpartition("@")
    if not at or len(local) > MAX_LOCAL_PART:
        return False
    labels = host.split(".")
    return (
        all(_is_atom(atom, ATEXT) for atom in local.split("."))
        and len(labels) > 1
        and not labels[-1].isdigit()
        and all(_is_label(label) for label in labels)
    )


def _is_label(label: str) -> bool:
    if not _is_atom(label, HOST_TEXT) or label.startswith("-") or label.endswith("-"):
        return False
    octets = len(label) if label.isascii() else len("xn--") + len(label.encode("punycode"))
    return octets <= MAX_LABEL


def _is_atom(text: str, ascii_allowed: frozenset[str]) -> bool:
    """Non-empty, of the allowed ASCII and visible non-ASCII characters. Invisible ones (format
    characters such as a zero-width space or a right-to-left override, controls, spaces) would
    make an address look like another in staff's screens and in mail."""
    return bool(text) and all(
        char in ascii_allowed if char.isascii() else unicodedata.category(char)[0] not in "CZ"
        for char in text
    )


def check_password(problems: Findings, password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD:
        problems.add(field, f"must have at least {MIN_PASSWORD} characters")
    elif len(password) > MAX_PASSWORD:
        problems.add(field, f"must have at most {MAX_PASSWORD} characters")
    elif not password.strip():
        problems.add(field, "must not be only spaces")
    return password


def name_of(problems: Findings, raw: str | None, field: str) -> str | None:
    """A trimmed person's name; an empty one is no name."""
    return problems.text(raw, field, longest=MAX_NAME, required=False) or None


def role_name_of(problems: Findings, raw: str, field: str = "name") -> str:
    name = raw.strip()
    if not ROLE_NAME.match(name):
        problems.add(field, "must be 2-50 lower-case letters, digits, '_' or '-', starting with a letter")
    return name


def permissions_of_text(problems: Findings, raw: Iterable[str], field: str = "permissions") -> list[str]:
    """Distinct, sorted permissions such as ``catalog:write``, ``catalog:*`` or ``*``, each one a guard checks.

    The TOTP-enrolment marker is no permission: it restricts a token, and a role (or key)
    carrying it would lock its holders out of everything else.
    """
    permissions = sorted({p.strip() for p in raw})
    bad = [p for p in permissions if not PERMISSION.match(p)]
    unknown = [p for p in permissions if p not in PERMISSIONS]
    if bad:
        problems.add(field, f"not a permission: {', '.join(repr(p) for p in bad)}")
    elif TOTP_ENROLMENT in permissions:
        problems.add(
            field, f"{TOTP_ENROLMENT!r} marks a token restricted to TOTP enrolment; no role may grant it"
        )
    elif unknown:
        problems.add(field, f"no such permission: {', '.join(repr(p) for p in unknown)}")
    elif not permissions:
        problems.add(field, "needs at least one permission")
    return permissions


def role_names_of(raw: Iterable[str]) -> list[str]:
    """Distinct role names in the order given."""
    return list(dict.fromkeys(r.strip() for r in raw))


def uuid_of(raw: str) -> str | None:
    """The canonical form of an id, or None if it is not a UUID (so it names nothing)."""
    try:
        return str(uuid.UUID(raw))
    except (ValueError, AttributeError, TypeError):
        return None


@dataclass
class Customer:
    """A customer's account: email and password (``None`` once erased), blocked or not."""

    id: str
    email: str
    password_hash: str | None
    created_at: datetime
    updated_at: datetime
    blocked_at: datetime | None = None
    erased_at: datetime | None = None
    email_verified_at: datetime | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def register(
        cls,
        customer_id: str,
        email: str,
        password_hash: str,
        names: tuple[str | None, str | None],
        now: datetime,
    ) -> Customer:
        """A new account; the names given travel to the customers domain on the event only."""
        customer = cls(customer_id, email, password_hash, now, now)
        first_name, last_name = names
        customer.events.append(
            m.CustomerRegistered(
                customer_id=customer_id,
                email=email,
                first_name=first_name,
                last_name=last_name,
                registered_at=now,
            )
        )
        return customer

    @property
    def may_sign_in(self) -> bool:
        return self.blocked_at is None and self.erased_at is None and self.password_hash is not None

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    def verify_email(self, email: str, now: datetime) -> bool:
        """Mark the address verified if ``email`` (the one the link was sent to) is still it."""
        if self.email_verified_at is not None or self.erased_at is not None or email != self.email:
            return False
        self.email_verified_at = self.updated_at = now
        self.events.append(m.CustomerEmailVerified(customer_id=self.id, email=self.email))
        return True

    def change_password(self, password_hash: str, now: datetime) -> None:
        self.password_hash, self.updated_at = password_hash, now
        self.events.append(m.PasswordChanged(subject_id=self.id, kind="customer"))

    def block(self, now: datetime) -> bool:
        if self.blocked_at is not None:
            return False
        self.blocked_at = self.updated_at = now
        return True

    def unblock(self, now: datetime) -> bool:
        if self.blocked_at is None:
            return False
        self.blocked_at, self.updated_at = None, now
        return True

    def anonymise(self, now: datetime) -> bool:
        """Forget the address and password for good, so the email may register again."""
        if self.erased_at is not None:
            return False
        self.email = f"{self.id}@{ERASED_DOMAIN}"
        self.password_hash = None
        self.erased_at = self.updated_at = now
        self.events.append(m.AccountAnonymised(customer_id=self.id))
        return True


@dataclass
class StaffUser:
    id: str
    email: str
    password_hash: str
    roles: tuple[str, ...]
    created_at: datetime
    updated_at: datetime
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(
        cls, staff_id: str, email: str, password_hash: str, roles: list[str], now: datetime
    ) -> StaffUser:
        staff = cls(staff_id, email, password_hash, tuple(roles), now, now)
        staff.events.append(m.StaffUserCreated(staff_id=staff_id, email=email, roles=roles))
        return staff

    def change_password(self, password_hash: str, now: datetime) -> None:
        self.password_hash, self.updated_at = password_hash, now
        self.events.append(m.PasswordChanged(subject_id=self.id, kind="staff"))

    def assign(self, roles: list[str], now: datetime) -> None:
        if self.roles != tuple(roles):
            self.roles, self.updated_at = tuple(roles), now
            self.events.append(m.StaffRolesAssigned(staff_id=self.id, roles=roles))


@dataclass
class Role:
    name: str
    permissions: tuple[str, ...]
    description: str | None
    builtin: bool
    created_at: datetime
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    @classmethod
    def create(cls, name: str, permissions: list[str], description: str | None, now: datetime) -> Role:
        role = cls(name, tuple(permissions), description, False, now)
        role.events.append(m.RoleCreated(name=name, permissions=permissions))
        return role


def permissions_of(roles: Iterable[Role]) -> frozenset[str]:
    return frozenset(p for role in roles for p in role.permissions)
