"""One way to check input: a ``Findings`` collector, the common value checks, get-or-NotFound.

Each check records a ``FieldError`` naming the offending field and returns the
cleaned value, so one request reports every bad field at once; ``raise_any``
then raises a single ``Invalid`` (422).
"""

from __future__ import annotations

from collections.abc import Sized
from datetime import UTC, datetime
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from core.countries import COUNTRIES
from core.errors import FieldError, Invalid, NotFound
from core.money import MAX_AMOUNT, Money, is_currency
from core.slugs import slug_problem

T = TypeVar("T")
EDGES = (datetime.min.replace(tzinfo=UTC), datetime.max.replace(tzinfo=UTC))


class Findings(list[FieldError]):
    """The field errors found so far in one input."""

    def add(self, field: str, message: str) -> None:
        self.append(FieldError(field, message))

    def raise_any(self, detail: str = "some fields are invalid") -> None:
        if self:
            raise Invalid(detail, errors=list(self))

    def text(self, value: str | None, field: str, *, longest: int, required: bool = True) -> str:
        """``value`` stripped; records a missing (when required) or too long value."""
        cleaned = (value or "").strip()
        if required and not cleaned:
            self.add(field, "must not be empty")
        elif len(cleaned) > longest:
            self.add(field, f"at most {longest} characters")
        return cleaned

    def slug(self, value: str, field: str = "slug") -> str:
        cleaned = value.strip()
        problem = slug_problem(cleaned)
        if problem:
            self.add(field, problem)
        return cleaned

    def currency(self, value: str, field: str = "currency") -> str:
        code = value.strip().upper()
        if not is_currency(code):
            self.add(field, "must be an ISO 4217 currency code such as EUR")
        return code

    def country(self, value: str, field: str = "country") -> str:
        code = value.strip().upper()
        if code not in COUNTRIES:
            self.add(field, "must be an ISO 3166 two-letter country code such as DE")
        return code

    def money(self, value: Money, field: str, *, allow_zero: bool = True) -> Money:
        """A non-negative amount in a known currency (errors on ``field.amount`` / ``field.currency``)."""
        currency = self.currency(value.currency, f"{field}.currency")
        self.amount(value.amount, f"{field}.amount", allow_zero=allow_zero)
        return Money(amount=value.amount, currency=currency)

    def amount(self, value: int, field: str, *, allow_zero: bool = True) -> int:
        if value < 0 or (value == 0 and not allow_zero):
            self.add(field, "must not be negative" if value < 0 else "must be more than zero")
        elif value > MAX_AMOUNT:
            self.add(field, "is too large")
        return value

    def rate(self, value: str, field: str, *, most: Decimal = Decimal(1), places: int = 6) -> Decimal:
        """A decimal rate written as a string ("0.20"), between 0 and ``most``, with at most ``places`` decimals."""
        try:
            rate = Decimal(value.strip())
        except (InvalidOperation, AttributeError):
            self.add(field, 'must be a decimal number written as a string, such as "0.20"')
            return Decimal(0)
        if not rate.is_finite() or not Decimal(0) <= rate <= most:
            self.add(field, f"must be between 0 and {most}")
            return Decimal(0)
        if -rate.normalize().as_tuple().exponent > places:  # type: ignore[operator]
            self.add(field, f"at most {places} decimal places")
            return Decimal(0)
        return rate

    def moment(self, value: datetime, field: str) -> datetime:
        """``value`` in UTC (a naive one is taken to be UTC); one a column cannot hold as given (past
        the year 9999 in UTC, or the first and last instants, which PostgreSQL keeps as -infinity and
        infinity and gives back without an offset) is an error."""
        try:
            at = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
        except OverflowError:
            at = EDGES[1]
        if at in EDGES:
            self.add(field, "must be after the year 1 and before the year 9999 ends, in UTC")
        return at

    def window(self, starts_at: datetime | None, ends_at: datetime | None) -> None:
        """A validity window: each end a time a column holds, the end after the start."""
        start = None if starts_at is None else self.moment(starts_at, "starts_at")
        end = None if ends_at is None else self.moment(ends_at, "ends_at")
        if start is not None and end is not None and end <= start:
            self.add("ends_at", "must be after starts_at")

    def at_most(self, items: Sized, most: int, field: str) -> None:
        """The one limit check on how many items an input may carry."""
        if len(items) > most:
            self.add(field, f"at most {most} at once")


def check_limit(items: Sized, most: int, field: str) -> None:
    """Raise ``Invalid`` at once when ``items`` holds more than ``most``."""
    found = Findings()
    found.at_most(items, most, field)
    found.raise_any("too many items")


def found(value: T | None, what: str, key: object = None) -> T:
    """``value``, or ``NotFound`` saying which ``what`` was not there."""
    if value is None:
        raise NotFound(f"{what} {key} not found" if key is not None else f"{what} not found")
    return value
