"""GDPR: export of everything held about the caller; erasure leaves no trace of them."""

from __future__ import annotations

import json

import pytest
from bson import json_util

pytestmark = pytest.mark.integration


async def test_export_contains_profile_follows_and_own_events(api) -> None:
    me = (await api.provision("Expo", "Rter", externalId="hr-exp"))["id"]
    other = (await api.provision("Fol", "Lowed"))["id"]
    await api.client.patch(f"/v1/employees/{me}", json={"about": "mine"}, headers=api.auth(me))
    followed = await api.client.put(f"/v1/me/following/{other}", headers=api.auth(me))
    back = await api.client.put(f"/v1/me/following/{me}", headers=api.auth(other))
    await api.get(f"/v1/employees/{me}/followers", token=back.headers["consistency-token"])
    await api.get(f"/v1/employees/{me}/following", token=followed.headers["consistency-token"])
    export = await api.get("/v1/me/export", me)
    assert export.status_code == 200, export.text
    data = export.json()
    assert data["profile"]["about"] == "mine" and data["profile"]["external_id"] == "hr-exp"
    assert [f["followee"] for f in data["following"]] == [other]
    assert [f["follower"] for f in data["followers"]] == [other]
    assert data["directory_entry"]["_id"] == me and data["user_name_claim"]["employee_id"] == me
    subjects = [e["subject"] for e in data["events"]]
    assert subjects == [f"employee:{me}", f"employee:{me}", f"follow:{me}/{other}"]
    assert (await api.get("/v1/me/export", "never-registered")).status_code == 404


async def test_erasure_leaves_no_name_or_email_in_any_collection(api, profile) -> None:
    victim = await api.provision(
        "Xaverine", "Quagmirez", externalId="hr-xq", phoneNumbers=[{"value": "+49 555 0199"}]
    )
    vid, email = victim["id"], victim["userName"]
    fan, idol = [(await api.provision(n, "Stays"))["id"] for n in ("Fan", "Idol")]
    await api.client.patch(
        f"/v1/employees/{vid}", json={"about": "Xaverine's secrets"}, headers=api.auth(vid)
    )
    await api.client.put(f"/v1/me/following/{vid}", headers=api.auth(fan))
    await api.client.put(f"/v1/me/following/{idol}", headers=api.auth(fan))
    last = await api.client.put(f"/v1/me/following/{idol}", headers=api.auth(vid))
    idol_before = (
        await api.get(f"/v1/employees/{idol}/followers", token=last.headers["consistency-token"])
    ).json()
    assert idol_before["followers"] == 2

    assert (
        await api.client.post(f"/v1/employees/{vid}/erasure", headers=api.auth(fan))
    ).status_code == 403
    erased = await api.client.post(f"/v1/employees/{vid}/erasure", headers=api.auth("hr-1", "hr"))
    assert erased.status_code == 200, erased.text
    assert erased.json()["redacted_events"] == 2 and erased.json()["ended_follows"] == 2
    token = erased.headers["consistency-token"]
    assert (await api.get(f"/v1/employees/{vid}", "hr-1", "hr", token=token)).status_code == 404
    idol_after = (await api.get(f"/v1/employees/{idol}/followers", token=token)).json()
    assert idol_after["followers"] == 1 and [i["id"] for i in idol_after["items"]] == [fan]
    fan_after = (await api.get(f"/v1/employees/{fan}/following", token=token)).json()
    assert fan_after["following"] == 1
    assert (
        await api.client.get(f"/scim/v2/Users/{vid}", headers=api.provisioner)
    ).status_code == 404

    db = profile.runtime.db
    for name in await db.list_collection_names():
        text = json.dumps([d async for d in db[name].find({})], default=json_util.default).lower()
        for secret in ("xaverine", "quagmirez", email.lower(), "hr-xq", "555 0199"):
            assert secret not in text, f"{secret!r} left in {name}"
    repeat = await api.client.post(f"/v1/employees/{vid}/erasure", headers=api.auth("hr-1", "hr"))
    assert repeat.status_code == 200 and repeat.json()["version"] == erased.json()["version"]
