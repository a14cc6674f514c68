"""A rebuilt read model equals the incrementally built one (ARCHITECTURE §5)."""

from __future__ import annotations

import pytest
from collab_events.profile import EmployeeDeactivated, EmployeeRegistered, ProfileFields
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually

pytestmark = pytest.mark.integration
IGNORED = {"gen"}  # compare-and-set generations count writes, not state


async def snapshot(db, names: tuple[str, ...]) -> dict[str, list[dict]]:
    out = {}
    for name in names:
        # An empty bucket is the same as no bucket: which of the two exists depends
        # on how the profile and group topics interleaved.
        query = {"n": {"$ne": 0}} if name == "member_counts" else {}
        docs = await db[name].find(query).sort("_id", 1).to_list(None)
        out[name] = [{k: v for k, v in d.items() if k not in IGNORED} for d in docs]
    return out


async def test_rebuilt_groups_and_members_equal_the_live_ones(
    api, ids, profiles, service, known
) -> None:
    owner, ana, bob = ids(), ids(), ids()
    for who, name in ((ana, "Ana Ort"), (bob, "Bob Berg")):
        await profiles.publish(
            who,
            EmployeeRegistered(
                employee_id=who, profile=ProfileFields(display_name=name, department="Ops")
            ),
        )
    await known(ana, bob)
    group_id, _ = await api.create_group(owner, name="Rebuild Me", join_policy="request")
    url = f"/v1/groups/{group_id}"
    await api.call("PUT", f"{url}/members/me", ana)
    await api.call("POST", f"{url}/requests/{ana}/approve", owner)
    await api.call("PUT", f"{url}/invitations/{bob}", owner)
    await api.call("PATCH", url, owner, json={"tags": ["ops"]})
    await profiles.publish(bob, EmployeeDeactivated(employee_id=bob))
    runtime = service.runtime
    projections = {p.name: p for p in runtime.definition.projections}
    names = ("groups", "memberships", "people", "member_counts")

    async def settled() -> bool:
        lag = await runtime.lag.refresh()
        return all(v == 0 for p in ("groups", "members") for v in lag[p].values())

    await eventually(settled, timeout_s=30)
    before = await snapshot(runtime.db, names)
    assert any(d["_id"] == group_id for d in before["groups"])
    for name in ("groups", "members"):
        await rebuild(runtime.settings, projections[name], runtime.models, timeout_s=60)
    after = await snapshot(runtime.db, names)
    for name in names:
        assert after[name] == before[name], name
