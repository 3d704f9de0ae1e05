"""Catalogue and CMS snapshots as search documents (pure mapping)."""

from __future__ import annotations

from html import unescape

import nh3

from domains.catalog.messages import ProductDetails
from domains.cms.messages import ContentSnapshot
from domains.search.model import SearchDocument

SEARCHABLE_CONTENT = ("published", "scheduled")


def plain_text(html: str) -> str:
    """Product descriptions are sanitised HTML; the index wants their words only."""
    return " ".join(unescape(nh3.clean(html, tags=set())).split())


def product_document(product: ProductDetails) -> SearchDocument | None:
    """The document for a product, or None when it must not be searchable."""
    if product.status != "published":
        return None
    categories = list(product.breadcrumbs) or ([product.category] if product.category else [])
    return SearchDocument(
        id=str(product.id),
        type="product",
        slug=product.slug,
        title=product.name,
        description=plain_text(product.description),
        brand=product.brand.name if product.brand else None,
        brand_slug=product.brand.slug if product.brand else None,
        category=product.category.name if product.category else None,
        category_slugs=[c.slug for c in categories],
        price=product.price_min.amount if product.price_min else None,
        currency=product.price_min.currency if product.price_min else None,
        in_stock=product.in_stock,
        attributes={key: str(value) for key, value in product.attributes.items()},
        published_at=product.published_at,
        image_url=product.images[0] if product.images else None,
    )


def content_document(snapshot: ContentSnapshot) -> SearchDocument | None:
    """Published or scheduled content; searches show it once ``publish_at`` has passed."""
    if snapshot.status not in SEARCHABLE_CONTENT:
        return None
    return SearchDocument(
        id=snapshot.id,
        type="content",
        slug=snapshot.slug,
        title=snapshot.title,
        description=" ".join(filter(None, (snapshot.seo_description, snapshot.excerpt, snapshot.text)))[
            :20_000
        ],
        category=snapshot.kind,
        category_slugs=[snapshot.kind],
        attributes={"author": snapshot.author} if snapshot.author else {},
        published_at=snapshot.publish_at or snapshot.updated_at,
    )
