"""A rebuilt inbox equals the live one (ARCHITECTURE §5), apart from the write times.

The replicas belong to another projection: a rebuild of the inbox reads the live ones, so a
private group's post or a must-read's audience is decided the same way again.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from collab_events.feed import PostPublished, ReactionSet
from collab_events.group import GroupJoinRequested
from collab_events.news import ArticlePublished, Headline, NewsAudience
from collab_events.profile import EmployeeFollowed
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, Upstream, make_group, new_id, register, wait_notifications

OPTIONS = {"mail_enabled": False}
NAMES = ("notifications", "posts", "comments", "articles", "polls", "voters", "deferred", "unread")
WRITE_TIMES = {"seq", "created_at", "updated_at", "mail_check", "mailed"}


async def snapshot(service: RunningService) -> dict[str, list[dict[str, Any]]]:
    db, found = service.runtime.db, {}
    for name in NAMES:
        docs = await db[name].find().sort("_id", 1).to_list(None)
        found[name] = [{k: v for k, v in d.items() if k not in WRITE_TIMES} for d in docs]
    return found


async def test_rebuilt_inbox_equals_the_live_one(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    owner, fan, asker = new_id(), new_id(), new_id()
    for who in (owner, fan, asker):
        await register(upstream, service, who)
    group = await make_group(upstream, service, owner, fan, visibility="private")
    post = PostPublished(
        post_id=new_id("p"),
        author_id=owner,
        group_id=group,
        visibility="private",
        mentions=[fan, asker],
    )
    await upstream.publish("feed", f"post:{post.post_id}", post, actor=owner)
    reaction = ReactionSet(
        post_id=post.post_id, employee_id=fan, reaction="like", group_id=group, visibility="private"
    )
    await upstream.publish("feed", f"reaction:{post.post_id}/{fan}", reaction, actor=fan)
    followed = EmployeeFollowed(follower_id=fan, followee_id=owner)
    await upstream.publish("profile", f"follow:{fan}/{owner}", followed, actor=fan)
    asked = GroupJoinRequested(group_id=group, employee_id=asker)
    await upstream.publish("group", f"group:{group}/member:{asker}", asked, actor=asker)
    article = ArticlePublished(
        article_id=new_id("a"),
        channel_id="c-1",
        article_version=1,
        languages=["en"],
        default_language="en",
        must_read=True,
        headlines={"en": Headline(title="Read")},
        audience=NewsAudience(everyone=True),
        published_at=datetime.now(UTC).isoformat(),
    )
    await upstream.publish("news", f"article:{article.article_id}", article, actor="editor")
    await wait_notifications(api, owner, 4)  # reaction, follower, join request, must-read
    await wait_notifications(api, fan, 2)  # mention, must-read
    runtime = service.runtime

    async def settled() -> bool:
        lag = await runtime.lag.refresh()
        return all(v == 0 for v in lag["inbox"].values())

    await eventually(settled, timeout_s=30)
    before = await snapshot(service)
    assert not [
        n for n in before["notifications"] if n["recipient"] == asker and n["type"] == "mention"
    ]  # not a member of the private group
    projections = {p.name: p for p in runtime.definition.projections}
    await rebuild(runtime.settings, projections["inbox"], runtime.models, timeout_s=90)
    after = await snapshot(service)
    for name in NAMES:
        assert after[name] == before[name], name
