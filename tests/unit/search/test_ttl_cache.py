from __future__ import annotations

from domains.search.repository import TtlCache


def test_an_entry_is_served_until_it_expires() -> None:
    cache: TtlCache[str, list[str]] = TtlCache(60, size=8)
    assert cache.get("sa") is None
    cache.put("sa", ["samsung galaxy"])
    assert cache.get("sa") == ["samsung galaxy"]
    expired: TtlCache[str, list[str]] = TtlCache(-1, size=8)
    expired.put("sa", ["samsung galaxy"])
    assert expired.get("sa") is None


def test_the_least_recently_written_entry_goes_first_when_full() -> None:
    cache: TtlCache[str, int] = TtlCache(60, size=2)
    cache.put("a", 1)
    cache.put("b", 2)
    cache.put("c", 3)
    assert (cache.get("a"), cache.get("b"), cache.get("c")) == (None, 2, 3)
