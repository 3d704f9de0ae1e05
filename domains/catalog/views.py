"""The catalogue's model seen through its public messages. Pure functions."""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from domains.catalog.messages import (
    BrandDetails,
    BrandRef,
    CategoryChanged,
    CategoryDetails,
    CategoryNode,
    CategoryRef,
    ProductDetails,
    VariantDetails,
)

if TYPE_CHECKING:
    from uuid import UUID

    from domains.catalog.model import Product, Variant
    from domains.catalog.taxonomy import Brand, Category


def product_details(product: Product, brand: Brand | None, trail: list[Category]) -> ProductDetails:
    """``trail``: the product's category and its ancestors, root first."""
    breadcrumbs = [category_ref(c) for c in trail]
    return ProductDetails(
        id=product.id,
        slug=product.slug,
        name=product.name,
        description=product.description,
        status=product.status,
        brand=brand_ref(brand) if brand is not None else None,
        category=breadcrumbs[-1] if breadcrumbs else None,
        breadcrumbs=breadcrumbs,
        images=list(product.images),
        attributes=dict(product.attributes),
        variants=[variant_details(v) for v in product.variants],
        price_min=product.price_min,
        price_max=product.price_max,
        in_stock=product.in_stock,
        created_at=product.created_at,
        updated_at=product.updated_at,
        published_at=product.published_at,
        archived_at=product.archived_at,
    )


def variant_details(variant: Variant) -> VariantDetails:
    return VariantDetails(
        id=variant.id,
        sku=variant.sku,
        price=variant.price,
        options=dict(variant.options),
        weight_grams=variant.weight_grams,
        available=variant.available,
    )


def brand_ref(brand: Brand) -> BrandRef:
    return BrandRef(id=brand.id, slug=brand.slug, name=brand.name)


def brand_details(brand: Brand) -> BrandDetails:
    return BrandDetails(
        id=brand.id, slug=brand.slug, name=brand.name, description=brand.description, logo_url=brand.logo_url
    )


def category_ref(category: Category) -> CategoryRef:
    return CategoryRef(id=category.id, slug=category.slug, name=category.name, path=category.path)


def category_details(category: Category) -> CategoryDetails:
    return CategoryDetails(
        id=category.id,
        slug=category.slug,
        name=category.name,
        description=category.description,
        parent_id=category.parent_id,
        path=category.path,
        depth=category.depth,
        position=category.position,
    )


def category_changed(category: Category) -> CategoryChanged:
    return CategoryChanged(
        category_id=category.id,
        slug=category.slug,
        name=category.name,
        parent_id=category.parent_id,
        path=category.path,
        position=category.position,
    )


def category_tree(categories: list[Category]) -> list[CategoryNode]:
    """The forest of categories, siblings ordered by position then name."""
    children: dict[UUID | None, list[Category]] = defaultdict(list)
    for category in categories:
        children[category.parent_id].append(category)

    def nodes(parent_id: UUID | None) -> list[CategoryNode]:
        ordered = sorted(children.get(parent_id, []), key=lambda c: (c.position, c.name.casefold()))
        return [
            CategoryNode(id=c.id, slug=c.slug, name=c.name, path=c.path, children=nodes(c.id))
            for c in ordered
        ]

    return nodes(None)
