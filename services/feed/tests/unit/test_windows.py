"""Newest-first reads in bounded windows: the windows cover the range once, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from feed_service.projections.feed import sort_key
from feed_service.projections.timelines import stream_key, time_of, windows

NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


def _covered(cuts: list[tuple[str, str]], value: str) -> int:
    return sum(lower < value < upper for lower, upper in cuts)


def test_windows_cover_a_reader_range_once_newest_first() -> None:
    prefix = stream_key("e-1", "")
    cuts = windows((prefix, stream_key("e-1", "\x7f")), prefix, NOW)
    assert len(cuts) == 3
    assert [upper for _, upper in cuts[1:]] == [lower for lower, _ in cuts[:-1]]
    assert cuts[-1][0] == prefix
    for age in (timedelta(0), timedelta(hours=47), timedelta(days=3), timedelta(days=400)):
        key = stream_key("e-1", sort_key(NOW - age, "p-1"))
        assert _covered(cuts, key) == 1, age
    assert _covered(cuts, stream_key("e-2", sort_key(NOW, "p-1"))) == 0
    assert _covered(cuts, stream_key("e-1", sort_key(NOW + timedelta(days=1), "p-1"))) == 1


def test_windows_reach_back_from_a_cursor() -> None:
    cursor = sort_key(NOW - timedelta(days=10), "p-9")
    cuts = windows(("", cursor), "", NOW)
    assert time_of(cuts[0][0]) == time_of(cursor) - timedelta(days=2)
    assert _covered(cuts, sort_key(NOW - timedelta(days=10, seconds=1), "p-1")) == 1
    assert _covered(cuts, sort_key(NOW - timedelta(days=9), "p-1")) == 0
    assert _covered(cuts, cursor) == 0  # the upper bound is exclusive


def test_a_range_inside_the_first_window_is_one_read() -> None:
    low, high = sort_key(NOW - timedelta(hours=1), "a"), sort_key(NOW, "b")
    assert windows((low, high), "", NOW) == [(low, high)]


def test_a_cursor_key_that_names_no_moment_is_one_read() -> None:
    prefix = stream_key("e-1", "")
    for key in ("G\ufffd-!&\x1dh", "00010101T000000.000000|p-1", "2026|x"):
        high = prefix + key
        assert windows((prefix, high), prefix, NOW) == [(prefix, high)], key
    assert windows(("b", "a"), "", NOW) == []
