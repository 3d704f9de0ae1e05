"""Cursors: whatever a client puts in one, a position the list did not give out is a 422, never a 500."""

from __future__ import annotations

import base64
import uuid
from datetime import UTC, datetime

import msgspec
import pytest

from core.errors import Invalid
from core.paging import decode_time_and_id, encode_cursor


def forged(position: object) -> str:
    return base64.urlsafe_b64encode(msgspec.json.encode(position)).decode().rstrip("=")


def test_a_position_the_list_gave_out_comes_back_typed() -> None:
    at, last = datetime(2026, 12, 6, 12, 30, tzinfo=UTC), uuid.uuid4()
    assert decode_time_and_id(encode_cursor([at.isoformat(), str(last)])) == (at, last)
    assert decode_time_and_id(None) == (None, None)


@pytest.mark.parametrize(
    "position",
    [
        [1, 2],
        [[1], [2]],
        [1, 2, 3, 4],
        [True, True],
        ["2026-01-01T00:00:00+00:00", 5],
        ["2026-01-01T00:00:00+00:00", {"a": 1}],
        ["2026-01-01T00:00:00+00:00", 10**30],
        ["9999-12-31T23:59:59-14:00", str(uuid.uuid4())],
        ["2026-01-01T00:00:00", str(uuid.uuid4())],  # no offset: not a cursor this API writes
        [str(uuid.uuid4()), "2026-01-01T00:00:00+00:00"],
        [],
    ],
)
def test_any_other_position_is_an_unknown_cursor(position: object) -> None:
    with pytest.raises(Invalid) as refused:
        decode_time_and_id(forged(position))
    assert [(e.field, e.message) for e in refused.value.errors] == [("cursor", "unknown cursor")]
