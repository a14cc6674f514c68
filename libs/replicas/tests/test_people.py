"""The people replica: facts and keys, user-name lookup, mentions, tombstones, replays."""

from __future__ import annotations

import pytest
from collab_events.profile import (
    EmployeeDeactivated,
    EmployeeErased,
    EmployeeProfileUpdated,
    EmployeeReactivated,
    ProfileFields,
)
from collab_replicas import Collections, groups_projection, mention_handles
from collab_replicas.testing import Driver
from servicekit.projection import ReadModels

pytestmark = pytest.mark.integration


async def test_facts_and_facet_keys_follow_updates(replica, history) -> None:
    await replica.apply(
        history.register(
            "e1",
            user_name="Ana.Muller@Example.com",
            email="ana@example.com",
            display_name="Ana Müller",
            department="  Platform   Engineering ",
            location="München",
            country="de",
            languages=["de-AT", "EN"],
            locale="de-AT",
            timezone="Europe/Vienna",
            manager_id="e0",
            phone="+43 1",
        )
    )
    doc = await replica.models["people"].find_one({"_id": "e1"})
    assert doc["department_key"] == "platform engineering"
    assert doc["location_key"] == "munchen"
    assert doc["country"] == "DE"
    assert doc["language_keys"] == ["de", "de-at", "en"]
    assert doc["user_name_key"] == "ana.muller@example.com"
    assert "email" not in doc and "phone" not in doc  # not kept: nobody needs them
    person = await replica.query.people.person("e1")
    assert (person.name, person.locale, person.timezone) == ("Ana Müller", "de-AT", "Europe/Vienna")
    assert person.manager_id == "e0" and person.active
    await replica.apply(
        history.person(
            "e1",
            EmployeeProfileUpdated(
                employee_id="e1",
                changes=ProfileFields(department="Data"),
                cleared=["location", "languages", "email"],
            ),
        )
    )
    doc = await replica.models["people"].find_one({"_id": "e1"})
    assert doc["department_key"] == "data"
    assert not {"location", "location_key", "languages", "language_keys"} & set(doc)
    assert doc["display_name"] == "Ana Müller"


async def test_user_name_lookup_is_case_insensitive_and_skips_inactive(replica, history) -> None:
    await replica.apply(
        history.register("e1", user_name="ana.muller", display_name="Ana Müller"),
        history.register("e2", user_name="bo", given_name="Bo", family_name="Berg"),
    )
    assert (await replica.query.people.by_user_name("ANA.Muller")).employee_id == "e1"
    assert (await replica.query.people.by_user_name("nobody")) is None
    await replica.apply(history.person("e1", EmployeeDeactivated(employee_id="e1")))
    assert (await replica.query.people.by_user_name("ana.muller")) is None
    text = "Thanks @Ana.Muller and @BO, cc @ghost. Mail me at x@bo.com."
    handles = mention_handles(text)
    assert handles == ["Ana.Muller", "BO", "ghost"]
    mentions = await replica.query.people.resolve_mentions(handles)
    assert {h: (m.employee_id, m.display_name) for h, m in mentions.items()} == {
        "BO": ("e2", "Bo Berg")
    }


async def test_a_reused_user_name_finds_the_newest_active_holder(replica, history) -> None:
    await replica.apply(history.register("old", user_name="Sam", display_name="Sam Old"))
    await replica.apply(
        history.person("old", EmployeeDeactivated(employee_id="old", deprovisioned=True)),
        history.register("new", user_name="sam", display_name="Sam New"),
    )
    assert (await replica.query.people.by_user_name("SAM")).employee_id == "new"
    await replica.apply(history.person("old", EmployeeReactivated(employee_id="old")))
    # Both hold it now: the later assignment wins, whichever order they are read in.
    assert (await replica.query.people.by_user_name("sam")).employee_id == "new"
    mentions = await replica.query.people.resolve_mentions(["Sam"])
    assert mentions["Sam"].display_name == "Sam New"


async def test_tombstone_is_final(replica, history) -> None:
    await replica.apply(history.register("e1", user_name="cem", display_name="Cem Yilmaz"))
    await replica.apply(history.person("e1", EmployeeErased(employee_id="e1")))
    later = [
        history.person("e1", EmployeeReactivated(employee_id="e1")),
        history.person(
            "e1",
            EmployeeProfileUpdated(employee_id="e1", changes=ProfileFields(display_name="Cem Y")),
        ),
    ]
    await replica.apply(*later)
    doc = await replica.models["people"].find_one({"_id": "e1"})
    assert {k: v for k, v in doc.items() if k != "_v"} == {
        "_id": "e1",
        "erased": True,
        "active": False,
    }
    person = await replica.query.people.person("e1")
    assert person.erased and not person.active and person.name is None
    assert (await replica.query.people.status("e1")).erased
    assert (await replica.query.people.by_user_name("cem")) is None


async def test_replays_change_nothing(replica, history) -> None:
    batch = [
        history.register("e1", display_name="Ana", department="Ops"),
        history.person("e1", EmployeeDeactivated(employee_id="e1")),
        history.register("e2", display_name="Bo"),
        history.person("e2", EmployeeErased(employee_id="e2")),
    ]
    await replica.apply(*batch)
    once = await replica.documents()
    await replica.apply(*batch)
    await replica.models[replica.projection.checkpoint_collection].delete_many({})
    await replica.apply(*batch)  # as if the process died before its checkpoint
    await replica.apply(*reversed(batch[2:]), *batch[:2])
    assert await replica.documents() == once
    assert await replica.query.people.inactive(["e1", "e2", "e3"]) == {"e1", "e2"}


async def test_setup_keeps_the_user_name_index_and_drops_the_unused_facet_ones(
    mongo_db, history
) -> None:
    people = mongo_db["people"]
    await people.create_index([("country", 1), ("active", 1)])  # an older release's index
    replica = await Driver(
        groups_projection(collections=Collections()), ReadModels(mongo_db)
    ).setup()
    names = {spec["name"] async for spec in await people.list_indexes()}
    assert names == {"_id_", "user_name_key_1_active_1"}
    await replica.apply(history.register("e1", user_name="ana", country="de"))
    assert await people.count_documents({"country": "DE", "active": True}) == 1
