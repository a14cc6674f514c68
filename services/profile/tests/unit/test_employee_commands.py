"""Employee commands through servicekit's execute on fakes: claims, managers, If-Match, retries."""

from __future__ import annotations

import asyncio

import pytest
from collab_events.profile import EmployeeRegistered
from profile_service.domain.employee import PERSONAL_FIELDS
from profile_service.domain.errors import ManagerCycle, ManagerNotFound, UserNameTaken
from profile_service.handlers import employees as handlers
from servicekit.commands import PreconditionFailed

NO_VERSION = {"actor": "hr", "expected": None}


async def register(ports, employee_id: str, user_name: str, **profile: object):
    profile = {"user_name": user_name, **profile}
    return await handlers.register_employee(
        ports, employee_id=employee_id, profile=profile, actor="hr"
    )


async def hr_edit(ports, employee_id: str, expected: int | None = None, **changes: object):
    return await handlers.update_profile(
        ports, employee_id, changes=changes, actor="hr", expected=expected
    )


async def set_active(ports, employee_id: str, active: bool):
    return await handlers.patch_provisioned(
        ports, employee_id, changes={}, active=active, added=frozenset(), **NO_VERSION
    )


def holders(ports) -> dict[str, str]:
    return ports.claims.holders


async def test_a_taken_user_name_refuses_the_command_and_stores_nothing(ports, store) -> None:
    first = await register(ports, "e1", "Ana@Example.com")
    assert (first.result.version, first.result.consistency_token) == (1, "employee:e1@1")
    with pytest.raises(UserNameTaken):
        await register(ports, "e2", "ana@example.COM")
    assert await store.version("employee:e2") == 0
    assert holders(ports) == {"ana@example.com": "e1"}
    assert list(ports.acknowledged.entries) == ["e1"]  # a refused command is never recorded


async def test_a_rename_claims_the_new_name_and_releases_the_old(ports) -> None:
    await register(ports, "e1", "old@example.com")
    renamed = await hr_edit(ports, "e1", user_name="new@example.com")
    assert renamed.employee.user_name == "new@example.com" and renamed.result.version == 2
    assert holders(ports) == {"new@example.com": "e1"}
    await register(ports, "e2", "old@example.com")  # free again
    assert holders(ports)["old@example.com"] == "e2"
    assert ports.acknowledged.entries["e1"] == (2, ["u:old@example.com", "u:new@example.com"])


async def test_an_append_conflict_gives_the_claim_back(ports, store) -> None:
    await register(ports, "e1", "old@example.com")
    store.meanwhile.append(lambda: hr_edit(ports, "e1", about="edited meanwhile"))
    with pytest.raises(PreconditionFailed) as stale:
        await hr_edit(ports, "e1", expected=1, user_name="new@example.com")
    assert (stale.value.expected, stale.value.actual, store.conflicts) == (1, 2, 1)
    assert holders(ports) == {"old@example.com": "e1"}  # claimed before the append, released
    await register(ports, "e2", "new@example.com")
    assert holders(ports)["new@example.com"] == "e2"


async def test_without_if_match_a_conflict_is_decided_again_on_fresh_state(ports, store) -> None:
    await register(ports, "e1", "old@example.com")
    store.meanwhile.append(lambda: hr_edit(ports, "e1", about="edited meanwhile"))
    renamed = await hr_edit(ports, "e1", user_name="new@example.com")
    assert store.conflicts == 1 and renamed.result.version == 3
    assert renamed.employee.profile["about"] == "edited meanwhile"
    assert holders(ports) == {"new@example.com": "e1"}


async def test_if_match_on_a_stale_version_is_412_before_anything_is_claimed(ports, store) -> None:
    await register(ports, "e1", "a@example.com")
    await hr_edit(ports, "e1", about="v2")
    with pytest.raises(PreconditionFailed) as stale:
        await hr_edit(ports, "e1", expected=1, user_name="b@example.com")
    assert (stale.value.expected, stale.value.actual) == (1, 2)
    assert await store.version("employee:e1") == 2 and "b@example.com" not in holders(ports)
    pinned = await hr_edit(ports, "e1", expected=2, about="v3")
    assert pinned.result.etag == '"3"'


async def test_concurrent_profile_edits_all_land(ports, store) -> None:
    await register(ports, "e1", "a@example.com")
    store.interleave = True  # every edit loads version 1 before any appends
    fields = ["about", "pronouns", "phone", "location", "department"]
    written = await asyncio.gather(*(hr_edit(ports, "e1", **{f: f"new {f}"}) for f in fields))
    assert store.conflicts >= len(fields) - 1
    assert sorted(w.result.version for w in written) == [2, 3, 4, 5, 6]
    final = max(written, key=lambda w: w.result.version).employee
    assert all(final.profile[f] == f"new {f}" for f in fields)


async def test_concurrent_claims_of_one_name_let_exactly_one_win(ports, store) -> None:
    store.interleave = True
    attempts = [register(ports, f"e{i}", "race@example.com") for i in range(5)]
    results = await asyncio.gather(*attempts, return_exceptions=True)
    winners = [r for r in results if not isinstance(r, BaseException)]
    assert len(winners) == 1 and all(
        isinstance(r, UserNameTaken) for r in results if r not in winners
    )
    assert holders(ports) == {"race@example.com": winners[0].employee.employee_id}


async def test_deactivation_frees_the_name_and_reactivation_needs_it_again(ports) -> None:
    await register(ports, "e1", "shared@example.com")
    await set_active(ports, "e1", False)
    assert holders(ports) == {}
    await register(ports, "e2", "shared@example.com")
    with pytest.raises(UserNameTaken):
        await set_active(ports, "e1", True)
    await set_active(ports, "e2", False)
    back = await set_active(ports, "e1", True)
    assert back.employee.active and holders(ports) == {"shared@example.com": "e1"}


async def test_manager_refusals_leave_no_claim_and_store_nothing(ports, store) -> None:
    await register(ports, "boss", "boss@example.com")
    await register(ports, "e1", "e1@example.com", manager_id="boss")
    with pytest.raises(ManagerNotFound):
        await hr_edit(ports, "e1", manager_id="nobody", user_name="e1.new@example.com")
    with pytest.raises(ManagerCycle):
        await hr_edit(ports, "boss", manager_id="e1", user_name="boss.new@example.com")
    with pytest.raises(ManagerNotFound):
        await register(ports, "e2", "e2@example.com", manager_id="ghost")
    assert set(holders(ports)) == {"boss@example.com", "e1@example.com"}
    assert await store.version("employee:e1") == 1 and await store.version("employee:e2") == 0
    moved = await hr_edit(ports, "e1", manager_id=None)
    assert moved.employee.manager_id is None


async def test_a_repeat_changes_nothing_and_records_nothing(ports, store) -> None:
    await register(ports, "e1", "a@example.com", about="same")
    ports.acknowledged.entries.clear()
    repeat = await hr_edit(ports, "e1", about="same")
    assert (repeat.result.version, repeat.result.events) == (1, [])
    assert ports.acknowledged.entries == {} and await store.version("employee:e1") == 1


async def test_personal_fields_name_what_redaction_blanks(ports, store) -> None:
    await register(ports, "e1", "secret@example.com", given_name="Secret")
    await hr_edit(ports, "e1", family_name="Person")
    assert await store.redact("employee:e1", PERSONAL_FIELDS) == 2
    [registered, updated] = [r.event for r in await store.load("employee:e1")]
    assert isinstance(registered, EmployeeRegistered) and registered.profile.user_name is None
    assert updated.changes.model_dump(exclude_none=True) == {}
