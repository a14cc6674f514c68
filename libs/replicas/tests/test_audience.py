"""Audiences over current people facts: any list matches, any value within it, exclusions."""

from __future__ import annotations

import pytest
from collab_events.group import GroupCreated, GroupMemberJoined
from collab_events.profile import EmployeeDeactivated, EmployeeProfileUpdated, ProfileFields
from collab_replicas import Audience, Criteria, Person

ANA = Person(
    "ana", active=True, country="DE", department="Platform Engineering", location="München",
    languages=("de-AT", "en"),
)  # fmt: skip


@pytest.mark.parametrize(
    ("criteria", "groups", "expected"),
    [
        (Criteria(countries=("de",)), (), True),
        (Criteria(countries=("FR", "AT")), (), False),
        (Criteria(departments=("platform  ENGINEERING",)), (), True),
        (Criteria(locations=("Munchen",)), (), True),
        (Criteria(languages=("DE",)), (), True),  # the primary subtag of de-AT
        (Criteria(languages=("de-de",)), (), False),
        (Criteria(languages=("DE_at",)), (), True),
        (Criteria(groups=("g1", "g2")), ("g2",), True),
        (Criteria(groups=("g1",)), ("g2",), False),
        (Criteria(employees=("bo", "ana")), (), True),
        (Criteria(countries=("FR",), departments=("Sales",), languages=("en",)), (), True),
        (Criteria(), ("g1",), False),
    ],
)
def test_criteria_match_any_list_and_any_value(criteria, groups, expected) -> None:
    assert criteria.matches(ANA, groups) is expected


def test_exclusions_everyone_and_inactive_readers() -> None:
    germans = Audience(include=Criteria(countries=("DE",)))
    assert germans.admits(ANA, ())
    assert not Audience(
        include=Criteria(countries=("DE",)), exclude=Criteria(groups=("g",))
    ).admits(ANA, ("g",))
    assert Audience(everyone=True).admits(ANA, ())
    assert not Audience(everyone=True, exclude=Criteria(employees=("ana",))).admits(ANA, ())
    assert not Audience(everyone=True).admits(Person("gone", active=False), ())


@pytest.mark.integration
async def test_members_and_reader_checks_use_current_facts(replica, history) -> None:
    await replica.apply(
        history.register("de1", country="DE", department="Ops"),
        history.register("de2", country="de", department="Sales"),
        history.register("fr1", country="FR", languages=["de-CH"]),
        history.register("us1", country="US", department="ops"),
        history.register("us2", country="US"),
        history.group("g", GroupCreated(group_id="g", title="G", owner_id="us2")),
        history.member(
            "g", "us2", GroupMemberJoined(group_id="g", employee_id="us2", role="owner")
        ),
        history.person("de2", EmployeeDeactivated(employee_id="de2")),
    )
    audience = Audience(
        include=Criteria(countries=("DE",), languages=("de",), groups=("g",), employees=("new",)),
        exclude=Criteria(departments=("OPS",)),
    )
    # de1 and us1 are in Ops; de2 is deactivated; "new" is not projected yet (counts active).
    assert await replica.query.audience_members(audience) == ["fr1", "new", "us2"]
    assert await replica.query.admits(audience, "us2")  # through the group
    assert not await replica.query.admits(audience, "de1")
    await replica.apply(
        history.person(
            "de1",
            EmployeeProfileUpdated(employee_id="de1", changes=ProfileFields(department="Data")),
        )
    )
    assert await replica.query.admits(audience, "de1")  # the reader's facts of now
    everyone = await replica.query.audience_members(Audience(everyone=True))
    assert everyone == ["de1", "fr1", "us1", "us2"]
