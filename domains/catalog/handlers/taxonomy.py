"""Handlers of categories and brands: the shelves and labels products hang on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import UNSET

from core.errors import Conflict
from core.paging import decode_cursor, encode_cursor
from core.validation import Findings, found
from domains.catalog.handlers.listing import check_page_size
from domains.catalog.handlers.products import free_slug
from domains.catalog.messages import (
    BrandDetails,
    BrandPage,
    CategoryDetails,
    CategoryNode,
    CreateBrand,
    CreateCategory,
    DeleteBrand,
    DeleteCategory,
    GetBrand,
    GetCategory,
    GetCategoryTree,
    ListBrands,
    ListCategories,
    UpdateBrand,
    UpdateCategory,
)
from domains.catalog.model import taxonomy as model
from domains.catalog.model.taxonomy import Brand, Category

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.catalog.ports import CatalogDeps


async def _category(deps: CatalogDeps, category_id: UUID) -> Category:
    return found(await deps.categories.get(category_id), "category", category_id)


async def _parent(deps: CatalogDeps, parent_id: UUID | None, checks: Findings) -> Category | None:
    parent = await deps.categories.get(parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        checks.add("parent_id", "no such category")
    return parent


async def create_category(cmd: CreateCategory, deps: CatalogDeps) -> CategoryDetails:
    async with deps.uow() as uow:
        await deps.categories.lock()
        checks = Findings()
        category = Category(
            id=cmd.category_id,
            slug="",
            name=model.name(cmd.name, checks),
            description=model.description(cmd.description, checks),
            position=model.position(cmd.position, checks),
        )
        wanted = checks.slug(cmd.slug) if cmd.slug is not None else None
        parent = await _parent(deps, cmd.parent_id, checks)
        checks.raise_any()
        category.slug = await free_slug(deps.categories, wanted, category.name, set())
        category.place_under(parent)
        await deps.categories.add(category)
        category.changed()
        uow.collect(category)
        await uow.commit()
    return category.details()


async def update_category(cmd: UpdateCategory, deps: CatalogDeps) -> CategoryDetails:
    """A new slug or parent re-paths the whole subtree and announces each category in it."""
    async with deps.uow() as uow:
        await deps.categories.lock()
        category = await _category(deps, cmd.category_id)
        old_path, below, checks = category.path, await deps.categories.descendants(category), Findings()
        category.revise(cmd, checks)
        wanted = checks.slug(cmd.slug) if cmd.slug is not UNSET else None
        parent = await _parent(deps, category.parent_id if cmd.parent_id is UNSET else cmd.parent_id, checks)
        checks.raise_any()
        if wanted is not None and wanted != category.slug:
            category.slug = await free_slug(deps.categories, wanted, category.name, set())
        category.place_under(parent)
        category.changed()
        moved = model.repath(category, old_path, below) if category.path != old_path else []
        await deps.categories.save(category, *moved)
        uow.collect(category, *moved)
        await uow.commit()
    return category.details()


async def delete_category(cmd: DeleteCategory, deps: CatalogDeps) -> None:
    """Only an empty leaf goes: no subcategories, no products."""
    async with deps.uow() as uow:
        await deps.categories.lock()
        category = await _category(deps, cmd.category_id)
        if await deps.categories.descendants(category):
            raise Conflict("the category has subcategories; move or delete them first")
        if await deps.products.any_in(category_ids=[category.id]):
            raise Conflict("products are in this category; move them first")
        await deps.categories.delete(category)
        category.remove()
        uow.collect(category)
        await uow.commit()


async def get_category_tree(query: GetCategoryTree, deps: CatalogDeps) -> list[CategoryNode]:
    return model.tree(await deps.categories.all())


async def list_categories(query: ListCategories, deps: CatalogDeps) -> list[CategoryDetails]:
    return [c.details() for c in await deps.categories.all()]


async def get_category(query: GetCategory, deps: CatalogDeps) -> CategoryDetails:
    return (await _category(deps, query.category_id)).details()


async def _brand(deps: CatalogDeps, brand_id: UUID) -> Brand:
    return found(await deps.brands.get(brand_id), "brand", brand_id)


async def create_brand(cmd: CreateBrand, deps: CatalogDeps) -> BrandDetails:
    async with deps.uow() as uow:
        checks = Findings()
        brand = Brand(
            id=cmd.brand_id,
            slug="",
            name=model.name(cmd.name, checks),
            description=model.description(cmd.description, checks),
            logo_url=model.logo(cmd.logo_url, checks),
        )
        wanted = checks.slug(cmd.slug) if cmd.slug is not None else None
        checks.raise_any()
        brand.slug = await free_slug(deps.brands, wanted, brand.name, set())
        await deps.brands.add(brand)
        brand.changed()
        uow.collect(brand)
        await uow.commit()
    return brand.details()


async def update_brand(cmd: UpdateBrand, deps: CatalogDeps) -> BrandDetails:
    async with deps.uow() as uow:
        brand, checks = await _brand(deps, cmd.brand_id), Findings()
        brand.revise(cmd, checks)
        wanted = checks.slug(cmd.slug) if cmd.slug is not UNSET else None
        checks.raise_any()
        if wanted is not None and wanted != brand.slug:
            brand.slug = await free_slug(deps.brands, wanted, brand.name, set())
        await deps.brands.save(brand)
        brand.changed()
        uow.collect(brand)
        await uow.commit()
    return brand.details()


async def delete_brand(cmd: DeleteBrand, deps: CatalogDeps) -> None:
    async with deps.uow() as uow:
        brand = await _brand(deps, cmd.brand_id)
        if await deps.products.any_in(brand_id=brand.id):
            raise Conflict("products carry this brand; change them first")
        await deps.brands.delete(brand)
        brand.remove()
        uow.collect(brand)
        await uow.commit()


async def list_brands(query: ListBrands, deps: CatalogDeps) -> BrandPage:
    check_page_size(query.limit)
    brands, after = await deps.brands.page(query.limit, decode_cursor(query.cursor))
    return BrandPage(items=[b.details() for b in brands], next_cursor=encode_cursor(after) if after else None)


async def get_brand(query: GetBrand, deps: CatalogDeps) -> BrandDetails:
    return (await _brand(deps, query.brand_id)).details()


HANDLERS: dict[type[Message], Handler] = {
    CreateCategory: create_category,
    UpdateCategory: update_category,
    DeleteCategory: delete_category,
    GetCategoryTree: get_category_tree,
    ListCategories: list_categories,
    GetCategory: get_category,
    CreateBrand: create_brand,
    UpdateBrand: update_brand,
    DeleteBrand: delete_brand,
    ListBrands: list_brands,
    GetBrand: get_brand,
}
