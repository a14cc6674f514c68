"""Group, news, polling and moderation types: who gets them and who does not."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from collab_events.feed import CommentAdded, PostHidden, PostPublished, ReactionSet
from collab_events.group import (
    GroupJoinRequestApproved,
    GroupJoinRequested,
    GroupJoinRequestRejected,
    GroupMemberInvited,
    GroupMemberRoleChanged,
)
from collab_events.news import (
    ArticlePublished,
    AudienceCriteria,
    Headline,
    MustReadReminderDue,
    NewsAudience,
)
from collab_events.polling import (
    BallotCredentialIssued,
    PollClosed,
    PollCreated,
    PollOpened,
    PollOption,
    PollResults,
)
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, Upstream, make_group, new_id, register, settle, wait_notifications

DIGEST = "0" * 64


async def test_join_requests_reach_admins_and_answers_the_requester(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    owner, admin, member, asker, invitee = (new_id() for _ in range(5))
    for who, name in (
        (owner, "Olga O"),
        (admin, "Adam A"),
        (member, "Mia M"),
        (asker, "Ask A"),
        (invitee, "Ivo I"),
    ):
        await register(upstream, service, who, name)
    group = await make_group(upstream, service, owner, admin, member)
    promoted = GroupMemberRoleChanged(
        group_id=group, employee_id=admin, role="admin", previous_role="member"
    )
    await upstream.publish("group", f"group:{group}/member:{admin}", promoted, actor=owner)
    await settle(1.0)
    requested = GroupJoinRequested(group_id=group, employee_id=asker)
    await upstream.publish("group", f"group:{group}/member:{asker}", requested, actor=asker)
    [to_owner] = await wait_notifications(api, owner, 1)
    [to_admin] = await wait_notifications(api, admin, 1)
    assert to_owner["type"] == to_admin["type"] == "join_request"
    assert to_owner["title"].startswith("Ask A asked to join Team ")
    await settle()
    assert await api.notifications(member) == []  # plain members are not asked
    approved = GroupJoinRequestApproved(group_id=group, employee_id=asker)
    await upstream.publish("group", f"group:{group}/member:{asker}", approved, actor=admin)
    [answer] = await wait_notifications(api, asker, 1)
    assert answer["type"] == "join_approved" and answer["link"] == f"/groups/{group}"
    invited = GroupMemberInvited(group_id=group, employee_id=invitee, invited_by=owner)
    await upstream.publish("group", f"group:{group}/member:{invitee}", invited, actor=owner)
    [invitation] = await wait_notifications(api, invitee, 1)
    assert invitation["title"].startswith("Olga O invited you to Team ")
    declined = new_id()
    await register(upstream, service, declined, "Dec D")
    subject = f"group:{group}/member:{declined}"
    await upstream.publish(
        "group", subject, GroupJoinRequested(group_id=group, employee_id=declined), actor=declined
    )
    rejected = GroupJoinRequestRejected(group_id=group, employee_id=declined)
    await upstream.publish("group", subject, rejected, actor=admin)
    [answer] = await wait_notifications(api, declined, 1)
    assert (
        answer["title"].startswith("Your request to join Team ") and "declined" in answer["title"]
    )

    async def two_askers() -> bool:  # one group per group: "Ask A and Dec D asked to join"
        [grouped] = await api.notifications(owner)
        return grouped["actor_count"] == 2

    await eventually(two_askers)


async def test_hidden_post_tells_its_author(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, moderator = new_id(), new_id()
    await register(upstream, service, author, "Hal H", locale="de-DE")
    await register(upstream, service, moderator, "Mod M")
    group = await make_group(upstream, service, moderator, author)
    post_id = new_id("p")
    post = PostPublished(post_id=post_id, author_id=author, group_id=group, visibility="public")
    await upstream.publish("feed", f"post:{post_id}", post, actor=author)
    hidden = PostHidden(
        post_id=post_id,
        author_id=author,
        moderator_id=moderator,
        reason="spam",
        group_id=group,
        visibility="public",
    )
    await upstream.publish("feed", f"post:{post_id}", hidden, actor=moderator)
    [seen] = await wait_notifications(api, author, 1)
    assert seen["type"] == "post_hidden"
    assert seen["title"] == "Eine Moderatorin oder ein Moderator hat deinen Beitrag ausgeblendet"


def _article(article_id: str, country: str) -> ArticlePublished:
    return ArticlePublished(
        article_id=article_id,
        channel_id="c-1",
        article_version=1,
        languages=["en", "de"],
        default_language="en",
        must_read=True,
        headlines={
            "en": Headline(title="Security policy"),
            "de": Headline(title="Sicherheitsrichtlinie"),
        },
        audience=NewsAudience(include=AudienceCriteria(countries=[country])),
        published_at=datetime.now(UTC).isoformat(),
    )


async def test_must_read_and_its_reminder_reach_the_audience(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    country = "Q" + new_id()[-1].upper()
    reader_en, reader_de, elsewhere = new_id(), new_id(), new_id()
    await register(upstream, service, reader_en, "Eli E", country=country[:2])
    await register(upstream, service, reader_de, "Dirk D", country=country[:2], locale="de")
    await register(upstream, service, elsewhere, "Xu X", country="ZZ")
    article_id = new_id("a")
    await upstream.publish(
        "news", f"article:{article_id}", _article(article_id, country[:2]), actor="editor-1"
    )
    [en] = await wait_notifications(api, reader_en, 1)
    [de] = await wait_notifications(api, reader_de, 1)
    assert en["title"] == "Must read: Security policy"
    assert de["title"] == "Pflichtlektüre: Sicherheitsrichtlinie"
    assert en["link"] == f"/articles/{article_id}"
    reminder = MustReadReminderDue(
        article_id=article_id, round=1, article_version=1, employee_ids=[reader_en]
    )
    await upstream.publish("news", f"article:{article_id}/round:1", reminder)
    items = await wait_notifications(api, reader_en, 2)
    assert items[0]["type"] == "must_read_reminder"
    await settle()
    assert await api.notifications(elsewhere) == []
    assert len(await api.notifications(reader_de)) == 1


async def test_polls_open_close_soon_and_publish_results(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    owner, voter, abstainer = new_id(), new_id(), new_id()
    for who in (owner, voter, abstainer):
        await register(upstream, service, who)
    group = await make_group(upstream, service, owner, voter, abstainer)
    poll_id = new_id("poll")
    closes = (datetime.now(UTC) + timedelta(hours=3)).isoformat()
    created = PollCreated(
        poll_id=poll_id,
        owner_id=owner,
        question="Lunch at noon?",
        options=[PollOption(id="o1", label="Yes"), PollOption(id="o2", label="No")],
        group_id=group,
        closes_at=closes,
    )
    # The voter's turnout record is in before the timer could look (it runs every 0.3 s).
    credential = BallotCredentialIssued(poll_id=poll_id, employee_id=voter)
    await upstream.publish("polling", f"poll:{poll_id}/voter:{voter}", credential, actor=voter)
    voters = service.runtime.models["voters"]
    await eventually(lambda: _has(voters, f"{poll_id}/{voter}"))
    await upstream.publish("polling", f"poll:{poll_id}", created, actor=owner)
    opened = PollOpened(
        poll_id=poll_id, eligible_count=3, eligible_digest=DIGEST, electorate_id=poll_id
    )
    await upstream.publish("polling", f"poll:{poll_id}", opened, actor=owner)
    [first] = await wait_notifications(api, voter, 1)
    assert first["type"] == "poll_opened" and first["title"] == "New poll: Lunch at noon?"
    # It closes within 24 h: who has not voted yet is reminded by the timer, once.
    closing = await wait_notifications(api, abstainer, 2)
    assert sorted(n["type"] for n in closing) == ["poll_closing", "poll_opened"]
    results = PollClosed(
        poll_id=poll_id,
        results=PollResults(ballots=1, abstentions=0, eligible=3),
        ballot_count=1,
        credential_count=1,
        ballot_digest=DIGEST,
    )
    await upstream.publish("polling", f"poll:{poll_id}", results, actor=owner)
    told = await wait_notifications(api, voter, 2)
    assert told[0]["type"] == "poll_results"
    await settle()
    assert {n["type"] for n in await api.notifications(voter)} == {"poll_opened", "poll_results"}
    assert len(await api.notifications(abstainer)) == 2  # no results: did not vote
    # Not told that their own poll opened; reminded to vote in it like anyone else.
    assert [n["type"] for n in await api.notifications(owner)] == ["poll_closing"]


async def _has(collection: Any, key: str) -> bool:
    return await collection.find_one({"_id": key}) is not None


async def test_reaction_to_a_comment_that_arrives_before_its_post(
    api: Api, upstream: Upstream, service: RunningService
) -> None:
    author, commenter, fan = new_id(), new_id(), new_id()
    for who, name in ((author, "Pia P"), (commenter, "Kai K"), (fan, "Fee F")):
        await register(upstream, service, who, name)
    group = await make_group(upstream, service, author, commenter, fan)
    post_id, comment_id = new_id("p"), new_id("c")
    # Other streams, other partitions: the reaction is applied before the post and comment.
    early = ReactionSet(
        post_id=post_id,
        comment_id=comment_id,
        employee_id=fan,
        reaction="insightful",
        group_id=group,
        visibility="public",
    )
    await upstream.publish(
        "feed", f"reaction:{post_id}/comment:{comment_id}/{fan}", early, actor=fan
    )
    deferred = service.runtime.models["deferred"]
    await eventually(lambda: _waiting(deferred, f"post:{post_id}"))
    post = PostPublished(post_id=post_id, author_id=author, group_id=group, visibility="public")
    await upstream.publish("feed", f"post:{post_id}", post, actor=author)
    comment = CommentAdded(
        post_id=post_id,
        comment_id=comment_id,
        author_id=commenter,
        post_author_id=author,
        group_id=group,
        visibility="public",
    )
    await upstream.publish("feed", f"comment:{comment_id}", comment, actor=commenter)
    reactions = await wait_notifications(api, commenter, 1, type="reaction")
    assert reactions[0]["title"] == "Fee F reacted to your comment"
    assert reactions[0]["target"] == {"kind": "comment", "id": comment_id}
    assert (
        await deferred.count_documents(
            {"waits_for": {"$in": [f"post:{post_id}", f"comment:{comment_id}"]}}
        )
        == 0
    )
    # The author's notice comes from the comment itself, the commenter's from the reaction
    # released after it: one may be written before the other.
    assert [n["type"] for n in await wait_notifications(api, author, 1)] == ["comment_on_post"]


async def _waiting(collection: Any, key: str) -> bool:
    return await collection.count_documents({"waits_for": key}) > 0
