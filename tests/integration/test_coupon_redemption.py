"""Coupon use against the real PostgreSQL: limits hold under concurrent orders, all or nothing."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import asyncpg
import msgspec
import pytest

from adapters.db.engine import close_engine, open_engine
from adapters.db.uow import PgUnitOfWorkFactory
from core.errors import Conflict, Invalid, NotFound
from domains.identity.messages import AccountView, GetCustomer
from domains.promotions.handlers.campaigns import create_campaign
from domains.promotions.handlers.coupons import create_coupon
from domains.promotions.handlers.promotions import create_promotion
from domains.promotions.handlers.redemption import redeem_coupons, release_coupons
from domains.promotions.messages import (
    AppliedPromotion,
    CreateCampaign,
    CreateCoupon,
    CreatePromotion,
    RedeemCoupons,
    ReleaseCoupons,
)
from domains.promotions.ports import PromotionsDeps
from domains.promotions.repository import (
    PgCampaignRepository,
    PgCouponRepository,
    PgPromotionRepository,
    PgRedemptionStore,
)


class Accounts:
    """A bus answering identity's account query from the customers' emails it was given."""

    def __init__(self) -> None:
        self.emails: dict[str, str] = {}

    def register(self, email: str) -> UUID:
        customer = uuid4()
        self.emails[str(customer)] = email
        return customer

    async def ask(self, query: Any, *, timeout: float | None = None) -> Any:
        assert isinstance(query, GetCustomer), f"unexpected query {query}"
        if query.customer_id not in self.emails:
            raise NotFound("no such customer")
        email = self.emails[query.customer_id]
        return AccountView(id=query.customer_id, email=email, created_at=datetime.now(UTC))


@pytest.fixture
async def deps(database_url: str) -> AsyncIterator[PromotionsDeps]:
    engine = await open_engine(database_url, pool_size=10)
    try:
        yield PromotionsDeps(
            uow=PgUnitOfWorkFactory(engine),
            bus=Accounts(),  # type: ignore[arg-type]
            promotions=PgPromotionRepository(),
            campaigns=PgCampaignRepository(),
            coupons=PgCouponRepository(),
            redemptions=PgRedemptionStore(),
            clock=lambda: datetime.now(UTC),
        )
    finally:
        await close_engine(engine)


async def coupon(deps: PromotionsDeps, code: str, *, usage_limit: int | None = None, **fields: Any) -> UUID:
    promotion = await create_promotion(
        CreatePromotion(name=code, kind="percentage", value="10", coupon_required=True, **fields), deps
    )
    await create_coupon(CreateCoupon(promotion_id=promotion.id, code=code, usage_limit=usage_limit), deps)
    return promotion.id


async def redeem(
    deps: PromotionsDeps,
    *codes: str,
    order: UUID | None = None,
    customer: UUID | None = None,
    email: str | None = None,
) -> Any:
    command = RedeemCoupons(
        order_id=order or uuid4(), customer_id=customer, codes=list(codes), currency="EUR", email=email
    )
    return await redeem_coupons(command, deps)


async def used(database_url: str, code: str) -> tuple[int, int]:
    """The coupon's use count and its promotion's."""
    conn = await asyncpg.connect(database_url)
    try:
        row = await conn.fetchrow(
            "SELECT c.used, p.used AS promotion_used FROM promotions_coupon c "
            "JOIN promotions_promotion p ON p.id = c.promotion_id WHERE c.code = $1",
            code,
        )
        return row["used"], row["promotion_used"]
    finally:
        await conn.close()


async def test_fifty_concurrent_orders_get_exactly_the_ten_uses_of_a_coupon(deps, database_url) -> None:
    await coupon(deps, "TEN-ONLY", usage_limit=10)

    outcomes = await asyncio.gather(*(redeem(deps, "ten-only") for _ in range(50)), return_exceptions=True)

    refused = [o for o in outcomes if isinstance(o, Exception)]
    assert len(outcomes) - len(refused) == 10
    assert all(isinstance(o, Conflict) and o.errors[0].field == "codes[0]" for o in refused)
    assert await used(database_url, "TEN-ONLY") == (10, 10)


async def test_a_promotion_usage_limit_holds_across_its_codes_under_concurrency(deps, database_url) -> None:
    promotion = await create_promotion(
        CreatePromotion(name="shared", kind="fixed", value="500", coupon_required=True, usage_limit=5), deps
    )
    for code in ("SHARED-A", "SHARED-B"):
        await create_coupon(CreateCoupon(promotion_id=promotion.id, code=code), deps)

    outcomes = await asyncio.gather(
        *(redeem(deps, "SHARED-A" if i % 2 else "SHARED-B") for i in range(20)), return_exceptions=True
    )

    assert sum(not isinstance(o, Exception) for o in outcomes) == 5
    assert sum(await used(database_url, "SHARED-A")) + sum(await used(database_url, "SHARED-B")) == 5 + 5 * 2


async def test_concurrent_orders_never_spend_past_a_campaign_budget(deps, database_url) -> None:
    campaign = await create_campaign(CreateCampaign(name="capped", budget=1500, currency="EUR"), deps)
    promotion = await create_promotion(
        CreatePromotion(name="five off", kind="fixed", value="500", campaign_id=campaign.id), deps
    )
    applied = [AppliedPromotion(id=promotion.id, name="five off", amount=500)]

    outcomes = await asyncio.gather(
        *(
            redeem_coupons(
                RedeemCoupons(order_id=uuid4(), customer_id=None, codes=[], currency="EUR", applied=applied),
                deps,
            )
            for _ in range(10)
        ),
        return_exceptions=True,
    )

    assert sum(not isinstance(o, Exception) for o in outcomes) == 3
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, Exception))
    conn = await asyncpg.connect(database_url)
    try:
        assert await conn.fetchval("SELECT spent FROM promotions_campaign WHERE id = $1", campaign.id) == 1500
    finally:
        await conn.close()


async def test_redeeming_the_same_order_twice_counts_once(deps, database_url) -> None:
    await coupon(deps, "ONCE")
    order = uuid4()

    first = await redeem(deps, "ONCE", order=order)
    again = await redeem(deps, "once", order=order)

    assert first.codes == again.codes == ["ONCE"]
    assert await used(database_url, "ONCE") == (1, 1)


async def test_a_limit_reached_on_one_code_refuses_the_whole_order(deps, database_url) -> None:
    await coupon(deps, "FREE-ONE")
    await coupon(deps, "GONE", usage_limit=1)
    await redeem(deps, "GONE")

    with pytest.raises(Conflict) as refused:
        await redeem(deps, "FREE-ONE", "GONE")

    assert refused.value.errors[0].field == "codes[1]"
    assert await used(database_url, "FREE-ONE") == (0, 0)


async def test_an_unknown_code_is_refused_naming_it(deps) -> None:
    await coupon(deps, "KNOWN")

    with pytest.raises(Invalid) as refused:
        await redeem(deps, "KNOWN", "NOT-A-CODE")

    assert [e.field for e in refused.value.errors] == ["codes[1]"]


async def test_a_cancelled_order_gives_its_uses_back_once(deps, database_url) -> None:
    await coupon(deps, "BACK", usage_limit=1, per_customer_limit=1)
    customer, order = uuid4(), uuid4()
    await redeem(deps, "BACK", order=order, customer=customer)

    released = await release_coupons(ReleaseCoupons(order_id=order), deps)
    twice = await release_coupons(ReleaseCoupons(order_id=order), deps)
    later = await redeem(deps, "BACK", customer=customer)

    assert released.codes == ["BACK"]
    assert twice.codes == []
    assert later.codes == ["BACK"]
    assert await used(database_url, "BACK") == (1, 1)


async def test_a_customer_may_use_a_promotion_only_as_often_as_allowed(deps) -> None:
    await coupon(deps, "PER-CUSTOMER", per_customer_limit=2)
    customer = uuid4()
    await redeem(deps, "PER-CUSTOMER", customer=customer)
    await redeem(deps, "PER-CUSTOMER", customer=customer)

    with pytest.raises(Conflict):
        await redeem(deps, "PER-CUSTOMER", customer=customer)
    assert (await redeem(deps, "PER-CUSTOMER", customer=uuid4())).codes == ["PER-CUSTOMER"]


def customer(deps: PromotionsDeps, email: str) -> UUID:
    accounts: Accounts = deps.bus  # type: ignore[assignment]
    return accounts.register(email)


async def test_a_guest_may_use_a_once_per_customer_code_once_per_email(deps) -> None:
    await coupon(deps, "GUEST-ONCE", per_customer_limit=1)
    await redeem(deps, "GUEST-ONCE", email="Same.Guest@Example.com")

    with pytest.raises(Conflict) as refused:
        await redeem(deps, "GUEST-ONCE", email="  same.guest@example.COM ")

    assert refused.value.errors[0].field == "codes[0]"
    assert refused.value.detail == "coupon GUEST-ONCE cannot be redeemed: usage_limit_reached"
    assert (await redeem(deps, "GUEST-ONCE", email="other.guest@example.com")).codes == ["GUEST-ONCE"]


async def test_a_guest_using_a_customers_email_shares_the_customers_uses(deps) -> None:
    await coupon(deps, "SHARED-ONCE", per_customer_limit=1)
    anna = customer(deps, "Anna@Example.com")
    await redeem(deps, "SHARED-ONCE", customer=anna)

    with pytest.raises(Conflict):
        await redeem(deps, "SHARED-ONCE", email="anna@example.com")


async def test_a_customer_whose_email_a_guest_order_used_is_refused(deps) -> None:
    await coupon(deps, "USED-BY-GUEST", per_customer_limit=1)
    await redeem(deps, "USED-BY-GUEST", email="ben@example.com")

    with pytest.raises(Conflict):
        await redeem(deps, "USED-BY-GUEST", customer=customer(deps, "Ben@example.com"))


async def test_a_cancelled_guest_order_gives_its_email_use_back(deps) -> None:
    await coupon(deps, "GUEST-BACK", per_customer_limit=1)
    order = uuid4()
    await redeem(deps, "GUEST-BACK", order=order, email="carl@example.com")

    await release_coupons(ReleaseCoupons(order_id=order), deps)

    assert (await redeem(deps, "GUEST-BACK", email="carl@example.com")).codes == ["GUEST-BACK"]


async def test_concurrent_guest_orders_with_one_email_get_one_use(deps) -> None:
    await coupon(deps, "GUEST-RACE", per_customer_limit=1)

    outcomes = await asyncio.gather(
        *(redeem(deps, "GUEST-RACE", email="dora@example.com") for _ in range(10)), return_exceptions=True
    )

    assert sum(not isinstance(o, Exception) for o in outcomes) == 1
    assert all(isinstance(o, Conflict) for o in outcomes if isinstance(o, Exception))


async def test_an_automatic_promotion_used_up_is_refused_naming_the_promotion(deps) -> None:
    promotion = await create_promotion(
        CreatePromotion(name="Winter sale", kind="fixed", value="500", usage_limit=1), deps
    )
    applied = [AppliedPromotion(id=promotion.id, name="Winter sale", amount=500)]
    order = RedeemCoupons(order_id=uuid4(), customer_id=None, codes=[], currency="EUR", applied=applied)
    await redeem_coupons(order, deps)

    with pytest.raises(Conflict) as refused:
        await redeem_coupons(msgspec.structs.replace(order, order_id=uuid4()), deps)

    assert refused.value.detail == 'promotion "Winter sale" cannot be redeemed: usage_limit_reached'
    assert refused.value.errors[0].field == "applied[0]"
