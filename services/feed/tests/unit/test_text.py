"""Mentions become @{id} markers, topics are folded like search."""

from __future__ import annotations

from feed_service.domain import text


def test_resolved_handles_become_markers_and_others_stay_text() -> None:
    written = "Hi @ana.muller@example.com, @Bob and @nobody. Mail x@y.z"
    assert text.handles(written) == ["ana.muller@example.com", "Bob", "nobody"]
    stored = text.replace_handles(written, {"ana.muller@example.com": "e-1", "Bob": "e-2"})
    assert stored == "Hi @{e-1}, @{e-2} and @nobody. Mail x@y.z"
    assert text.marker_ids(stored + " @{e-1}") == ["e-1", "e-2"]
    assert text.handles(stored) == ["nobody"]  # a marker is never resolved again


def test_topics_are_folded_and_unique() -> None:
    written = "#Digitalisierung and #digitalisierung, #Ökologie #2026 a#b &#x; ##x"
    assert text.topics(written) == ["digitalisierung", "okologie", "2026"]
    assert text.topic_key("#DIGITALISIERUNG") == "digitalisierung"
    assert text.topic_key("#") == ""
