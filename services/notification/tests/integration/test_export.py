"""GDPR export: exactly the caller's notifications, preferences and mails, read in batches.

The worker's mailer is off in this module: the test drives one tick itself.
"""

from __future__ import annotations

from typing import Any

import pytest
from collab_events.feed import PostPublished, ReactionSet
from notification_service.delivery.mailer import Mailer
from notification_service.delivery.smtp import smtp_sender
from notification_service.queries import export
from notification_service.queries.export_models import NotificationExport
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, Sink, Upstream, make_group, new_id, register, wait_notifications

OPTIONS = {"mail_enabled": False}


async def _export(api: Api, who: str) -> dict[str, Any]:
    response = await api.call("GET", "/v1/me/export", who)
    assert response.status_code == 200, response.text
    NotificationExport.model_validate(response.json())  # the documented schema
    return dict(response.json())


async def _scene(upstream: Upstream, service: RunningService, me: str, other: str) -> str:
    """A mention of both, two reactions to my post; the id of my post."""
    actor = new_id()
    await register(upstream, service, me, "Lena L", locale="de-DE", timezone="Europe/Berlin")
    await register(upstream, service, other, "Otto O")
    await register(upstream, service, actor, "Max Mustermann")
    group = await make_group(upstream, service, actor, me, other)
    mention = PostPublished(
        post_id=new_id("p"),
        author_id=actor,
        group_id=group,
        visibility="public",
        mentions=[me, other],
    )
    await upstream.publish("feed", f"post:{mention.post_id}", mention, actor=actor)
    mine = PostPublished(post_id=new_id("p"), author_id=me, group_id=group, visibility="public")
    await upstream.publish("feed", f"post:{mine.post_id}", mine, actor=me)
    for fan in (other, actor):
        reaction = ReactionSet(
            post_id=mine.post_id,
            employee_id=fan,
            reaction="like",
            group_id=group,
            visibility="public",
        )
        await upstream.publish("feed", f"reaction:{mine.post_id}/{fan}", reaction, actor=fan)
    return mine.post_id


async def test_export_holds_exactly_my_data_in_any_batch_size(
    api: Api,
    upstream: Upstream,
    service: RunningService,
    smtp: tuple[Sink, int],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    me, other, sink = new_id(), new_id(), smtp[0]
    await _scene(upstream, service, me, other)
    ids = {n["id"]: n for n in await wait_notifications(api, me, 2)}
    reaction = next(n for n in ids.values() if n["type"] == "reaction")
    await eventually(lambda: _grouped(api, me, reaction["id"]))
    [theirs] = await wait_notifications(api, other, 1)
    ports = service.runtime.ports

    async def mailed() -> bool:
        await Mailer(ports, smtp_sender(ports.options)).tick()
        return len(sink.to(f"{me}@example.com")) == 1 and len(sink.to(f"{other}@example.com")) == 1

    await eventually(mailed)
    mention = next(i for i, n in ids.items() if n["type"] == "mention")
    read = await api.call("POST", f"/v1/me/notifications/{mention}/read", me)
    assert read.status_code == 200, read.text
    mine = {"types": {"reaction": {"in_app": False, "email": False}}, "digest": "daily"}
    theirs_prefs = {"digest": "weekly", "muted_groups": ["g-theirs"]}
    for who, body in ((me, mine | {"digest_hour": 7}), (other, theirs_prefs)):
        put = await api.call("PUT", "/v1/me/notification-preferences", who, json=body)
        assert put.status_code == 200, put.text
    body: dict[str, Any] = {}

    async def applied() -> bool:
        body.update(await _export(api, me))
        marked = [n["read"] for n in body["notifications"] if n["id"] == mention] == [True]
        return marked and body["preferences"] is not None

    await eventually(applied)
    assert body["employee_id"] == me
    assert body["recipient"] == {
        "email": f"{me}@example.com",
        "locale": "de-DE",
        "timezone": "Europe/Berlin",
        "active": True,
    }
    prefs = body["preferences"]
    assert (prefs["digest"], prefs["digest_hour"], prefs["version"]) == ("daily", 7, 1)
    assert prefs["chosen_types"] == ["reaction"] and prefs["muted_groups"] == []
    assert prefs["types"]["reaction"] == {"in_app": False, "email": False}
    assert prefs["types"]["mention"] == {"in_app": True, "email": True}
    assert prefs["digest_due_at"] is not None
    notes = {n["id"]: n for n in body["notifications"]}
    assert set(notes) == set(ids) and theirs["id"] not in notes
    grouped = notes[reaction["id"]]
    assert (grouped["actor_count"], grouped["cause_count"]) == (2, 2)
    assert len(grouped["actor_ids"]) == 2 and other in grouped["actor_ids"]
    assert grouped["in_centre"] is False  # reactions turned off in-app, still stored
    told = notes[mention]
    assert told["read"] is True and told["in_centre"] is True
    assert told["title"] == "Max Mustermann hat dich erwähnt" and told["rule"]
    [mail] = body["mails"]
    assert (mail["id"], mail["kind"], mail["state"]) == (f"n:{mention}", "immediate", "sent")
    assert mail["to"] == f"{me}@example.com" and mail["notification_ids"] == [mention]
    assert mail["subject"] == "Max Mustermann hat dich erwähnt" and mail["sent_at"]
    assert [line["title"] for line in mail["lines"]] == [mail["subject"]]
    text = str(body)
    assert f"{other}@example.com" not in text and "g-theirs" not in text
    assert "/v1/unsubscribe/" not in text  # the signed link is a capability, not data
    monkeypatch.setattr(export, "BATCH", 1)
    one_by_one = await _export(api, me)
    assert {k: v for k, v in one_by_one.items() if k != "exported_at"} == {
        k: v for k, v in body.items() if k != "exported_at"
    }


async def _grouped(api: Api, me: str, notification_id: str) -> bool:
    found = [n for n in await api.notifications(me) if n["id"] == notification_id]
    return bool(found) and found[0]["actor_count"] == 2


async def test_someone_unknown_gets_empty_sections(api: Api) -> None:
    body = await _export(api, new_id())
    assert body["notifications"] == [] and body["mails"] == []
    assert body["preferences"] is None
    assert body["recipient"] == {"email": None, "locale": None, "timezone": None, "active": None}


async def test_export_needs_a_token(api: Api) -> None:
    response = await api.call("GET", "/v1/me/export", None)
    assert response.status_code == 401
