from __future__ import annotations

from datetime import timedelta
from typing import Any
from uuid import UUID

import pytest

from core.errors import Invalid
from domains.cms.messages import BannerCreated, BannerUpdated
from domains.cms.model.banners import Banner
from tests.unit.cms.fakes import START

NOW = START


def banner(**given: Any) -> Banner:
    fields = {
        "title": "Summer",
        "image_url": "https://cdn.example.com/s.png",
        "link_url": "/sale",
        "placement": "home_hero",
        "starts_at": None,
        "ends_at": None,
        "priority": 0,
        "active": True,
    }
    return Banner.create(id=UUID("00000000-0000-4000-8000-0000000000b1"), fields={**fields, **given}, now=NOW)


def test_a_new_banner_records_a_created_event() -> None:
    assert [type(e) for e in banner().events] == [BannerCreated]


def test_a_window_ending_before_it_starts_is_refused_naming_ends_at() -> None:
    with pytest.raises(Invalid) as caught:
        banner(starts_at=NOW, ends_at=NOW - timedelta(hours=1))
    assert [e.field for e in caught.value.errors] == ["ends_at"]


def test_unsafe_urls_and_bad_placements_are_refused_by_name() -> None:
    with pytest.raises(Invalid) as caught:
        banner(
            image_url="javascript:alert(1)",
            link_url="data:text/html,x",
            placement="Home Hero",
            priority=10**9,
        )
    assert {e.field for e in caught.value.errors} == {"image_url", "link_url", "placement", "priority"}


def test_banner_shows_only_while_active_and_inside_its_window() -> None:
    window = banner(starts_at=NOW, ends_at=NOW + timedelta(days=1))
    assert window.live_at(NOW)
    assert not window.live_at(NOW - timedelta(seconds=1))
    assert not window.live_at(NOW + timedelta(days=1))
    assert banner().live_at(NOW)
    assert not banner(active=False).live_at(NOW)


def test_an_edit_that_breaks_the_window_changes_nothing() -> None:
    b = banner(starts_at=NOW)
    with pytest.raises(Invalid):
        b.edit({"ends_at": NOW - timedelta(days=1), "title": "New"}, NOW)
    assert b.title == "Summer"
    assert b.ends_at is None


def test_an_edit_records_an_updated_event_with_the_new_banner() -> None:
    b = banner()
    b.edit({"priority": 5}, NOW + timedelta(minutes=1))
    assert isinstance(b.events[-1], BannerUpdated)
    assert b.events[-1].banner.priority == 5
