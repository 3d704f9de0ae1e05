"""A customer's profile: names, contact, locale, marketing consent, tags, blocked and erased marks.

Identity owns the credentials; the profile is opened from identity's account
(its ``CustomerRegistered`` event, or the account itself when asked first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

import msgspec

from domains.customers import messages as m

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from core.messages import Event
    from core.validation import Findings

MAX_NAME = 100
MAX_TAGS = 50
PHONE = re.compile(r"^\+?[0-9][0-9 ().-]{3,28}[0-9]$")
LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2}|-[0-9]{3})?$")
TAG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
PROFILE_FIELDS = ("first_name", "last_name", "phone", "locale", "marketing_consent")


def name_of(problems: Findings, raw: str | None, field: str, *, required: bool = False) -> str | None:
    return problems.text(raw, field, longest=MAX_NAME, required=required) or None


def phone_of(problems: Findings, raw: str | None, field: str = "phone") -> str | None:
    """A phone number as written (digits, spaces, + ( ) . -), 5 to 15 digits; blank is none."""
    phone = (raw or "").strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and (not PHONE.match(phone) or not 5 <= digits <= 15):
        problems.add(field, "must be a phone number such as +44 20 7946 0958")
    return phone or None


def locale_of(problems: Findings, raw: str | None, field: str = "locale") -> str | None:
    """A BCP 47 language tag such as ``en``, ``fr-CA`` or ``es-419``."""
    locale = (raw or "").strip()
    if locale and not LOCALE.match(locale):
        problems.add(field, "must be a language tag such as en, fr-CA or es-419")
    return locale or None


def tags_of(problems: Findings, raw: Iterable[str], field: str = "tags") -> list[str]:
    """Distinct lower-case tags in the order given."""
    tags = list(dict.fromkeys(t.strip().lower() for t in raw))
    for index, tag in enumerate(tags):
        if not TAG.match(tag):
            problems.add(f"{field}[{index}]", "use 1-50 lower-case letters, digits, '_' or '-'")
    return tags


def profile_changes(problems: Findings, cmd: m.UpdateProfile) -> dict[str, Any]:
    """The checked values of the fields ``cmd`` sets."""
    checks: dict[str, Callable[[Any], Any]] = {
        "first_name": lambda v: name_of(problems, v, "first_name"),
        "last_name": lambda v: name_of(problems, v, "last_name"),
        "phone": lambda v: phone_of(problems, v),
        "locale": lambda v: locale_of(problems, v),
        "marketing_consent": bool,
    }
    return {
        name: checks[name](getattr(cmd, name))
        for name in PROFILE_FIELDS
        if getattr(cmd, name) is not msgspec.UNSET
    }


@dataclass
class Profile:
    id: UUID
    email: str
    created_at: datetime
    updated_at: datetime
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    locale: str | None = None
    marketing_consent: bool = False
    tags: list[str] = field(default_factory=list)
    blocked_at: datetime | None = None
    erased_at: datetime | None = None
    registered: bool = False  # identity's CustomerRegistered applied
    email_verified_at: datetime | None = None  # identity's CustomerEmailVerified, for this email
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def apply_registration(self, first_name: str | None, last_name: str | None, now: datetime) -> bool:
        """Take the names given at registration, unless the customer already set them."""
        if self.registered or self.erased_at is not None:
            return False
        self.first_name = self.first_name or first_name
        self.last_name = self.last_name or last_name
        self.registered, self.updated_at = True, now
        return True

    def verify_email(self, email: str, at: datetime) -> bool:
        """Identity verified ``email``: it counts while it is still the profile's address."""
        if self.erased_at is not None or self.email_verified_at is not None or email != self.email:
            return False
        self.email_verified_at = self.updated_at = at
        return True

    def update(self, changes: dict[str, Any], now: datetime) -> None:
        changed = {k: v for k, v in changes.items() if getattr(self, k) != v}
        if not changed:
            return
        for name, value in changed.items():
            setattr(self, name, value)
        self.updated_at = now
        self.events.append(
            m.ProfileUpdated(
                customer_id=self.id,
                first_name=self.first_name,
                last_name=self.last_name,
                locale=self.locale,
                marketing_consent=self.marketing_consent,
            )
        )

    def retag(self, tags: list[str], now: datetime) -> None:
        if tags != self.tags:
            self.tags, self.updated_at = tags, now
            self.events.append(m.CustomerTagsChanged(customer_id=self.id, tags=tags))

    def block(self, now: datetime) -> None:
        if self.blocked_at is None:
            self.blocked_at = self.updated_at = now
            self.events.append(m.CustomerBlocked(customer_id=self.id))

    def unblock(self, now: datetime) -> None:
        if self.blocked_at is not None:
            self.blocked_at, self.updated_at = None, now
            self.events.append(m.CustomerUnblocked(customer_id=self.id))

    def erase(self, now: datetime) -> None:
        """Forget every personal field; the id stays so the erasure is remembered."""
        if self.erased_at is not None:
            return
        self.email, self.first_name, self.last_name, self.phone, self.locale = "", None, None, None, None
        self.marketing_consent, self.tags, self.email_verified_at = False, [], None
        self.erased_at = self.updated_at = now
        self.events.append(m.CustomerErased(customer_id=self.id))


def profile_view(p: Profile) -> m.Profile:
    return m.Profile(
        id=p.id,
        email=p.email,
        first_name=p.first_name,
        last_name=p.last_name,
        phone=p.phone,
        locale=p.locale,
        marketing_consent=p.marketing_consent,
        email_verified=p.email_verified_at is not None,
        created_at=p.created_at,
        updated_at=p.updated_at,
    )


def summary_view(p: Profile) -> m.CustomerSummary:
    return m.CustomerSummary(
        id=p.id,
        email=p.email,
        first_name=p.first_name,
        last_name=p.last_name,
        tags=list(p.tags),
        blocked=p.blocked_at is not None,
        created_at=p.created_at,
    )
