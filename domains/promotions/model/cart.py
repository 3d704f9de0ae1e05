"""What evaluation works on: the cart, the offers on it, and what each offer gives."""

from __future__ import annotations

from dataclasses import dataclass, field
from uuid import UUID

from domains.promotions.messages import Reason
from domains.promotions.model.promotions import Arm, Campaign, Promotion


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: int
    category_ids: frozenset[UUID] = frozenset()
    brand_id: UUID | None = None

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price

    def order_key(self) -> tuple[str, int, int, tuple[str, ...], str]:
        return (
            self.sku,
            self.unit_price,
            self.quantity,
            tuple(sorted(map(str, self.category_ids))),
            str(self.brand_id),
        )


@dataclass(frozen=True)
class Cart:
    currency: str
    lines: tuple[Line, ...]
    shipping: int = 0
    customer_id: UUID | None = None
    cart_id: UUID | None = None
    segment_ids: frozenset[UUID] = frozenset()
    first_order: bool = False


@dataclass(frozen=True)
class Offer:
    """A promotion on offer to this cart: automatic, or through the coupon ``code``."""

    promotion: Promotion
    code: str | None = None
    code_exhausted: bool = False
    customer_uses: int = 0
    campaign: Campaign | None = None


@dataclass(frozen=True)
class Share:
    """What one offer gives within a combination."""

    offer: Offer
    lines: tuple[int, ...]
    shipping: int
    arm: Arm | None

    @property
    def amount(self) -> int:
        return sum(self.lines) + self.shipping


@dataclass
class Evaluation:
    line_discounts: list[int]
    shipping_discount: int
    applied: list[Share] = field(default_factory=list)
    rejected: list[tuple[str, Reason]] = field(default_factory=list)
    explanations: list[str] = field(default_factory=list)
