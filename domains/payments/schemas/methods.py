"""HTTP body of saving a payment method: the provider's token and what the shopper may see of it."""

from __future__ import annotations

from typing import Annotated

import msgspec

from core.controllers import Body
from core.http import NO_NUL


class PaymentMethodCreate(Body, frozen=True, kw_only=True):
    provider: Annotated[
        str, msgspec.Meta(min_length=1, max_length=50, pattern=r"^[a-z0-9_-]+$", examples=["sandbox"])
    ]
    token: Annotated[
        str,
        msgspec.Meta(
            min_length=1,
            max_length=500,
            pattern=NO_NUL,
            description="The provider's token for the method (Stripe `pm_...`, a PayPal vault id); "
            "never a card number: one is refused (422)",
            examples=["pm_1Q0PsIJvEtkwdCNYMSaVuRz6"],
        ),
    ]
    label: Annotated[str, msgspec.Meta(max_length=50, pattern=NO_NUL, examples=["Work card"])] | None = None
    brand: Annotated[str, msgspec.Meta(pattern=r"^[A-Za-z][A-Za-z .-]{0,29}$", examples=["visa"])] | None = (
        None
    )
    last4: Annotated[str, msgspec.Meta(pattern=r"^\d{4}$", examples=["4242"])] | None = None
    expires: (
        Annotated[
            str,
            msgspec.Meta(pattern=r"^\d{4}-(0[1-9]|1[0-2])$", description="year-month", examples=["2030-12"]),
        ]
        | None
    ) = None
