"""Shoppers' catalogue routes: no sign-in, published products only."""

from __future__ import annotations

from typing import Annotated

from litestar import Controller, get
from litestar.params import FromPath, FromQuery, QueryParameter

from core.controllers import Bus, Cursor, Limit, shaped
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.catalog.messages import GetCategoryTree, GetProduct, ListBrands, ListProducts, Sort
from domains.catalog.schemas import Brands, CategoryBranch, CategoryTree, Product, ProductCards

Amount = Annotated[
    int | None, QueryParameter(ge=0, description="minor units, compared with the lowest variant price")
]


class ShopCatalogController(Controller):
    tags = ["catalogue"]

    @get(
        "/products",
        operation_id="list_products",
        summary="Published products, filtered, sorted and paged",
        description="`category` (with its subcategories) and `brand` are slugs; `q` matches names "
        "regardless of case and accents.",
        responses=errors(400, 422),
    )
    async def list_products(
        self,
        bus: Bus,
        category: FromQuery[str | None] = None,
        brand: FromQuery[str | None] = None,
        min_price: Amount = None,
        max_price: Amount = None,
        q: FromQuery[str | None] = None,
        sort: FromQuery[Sort] = "newest",
        limit: Limit = DEFAULT_LIMIT,
        cursor: Cursor = None,
    ) -> ProductCards:
        page = await bus.ask(
            ListProducts(
                category=category,
                brand=brand,
                min_price=min_price,
                max_price=max_price,
                q=q,
                sort=sort,
                limit=limit,
                cursor=cursor,
            )
        )
        return shaped(page, ProductCards)

    @get(
        "/products/{id_or_slug:str}",
        operation_id="get_product",
        summary="A published product with its variants, by id or slug",
        responses=errors(404),
    )
    async def get_product(self, bus: Bus, id_or_slug: FromPath[str]) -> Product:
        return shaped(await bus.ask(GetProduct(id_or_slug=id_or_slug)), Product)

    @get("/categories", operation_id="list_categories", summary="The category tree")
    async def list_categories(self, bus: Bus) -> CategoryTree:
        tree = await bus.ask(GetCategoryTree())
        return CategoryTree(items=[shaped(node, CategoryBranch) for node in tree])

    @get(
        "/brands",
        operation_id="list_brands",
        summary="Brands by name, paged",
        responses=errors(400, 422),
    )
    async def list_brands(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Brands:
        return shaped(await bus.ask(ListBrands(limit=limit, cursor=cursor)), Brands)


ROUTES = [ShopCatalogController]
