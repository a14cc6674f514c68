"""The merged search ranking and the badge relay of the notification stream."""

from __future__ import annotations

from collections.abc import AsyncIterator

from gateway_service.pages.home import post_frame
from gateway_service.pages.notifications import badge_frame
from gateway_service.pages.search import merge, rank
from gateway_service.web.sse import sse_frames
from gateway_service.web.templating import environment


def test_title_prefix_matches_outrank_other_kinds_first_hits() -> None:
    people = rank("ann", "person", [{"id": "e-1", "display_name": "Bob Annson"}])
    groups = rank(
        "ann",
        "group",
        [{"id": "g-1", "name": "Other"}, {"id": "g-2", "name": "Annual report"}],
    )
    merged = merge([people, groups])
    assert [h.url for h in merged] == ["/groups/g-2", "/people/e-1", "/groups/g-1"]
    assert merged[0].score > merged[1].score >= merged[2].score


def test_each_kind_links_to_its_page() -> None:
    article = rank("x", "article", [{"id": "a-1", "title": "T", "language": "de", "summary": "S"}])
    post = rank("x", "post", [{"id": "p-1", "text": "hello", "author": {"display_name": "Ann"}}])
    assert article[0].url == "/news/a-1?lang=de" and article[0].snippet == "S"
    assert post[0].url == "/posts/p-1" and post[0].title == "Ann"


async def _lines(*lines: str) -> AsyncIterator[str]:
    for line in lines:
        yield line


async def test_sse_frames_split_on_blank_lines_and_join_data() -> None:
    frames = [
        f
        async for f in sse_frames(
            _lines(
                "event: unread-count",
                "id: 7",
                'data: {"unread":',
                "data: 3}",
                "",
                ": keep-alive",
                "",
            )
        )
    ]
    assert frames == [
        {"event": "unread-count", "id": "7", "data": '{"unread":\n3}'},
        {"comment": "keep-alive"},
    ]


def test_unread_counts_become_badge_html_and_the_rest_keep_alives() -> None:
    env = environment()
    sent = badge_frame({"event": "unread-count", "data": '{"unread": 4}'}, env)
    assert (
        sent.startswith("event: unread\ndata: ") and ">4</span>" in sent and sent.endswith("\n\n")
    )
    assert "\n\n" not in sent[:-2]  # one frame: the HTML never ends it early
    assert badge_frame({"event": "notification", "data": "{}"}, env) == ": keep-alive\n\n"
    assert badge_frame({"event": "unread-count", "data": "not json"}, env) == ": keep-alive\n\n"
    assert "badge" not in badge_frame({"event": "unread-count", "data": '{"unread": 0}'}, env)


def test_a_new_post_becomes_the_list_item_with_its_event_id() -> None:
    env = environment()
    post = {
        "id": "p-9",
        "author": {"employee_id": "e-1", "display_name": "Ann"},
        "text": "Fresh @{e-2}",
        "mentions": [{"employee_id": "e-2", "display_name": "Bo"}],
        "created_at": "2026-03-05T14:30:00+00:00",
        "reactions": {"total": 0},
        "comment_count": 0,
    }
    import json

    sent = post_frame({"event": "post", "id": "20260305|p-9", "data": json.dumps(post)}, env)
    assert sent.startswith('event: post\nid: 20260305|p-9\ndata: <li class="card new">')
    assert "@Bo</a>" in sent and sent.endswith("\n\n") and "\n\n" not in sent[:-2]
    assert post_frame({"comment": "heartbeat"}, env) == ": keep-alive\n\n"
