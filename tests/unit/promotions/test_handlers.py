"""Promotions handlers over in-memory stores: what is stored, announced and counted."""

from __future__ import annotations

from typing import Any

import pytest

from core.errors import Invalid
from domains.promotions.handlers.evaluation import evaluate_promotions
from domains.promotions.handlers.promotions import create_promotion
from domains.promotions.messages import (
    Conditions,
    CreatePromotion,
    EvaluatePromotions,
    PromotionChanged,
    PromotionLine,
)
from tests.unit.promotions import fakes


def ten_percent(**fields: Any) -> CreatePromotion:
    return CreatePromotion(name="Ten", kind="percentage", value="10", **fields)


def quote(**fields: Any) -> EvaluatePromotions:
    return EvaluatePromotions(
        currency="EUR", lines=[PromotionLine(sku="MUG-1", quantity=1, unit_price=1000)], **fields
    )


async def test_conditions_naming_unknown_skus_are_refused_naming_each_and_store_nothing() -> None:
    deps = fakes.deps("MUG-1")

    with pytest.raises(Invalid) as refused:
        await create_promotion(ten_percent(conditions=Conditions(skus=["mug-1", "NOPE", "GONE"])), deps)

    assert [e.field for e in refused.value.errors] == ["conditions.skus[1]", "conditions.skus[2]"]
    assert deps.bus.asked[0].skus == ["GONE", "MUG-1", "NOPE"]  # type: ignore[attr-defined]
    assert deps.promotions.rows == {}  # type: ignore[attr-defined]


async def test_a_created_promotion_is_stored_and_announced_in_one_commit() -> None:
    deps = fakes.deps("MUG-1")

    created = await create_promotion(ten_percent(conditions=Conditions(skus=["MUG-1"])), deps)

    assert created.conditions.skus == ["MUG-1"]
    assert deps.uow.types() == ["PromotionChanged"]  # type: ignore[attr-defined]
    assert deps.uow.committed[0] == PromotionChanged(promotion_id=created.id, promotion=created)  # type: ignore[attr-defined]


async def test_an_evaluation_counts_exposure_once_unless_asked_not_to() -> None:
    deps = fakes.deps()
    created = await create_promotion(ten_percent(), deps)

    seen = await evaluate_promotions(quote(), deps)
    preview = await evaluate_promotions(quote(record_exposure=False), deps)

    assert seen.line_discounts == preview.line_discounts == [100]
    assert deps.redemptions.exposures == [[(created.id, None)]]  # type: ignore[attr-defined]


async def test_an_evaluation_in_an_unknown_currency_is_refused_naming_it() -> None:
    with pytest.raises(Invalid) as refused:
        await evaluate_promotions(EvaluatePromotions(currency="XYZ", lines=[]), fakes.deps())

    assert [e.field for e in refused.value.errors] == ["currency"]
