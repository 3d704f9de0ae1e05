"""Card numbers (PANs): recognised wherever they are typed, so that none is kept or written to a log.

A card number is 12 to 19 digits, maybe grouped by single spaces or dashes, whose last
digit is the Luhn check digit of the others. ``masked`` keeps the last four digits of any
run of digits holding one; the payments domain masks what shoppers typed before keeping
it, and the logs mask every line (``core.logging``).
"""

from __future__ import annotations

import re

# A run of digits, single spaces or dashes allowed between them.
_DIGIT_RUN = re.compile(r"\d(?:[ -]?\d)*")
_SEPARATORS = re.compile(r"[ -]")
SHORTEST, LONGEST = 12, 19
LONGEST_CHECKED = 64
MASK = "*"


def luhn_valid(digits: str) -> bool:
    """True when ``digits`` (digits only) end with their Luhn check digit."""
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2  # doubled digits above 9 lose 9
        total += value
    return total % 10 == 0


def _holds_card_number(digits: str) -> bool:
    """Whether some stretch of 12-19 of ``digits`` passes Luhn (a card number typed among other digits).

    A run longer than ``LONGEST_CHECKED`` is taken to hold one without looking (it costs too much to).
    """
    if len(digits) > LONGEST_CHECKED:
        return True
    return any(
        luhn_valid(digits[start : start + size])
        for size in range(SHORTEST, min(LONGEST, len(digits)) + 1)
        for start in range(len(digits) - size + 1)
    )


def card_numbers_in(text: str) -> list[str]:
    """Every run of digits in ``text`` that holds a card number, as written there."""
    return [
        run.group()
        for run in _DIGIT_RUN.finditer(text)
        if _holds_card_number(_SEPARATORS.sub("", run.group()))
    ]


def masked(text: str) -> str:
    """``text`` with each run of digits holding a card number replaced by stars and its last four digits."""

    def mask(run: re.Match[str]) -> str:
        digits = _SEPARATORS.sub("", run.group())
        return MASK * (len(digits) - 4) + digits[-4:] if _holds_card_number(digits) else run.group()

    return _DIGIT_RUN.sub(mask, text)
