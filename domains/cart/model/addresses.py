"""A cart's shipping address, checked as the customers' address book checks its entries.

Countries are ISO 3166-1 alpha-2 (``core.countries``) and postal codes follow the
country's format where ``core.countries`` knows it. Names are optional: a guest may
give them at checkout.
"""

from __future__ import annotations

import re

from core.countries import postal_code_of
from core.validation import Findings
from domains.cart.messages import CartAddress

LIMITS = {
    "first_name": 100,
    "last_name": 100,
    "line1": 200,
    "line2": 200,
    "city": 100,
    "region": 100,
    "postal_code": 20,
}
REQUIRED = ("line1", "city", "postal_code")
PHONE = re.compile(r"^\+?[0-9 ().-]+$")
MAX_PHONE = 40


def checked_address(given: CartAddress) -> CartAddress:
    """The address cleaned (trimmed, upper-case country, postal code in its stored form), or
    Invalid naming every bad field."""
    problems = Findings()
    clean: dict[str, str | None] = {}
    for name, longest in LIMITS.items():
        value = getattr(given, name)
        clean[name] = problems.text(value, name, longest=longest, required=name in REQUIRED) or None
    country = problems.country(given.country, "country")
    if clean["postal_code"]:
        clean["postal_code"], why = postal_code_of(clean["postal_code"], country)
        if why:
            problems.add("postal_code", why)
    phone = (given.phone or "").strip()
    digits = sum(c.isdigit() for c in phone)
    if phone and (len(phone) > MAX_PHONE or not PHONE.match(phone) or not 5 <= digits <= 15):
        problems.add("phone", "must be a phone number such as +44 20 7946 0958")
    problems.raise_any("the shipping address has invalid fields")
    return CartAddress(
        first_name=clean["first_name"],
        last_name=clean["last_name"],
        line1=clean["line1"] or "",
        line2=clean["line2"],
        city=clean["city"] or "",
        region=clean["region"],
        postal_code=clean["postal_code"] or "",
        country=country,
        phone=phone or None,
    )
