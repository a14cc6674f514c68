"""A rebuilt read model equals the incrementally built one."""

from __future__ import annotations

import pytest
from profile_service.projections import DIRECTORY, FOLLOWS
from servicekit.rebuild import rebuild

pytestmark = pytest.mark.integration


async def snapshot(models, names) -> dict[str, list[dict]]:
    return {name: [d async for d in models[name].find({}, sort=[("_id", 1)])] for name in names}


async def test_rebuilt_read_models_equal_the_live_ones(api, profile) -> None:
    boss = (await api.provision("Re", "Builder"))["id"]
    crew = [(await api.provision(f"Crew{i}", "Müller"))["id"] for i in range(4)]
    hr = api.auth("hr-1", "hr")
    for member in crew:
        await api.client.patch(f"/v1/employees/{member}", json={"manager_id": boss}, headers=hr)
        await api.client.put(f"/v1/me/following/{boss}", headers=api.auth(member))
    await api.client.delete(f"/v1/me/following/{boss}", headers=api.auth(crew[0]))
    await api.client.delete(f"/scim/v2/Users/{crew[1]}", headers=api.provisioner)
    last = await api.client.post(f"/v1/employees/{crew[2]}/erasure", headers=hr)
    assert last.status_code == 200
    await api.get(f"/v1/employees/{boss}/followers", token=last.headers["consistency-token"])
    await api.get(
        f"/v1/employees/{boss}/followers", token=f"follow:{crew[2]}/{boss}@2"
    )  # the erasure's unfollow, applied too

    models = profile.runtime.models
    for projection in (DIRECTORY, FOLLOWS):
        live = await snapshot(models, projection.collections)
        assert all(live.values())
        await models[projection.collections[0]].delete_many({})  # lose the live state
        await rebuild(profile.runtime.settings, projection, models, timeout_s=60)
        assert await snapshot(models, projection.collections) == live, projection.name
