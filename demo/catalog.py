"""A deterministic demo catalogue, created through the catalogue's own commands.

Running it twice creates nothing the second time: it stops as soon as the
catalogue has a product, and reuses categories and brands found by slug.
Products go in batches of ``BATCH``, one transaction each.
"""

from __future__ import annotations

import hashlib
import itertools
import uuid
from collections.abc import Callable
from typing import TYPE_CHECKING

from core.slugs import slugify
from demo.catalog_data import BRANDS, CATEGORIES, LINES, WORDS
from domains.catalog.messages import (
    CountProducts,
    CreateBrand,
    CreateCategory,
    CreateProduct,
    ImportProducts,
    ListBrands,
    ListCategories,
    Money,
    NewVariant,
)

if TYPE_CHECKING:
    from core.bus import MessageBus

NAMESPACE = uuid.UUID("6f1c8a52-58c4-4c8e-9a51-2d0b5c1e7d42")
BATCH = 250
IMPORT_TIMEOUT = 120.0


async def load_demo(
    bus: MessageBus,
    *,
    products: int = 1000,
    progress: Callable[[int, int], None] | None = None,
    currency: str = "EUR",
) -> int:
    """Create ``products`` published demo products (and their categories and brands), priced in the
    shop's default ``currency``; return how many."""
    if await bus.ask(CountProducts()) > 0:
        return 0
    categories, brands = await _categories(bus), await _brands(bus)
    created = 0
    for start in range(0, products, BATCH):
        batch = [
            _product(i, categories, brands, currency) for i in range(start, min(products, start + BATCH))
        ]
        report = await bus.send(ImportProducts(products=batch), timeout=IMPORT_TIMEOUT)
        created += report.created
        if progress is not None:
            progress(created, products)
    return created


async def _categories(bus: MessageBus) -> dict[str, uuid.UUID]:
    """Category name -> id, creating the missing ones parents first."""
    known = {c.slug: c.id for c in await bus.ask(ListCategories())}
    ids: dict[str, uuid.UUID] = {}
    for name, parent in CATEGORIES:
        slug = slugify(name)
        if slug not in known:
            command = CreateCategory(
                category_id=uuid.uuid5(NAMESPACE, f"category:{slug}"),
                name=name,
                slug=slug,
                parent_id=ids[parent] if parent else None,
            )
            known[slug] = (await bus.send(command)).id
        ids[name] = known[slug]
    return ids


async def _brands(bus: MessageBus) -> dict[str, uuid.UUID]:
    known: dict[str, uuid.UUID] = {}
    cursor: str | None = None
    while True:
        page = await bus.ask(ListBrands(limit=100, cursor=cursor))
        known.update((b.slug, b.id) for b in page.items)
        if (cursor := page.next_cursor) is None:
            break
    ids: dict[str, uuid.UUID] = {}
    for name in BRANDS:
        slug = slugify(name)
        if slug not in known:
            command = CreateBrand(brand_id=uuid.uuid5(NAMESPACE, f"brand:{slug}"), name=name, slug=slug)
            known[slug] = (await bus.send(command)).id
        ids[name] = known[slug]
    return ids


def _dice(i: int, throw: str) -> int:
    """A stable, evenly spread number for product ``i`` and ``throw``: demo data, not secrets."""
    return int.from_bytes(hashlib.blake2b(f"{i}:{throw}".encode(), digest_size=8).digest(), "big")


def _product(
    i: int, categories: dict[str, uuid.UUID], brands: dict[str, uuid.UUID], currency: str
) -> CreateProduct:
    category, brand, pattern, low, high, axes, attributes = LINES[i % len(LINES)]
    words = WORDS[category]
    round_ = i // len(LINES)
    name = pattern.format(n=10 + round_ // len(words), w=words[round_ % len(words)])
    return CreateProduct(
        product_id=uuid.uuid5(NAMESPACE, f"product:{i}"),
        name=name,
        description=f"<p>{name} by {brand}: a product of the Mercato demo catalogue.</p>",
        brand_id=brands[brand],
        category_id=categories[category],
        images=[f"https://picsum.photos/seed/mercato-{i + 1}-{k}/800/800" for k in (1, 2)],
        attributes=dict(attributes),
        variants=_variants(i, low, high, axes, currency),
        publish=True,
    )


def _variants(
    i: int, low: int, high: int, axes: list[tuple[str, list[str]]], currency: str
) -> list[NewVariant]:
    combos = list(itertools.product(*(values for _, values in axes)))
    combos.sort(key=lambda combo: _dice(i, f"combo {combo}"))
    chosen = combos[: 1 + _dice(i, "variants") % 4]
    base = (low + _dice(i, "price") % (high - low)) // 100 * 100 + 99
    step = max(100, base // 20 // 100 * 100)
    return [
        NewVariant(
            variant_id=uuid.uuid5(NAMESPACE, f"variant:{i}:{j}"),
            sku=f"DEMO-{i + 1:05d}-{j + 1}",
            price=Money(amount=base + j * step, currency=currency),
            options={axis: value for (axis, _), value in zip(axes, combo, strict=True)},
            weight_grams=100 + _dice(i, f"weight {j}") % 2900,
            available=_dice(i, f"stock {j}") % 100 >= 8,
        )
        for j, combo in enumerate(chosen)
    ]
