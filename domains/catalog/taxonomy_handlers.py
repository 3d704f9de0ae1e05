"""Handlers of categories and brands: the shelves and labels products hang on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from msgspec import UNSET

from core.errors import Conflict, NotFound
from core.paging import decode_cursor, encode_cursor
from domains.catalog import queries, rules, taxonomy, views
from domains.catalog.messages import (
    BrandChanged,
    BrandDetails,
    BrandPage,
    BrandRemoved,
    CategoryDetails,
    CategoryNode,
    CategoryRemoved,
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
from domains.catalog.products import free_slug
from domains.catalog.taxonomy import Brand, Category

if TYPE_CHECKING:
    from uuid import UUID

    from core.domain import Handler
    from core.messages import Message
    from domains.catalog.ports import Catalog


async def _category(deps: Catalog, category_id: UUID) -> Category:
    category = await deps.categories.get(category_id)
    if category is None:
        raise NotFound(f"no category {category_id}")
    return category


async def _parent(deps: Catalog, parent_id: UUID | None, found: rules.Findings) -> Category | None:
    parent = await deps.categories.get(parent_id) if parent_id is not None else None
    if parent_id is not None and parent is None:
        found.add("parent_id", "no such category")
    return parent


async def create_category(cmd: CreateCategory, deps: Catalog) -> CategoryDetails:
    async with deps.uow() as uow:
        await deps.categories.lock()
        found = rules.Findings()
        category = Category(
            id=cmd.category_id,
            slug="",
            name=rules.text(cmd.name, found, "name", longest=100),
            description=rules.rich_text(cmd.description, found, "description", longest=5000),
            position=rules.position(cmd.position, found),
        )
        wanted = rules.slug(cmd.slug, found) if cmd.slug is not None else None
        parent = await _parent(deps, cmd.parent_id, found)
        found.raise_any()
        category.slug = await free_slug(deps.categories, wanted, category.name, set())
        category.place_under(parent)
        await deps.categories.add(category)
        uow.add(views.category_changed(category))
        await uow.commit()
    return views.category_details(category)


async def update_category(cmd: UpdateCategory, deps: Catalog) -> CategoryDetails:
    """A new slug or parent re-paths the whole subtree and announces each category in it."""
    async with deps.uow() as uow:
        await deps.categories.lock()
        category = await _category(deps, cmd.category_id)
        old_path, below, found = category.path, await deps.categories.descendants(category), rules.Findings()
        if cmd.name is not UNSET:
            category.name = rules.text(cmd.name, found, "name", longest=100)
        if cmd.description is not UNSET:
            category.description = rules.rich_text(cmd.description, found, "description", longest=5000)
        if cmd.position is not UNSET:
            category.position = rules.position(cmd.position, found)
        wanted = rules.slug(cmd.slug, found) if cmd.slug is not UNSET else None
        parent = await _parent(deps, category.parent_id if cmd.parent_id is UNSET else cmd.parent_id, found)
        found.raise_any()
        if wanted is not None and wanted != category.slug:
            category.slug = await free_slug(deps.categories, wanted, category.name, set())
        category.place_under(parent)
        moved = taxonomy.repath(category, old_path, below) if category.path != old_path else []
        await deps.categories.save(category, *moved)
        uow.add(views.category_changed(category), *(views.category_changed(c) for c in moved))
        await uow.commit()
    return views.category_details(category)


async def delete_category(cmd: DeleteCategory, deps: Catalog) -> None:
    """Only an empty leaf goes: no subcategories, no products."""
    async with deps.uow() as uow:
        await deps.categories.lock()
        category = await _category(deps, cmd.category_id)
        if await deps.categories.descendants(category):
            raise Conflict("the category has subcategories; move or delete them first")
        if await deps.products.any_in(category_ids=[category.id]):
            raise Conflict("products are in this category; move them first")
        await deps.categories.delete(category)
        uow.add(CategoryRemoved(category_id=category.id, slug=category.slug, path=category.path))
        await uow.commit()


async def get_category_tree(query: GetCategoryTree, deps: Catalog) -> list[CategoryNode]:
    return views.category_tree(await deps.categories.all())


async def list_categories(query: ListCategories, deps: Catalog) -> list[CategoryDetails]:
    return [views.category_details(c) for c in await deps.categories.all()]


async def get_category(query: GetCategory, deps: Catalog) -> CategoryDetails:
    return views.category_details(await _category(deps, query.category_id))


async def _brand(deps: Catalog, brand_id: UUID) -> Brand:
    brand = await deps.brands.get(brand_id)
    if brand is None:
        raise NotFound(f"no brand {brand_id}")
    return brand


def _brand_changed(brand: Brand) -> BrandChanged:
    return BrandChanged(brand_id=brand.id, slug=brand.slug, name=brand.name)


async def create_brand(cmd: CreateBrand, deps: Catalog) -> BrandDetails:
    async with deps.uow() as uow:
        found = rules.Findings()
        brand = Brand(
            id=cmd.brand_id,
            slug="",
            name=rules.text(cmd.name, found, "name", longest=100),
            description=rules.rich_text(cmd.description, found, "description", longest=5000),
            logo_url=rules.url(cmd.logo_url, found, "logo_url") if cmd.logo_url is not None else None,
        )
        wanted = rules.slug(cmd.slug, found) if cmd.slug is not None else None
        found.raise_any()
        brand.slug = await free_slug(deps.brands, wanted, brand.name, set())
        await deps.brands.add(brand)
        uow.add(_brand_changed(brand))
        await uow.commit()
    return views.brand_details(brand)


async def update_brand(cmd: UpdateBrand, deps: Catalog) -> BrandDetails:
    async with deps.uow() as uow:
        brand, found = await _brand(deps, cmd.brand_id), rules.Findings()
        if cmd.name is not UNSET:
            brand.name = rules.text(cmd.name, found, "name", longest=100)
        if cmd.description is not UNSET:
            brand.description = rules.rich_text(cmd.description, found, "description", longest=5000)
        if cmd.logo_url is not UNSET:
            brand.logo_url = rules.url(cmd.logo_url, found, "logo_url") if cmd.logo_url is not None else None
        wanted = rules.slug(cmd.slug, found) if cmd.slug is not UNSET else None
        found.raise_any()
        if wanted is not None and wanted != brand.slug:
            brand.slug = await free_slug(deps.brands, wanted, brand.name, set())
        await deps.brands.save(brand)
        uow.add(_brand_changed(brand))
        await uow.commit()
    return views.brand_details(brand)


async def delete_brand(cmd: DeleteBrand, deps: Catalog) -> None:
    async with deps.uow() as uow:
        brand = await _brand(deps, cmd.brand_id)
        if await deps.products.any_in(brand_id=brand.id):
            raise Conflict("products carry this brand; change them first")
        await deps.brands.delete(brand)
        uow.add(BrandRemoved(brand_id=brand.id, slug=brand.slug))
        await uow.commit()


async def list_brands(query: ListBrands, deps: Catalog) -> BrandPage:
    queries.check_limit(query.limit)
    brands, after = await deps.brands.page(query.limit, decode_cursor(query.cursor))
    return BrandPage(
        items=[views.brand_details(b) for b in brands], next_cursor=encode_cursor(after) if after else None
    )


async def get_brand(query: GetBrand, deps: Catalog) -> BrandDetails:
    return views.brand_details(await _brand(deps, query.brand_id))


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
