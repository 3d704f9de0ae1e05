"""A customer's choices: which channels may carry transactional and marketing messages, quiet
hours in their time zone, and where to reach them (the email orders gave, a phone for SMS)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from typing import TYPE_CHECKING
from uuid import UUID
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import msgspec

from domains.notifications.messages import (
    ChannelChoice,
    Preferences,
    PreferencesChanged,
    PushSubscription,
    QuietHours,
    UpdatePreferences,
)
from domains.notifications.model.catalogue import CHANNEL_KINDS

if TYPE_CHECKING:
    from core.messages import Event
    from core.validation import Findings

DEFAULT_CHOICES: dict[str, ChannelChoice] = {
    "email": ChannelChoice(transactional=True, marketing=False),
    "sms": ChannelChoice(transactional=False, marketing=False),
    "push": ChannelChoice(transactional=True, marketing=False),
    "in_app": ChannelChoice(transactional=True, marketing=False),
}
CLOCK = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Z]{2})?$")
PHONE = re.compile(r"^\+[1-9]\d{6,14}$")
MAX_ZONE = 64


def zone_of(name: str | None) -> ZoneInfo | None:
    """The IANA time zone called ``name``; None for no name or an unknown one."""
    if not name or len(name) > MAX_ZONE:
        return None
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def held_until(now: datetime, quiet: QuietHours | None, zone: str | None) -> datetime | None:
    """When quiet hours holding a message sent at ``now`` end (UTC); None when ``now`` is not in them."""
    if quiet is None:
        return None
    tz: tzinfo = zone_of(zone) or UTC
    start, end = time.fromisoformat(quiet.start), time.fromisoformat(quiet.end)
    local = now.astimezone(tz)
    clock = local.time().replace(tzinfo=None)
    if start == end:
        return None
    if start < end:
        inside, ends_on = start <= clock < end, local.date()
    else:  # spans midnight: 22:00-07:00
        inside = clock >= start or clock < end
        ends_on = local.date() if clock < end else local.date() + timedelta(days=1)
    return _at(ends_on, end, tz) if inside else None


def _at(day: date, clock: time, tz: tzinfo) -> datetime:
    return datetime.combine(day, clock, tzinfo=tz).astimezone(UTC)


@dataclass
class CustomerPreferences:
    customer_id: UUID
    email: str | None = None
    phone: str | None = None
    locale: str | None = None
    time_zone: str | None = None
    quiet_hours: QuietHours | None = None
    channels: dict[str, ChannelChoice] = field(default_factory=lambda: dict(DEFAULT_CHOICES))
    updated_at: datetime | None = None
    events: list[Event] = field(default_factory=list, compare=False, repr=False)

    def allows(self, channel: str, category: str) -> bool:
        if channel == "email" and category == "transactional":
            return True  # order confirmations and the like always go
        choice = self.channels.get(channel, DEFAULT_CHOICES[channel])
        return choice.marketing if category == "marketing" else choice.transactional

    def held_until(self, now: datetime) -> datetime | None:
        return held_until(now, self.quiet_hours, self.time_zone)

    def update(self, cmd: UpdatePreferences, now: datetime, checks: Findings) -> None:
        if not isinstance(cmd.locale, msgspec.UnsetType):
            self.locale = _checked(cmd.locale, LOCALE, "locale", "a language tag such as en or de-AT", checks)
        if not isinstance(cmd.phone, msgspec.UnsetType):
            self.phone = _checked(cmd.phone, PHONE, "phone", "an E.164 number such as +4915112345678", checks)
        if not isinstance(cmd.time_zone, msgspec.UnsetType):
            if cmd.time_zone is not None and zone_of(cmd.time_zone) is None:
                checks.add("time_zone", "must be an IANA time zone such as Europe/Berlin")
            self.time_zone = cmd.time_zone
        if not isinstance(cmd.quiet_hours, msgspec.UnsetType):
            self.quiet_hours = _quiet(cmd.quiet_hours, checks)
        if not isinstance(cmd.channels, msgspec.UnsetType):
            self._choose(cmd, checks)
        self.updated_at = now
        self.events.append(PreferencesChanged(customer_id=self.customer_id))

    def _choose(self, cmd: UpdatePreferences, checks: Findings) -> None:
        assert not isinstance(cmd.channels, msgspec.UnsetType)
        for name, change in cmd.channels.items():
            if name not in CHANNEL_KINDS:
                checks.add(f"channels.{name}", f"must be one of {', '.join(CHANNEL_KINDS)}")
                continue
            was = self.channels.get(name, DEFAULT_CHOICES[name])
            transactional = (
                was.transactional
                if isinstance(change.transactional, msgspec.UnsetType)
                else change.transactional
            )
            marketing = was.marketing if isinstance(change.marketing, msgspec.UnsetType) else change.marketing
            if name == "email" and not transactional:
                checks.add("channels.email.transactional", "order and account emails cannot be switched off")
                transactional = True
            self.channels[name] = ChannelChoice(transactional=transactional, marketing=marketing)

    def unsubscribe(self, channel: str, category: str, now: datetime) -> None:
        """Switch ``category`` off on ``channel`` (the one click of an unsubscribe link)."""
        was = self.channels.get(channel, DEFAULT_CHOICES[channel])
        self.channels[channel] = msgspec.structs.replace(was, **{category: False})
        self.updated_at = now
        self.events.append(PreferencesChanged(customer_id=self.customer_id))

    def view(self, subscriptions: list[PushSubscription] | None = None) -> Preferences:
        return Preferences(
            customer_id=self.customer_id,
            locale=self.locale,
            time_zone=self.time_zone,
            quiet_hours=self.quiet_hours,
            phone=self.phone,
            channels={name: self.channels.get(name, DEFAULT_CHOICES[name]) for name in CHANNEL_KINDS},
            push_subscriptions=list(subscriptions or []),
            updated_at=self.updated_at,
        )


def _checked(
    value: str | None, pattern: re.Pattern[str], name: str, what: str, checks: Findings
) -> str | None:
    if value is not None and not pattern.match(value):
        checks.add(name, f"must be {what}")
    return value


def _quiet(value: QuietHours | None, checks: Findings) -> QuietHours | None:
    if value is None:
        return None
    for name, clock in (("start", value.start), ("end", value.end)):
        if not CLOCK.match(clock):
            checks.add(f"quiet_hours.{name}", 'must be a time of day "HH:MM" such as 22:00')
    if value.start == value.end:
        checks.add("quiet_hours.end", "must differ from start")
    return value
