"""Search terms, member-list keys, cursors and the windowed pager."""

from __future__ import annotations

import pytest
from group_service.projections.keys import BUCKETS, position_of, sort_key
from group_service.queries.window import first_width, read_windows
from group_service.text import prefix_terms, query_tokens, sort_name
from servicekit.http.cursors import InvalidCursor, decode_cursor, encode_cursor
from servicekit.text import fold


def test_folding_and_terms() -> None:
    assert fold("Müller Straße") == "muller strasse"
    terms = prefix_terms("Plattform Gruppe", "Ökologie")
    assert {"p", "platt", "plattform", "gruppe", "oko"} <= set(terms)
    assert query_tokens("  GRUPPE  plat!") == ["gruppe", "plat"]
    assert query_tokens("!!!") == []
    assert sort_name("Ünïcode Group", "g1") < sort_name("Unicode Groups", "g0")


def test_sort_keys_put_owners_first() -> None:
    keys = sorted([sort_key("member", "a"), sort_key("owner", "z"), sort_key("admin", "m")])
    assert [k.split("|")[1] for k in keys] == ["z", "m", "a"]
    assert position_of(sort_key("member", "a")) >= 3 * BUCKETS


def test_cursor_round_trip_and_garbage() -> None:
    assert decode_cursor(encode_cursor("0042|e-1")) == "0042|e-1"
    assert decode_cursor(None) is None
    with pytest.raises(InvalidCursor):
        decode_cursor("%%%not-base64")


async def test_windowed_pages_cover_every_key_once() -> None:
    keys = sorted(f"{p:04d}|e{i}" for p in (0, 3, 3, 7, 8, 8, 8, 15) for i in range(p % 4 + 1))
    keys = sorted(set(keys))
    calls = []

    async def fetch(rng: dict, n: int) -> list[dict]:
        calls.append(rng)
        lo = rng.get("$gte") or rng.get("$gt")
        found = [k for k in keys if (k > lo if "$gt" in rng else k >= lo) and k < rng["$lt"]]
        return [{"k": k} for k in found[:n]]

    edges = [f"{p:04d}" for p in range(17)]
    seen, after = [], None
    while True:
        docs = await read_windows(fetch, edges, after=after, limit=3)
        page = docs[:3]
        seen += [d["k"] for d in page]
        if len(docs) <= 3:
            break
        after = page[-1]["k"]
    assert seen == keys
    assert first_width(total=20_000, positions=1024, limit=50) == 3
    assert first_width(total=0, positions=1024, limit=50) == 1024
