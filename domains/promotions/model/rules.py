"""The rules a promotion or campaign must follow, checked field by field into ``Findings``."""

from __future__ import annotations

from datetime import datetime
from decimal import ROUND_DOWN, Decimal, InvalidOperation
from typing import TYPE_CHECKING

import msgspec

from core.money import MAX_AMOUNT
from core.validation import Findings
from domains.promotions.messages import CreatePromotion, Kind
from domains.promotions.model.promotions import Arm, Promotion, Step, Targeting

if TYPE_CHECKING:
    from domains.promotions.messages import Conditions, Tier, UpdatePromotion, VariantSpec

HUNDRED = Decimal(100)
MAX_NAME = 200
VALUED: tuple[Kind, ...] = ("percentage", "fixed")


PERCENT_PLACES = 4  # "12.3456" %: finer would discount nothing a currency can show
PERCENT_STEP = Decimal(1).scaleb(-PERCENT_PLACES)


def value_of(raw: str | None, kind: Kind, found: Findings, field: str, *, required: bool) -> Decimal | None:
    """A percentage (0 < v <= 100) or a fixed amount (a whole number of minor units > 0)."""
    if raw is None or kind not in VALUED:
        if required and kind in VALUED:
            found.add(field, "is required for this kind")
        return None
    try:
        value = Decimal(raw.strip())
    except (InvalidOperation, AttributeError):
        found.add(field, 'must be a number, such as "10" or "12.5"')
        return None
    if not value.is_finite() or value <= 0:
        found.add(field, "must be more than zero")
    elif kind == "percentage" and value > HUNDRED:
        found.add(field, "a percentage is at most 100")
    elif kind == "percentage" and value != value.quantize(PERCENT_STEP, rounding=ROUND_DOWN):
        found.add(field, f"a percentage has at most {PERCENT_PLACES} decimal places")
    elif kind == "fixed" and (value != value.to_integral_value() or value > MAX_AMOUNT):
        found.add(field, f"must be a whole number of minor units, at most {MAX_AMOUNT}")
    else:
        return _plain(value) if kind == "percentage" else value.quantize(Decimal(1))
    return None


def _plain(value: Decimal) -> Decimal:
    """``value`` without trailing zeros and never in exponent form ("12.50" -> 12.5, "10" stays 10)."""
    short = value.normalize()
    return short if int(short.as_tuple().exponent) <= 0 else short.quantize(Decimal(1))


def _steps(tiers: list[Tier], kind: Kind, found: Findings) -> tuple[Step, ...]:
    if tiers and kind not in VALUED:
        found.add("tiers", "only percentage and fixed promotions have tiers")
        return ()
    steps: list[Step] = []
    for i, tier in enumerate(tiers):
        found.amount(tier.min_subtotal, f"tiers[{i}].min_subtotal")
        if steps and tier.min_subtotal <= steps[-1].min_subtotal:
            found.add(f"tiers[{i}].min_subtotal", "tiers must be in ascending order of min_subtotal")
        value = value_of(tier.value, kind, found, f"tiers[{i}].value", required=True)
        steps.append(Step(min_subtotal=tier.min_subtotal, value=value or Decimal(0)))
    return tuple(steps)


def _arms(variants: list[VariantSpec], kind: Kind, found: Findings) -> tuple[Arm, ...]:
    names: set[str] = set()
    arms: list[Arm] = []
    for i, spec in enumerate(variants):
        name = found.text(spec.name, f"variants[{i}].name", longest=50)
        if name in names:
            found.add(f"variants[{i}].name", "variant names must differ")
        names.add(name)
        if spec.weight < 1:
            found.add(f"variants[{i}].weight", "must be at least 1")
        value = value_of(spec.value, kind, found, f"variants[{i}].value", required=False)
        arms.append(Arm(name=name, weight=spec.weight, value=value))
    if len(arms) == 1:
        found.add("variants", "an A/B test needs at least two variants")
    return tuple(arms)


def _targeting(conditions: Conditions, found: Findings) -> Targeting:
    if conditions.min_subtotal is not None:
        found.amount(conditions.min_subtotal, "conditions.min_subtotal")
    skus = [found.text(s, f"conditions.skus[{i}]", longest=64).upper() for i, s in enumerate(conditions.skus)]
    currencies = [
        found.currency(c, f"conditions.currencies[{i}]") for i, c in enumerate(conditions.currencies)
    ]
    return Targeting(
        min_subtotal=conditions.min_subtotal,
        skus=frozenset(skus),
        categories=frozenset(conditions.categories),
        brands=frozenset(conditions.brands),
        segments=frozenset(conditions.segments),
        first_order=conditions.first_order,
        currencies=frozenset(currencies),
    )


def _limits(spec: CreatePromotion, found: Findings) -> None:
    for name in ("usage_limit", "per_customer_limit"):
        limit = getattr(spec, name)
        if limit is not None and limit < 1:
            found.add(name, "must be at least 1")
    if spec.kind == "buy_x_get_y":
        for name in ("buy", "get"):
            count = getattr(spec, name)
            if count is None or count < 1:
                found.add(name, "buy_x_get_y needs a whole number of at least 1")
    if not 1 <= spec.get_percent <= 100:
        found.add("get_percent", "must be between 1 and 100")


def promotion(spec: CreatePromotion, currency: str, now: datetime, found: Findings) -> Promotion:
    """A new promotion from ``spec``; every problem is recorded in ``found``."""
    name = found.text(spec.name, "name", longest=MAX_NAME)
    code = found.currency(spec.currency or currency)
    tiers = _steps(spec.tiers, spec.kind, found)
    value = value_of(spec.value, spec.kind, found, "value", required=not tiers)
    _limits(spec, found)
    found.window(spec.starts_at, spec.ends_at)
    bxgy = spec.kind == "buy_x_get_y"
    return Promotion(
        id=spec.promotion_id,
        name=name,
        kind=spec.kind,
        currency=code,
        created_at=now,
        updated_at=now,
        value=value,
        buy=spec.buy if bxgy else None,
        get=spec.get if bxgy else None,
        get_percent=spec.get_percent,
        tiers=tiers,
        variants=_arms(spec.variants, spec.kind, found),
        targeting=_targeting(spec.conditions, found),
        coupon_required=spec.coupon_required,
        exclusive=spec.exclusive,
        priority=spec.priority,
        starts_at=spec.starts_at,
        ends_at=spec.ends_at,
        usage_limit=spec.usage_limit,
        per_customer_limit=spec.per_customer_limit,
        campaign_id=spec.campaign_id,
    )


def revised(current: Promotion, change: UpdatePromotion, now: datetime, found: Findings) -> Promotion:
    """``current`` with the fields ``change`` sets, checked as a whole; id, use and age are kept."""
    details = msgspec.to_builtins(current.details())
    fields = {k: v for k, v in msgspec.to_builtins(change).items() if k not in ("type", "promotion_id")}
    active = fields.pop("active", current.active)
    keep = set(CreatePromotion.__struct_fields__)
    spec = msgspec.convert(
        {**{k: v for k, v in details.items() if k in keep}, **fields, "promotion_id": str(current.id)},
        CreatePromotion,
    )
    new = promotion(spec, current.currency, now, found)
    new.created_at, new.used, new.active = current.created_at, current.used, active
    return new
