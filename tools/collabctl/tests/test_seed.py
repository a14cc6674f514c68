"""``collabctl seed``: the demo organisation, and seeding it through the profile service."""

from __future__ import annotations

import uuid
from collections import Counter

import pytest
from collabctl.seed import seed_organisation
from collabctl.seed.bulk import batches, operation
from collabctl.seed.catchup import wait_caught_up
from collabctl.seed.organisation import SPAN, organisation, scim_user

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"

try:
    from profile_service.app import definition
    from profile_service.config import Settings
except ModuleNotFoundError:  # the profile service is not installed
    definition = None


def test_organisation_is_a_deterministic_tree_listed_managers_first() -> None:
    people = organisation(500, seed=3)
    assert people == organisation(500, seed=3) and people != organisation(500, seed=4)
    assert people[0].manager is None and all(p.manager is not None for p in people[1:])
    for person in people[1:]:
        manager = people[person.manager]
        assert manager.index < person.index and person.level == manager.level + 1
    reports = Counter(p.manager for p in people[1:])
    assert max(count for manager, count in reports.items() if manager != 0) <= SPAN
    assert len({p.country for p in people}) >= 8 and len({p.department for p in people}) >= 10
    assert len({p.user_name for p in people}) == 500
    assert all(p.user_name.isascii() for p in people)


def test_small_organisations_have_a_head_per_department_only_when_room() -> None:
    assert [p.level for p in organisation(3)] == [0, 1, 1]
    assert scim_user(organisation(1)[0], None)["userName"].endswith("@collab.example")


def test_bulk_batches_keep_order_and_both_limits() -> None:
    people = organisation(250)
    by_count = batches(people, 100, 1_048_576)
    assert [len(b) for b in by_count] == [100, 100, 50]
    assert [p for b in by_count for p in b] == people
    one = len(str(operation(people[0], "x" * 36)))
    by_size = batches(people, 1000, 20 * one)
    assert len(by_size) > 10 and [p for b in by_size for p in b] == people
    assert operation(people[1], "bulkId:p0")["data"][ENTERPRISE]["manager"] == {
        "value": "bulkId:p0"
    }


@pytest.mark.integration
@pytest.mark.skipif(definition is None, reason="profile service not installed")
async def test_seed_goes_through_the_profile_service(
    mongo_url, kafka_bootstrap, topic_prefix, mongo_db, jwt_keys, monkeypatch
) -> None:
    from servicekit.testing.service import running_service, service_settings

    base = service_settings(
        "profile",
        mongo_url=mongo_url,
        kafka_bootstrap=kafka_bootstrap,
        topic_prefix=topic_prefix,
        database=mongo_db.name,
        public_key=jwt_keys[1],
    )
    async with running_service(Settings.model_validate(base.model_dump()), definition()) as svc:
        result = await seed_organisation(
            "", 40, private_key_pem=jwt_keys[0], follows_per_employee=1.0, client=svc.client
        )
        assert result.employees == 40 and result.follows > 0
        again = await seed_organisation(
            "", 40, private_key_pem=jwt_keys[0], follows_per_employee=1.0, client=svc.client
        )
        assert again.ids == result.ids  # re-seeding finds the same people
        assert (
            await svc.runtime.store.events.count_documents({"type": {"$regex": "registered"}}) == 40
        )
        assert uuid.UUID(result.ids[0])
        for name, value in {
            "MONGO_URL": mongo_url,
            "KAFKA_BOOTSTRAP": kafka_bootstrap,
            "TOPIC_PREFIX": topic_prefix,
            "MONGO_DB": mongo_db.name,
        }.items():  # what ``collabctl seed`` reads of the stack: this test's service
            monkeypatch.setenv(f"COLLAB_{name}", value)
        reports: list[str] = []
        caught = await wait_caught_up(["profile"], timeout_s=60, report=reports.append)
        assert caught.caught_up_s >= caught.drained_s >= 0
        # the read model holds every write: the profile edits (skills) of each employee too
        assert (
            await mongo_db["directory"].count_documents({"skill_keys.0": {"$exists": True}}) == 40
        )
