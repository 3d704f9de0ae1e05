"""The category tree: paths, moves, cycles, trails."""

from __future__ import annotations

from uuid import uuid4

import pytest

from core.errors import Invalid
from domains.catalog.model.taxonomy import MAX_DEPTH, Category, repath, trail


def category(slug: str, parent: Category | None = None) -> Category:
    made = Category(id=uuid4(), slug=slug, name=slug.title())
    made.place_under(parent)
    return made


def test_a_category_path_is_its_ancestors_slugs() -> None:
    electronics = category("electronics")
    phones = category("phones", electronics)
    assert (phones.path, phones.depth, phones.parent_id) == ("electronics/phones", 1, electronics.id)


def test_a_category_cannot_move_below_itself() -> None:
    audio = category("audio")
    headphones = category("headphones", audio)
    for parent in (audio, headphones):
        with pytest.raises(Invalid) as raised:
            audio.place_under(parent)
        assert raised.value.errors[0].field == "parent_id"


def test_a_move_repaths_every_descendant() -> None:
    audio = category("audio")
    headphones = category("headphones", audio)
    wireless = category("wireless", headphones)
    old = audio.path
    audio.place_under(category("electronics"))

    moved = repath(audio, old, [headphones, wireless])

    assert [(c.path, c.depth) for c in moved] == [
        ("electronics/audio/headphones", 2),
        ("electronics/audio/headphones/wireless", 3),
    ]


def test_the_tree_has_a_depth_limit() -> None:
    current = category("level-0")
    for level in range(1, MAX_DEPTH):
        current = category(f"level-{level}", current)
    with pytest.raises(Invalid):
        category("too-deep", current)


def test_a_trail_runs_from_the_root_down() -> None:
    root = category("electronics")
    phones = category("phones", root)
    by_id = {c.id: c for c in (root, phones)}
    assert [c.slug for c in trail(phones.id, by_id)] == ["electronics", "phones"]
    assert trail(None, by_id) == []
    assert trail(uuid4(), by_id) == []
