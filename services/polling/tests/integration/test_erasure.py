"""Erasure of a voter against the real stores: the stored events stop naming them, the
read models forget them (rebuilt ones too), and closed polls keep their counts."""

from __future__ import annotations

import hashlib
from typing import Any

import pytest
from bson import json_util
from collab_events.profile import EmployeeErased
from servicekit.rebuild import rebuild
from servicekit.testing.kafka import eventually
from servicekit.testing.service import RunningService

from .conftest import Api, GroupMaker, Upstream, new_id

pytestmark = pytest.mark.integration
READ_MODELS = ("turnout", "ballots")


async def naming(service: RunningService, who: str, collection: str) -> list[dict[str, Any]]:
    """Every document of ``collection`` that holds ``who`` anywhere (ids, fields, subjects)."""
    docs = await service.runtime.db[collection].find({}).to_list(None)
    return [d for d in docs if who in json_util.dumps(d)]


async def test_erased_voter_leaves_no_id_in_events_or_read_models_and_counts_stay(
    api: Api, make_group: GroupMaker, upstream: Upstream, service: RunningService
) -> None:
    owner, ann, bob = new_id(), new_id(), new_id()
    group = await make_group(owner, ann, bob)
    open_poll = await api.create(owner, group_id=group, allow_change=True)
    hidden = await api.create(owner, group_id=group, secrecy="anonymous")
    await api.vote(open_poll, ann, choice=["o1"])
    await api.vote(open_poll, ann, choice=["o2"])  # a VoteChanged names her too
    await api.vote(open_poll, bob, choice=["o2"])
    await api.vote(hidden, ann, choice=["o3"])
    for poll in (open_poll, hidden):
        await api.close(poll, owner)
    before = {p: (await api.get(p, owner, "/results")).json() for p in (open_poll, hidden)}
    assert len(await naming(service, ann, "events")) == 4  # two ballots, two credentials
    await upstream.publish("profile", f"employee:{ann}", EmployeeErased(employee_id=ann))

    async def forgotten() -> bool:
        found = [await naming(service, ann, c) for c in ("events", *READ_MODELS)]
        return not any(found)

    await eventually(forgotten, timeout_s=60)
    for poll in (open_poll, hidden):  # stored events still decode; counts and digest stay
        assert (await api.get(poll, owner, "/results")).json() == before[poll]
        ballots = await api.get(poll, bob, "/ballots")
        assert ballots.status_code == 200 and len(ballots.json()["items"]) == 2 - (poll == hidden)
    # An open poll's published ballot ids are keyed: nobody can find whose ballot is whose
    # by hashing ids, nor does any item name a voter.
    listed = (await api.get(open_poll, bob, "/ballots")).json()["items"]
    guessable = {hashlib.sha256(f"{open_poll}\n{w}".encode()).hexdigest()[:32] for w in (ann, bob)}
    assert not guessable & {b["ballot_id"] for b in listed}
    assert not [b for b in listed if ann in str(b) or bob in str(b)]
    turnout = (await api.get(open_poll, owner, "/turnout")).json()["items"]
    assert sorted(turnout, key=str) == sorted([bob, None], key=str)
    export = (await api.get(open_poll, owner, "/export")).text
    assert ann not in export and export.count("\n") == 3  # header and both ballots

    projections = {p.name: p for p in service.runtime.definition.projections}
    for name in READ_MODELS:  # Kafka still holds her id: the rebuilt models must not
        await rebuild(
            service.runtime.settings, projections[name], service.runtime.models, timeout_s=60
        )
    for name in READ_MODELS:
        assert not await naming(service, ann, name), name
    assert (await api.get(open_poll, owner, "/results")).json() == before[open_poll]
