"""Product handlers against in-memory ports: what they store and which events they commit."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Conflict, Invalid, NotFound
from core.paging import encode_cursor
from domains.catalog.handlers import listing as queries
from domains.catalog.handlers import products as handlers
from domains.catalog.handlers import taxonomy as taxonomy_handlers
from domains.catalog.handlers import variants as variant_handlers
from domains.catalog.messages import (
    AddVariant,
    ArchiveProduct,
    CreateBrand,
    CreateCategory,
    CreateProduct,
    DeleteProduct,
    GetProduct,
    GetVariantsBySku,
    ImportProducts,
    ListProducts,
    ListProductsForIndex,
    Money,
    NewVariant,
    ProductPriceChanged,
    PublishProduct,
    RemoveVariant,
    UpdateProduct,
    UpdateVariant,
    VariantAvailabilityChanged,
)
from tests.unit.catalog.fakes import catalog


def eur(amount: int) -> Money:
    return Money(amount=amount, currency="EUR")


def mug(name: str = "Mug", sku: str = "MUG-1", amount: int = 1200, **fields) -> CreateProduct:
    return CreateProduct(name=name, variants=[NewVariant(sku=sku, price=eur(amount))], **fields)


@pytest.fixture
def deps():
    return catalog()


async def test_creating_a_product_stores_a_draft_and_commits_product_created(deps) -> None:
    details = await handlers.create_product(mug(description="<b>Big</b><script>x</script>"), deps)

    assert (details.status, details.slug, details.description) == ("draft", "mug", "<b>Big</b>")
    assert deps.uow.types() == ["ProductCreated"]
    assert deps.uow.committed[0].product == details
    assert deps.products.rows[details.id].variants[0].sku == "MUG-1"


async def test_creating_a_published_product_also_commits_product_published(deps) -> None:
    details = await handlers.create_product(mug(publish=True), deps)

    assert details.status == "published"
    assert details.published_at is not None
    assert deps.uow.types() == ["ProductCreated", "ProductPublished"]


async def test_refused_creation_stores_nothing_and_commits_nothing(deps) -> None:
    await handlers.create_product(mug(), deps)
    before = dict(deps.products.rows)

    with pytest.raises(Conflict):
        await handlers.create_product(mug(name="Cup", sku="mug-1"), deps)
    with pytest.raises(Invalid) as raised:
        await handlers.create_product(mug(name="Cup", sku="CUP-1", category_id=uuid4(), amount=-1), deps)

    assert {e.field for e in raised.value.errors} == {"category_id", "variants[0].price.amount"}
    assert deps.products.rows == before
    assert deps.uow.types() == ["ProductCreated"]


async def test_products_of_the_same_name_get_distinct_slugs(deps) -> None:
    first = await handlers.create_product(mug(sku="A"), deps)
    second = await handlers.create_product(mug(sku="B"), deps)

    assert (first.slug, second.slug) == ("mug", "mug-2")
    with pytest.raises(Conflict):
        await handlers.create_product(mug(sku="C", slug="mug-2"), deps)


async def test_brand_and_category_show_in_the_details(deps) -> None:
    brand = await taxonomy_handlers.create_brand(CreateBrand(name="Bialetti"), deps)
    home = await taxonomy_handlers.create_category(CreateCategory(name="Home"), deps)
    coffee = await taxonomy_handlers.create_category(CreateCategory(name="Coffee", parent_id=home.id), deps)

    details = await handlers.create_product(mug(brand_id=brand.id, category_id=coffee.id), deps)

    assert details.brand is not None
    assert details.brand.slug == "bialetti"
    assert [c.slug for c in details.breadcrumbs] == ["home", "coffee"]
    assert details.category is not None
    assert details.category.path == "home/coffee"


async def test_publishing_commits_published_then_the_updated_snapshot(deps) -> None:
    created = await handlers.create_product(mug(), deps)

    published = await handlers.publish_product(PublishProduct(product_id=created.id), deps)

    assert deps.uow.types() == ["ProductCreated", "ProductPublished", "ProductUpdated"]
    assert deps.uow.committed[-1].product == published
    assert published.status == "published"


async def test_a_refused_publish_commits_nothing(deps) -> None:
    created = await handlers.create_product(CreateProduct(name="Empty"), deps)

    with pytest.raises(Conflict):
        await handlers.publish_product(PublishProduct(product_id=created.id), deps)

    assert deps.uow.types() == ["ProductCreated"]
    assert deps.products.rows[created.id].status == "draft"


async def test_update_sets_only_the_given_fields(deps) -> None:
    created = await handlers.create_product(mug(images=["https://img.example/a.png"]), deps)

    updated = await handlers.update_product(UpdateProduct(product_id=created.id, name="Big Mug"), deps)

    assert (updated.name, updated.slug, updated.images) == ("Big Mug", "mug", ["https://img.example/a.png"])
    assert deps.uow.types()[-1] == "ProductUpdated"


async def test_updating_an_unknown_product_is_not_found(deps) -> None:
    with pytest.raises(NotFound):
        await handlers.update_product(UpdateProduct(product_id=uuid4(), name="X"), deps)


async def test_a_price_change_is_announced_with_old_and_new_price(deps) -> None:
    await deps.stock.advance("MUG-1", 1, True)
    created = await handlers.create_product(mug(amount=1200), deps)
    variant = created.variants[0]

    await variant_handlers.update_variant(
        UpdateVariant(product_id=created.id, variant_id=variant.id, price=eur(999), available=False), deps
    )

    price, stock = deps.uow.committed[1:3]
    assert isinstance(price, ProductPriceChanged)
    assert (price.old_price, price.new_price) == (eur(1200), eur(999))
    assert isinstance(stock, VariantAvailabilityChanged)
    assert stock.available is False
    assert deps.uow.types()[-1] == "ProductUpdated"


async def test_a_variant_is_added_and_removed(deps) -> None:
    created = await handlers.create_product(
        CreateProduct(name="Tee", variants=[NewVariant(sku="TEE-S", price=eur(1000), options={"size": "S"})]),
        deps,
    )
    added = NewVariant(sku="tee-m", price=eur(1100), options={"Size": "M"})

    grown = await variant_handlers.add_variant(AddVariant(product_id=created.id, variant=added), deps)
    shrunk = await variant_handlers.remove_variant(
        RemoveVariant(product_id=created.id, variant_id=added.variant_id), deps
    )

    assert [v.sku for v in grown.variants] == ["TEE-S", "TEE-M"]
    assert grown.price_max == eur(1100)
    assert [v.sku for v in shrunk.variants] == ["TEE-S"]
    assert deps.uow.types()[-2:] == ["VariantRemoved", "ProductUpdated"]


async def test_a_sku_held_by_another_product_cannot_be_added(deps) -> None:
    await handlers.create_product(mug(sku="MUG-1"), deps)
    other = await handlers.create_product(mug(name="Cup", sku="CUP-1"), deps)

    with pytest.raises(Conflict) as raised:
        await variant_handlers.add_variant(
            AddVariant(product_id=other.id, variant=NewVariant(sku="MUG-1", price=eur(1))), deps
        )
    assert raised.value.errors[0].field == "sku"


async def test_deleting_removes_a_draft_and_archives_a_published_product(deps) -> None:
    draft = await handlers.create_product(mug(sku="A"), deps)
    sold = await handlers.create_product(mug(sku="B", publish=True), deps)

    gone = await handlers.delete_product(DeleteProduct(product_id=draft.id), deps)
    kept = await handlers.delete_product(DeleteProduct(product_id=sold.id), deps)
    again = await handlers.delete_product(DeleteProduct(product_id=sold.id), deps)

    assert (gone.outcome, kept.outcome, again.outcome) == ("deleted", "archived", "archived")
    assert draft.id not in deps.products.rows
    assert deps.products.rows[sold.id].status == "archived"
    assert deps.uow.types()[-3:] == ["ProductDeleted", "ProductArchived", "ProductUpdated"]


async def test_shoppers_see_only_published_products(deps) -> None:
    draft = await handlers.create_product(mug(sku="A"), deps)
    live = await handlers.create_product(mug(name="Cup", sku="B", publish=True), deps)

    page = await queries.list_products(ListProducts(), deps)

    assert [p.id for p in page.items] == [live.id]
    with pytest.raises(NotFound):
        await queries.get_product(GetProduct(id_or_slug=draft.slug), deps)
    assert (await queries.get_product(GetProduct(id_or_slug="CUP"), deps)).id == live.id
    staff_view = await queries.get_product(GetProduct(id_or_slug=str(draft.id), published_only=False), deps)
    assert staff_view.status == "draft"


async def test_listing_refuses_bad_limits_cursors_and_price_ranges(deps) -> None:
    bad = [
        (ListProducts(limit=0), "limit"),
        (ListProducts(limit=101), "limit"),
        (ListProducts(cursor="%%%"), "cursor"),
        (ListProducts(sort="name", cursor=encode_cursor(["newest", "x", "y"])), "cursor"),
        (ListProducts(min_price=-1), "min_price"),
        (ListProducts(min_price=10, max_price=5), "max_price"),
    ]
    for query, field in bad:
        with pytest.raises(Invalid) as raised:
            await queries.list_products(query, deps)
        assert raised.value.errors[0].field == field


async def test_listing_by_an_unknown_category_or_brand_is_empty(deps) -> None:
    await handlers.create_product(mug(publish=True), deps)

    assert (await queries.list_products(ListProducts(category="garden"), deps)).items == []
    assert (await queries.list_products(ListProducts(brand="nokia"), deps)).items == []


async def test_index_snapshots_page_through_published_products(deps) -> None:
    for i in range(5):
        await handlers.create_product(mug(name=f"Mug {i}", sku=f"M-{i}", publish=i != 2), deps)

    first = await queries.list_products_for_index(ListProductsForIndex(limit=3), deps)
    rest = await queries.list_products_for_index(
        ListProductsForIndex(limit=3, cursor=first.next_cursor), deps
    )

    names = {p.name for p in first.items + rest.items}
    assert names == {"Mug 0", "Mug 1", "Mug 3", "Mug 4"}
    assert rest.next_cursor is None
    assert all(p.status == "published" and p.variants for p in first.items)
    with pytest.raises(Invalid):
        await queries.list_products_for_index(ListProductsForIndex(cursor=encode_cursor(["nope"])), deps)


async def test_an_import_creates_all_products_or_none(deps) -> None:
    good = ImportProducts(products=[mug(sku="A", publish=True), mug(sku="B", publish=True)])
    clash = ImportProducts(products=[mug(name="Cup", sku="C"), mug(name="Cup", sku="c")])

    assert (await handlers.import_products(good, deps)).created == 2
    with pytest.raises(Conflict) as raised:
        await handlers.import_products(clash, deps)

    assert raised.value.errors[0].field == "products[1].variants[0].sku"
    assert sorted(p.slug for p in deps.products.rows.values()) == ["mug", "mug-2"]
    assert deps.uow.types() == ["ProductCreated", "ProductPublished"] * 2


async def test_an_archived_product_is_announced(deps) -> None:
    created = await handlers.create_product(mug(publish=True), deps)

    await handlers.archive_product(ArchiveProduct(product_id=created.id), deps)

    assert deps.uow.types()[-2:] == ["ProductArchived", "ProductUpdated"]


async def test_variants_are_described_by_sku_in_any_case_with_their_category_ancestors(deps) -> None:
    home = await taxonomy_handlers.create_category(CreateCategory(name="Home"), deps)
    coffee = await taxonomy_handlers.create_category(CreateCategory(name="Coffee", parent_id=home.id), deps)
    await deps.stock.advance("MUG-1", 1, True)
    made = await handlers.create_product(mug(sku="MUG-1", category_id=coffee.id, publish=True), deps)

    facts = await variant_handlers.get_variants_by_sku(GetVariantsBySku(skus=["mug-1", "NOPE"]), deps)

    assert [(f.sku, f.product_id, f.price) for f in facts] == [("MUG-1", made.id, eur(1200))]
    assert facts[0].category_ids == [home.id, coffee.id]
    assert (facts[0].status, facts[0].available) == ("published", True)


async def test_asking_for_more_than_500_skus_is_invalid(deps) -> None:
    with pytest.raises(Invalid) as refused:
        await variant_handlers.get_variants_by_sku(
            GetVariantsBySku(skus=[f"S-{i}" for i in range(501)]), deps
        )

    assert refused.value.errors[0].field == "skus"
