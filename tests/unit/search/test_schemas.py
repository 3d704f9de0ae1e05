"""The HTTP shapes of search keep up with the facets the domain knows."""

from __future__ import annotations

import re

from domains.search.model import FACETS
from domains.search.schemas import FACET_LIST, FacetCounts


def test_every_facet_has_its_place_in_the_reply() -> None:
    assert tuple(FacetCounts.__struct_fields__) == FACETS


def test_the_documented_facet_list_accepts_known_facets_only() -> None:
    assert re.fullmatch(FACET_LIST, "brand,price")
    assert re.fullmatch(FACET_LIST, "")
    assert not re.fullmatch(FACET_LIST, "brand,colour")
