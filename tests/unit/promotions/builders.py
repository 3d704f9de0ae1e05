"""Promotions and carts for the pure tests, built through the domain's own rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

import msgspec

from core.validation import Findings
from domains.promotions.messages import CreatePromotion
from domains.promotions.model import rules
from domains.promotions.model.evaluation import Cart, Evaluation, Line, Offer, evaluate
from domains.promotions.model.promotions import Promotion

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)


def promotion(kind: str = "percentage", **fields: Any) -> Promotion:
    """A valid promotion (``ValueError`` naming the fields if the rules refuse it)."""
    if isinstance(fields.get("value"), int):
        fields["value"] = str(fields["value"])
    spec = msgspec.convert(
        {"name": fields.pop("name", f"{kind} promo"), "kind": kind, **fields}, CreatePromotion
    )
    found = Findings()
    made = rules.promotion(spec, "EUR", NOW, found)
    if found:
        raise ValueError(found)
    return made


def line(sku: str, quantity: int, unit_price: int, **fields: Any) -> Line:
    return Line(sku=sku, quantity=quantity, unit_price=unit_price, **fields)


def cart(*lines: Line, currency: str = "EUR", shipping: int = 0, **fields: Any) -> Cart:
    return Cart(currency=currency, lines=lines, shipping=shipping, **fields)


def offer(promo: Promotion, code: str | None = None, **fields: Any) -> Offer:
    return Offer(promotion=promo, code=code, **fields)


def run(the_cart: Cart, *offers: Offer, unknown: tuple[str, ...] = (), most_coupons: int = 1) -> Evaluation:
    return evaluate(the_cart, list(offers), list(unknown), NOW, most_coupons)


def applied(result: Evaluation) -> list[tuple[UUID, int]]:
    return [(s.offer.promotion.id, s.amount) for s in result.applied]


__all__ = ["NOW", "applied", "cart", "line", "offer", "promotion", "run", "uuid4"]
