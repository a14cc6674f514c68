"""The article list's time windows accept any cursor key a client sends back."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from news_service.queries.stream import WINDOWS, Filters, _since, _time_of


def test_a_key_that_is_no_time_reads_from_now() -> None:
    assert _time_of("\ufffd\x00|a-1") is None
    assert _time_of(None) is None


def test_a_window_before_year_one_has_no_lower_bound() -> None:
    early = _time_of("0001-01-01T00:00:00Z|a-1")
    assert early is not None
    assert all(_since(early, window) is None for window in WINDOWS)


def test_a_window_ends_at_its_upper_time() -> None:
    upper = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
    assert _since(upper, WINDOWS[0]) == "2026-06-01T11:50:00.000Z"
    assert WINDOWS[0] == timedelta(minutes=10)
    assert WINDOWS[1] == timedelta(minutes=160)


def test_filters_need_the_channel_and_every_search_word() -> None:
    doc = {"channel_id": "c-1", "search": ["he", "hel", "hello", "wo", "wor", "world"]}
    assert Filters.of(None, None).match(doc)
    assert Filters.of("c-1", "Hello Wor").match(doc)
    assert not Filters.of("c-2", None).match(doc)
    assert not Filters.of(None, "hello moon").match(doc)
    assert Filters.of(None, "  ").match(doc)  # no words: no narrowing
