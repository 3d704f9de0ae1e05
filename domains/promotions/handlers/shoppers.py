"""The emails a shopper's per-customer limits are counted by: the one given and a customer's account email.

A guest is known only by the email given; a signed-in customer also by their account's
email, so a guest order placed with that email counts against the customer and back.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import NotFound
from domains.identity import messages as identity
from domains.promotions.model.shoppers import emails_of

if TYPE_CHECKING:
    from uuid import UUID

    from domains.promotions.ports import PromotionsDeps


async def shopper_emails(
    deps: PromotionsDeps, customer_id: UUID | None, email: str | None
) -> tuple[str, ...]:
    if customer_id is None:
        return emails_of(email)
    try:
        account = await deps.bus.ask(identity.GetCustomer(customer_id=str(customer_id)))
    except NotFound:
        return emails_of(email)
    return emails_of(email, None if account.erased else account.email)
