"""GET /v1/me/export: the caller's own relations to groups, and nothing of anyone else's."""

from __future__ import annotations

import pytest
from group_service.queries import export
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration

SECTIONS = (
    "memberships",
    "join_requests",
    "invitations_received",
    "invitations_sent",
    "ended_relations",
    "groups_created_or_owned",
)


async def _export(api, who: str) -> dict:
    response = await api.call("GET", "/v1/me/export", who)
    assert response.status_code == 200, response.text
    return response.json()


async def test_export_holds_exactly_the_callers_relations(api, ids, known, monkeypatch) -> None:
    me, other, stranger = ids(), ids(), ids()
    await known(me, other, stranger)
    mine, _ = await api.create_group(me, name="My public")
    my_secret, _ = await api.create_group(me, name="My secret", visibility="secret")
    await api.call("PUT", f"/v1/groups/{my_secret}/invitations/{other}", me)
    archived, _ = await api.create_group(other, name="Archived one")
    await api.call("PUT", f"/v1/groups/{archived}/members/me", me)
    await api.call("POST", f"/v1/groups/{archived}/archive", other)
    asked, _ = await api.create_group(other, name="Ask first", join_policy="request")
    await api.call("PUT", f"/v1/groups/{asked}/members/me", me)
    invited, _ = await api.create_group(other, name="Invite only", join_policy="invite")
    await api.call("PUT", f"/v1/groups/{invited}/invitations/{me}", other)
    left, _ = await api.create_group(other, name="Left one")
    await api.call("PUT", f"/v1/groups/{left}/members/me", me)
    await api.call("DELETE", f"/v1/groups/{left}/members/me", me)
    # Someone else's relations that must not show: their secret group, its invitation,
    # their own join of my group, and a request of theirs.
    hidden, _ = await api.create_group(other, name="Hidden", visibility="secret")
    await api.call("PUT", f"/v1/groups/{hidden}/invitations/{stranger}", other)
    await api.call("PUT", f"/v1/groups/{mine}/members/me", other)
    await api.call("PUT", f"/v1/groups/{asked}/members/me", stranger)

    async def settled() -> bool:
        body = await _export(api, me)
        return len(body["memberships"]) == 3 and len(body["ended_relations"]) == 1

    await eventually(settled)
    monkeypatch.setattr(export, "BATCH", 2)  # three memberships: read across batches
    body = await _export(api, me)
    assert body["employee_id"] == me
    by_group = {m["group_id"]: m for m in body["memberships"]}
    assert set(by_group) == {mine, my_secret, archived}
    assert (by_group[my_secret]["title"], by_group[my_secret]["visibility"]) == (
        "My secret",
        "secret",
    )
    assert by_group[archived]["archived"] is True and by_group[archived]["role"] == "member"
    assert by_group[mine]["role"] == "owner" and by_group[mine]["since"]
    assert [(r["group_id"], r["title"]) for r in body["join_requests"]] == [(asked, "Ask first")]
    assert [(i["group_id"], i["invited_by"]) for i in body["invitations_received"]] == [
        (invited, other)
    ]
    assert [(i["group_id"], i["invitee_id"]) for i in body["invitations_sent"]] == [
        (my_secret, other)
    ]
    assert [(e["group_id"], e["status"]) for e in body["ended_relations"]] == [(left, "left")]
    owned = {
        g["group_id"]: (g["created_by_me"], g["owner"]) for g in body["groups_created_or_owned"]
    }
    assert owned == {mine: (True, True), my_secret: (True, True)}
    text = str(body)
    assert hidden not in text and stranger not in text and "Hidden" not in text


async def test_a_secret_group_the_caller_left_shows_no_title_nor_their_invitations(
    api, ids, known
) -> None:
    owner, me, guest = ids(), ids(), ids()
    await known(me, guest)
    secret, _ = await api.create_group(owner, name="Quiet room", visibility="secret")
    url = f"/v1/groups/{secret}"
    await api.call("PUT", f"{url}/invitations/{me}", owner)
    await api.call("POST", f"{url}/invitations/me/accept", me)
    await api.call("PUT", f"{url}/members/{me}/role", owner, json={"role": "admin"})
    await api.call("PUT", f"{url}/invitations/{guest}", me)

    async def sent() -> bool:
        return len((await _export(api, me))["invitations_sent"]) == 1

    await eventually(sent)
    await api.call("DELETE", f"{url}/members/me", me)

    async def left() -> bool:
        return len((await _export(api, me))["ended_relations"]) == 1

    await eventually(left)
    body = await _export(api, me)
    [ended] = body["ended_relations"]
    assert ended["group_id"] == secret and ended["status"] == "left"
    assert ended["title"] is None and ended["visibility"] is None
    assert body["invitations_sent"] == [] and body["memberships"] == []
    assert "Quiet room" not in str(body) and owner not in str(body) and guest not in str(body)


async def test_an_unknown_employee_gets_empty_sections(api, ids, problem) -> None:
    body = await _export(api, ids())
    assert all(body[section] == [] for section in SECTIONS)
    problem(await api.client.get("/v1/me/export"), 401, "unauthenticated")
