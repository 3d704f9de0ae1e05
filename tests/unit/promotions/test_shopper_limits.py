"""Per-customer limits bind the shopper by id and by email: guests by the email they give, customers
by their account's email too, so neither signing out nor signing in escapes a once-per-customer code."""

from __future__ import annotations

from datetime import UTC, datetime
from uuid import UUID, uuid4

from core.errors import NotFound
from domains.identity.messages import AccountView, GetCustomer
from domains.promotions.handlers.coupons import create_coupon
from domains.promotions.handlers.evaluation import evaluate_promotions
from domains.promotions.handlers.promotions import create_promotion
from domains.promotions.messages import (
    CreateCoupon,
    CreatePromotion,
    EvaluatePromotions,
    PromotionLine,
    PromotionResult,
)
from domains.promotions.model.shoppers import emails_of, normal_email
from domains.promotions.ports import PromotionsDeps
from tests.unit.promotions import fakes

ANNA = uuid4()


def account(query: GetCustomer) -> AccountView:
    if query.customer_id != str(ANNA):
        raise NotFound("no such customer")
    return AccountView(id=query.customer_id, email="Anna@Example.com", created_at=datetime.now(UTC))


async def once_per_customer(deps: PromotionsDeps) -> UUID:
    made = await create_promotion(
        CreatePromotion(
            name="Once", kind="percentage", value="20", coupon_required=True, per_customer_limit=1
        ),
        deps,
    )
    await create_coupon(CreateCoupon(promotion_id=made.id, code="ONCE20"), deps)
    return made.id


async def quote(deps: PromotionsDeps, **shopper: object) -> PromotionResult:
    return await evaluate_promotions(
        EvaluatePromotions(
            currency="EUR",
            lines=[PromotionLine(sku="MUG-1", quantity=1, unit_price=1000)],
            coupon_codes=["ONCE20"],
            **shopper,  # type: ignore[arg-type]
        ),
        deps,
    )


def shopper_deps() -> PromotionsDeps:
    deps = fakes.deps()
    deps.bus.answer(GetCustomer, account)  # type: ignore[attr-defined]
    return deps


def test_an_email_is_compared_trimmed_and_lower_cased() -> None:
    assert normal_email("  Same.Guest@Example.COM ") == "same.guest@example.com"
    assert normal_email("   ") is None
    assert emails_of("B@x.com", None, " b@X.com", "a@x.com") == ("a@x.com", "b@x.com")


async def test_a_guest_whose_email_used_the_code_is_refused_it_in_the_quote() -> None:
    deps = shopper_deps()
    promotion_id = await once_per_customer(deps)
    deps.redemptions.by_email[promotion_id, "same.guest@example.com"] = 1  # type: ignore[attr-defined]

    refused = await quote(deps, email=" Same.Guest@example.com")
    other = await quote(deps, email="other@example.com")

    assert [(r.code, r.reason) for r in refused.rejected] == [("ONCE20", "usage_limit_reached")]
    assert [a.code for a in other.applied] == ["ONCE20"]


async def test_a_customer_whose_account_email_a_guest_used_is_refused_the_code_in_the_quote() -> None:
    deps = shopper_deps()
    promotion_id = await once_per_customer(deps)
    deps.redemptions.by_email[promotion_id, "anna@example.com"] = 1  # type: ignore[attr-defined]

    refused = await quote(deps, customer_id=ANNA)
    stranger = await quote(deps, customer_id=uuid4())

    assert [(r.code, r.reason) for r in refused.rejected] == [("ONCE20", "usage_limit_reached")]
    assert [a.code for a in stranger.applied] == ["ONCE20"]
