"""Category and brand handlers against in-memory ports."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, NotFound
from domains.catalog.handlers import products as handlers
from domains.catalog.handlers import taxonomy as th
from domains.catalog.messages import (
    CreateBrand,
    CreateCategory,
    CreateProduct,
    DeleteBrand,
    DeleteCategory,
    GetCategoryTree,
    ListBrands,
    UpdateBrand,
    UpdateCategory,
)
from tests.unit.catalog.fakes import catalog


@pytest.fixture
def deps():
    return catalog()


async def test_a_new_category_hangs_under_its_parent_and_is_announced(deps) -> None:
    home = await th.create_category(CreateCategory(name="Home & Kitchen"), deps)
    coffee = await th.create_category(CreateCategory(name="Coffee", parent_id=home.id), deps)

    assert coffee.path == "home-and-kitchen/coffee"
    assert [e.path for e in deps.uow.committed] == ["home-and-kitchen", "home-and-kitchen/coffee"]


async def test_an_unknown_parent_is_invalid(deps) -> None:
    with pytest.raises(Invalid) as raised:
        await th.create_category(CreateCategory(name="X", parent_id=uuid4()), deps)
    assert raised.value.errors[0].field == "parent_id"
    assert deps.categories.rows == {}


async def test_moving_a_category_announces_it_and_each_descendant(deps) -> None:
    audio = await th.create_category(CreateCategory(name="Audio"), deps)
    headphones = await th.create_category(CreateCategory(name="Headphones", parent_id=audio.id), deps)
    electronics = await th.create_category(CreateCategory(name="Electronics"), deps)
    deps.uow.committed.clear()

    await th.update_category(UpdateCategory(category_id=audio.id, parent_id=electronics.id), deps)

    assert [(e.slug, e.path) for e in deps.uow.committed] == [
        ("audio", "electronics/audio"),
        ("headphones", "electronics/audio/headphones"),
    ]
    assert deps.categories.rows[headphones.id].depth == 2


async def test_moving_a_category_under_its_child_changes_nothing(deps) -> None:
    audio = await th.create_category(CreateCategory(name="Audio"), deps)
    headphones = await th.create_category(CreateCategory(name="Headphones", parent_id=audio.id), deps)
    before = dict(deps.categories.rows)

    with pytest.raises(Invalid):
        await th.update_category(UpdateCategory(category_id=audio.id, parent_id=headphones.id), deps)

    assert deps.categories.rows == before
    assert len(deps.uow.committed) == 2


async def test_a_category_with_children_or_products_stays(deps) -> None:
    audio = await th.create_category(CreateCategory(name="Audio"), deps)
    speakers = await th.create_category(CreateCategory(name="Speakers", parent_id=audio.id), deps)
    await handlers.create_product(CreateProduct(name="Speaker", category_id=speakers.id), deps)

    for category_id in (audio.id, speakers.id):
        with pytest.raises(Conflict):
            await th.delete_category(DeleteCategory(category_id=category_id), deps)
    with pytest.raises(NotFound):
        await th.delete_category(DeleteCategory(category_id=uuid4()), deps)


async def test_the_tree_orders_siblings_by_position(deps) -> None:
    root = await th.create_category(CreateCategory(name="Shop"), deps)
    await th.create_category(CreateCategory(name="Zebra", parent_id=root.id, position=1), deps)
    await th.create_category(CreateCategory(name="Apple", parent_id=root.id, position=2), deps)

    tree = await th.get_category_tree(GetCategoryTree(), deps)

    assert [child.name for child in tree[0].children] == ["Zebra", "Apple"]


async def test_brands_are_created_renamed_paged_and_deleted_when_unused(deps) -> None:
    sony = await th.create_brand(CreateBrand(name="Sony"), deps)
    bose = await th.create_brand(CreateBrand(name="Bose"), deps)
    await handlers.create_product(CreateProduct(name="QC", brand_id=bose.id), deps)

    renamed = await th.update_brand(UpdateBrand(brand_id=sony.id, name="Sony Group", slug="sony-group"), deps)
    first = await th.list_brands(ListBrands(limit=1), deps)
    with pytest.raises(Conflict):
        await th.delete_brand(DeleteBrand(brand_id=bose.id), deps)
    await th.delete_brand(DeleteBrand(brand_id=sony.id), deps)

    assert renamed.slug == "sony-group"
    assert [b.name for b in first.items] == ["Bose"]
    assert first.next_cursor is not None
    assert list(deps.brands.rows) == [bose.id]
    assert deps.uow.types()[-1] == "BrandRemoved"


async def test_a_taken_brand_slug_is_a_conflict(deps) -> None:
    await th.create_brand(CreateBrand(name="Sony"), deps)
    with pytest.raises(Conflict):
        await th.create_brand(CreateBrand(name="Sony Music", slug="sony"), deps)
    assert (await th.create_brand(CreateBrand(name="Sony"), deps)).slug == "sony-2"
