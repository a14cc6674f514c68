"""Following colleagues: idempotency, refusals, counts and lists."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.integration


async def follow(api, follower: str, followee: str):
    return await api.client.put(f"/v1/me/following/{followee}", headers=api.auth(follower))


async def test_follow_is_idempotent_and_counted(api) -> None:
    ann, ben, cem = [(await api.provision(n, "Follow"))["id"] for n in ("Ann", "Ben", "Cem")]
    first = await follow(api, ann, ben)
    assert first.status_code == 200 and first.json() == {
        "follower_id": ann,
        "followee_id": ben,
        "following": True,
        "version": 1,
    }
    again = await follow(api, ann, ben)
    assert (
        again.json()["version"] == 1
        and again.headers["consistency-token"] == f"follow:{ann}/{ben}@1"
    )
    await follow(api, cem, ben)
    last = await follow(api, ann, cem)
    followers = (
        await api.get(f"/v1/employees/{ben}/followers", token=last.headers["consistency-token"])
    ).json()
    assert {i["id"] for i in followers["items"]} == {ann, cem}
    assert followers["followers"] == 2 and followers["following"] == 0
    assert followers["items"][0]["display_name"] == "Cem Follow"  # newest first
    following = (await api.get(f"/v1/employees/{ann}/following", limit=1)).json()
    assert following["following"] == 2 and len(following["items"]) == 1
    rest = (await api.get(f"/v1/employees/{ann}/following", cursor=following["next_cursor"])).json()
    assert {following["items"][0]["id"], rest["items"][0]["id"]} == {ben, cem}

    stop = await api.client.delete(f"/v1/me/following/{ben}", headers=api.auth(ann))
    assert stop.status_code == 200 and stop.json()["following"] is False
    again = await api.client.delete(f"/v1/me/following/{ben}", headers=api.auth(ann))
    assert again.json()["version"] == 2
    after = (
        await api.get(f"/v1/employees/{ben}/followers", token=stop.headers["consistency-token"])
    ).json()
    assert after["followers"] == 1 and [i["id"] for i in after["items"]] == [cem]


async def test_follow_refusals(api) -> None:
    dan, eve = [(await api.provision(n, "Refuse"))["id"] for n in ("Dan", "Eve")]
    itself = await follow(api, dan, dan)
    assert itself.status_code == 422 and itself.json()["type"].endswith("cannot-follow-self")
    assert (await follow(api, dan, "nobody")).status_code == 404
    assert (await follow(api, "not-registered", dan)).status_code == 403
    await api.client.delete(f"/scim/v2/Users/{eve}", headers=api.provisioner)
    inactive = await follow(api, dan, eve)
    assert inactive.status_code == 409 and inactive.json()["type"].endswith(
        "follow-target-inactive"
    )
