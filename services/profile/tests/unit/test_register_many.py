"""Many registrations as one append, on fakes: refusals of their own, the cut, the fallback."""

from __future__ import annotations

import pytest
from profile_service.domain.commands import RegisterEmployee
from profile_service.domain.errors import FieldRequired, ManagerNotFound, UserNameTaken
from profile_service.handlers import employees as handlers
from profile_service.handlers.employees import EmployeeWrite
from profile_service.handlers.registrations import APPEND_ATTEMPTS, register_many


def command(employee_id: str, user_name: str | None, **profile: object) -> RegisterEmployee:
    fields = ({"user_name": user_name} if user_name else {}) | profile
    return RegisterEmployee(employee_id, fields)


def counting(store) -> list[int]:
    """Record the number of streams of every append_streams call."""
    calls: list[int] = []
    append = store.append_streams

    async def counted(appends, *, metadata=None):
        calls.append(len(appends))
        return await append(appends, metadata=metadata)

    store.append_streams = counted
    return calls


async def test_valid_registrations_are_one_append_and_refusals_their_own(ports, store) -> None:
    await handlers.register_employee(
        ports, employee_id="old", profile={"user_name": "Taken"}, actor="hr"
    )
    calls = counting(store)
    outcomes = await register_many(
        ports,
        [
            command("a", "ana"),
            command("b", None),  # no userName
            command("c", "ANA"),  # wanted by "a" before, in the same request
            command("d", "taken"),  # held by an existing employee
            command("e", "eve", manager_id="nobody"),
            command("f", "fay", manager_id="old"),
            ValueError("refused before"),
        ],
        actor="hr",
    )
    kinds = [type(o) for o in outcomes]
    assert kinds == [
        EmployeeWrite,
        FieldRequired,
        UserNameTaken,
        UserNameTaken,
        ManagerNotFound,
        EmployeeWrite,
        ValueError,
    ]
    assert calls == [2]  # "a" and "f" in one call
    assert [o.result.version for o in outcomes if isinstance(o, EmployeeWrite)] == [1, 1]
    assert ports.claims.holders == {"taken": "old", "ana": "a", "fay": "f"}
    assert set(ports.acknowledged.entries) == {"old", "a", "f"}


async def test_max_errors_stops_after_that_many_refusals_and_gives_back_later_claims(
    ports, store
) -> None:
    outcomes = await register_many(
        ports,
        [command("a", "ana"), command("b", None), command("c", "cy"), command("d", None)],
        actor="hr",
        max_errors=1,
    )
    assert [type(o) for o in outcomes] == [EmployeeWrite, FieldRequired]
    assert ports.claims.holders == {"ana": "a"}  # "cy" was claimed, then released
    assert await store.version("employee:c") == 0


async def test_a_conflicting_append_falls_back_to_one_registration_each(ports, store) -> None:
    # "b" exists already (an id in use): the batched append finds its stream moved
    await handlers.register_employee(
        ports, employee_id="b", profile={"user_name": "bo"}, actor="hr"
    )
    calls = counting(store)
    outcomes = await register_many(
        ports, [command("a", "ana"), command("b", "bob"), command("c", "cy")], actor="hr"
    )
    assert store.conflicts == 1 and calls == [3, 1, 1]  # the batch, then "a" and "c" alone
    assert [type(o).__name__ for o in outcomes] == [
        "EmployeeWrite",
        "EmployeeAlreadyRegistered",
        "EmployeeWrite",
    ]
    assert ports.claims.holders == {"bo": "b", "ana": "a", "cy": "c"}  # "bob" given back


async def test_a_storage_error_of_the_append_is_tried_again(ports, store) -> None:
    async def write_conflict() -> None:  # what SecantusDB answers for a conflicting commit
        raise RuntimeError("internal server error")

    store.meanwhile.append(write_conflict)
    calls = counting(store)
    outcomes = await register_many(ports, [command("a", "ana"), command("b", "bo")], actor="hr")
    assert [type(o) for o in outcomes] == [EmployeeWrite, EmployeeWrite] and calls == [2, 2]
    assert ports.claims.holders == {"ana": "a", "bo": "b"}


async def test_a_lasting_storage_error_gives_the_claims_back(ports, store) -> None:
    async def down() -> None:
        raise RuntimeError("storage down")

    store.meanwhile.extend([down] * APPEND_ATTEMPTS)
    with pytest.raises(RuntimeError, match="storage down"):
        await register_many(ports, [command("a", "ana")], actor="hr")
    assert ports.claims.holders == {} and await store.version("employee:a") == 0
