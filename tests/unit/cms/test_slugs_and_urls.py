from __future__ import annotations

import pytest

from core.slugs import slugify, unique_slug
from domains.cms.model.banners import is_safe_url


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("About us", "about-us"),
        ("  Summer Sale -- 50% off!  ", "summer-sale-50-off"),
        ("Crème brûlée à la carte", "creme-brulee-a-la-carte"),
        ("!!!", ""),
        ("日本語", ""),
    ],
)
def test_slug_is_made_of_the_titles_letters_and_digits(title: str, slug: str) -> None:
    assert slugify(title, fallback="") == slug


def test_long_title_makes_a_slug_of_at_most_120_characters_without_trailing_hyphen() -> None:
    slug = slugify("word " * 60)
    assert len(slug) <= 120
    assert not slug.endswith("-")


def test_taken_slug_gets_the_first_free_number() -> None:
    assert unique_slug("sale", set()) == "sale"
    assert unique_slug("sale", {"sale"}) == "sale-2"
    assert unique_slug("sale", {"sale", "sale-2", "sale-3"}) == "sale-4"


@pytest.mark.parametrize("url", ["https://cdn.example.com/a.png", "http://example.com", "/images/a.png"])
def test_http_urls_and_site_paths_are_safe(url: str) -> None:
    assert is_safe_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "data:text/html,<script>",
        "//evil.example/a.png",
        "/\\evil.example",
        "https://",
        "images/a.png",
        "https://exa mple.com",
        "vbscript:x",
    ],
)
def test_other_urls_are_refused(url: str) -> None:
    assert not is_safe_url(url)
