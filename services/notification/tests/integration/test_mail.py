"""E-mail over a real SMTP server: immediate mails, one-click unsubscribe, digests at the
local hour in two time zones, exactly once across a crash, retries then EmailFailed + DLQ.

The worker's mailer is off in this module: each test drives a Mailer with its own clock.
"""

from __future__ import annotations

import contextlib
import json
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage, Message
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from collab_events import dlq_topic_for
from collab_events.feed import CommentAdded, PostPublished, ReactionSet
from notification_service.delivery.failures import dead_letter_reporter
from notification_service.delivery.mailer import Mailer
from notification_service.delivery.metrics import EMAILS
from notification_service.delivery.smtp import Step, smtp_sender
from servicekit.deadletters import DeadLetters
from servicekit.testing.kafka import eventually, read_topic
from servicekit.testing.service import RunningService

from .conftest import Api, Sink, Upstream, make_group, new_id, register, wait_notifications

OPTIONS = {"mail_enabled": False}


def mailer(service: RunningService, **kw: Any) -> Mailer:
    ports = service.runtime.ports
    return Mailer(ports, smtp_sender(ports.options), **kw)


async def _mention(upstream: Upstream, service: RunningService, api: Api, me: str) -> str:
    """A post of someone else mentioning ``me``; the notification's id."""
    other = new_id()
    await register(upstream, service, other, "Max Mustermann")
    group = await make_group(upstream, service, other, me)
    post_id = new_id("p")
    post = PostPublished(
        post_id=post_id, author_id=other, group_id=group, visibility="public", mentions=[me]
    )
    await upstream.publish("feed", f"post:{post_id}", post, actor=other)
    items = await wait_notifications(api, me, 1, type="mention")
    return str(items[0]["id"])


def _parts(message: Message) -> dict[str, str]:
    return {
        part.get_content_type(): part.get_payload(decode=True).decode()  # type: ignore[union-attr]
        for part in message.walk()
        if not part.is_multipart()
    }


async def _events(service: RunningService, mail_id: str) -> list[str]:
    return [r.envelope.type for r in await service.runtime.store.load(f"mail:{mail_id}")]


async def test_immediate_mail_multipart_in_my_language_with_one_click_unsubscribe(
    api: Api, upstream: Upstream, service: RunningService, smtp: tuple[Sink, int]
) -> None:
    sink, me = smtp[0], new_id()
    await register(upstream, service, me, "Lena L", locale="de-DE")
    notification = await _mention(upstream, service, api, me)
    assert await mailer(service).tick() == 1
    [message] = sink.to(f"{me}@example.com")
    assert message["Subject"] == "Max Mustermann hat dich erwähnt"
    assert message["Content-Language"] == "de"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    parts = _parts(message)
    assert set(parts) == {"text/plain", "text/html"}
    assert "Max Mustermann hat dich erwähnt" in parts["text/plain"]
    assert "<a href=" in parts["text/html"] and "abbestellen" in parts["text/html"]
    assert await _events(service, f"n:{notification}") == ["collab.notification.email_sent.v1"]
    assert await mailer(service).tick() == 0  # recorded: never again
    url = message["List-Unsubscribe"].strip("<>")
    path = urlsplit(url).path
    forged = await api.call("POST", path[:-3] + "AAA", None)
    assert forged.status_code == 404
    page = await api.call("GET", path, None)
    assert page.status_code == 200 and "<form" in page.text  # GET never unsubscribes
    clicked = await api.call("POST", path, None, data={"List-Unsubscribe": "One-Click"})
    assert clicked.status_code == 200, clicked.text
    assert clicked.json()["type"] == "mention"

    async def off() -> bool:
        prefs = await api.call("GET", "/v1/me/notification-preferences", me)
        return prefs.json()["types"]["mention"]["email"] is False

    await eventually(off)
    await _mention(upstream, service, api, me)
    await wait_notifications(api, me, 2)
    assert await mailer(service).tick() == 0
    assert len(sink.to(f"{me}@example.com")) == 1


async def test_exactly_once_across_a_crash_between_send_and_record(
    api: Api, upstream: Upstream, service: RunningService, smtp: tuple[Sink, int]
) -> None:
    sink, me = smtp[0], new_id()
    await register(upstream, service, me, "Cora C")
    notification = await _mention(upstream, service, api, me)
    mail_id = f"n:{notification}"

    async def crash(mail: str) -> None:
        raise RuntimeError("killed after the SMTP server accepted the mail")

    with contextlib.suppress(RuntimeError):
        await mailer(service, after_send=crash).tick()
    mails = service.runtime.models["mails"]
    # DATA was recorded as begun before it was sent: this mail is known to be in doubt.
    assert (await mails.find_one({"_id": mail_id}))["state"] == "handed_over"
    assert len(sink.to(f"{me}@example.com")) == 1
    in_doubt = EMAILS.labels("immediate", "resent_in_doubt")._value.get()
    assert await _events(service, mail_id) == []
    # A replay or a second mailer before the attempt times out sends nothing.
    assert await mailer(service).tick() == 0
    later = datetime.now(UTC) + timedelta(
        seconds=service.runtime.ports.options.mail_sending_timeout_s + 1
    )
    assert await mailer(service).tick(later) == 1
    assert await mailer(service).tick(later + timedelta(minutes=5)) == 0
    received = sink.to(f"{me}@example.com")
    # The interrupted attempt is resent byte for byte: one message id, one body, one record.
    assert len({m["Message-ID"] for m in received}) == 1
    assert len({m.as_string() for m in received}) == 1
    assert (await mails.find_one({"_id": mail_id}))["state"] == "sent"
    assert await _events(service, mail_id) == ["collab.notification.email_sent.v1"]
    assert EMAILS.labels("immediate", "resent_in_doubt")._value.get() == in_doubt + 1


async def test_a_crash_before_data_is_resent_once_and_arrives_once(
    api: Api, upstream: Upstream, service: RunningService, smtp: tuple[Sink, int]
) -> None:
    sink, me = smtp[0], new_id()
    await register(upstream, service, me, "Dora D")
    notification = await _mention(upstream, service, api, me)
    mail_id = f"n:{notification}"
    real = smtp_sender(service.runtime.ports.options)

    async def dies_before_data(message: EmailMessage, handing_over: Step, accepted: Step) -> None:
        async def crash() -> None:
            raise RuntimeError("killed after RCPT, before DATA")

        await real(message, crash, accepted)

    with contextlib.suppress(RuntimeError):
        await Mailer(service.runtime.ports, dies_before_data).tick()
    mails = service.runtime.models["mails"]
    assert (await mails.find_one({"_id": mail_id}))["state"] == "sending"
    assert sink.to(f"{me}@example.com") == []  # the server discards a transaction without DATA
    later = datetime.now(UTC) + timedelta(
        seconds=service.runtime.ports.options.mail_sending_timeout_s + 1
    )
    in_doubt = EMAILS.labels("immediate", "resent_in_doubt")._value.get()
    assert await mailer(service).tick(later) == 1
    assert len(sink.to(f"{me}@example.com")) == 1
    assert (await mails.find_one({"_id": mail_id}))["state"] == "sent"
    assert EMAILS.labels("immediate", "resent_in_doubt")._value.get() == in_doubt


async def test_smtp_failures_are_retried_then_reported(
    api: Api,
    upstream: Upstream,
    service: RunningService,
    smtp: tuple[Sink, int],
    kafka_bootstrap: str,
) -> None:
    sink, me = smtp[0], new_id()
    await register(upstream, service, me, "Finn F")
    notification = await _mention(upstream, service, api, me)
    mail_id = f"n:{notification}"
    from aiokafka import AIOKafkaProducer

    producer = AIOKafkaProducer(bootstrap_servers=kafka_bootstrap, acks="all")
    await producer.start()

    async def publish(topic: str, value: bytes, key: bytes | None, headers: Any) -> None:
        await producer.send_and_wait(topic, value=value, key=key, headers=headers)

    settings = service.runtime.settings
    dlq = dlq_topic_for("notification", settings.topic_prefix)
    report = dead_letter_reporter(DeadLetters(dlq, publish))
    failed_before = EMAILS.labels("immediate", "failed")._value.get()
    sink.refuse = True
    try:
        now = datetime.now(UTC)
        for step in range(3):
            await mailer(service, report=report).tick(now + timedelta(seconds=step))
    finally:
        sink.refuse = False
        await producer.stop()
    doc = await service.runtime.models["mails"].find_one({"_id": mail_id})
    assert doc["state"] == "failed" and doc["attempts"] == 3
    assert "451" in doc["error"]
    assert await _events(service, mail_id) == ["collab.notification.email_failed.v1"]
    assert EMAILS.labels("immediate", "failed")._value.get() == failed_before + 1
    letters = await read_topic(kafka_bootstrap, dlq, at_least=1)
    bodies = [json.loads(r.value) for r in letters]
    assert [b["data"]["mail_id"] for b in bodies if b["type"].endswith("email_failed.v1")] == [
        mail_id
    ]
    assert sink.to(f"{me}@example.com") == []


async def test_digest_at_the_local_hour_in_two_time_zones(
    api: Api, upstream: Upstream, service: RunningService, smtp: tuple[Sink, int]
) -> None:
    sink = smtp[0]
    berlin, new_york, fan = new_id(), new_id(), new_id()
    await register(upstream, service, berlin, "Bea B", timezone="Europe/Berlin", locale="de")
    await register(upstream, service, new_york, "Ned N", timezone="America/New_York")
    await register(upstream, service, fan, "Fan F")
    group = await make_group(upstream, service, fan, berlin, new_york)
    # The next 08:30 UTC (a digest is looked at from the preference change on): 09:30 in
    # Berlin (due), 03:30 in New York (not yet). The reactions happen an hour before it, so
    # that both digests' day (back from 08:30 and from 14:30) holds them, whatever the time
    # of day the test runs at.
    now = datetime.now(UTC)
    morning = now.replace(hour=8, minute=30, second=0, microsecond=0)
    morning += timedelta(days=1) if morning <= now else timedelta(0)
    reacted = morning - timedelta(hours=1)
    for me in (berlin, new_york):
        daily = {"digest": "daily", "digest_hour": 9}
        changed = await api.call("PUT", "/v1/me/notification-preferences", me, json=daily)
        token = {"Consistency-Token": changed.headers["Consistency-Token"]}
        assert (await api.call("GET", "/v1/me/notification-preferences", me, headers=token)).json()[
            "digest"
        ] == "daily"
        post = PostPublished(post_id=new_id("p"), author_id=me, group_id=group, visibility="public")
        await upstream.publish("feed", f"post:{post.post_id}", post, actor=me, at=reacted)
        reaction = ReactionSet(
            post_id=post.post_id,
            employee_id=fan,
            reaction="like",
            group_id=group,
            visibility="public",
        )
        subject = f"reaction:{post.post_id}/{fan}"
        await upstream.publish("feed", subject, reaction, actor=fan, at=reacted)
        await wait_notifications(api, me, 1)
    assert await mailer(service).tick(morning) == 1
    [bea] = sink.to(f"{berlin}@example.com")
    assert bea["Subject"] == "Dein Collab-Hub-Überblick: 1 neu"
    assert "Fan F hat auf deinen Beitrag reagiert" in _parts(bea)["text/plain"]
    assert sink.to(f"{new_york}@example.com") == []
    # 14:30 UTC: 09:30 in New York; Berlin had today's already.
    assert await mailer(service).tick(morning.replace(hour=14)) == 1
    [ned] = sink.to(f"{new_york}@example.com")
    assert ned["Subject"] == "Your Collab Hub digest: 1 new"
    assert len(sink.to(f"{berlin}@example.com")) == 1
    assert ned["List-Unsubscribe"]  # the digest's link turns the digest off
    # Each is due next at the start of their next local period, and read only then.
    prefs = service.runtime.models["preferences"]
    bea_due = (await prefs.find_one({"_id": berlin}))["due_at"].replace(tzinfo=UTC)
    ned_due = (await prefs.find_one({"_id": new_york}))["due_at"].replace(tzinfo=UTC)
    for due, zone, tick in ((bea_due, "Europe/Berlin", morning),
                            (ned_due, "America/New_York", morning.replace(hour=14))):  # fmt: skip
        local = tick.astimezone(ZoneInfo(zone)) + timedelta(days=1)
        assert due == local.replace(hour=9, minute=0).astimezone(UTC)
    assert await mailer(service).tick(bea_due - timedelta(minutes=1)) == 0


async def test_digest_leaves_out_muted_and_mailed_notifications(
    api: Api, upstream: Upstream, service: RunningService, smtp: tuple[Sink, int]
) -> None:
    sink = smtp[0]
    me, fan = new_id(), new_id()
    await register(upstream, service, me, "Dia D")
    await register(upstream, service, fan, "Fan F")
    loud = await make_group(upstream, service, fan, me)
    quiet = await make_group(upstream, service, fan, me)
    posts = {}
    for group in (loud, quiet):
        post = PostPublished(post_id=new_id("p"), author_id=me, group_id=group, visibility="public")
        await upstream.publish("feed", f"post:{post.post_id}", post, actor=me)
        posts[group] = post.post_id
        reaction = ReactionSet(
            post_id=post.post_id, employee_id=fan, reaction="like", group_id=group,
            visibility="public",
        )  # fmt: skip
        await upstream.publish("feed", f"reaction:{post.post_id}/{fan}", reaction, actor=fan)
    comment = CommentAdded(
        post_id=posts[loud], comment_id=new_id("c"), author_id=fan, post_author_id=me,
        group_id=loud, visibility="public",
    )  # fmt: skip
    await upstream.publish("feed", f"comment:{comment.comment_id}", comment, actor=fan)
    items = await wait_notifications(api, me, 3)
    [commented] = [i["id"] for i in items if i["type"] == "comment_on_post"]
    # Mailed on its own (as an immediate mail would mark it): not in the digest again.
    await service.runtime.models["notifications"].update_one(
        {"_id": commented}, {"$set": {"mailed": True}}
    )
    body = {"digest": "daily", "digest_hour": 8, "muted_groups": [quiet]}
    changed = await api.call("PUT", "/v1/me/notification-preferences", me, json=body)
    token = {"Consistency-Token": changed.headers["Consistency-Token"]}
    await api.call("GET", "/v1/me/notification-preferences", me, headers=token)
    now = datetime.now(UTC)
    morning = now.replace(hour=8, minute=30, second=0, microsecond=0)
    morning += timedelta(days=1) if morning <= now else timedelta(0)
    await mailer(service).tick(morning)
    [digest] = sink.to(f"{me}@example.com")
    assert digest["Subject"] == "Your Collab Hub digest: 1 new"
    text = _parts(digest)["text/plain"]
    assert text.count("Fan F reacted to your post") == 1 and "commented" not in text
