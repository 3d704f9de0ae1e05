"""Staff routes for categories and brands (``catalog:read`` / ``catalog:write``)."""

from __future__ import annotations

from uuid import UUID

from litestar import Controller, delete, get, patch, post
from litestar.params import FromPath, JSONBody

from core.controllers import Bus, Cursor, Limit, message, shaped
from core.http import errors
from core.paging import DEFAULT_LIMIT
from domains.catalog.admin.products import READ, WRITE
from domains.catalog.messages import (
    CreateBrand,
    CreateCategory,
    DeleteBrand,
    DeleteCategory,
    GetBrand,
    GetCategory,
    ListBrands,
    ListCategories,
    UpdateBrand,
    UpdateCategory,
)
from domains.catalog.schemas import (
    Brand,
    BrandCreate,
    Brands,
    BrandUpdate,
    Categories,
    Category,
    CategoryCreate,
    CategoryUpdate,
)


class CategoryAdminController(Controller):
    path = "/admin/categories"
    tags = ["catalogue: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_categories",
        summary="Every category, in path order",
        responses=errors(401, 403),
    )
    async def index(self, bus: Bus) -> Categories:
        return Categories(items=[shaped(c, Category) for c in await bus.ask(ListCategories())])

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_category",
        summary="Create a category, under `parent_id` if given",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[CategoryCreate]) -> Category:
        return shaped(await bus.send(message(data, CreateCategory)), Category)

    @get(
        "/{category_id:uuid}",
        guards=READ,
        operation_id="admin_get_category",
        summary="A category",
        responses=errors(401, 403, 404),
    )
    async def get(self, bus: Bus, category_id: FromPath[UUID]) -> Category:
        return shaped(await bus.ask(GetCategory(category_id=category_id)), Category)

    @patch(
        "/{category_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_category",
        summary="Rename, re-slug or move a category (its subtree follows)",
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def update(self, bus: Bus, category_id: FromPath[UUID], data: JSONBody[CategoryUpdate]) -> Category:
        return shaped(await bus.send(message(data, UpdateCategory, category_id=category_id)), Category)

    @delete(
        "/{category_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_category",
        summary="Delete a category without subcategories or products",
        responses=errors(401, 403, 404, 409),
    )
    async def remove(self, bus: Bus, category_id: FromPath[UUID]) -> None:
        await bus.send(DeleteCategory(category_id=category_id))


class BrandAdminController(Controller):
    path = "/admin/brands"
    tags = ["catalogue: staff"]

    @get(
        "/",
        guards=READ,
        operation_id="admin_list_brands",
        summary="Brands by name, paged",
        responses=errors(400, 401, 403, 422),
    )
    async def index(self, bus: Bus, limit: Limit = DEFAULT_LIMIT, cursor: Cursor = None) -> Brands:
        return shaped(await bus.ask(ListBrands(limit=limit, cursor=cursor)), Brands)

    @post(
        "/",
        guards=WRITE,
        operation_id="admin_create_brand",
        summary="Create a brand",
        responses=errors(400, 401, 403, 409, 422),
    )
    async def create(self, bus: Bus, data: JSONBody[BrandCreate]) -> Brand:
        return shaped(await bus.send(message(data, CreateBrand)), Brand)

    @get(
        "/{brand_id:uuid}",
        guards=READ,
        operation_id="admin_get_brand",
        summary="A brand",
        responses=errors(401, 403, 404),
    )
    async def get(self, bus: Bus, brand_id: FromPath[UUID]) -> Brand:
        return shaped(await bus.ask(GetBrand(brand_id=brand_id)), Brand)

    @patch(
        "/{brand_id:uuid}",
        guards=WRITE,
        operation_id="admin_update_brand",
        summary="Change a brand",
        responses=errors(400, 401, 403, 404, 409, 422),
    )
    async def update(self, bus: Bus, brand_id: FromPath[UUID], data: JSONBody[BrandUpdate]) -> Brand:
        return shaped(await bus.send(message(data, UpdateBrand, brand_id=brand_id)), Brand)

    @delete(
        "/{brand_id:uuid}",
        guards=WRITE,
        operation_id="admin_delete_brand",
        summary="Delete a brand no product carries",
        responses=errors(401, 403, 404, 409),
    )
    async def remove(self, bus: Bus, brand_id: FromPath[UUID]) -> None:
        await bus.send(DeleteBrand(brand_id=brand_id))
