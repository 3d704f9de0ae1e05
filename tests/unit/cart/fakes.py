"""An in-memory cart store (subclassing the port) and a bus answering pricing, inventory and shipping."""

from __future__ import annotations

import copy
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from core.errors import Conflict, FieldError, Invalid, NotFound
from core.money import Money
from domains.cart.model import Cart
from domains.cart.ports import CartDeps, CartRepository
from domains.catalog import messages as catalog
from domains.inventory import messages as inventory
from domains.pricing import messages as pricing
from domains.pricing.messages.quotes import Reason
from domains.shipping import messages as shipping
from tests.support.fakes import AnsweringBus, Transactions

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
TTL = timedelta(minutes=15)
PRODUCT = uuid.UUID("5d1c8a4e-0000-4000-8000-000000000001")


class FakeCarts(CartRepository):
    """Copies in and out, and the version check of the real store."""

    def __init__(self) -> None:
        self.rows: dict[uuid.UUID, Cart] = {}
        self.racing = False  # True: another process saves each cart right after it is read

    def _raced(self, cart: Cart) -> None:
        if self.racing:
            self.rows[cart.id].version += 1

    def _copy(self, cart: Cart) -> Cart:
        found = copy.deepcopy(cart)
        found.events = []
        return found

    async def get(self, cart_id: uuid.UUID) -> Cart | None:
        found = self.rows.get(cart_id)
        if found is None:
            return None
        copied = self._copy(found)
        self._raced(found)
        return copied

    async def active_of(self, customer_id: uuid.UUID) -> Cart | None:
        found = [c for c in self.rows.values() if c.customer_id == customer_id and c.status == "active"]
        return self._copy(found[0]) if found else None

    async def add(self, cart: Cart) -> bool:
        if cart.id in self.rows or (cart.customer_id and await self.active_of(cart.customer_id)):
            return False
        self.rows[cart.id] = self._copy(cart)
        return True

    async def save(self, *carts: Cart) -> None:
        for cart in carts:
            if self.rows[cart.id].version != cart.version:
                raise Conflict("the cart changed meanwhile; fetch it and try again")
        for cart in carts:
            cart.version += 1
            self.rows[cart.id] = self._copy(cart)

    async def hold_until(self, cart_id: uuid.UUID, until: datetime | None) -> None:
        self.rows[cart_id].reserved_until = until

    async def complete(self, cart_id: uuid.UUID, order_id: uuid.UUID, now: datetime) -> bool:
        cart = self.rows[cart_id]
        if cart.status != "active":
            return False
        cart.status, cart.order_id, cart.version = "checked_out", order_id, cart.version + 1
        return True


@dataclass
class Product:
    name: str
    price: int
    weight_grams: int = 500
    on_sale: bool = True


@dataclass
class Method:
    name: str
    countries: list[str]
    price: int
    free_over: int | None = None
    currency: str = "EUR"


@dataclass
class Coupon:
    percent: int = 10
    refusal: Reason | None = None


@dataclass
class Shop(AnsweringBus):
    """Pricing's quote, inventory's holds and shipping's methods, kept simply in memory."""

    products: dict[str, Product] = field(default_factory=dict)
    stock: dict[str, int] = field(default_factory=dict)
    holds: dict[tuple[uuid.UUID, str], int] = field(default_factory=dict)
    coupons: dict[str, Coupon] = field(default_factory=dict)
    methods: dict[uuid.UUID, Method] = field(default_factory=dict)
    clock: list[datetime] = field(default_factory=lambda: [NOW])
    sent: list[Any] = field(default_factory=list)

    def __post_init__(self) -> None:
        super().__init__(
            {
                pricing.QuoteCart: self.quote,
                catalog.GetVariantsBySku: self.variants,
                shipping.GetShippingOption: self.option,
                shipping.QuoteShipping: self.options,
                inventory.ReserveStock: self.reserve,
                inventory.RenewReservations: self.renew,
                inventory.MoveReservations: self.move,
            }
        )

    async def send(self, command: Any, *, timeout: float | None = None) -> Any:
        self.sent.append(command)
        return await self.ask(command)

    def sent_of(self, kind: type) -> list[Any]:
        return [c for c in self.sent if isinstance(c, kind)]

    # pricing ------------------------------------------------------------------------------
    def quote(self, query: pricing.QuoteCart) -> pricing.Quote:
        bad = [
            FieldError(f"items[{i}].sku", "unknown")
            for i, item in enumerate(query.items)
            if not (p := self.products.get(item.sku.upper())) or not p.on_sale
        ]
        if bad:
            raise Invalid("some items cannot be quoted", errors=bad)
        currency = query.currency or "EUR"
        accepted = [c for c in query.coupon_codes if c in self.coupons and not self.coupons[c].refusal]
        percent = sum(self.coupons[c].percent for c in accepted)
        lines = [self._line(item, currency, percent) for item in query.items]
        subtotal = sum(line.unit_price.amount * line.quantity for line in lines)
        discount = sum(line.discount.amount for line in lines)

        def money(amount: int) -> Money:
            return Money(amount=amount, currency=currency)

        return pricing.Quote(
            currency=currency,
            lines=lines,
            totals=pricing.QuoteTotals(
                subtotal=money(subtotal),
                discount=money(discount),
                shipping=money(query.shipping),
                tax=money(0),
                total=money(subtotal - discount + query.shipping),
            ),
            applied_promotions=[
                pricing.QuotedPromotion(id=uuid.uuid4(), name=code, amount=money(0), code=code)
                for code in accepted
            ],
            rejected_coupons=[
                pricing.QuotedRejection(code=c, reason=self._refusal(c))
                for c in query.coupon_codes
                if c not in accepted
            ],
            explanations=[],
            tax_known=query.shipping_address is not None,
        )

    # catalogue ----------------------------------------------------------------------------
    def variants(self, query: catalog.GetVariantsBySku) -> list[catalog.VariantFacts]:
        found = {sku.upper(): self.products.get(sku.upper()) for sku in query.skus}
        return [
            catalog.VariantFacts(
                sku=sku,
                variant_id=uuid.uuid5(PRODUCT, sku),
                product_id=PRODUCT,
                product_name=product.name,
                price=Money(amount=product.price, currency="EUR"),
                category_ids=[],
                brand_id=None,
                weight_grams=product.weight_grams,
                available=True,
                status="published" if product.on_sale else "draft",
            )
            for sku, product in found.items()
            if product is not None
        ]

    def _refusal(self, code: str) -> Reason:
        coupon = self.coupons.get(code)
        return coupon.refusal if coupon and coupon.refusal else "unknown"

    def _line(self, item: pricing.QuoteItem, currency: str, percent: int) -> pricing.QuoteLine:
        sku = item.sku.upper()
        product = self.products[sku]
        gross = product.price * item.quantity
        discount = gross * percent // 100
        return pricing.QuoteLine(
            sku=sku,
            quantity=item.quantity,
            unit_price=Money(amount=product.price, currency=currency),
            discount=Money(amount=discount, currency=currency),
            tax=Money(amount=0, currency=currency),
            total=Money(amount=gross - discount, currency=currency),
            product_id=PRODUCT,
            variant_id=uuid.uuid5(PRODUCT, sku),
            product_name=product.name,
            tax_class="standard",
            weight_grams=product.weight_grams,
        )

    # shipping -----------------------------------------------------------------------------
    def _priced(self, method_id: uuid.UUID, method: Method, subtotal: int) -> shipping.ShippingOption:
        free = method.free_over is not None and subtotal >= method.free_over
        price = Money(amount=0 if free else method.price, currency=method.currency)
        return shipping.ShippingOption(
            method_id=method_id, name=method.name, carrier="table_rate", price=price
        )

    def option(self, query: shipping.GetShippingOption) -> shipping.ShippingOption:
        method = self.methods.get(query.method_id)
        if method is None:
            raise NotFound(f"shipping method {query.method_id} not found")
        if query.country not in method.countries:
            raise Invalid("no", errors=[FieldError("method_id", f"does not ship to {query.country}")])
        return self._priced(query.method_id, method, query.subtotal)

    def options(self, query: shipping.QuoteShipping) -> list[shipping.ShippingOption]:
        return [
            self._priced(method_id, method, query.subtotal)
            for method_id, method in self.methods.items()
            if query.country in method.countries
        ]

    # inventory ----------------------------------------------------------------------------
    def reserve(self, cmd: inventory.ReserveStock) -> inventory.Reservation:
        held = self.holds.get((cmd.cart_id, cmd.sku), 0)
        if cmd.quantity - held > self.stock.get(cmd.sku, 0):
            raise Conflict("not enough stock", errors=[FieldError("quantity", "not enough stock")])
        self.stock[cmd.sku] = self.stock.get(cmd.sku, 0) - (cmd.quantity - held)
        self.holds[(cmd.cart_id, cmd.sku)] = cmd.quantity
        if not cmd.quantity:
            del self.holds[(cmd.cart_id, cmd.sku)]
        return inventory.Reservation(
            cart_id=cmd.cart_id, sku=cmd.sku, quantity=cmd.quantity, expires_at=self.clock[0] + TTL
        )

    def renew(self, cmd: inventory.RenewReservations) -> datetime | None:
        held = any(cart_id == cmd.cart_id for cart_id, _ in self.holds)
        return self.clock[0] + TTL if held else None

    def move(self, cmd: inventory.MoveReservations) -> None:
        for (cart_id, sku), quantity in list(self.holds.items()):
            if cart_id == cmd.from_cart_id:
                del self.holds[(cart_id, sku)]
                key = (cmd.to_cart_id, sku)
                self.holds[key] = self.holds.get(key, 0) + quantity

    def held(self, cart_id: uuid.UUID) -> dict[str, int]:
        return {sku: quantity for (cart, sku), quantity in self.holds.items() if cart == cart_id}


@dataclass
class World:
    shop: Shop = field(default_factory=Shop)
    carts: FakeCarts = field(default_factory=FakeCarts)
    transactions: Transactions = field(default_factory=Transactions)
    max_line_quantity: int = 10
    coupons_per_order: int = 1

    @property
    def deps(self) -> CartDeps:
        return CartDeps(
            uow=self.transactions,
            bus=self.shop,  # type: ignore[arg-type]
            carts=self.carts,
            clock=lambda: self.shop.clock[0],
            default_currency="EUR",
            currencies=("EUR", "USD"),
            max_line_quantity=self.max_line_quantity,
            coupons_per_order=self.coupons_per_order,
        )
