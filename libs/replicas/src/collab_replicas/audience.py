"""Audiences over people facts: who a news item, poll or announcement is for.

An audience names lists of countries, departments, locations, languages, groups (their
active members) and employees. A person is in it when *any* list matches and, within a
list, *any* value does; ``exclude`` takes people out the same way; ``everyone`` starts
from all active employees. Values are compared by their keys (country code upper case,
department and location ``facet_key``, language tags lower case, ``de`` matching
``de-AT``), and always against the person's *current* facts.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from servicekit.text import facet_key

from collab_replicas.facts import country_key, language_key, language_keys
from collab_replicas.models import Person


@dataclass(frozen=True, slots=True)
class Criteria:
    """Lists of values; empty lists match nobody."""

    countries: tuple[str, ...] = ()
    departments: tuple[str, ...] = ()
    locations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    groups: tuple[str, ...] = ()
    employees: tuple[str, ...] = ()

    def facets(self) -> dict[str, list[str]]:
        """``people`` field -> the keys it must hold one of (lists that are set only)."""
        keyed = {
            "country": sorted({country_key(c) for c in self.countries}),
            "department_key": sorted({facet_key(d) for d in self.departments}),
            "location_key": sorted({facet_key(loc) for loc in self.locations}),
            "language_keys": sorted({language_key(t) for t in self.languages} - {""}),
        }
        return {field: keys for field, keys in keyed.items() if keys}

    def matches(self, person: Person, group_ids: Collection[str]) -> bool:
        """True when any list holds one of the person's facts (or them, or their groups)."""
        if person.employee_id in self.employees or not set(self.groups).isdisjoint(group_ids):
            return True
        facets = self.facets()
        held = _facts(person)
        return any(not set(keys).isdisjoint(held.get(field, ())) for field, keys in facets.items())


@dataclass(frozen=True, slots=True)
class Audience:
    """Who is in: ``everyone`` or whom ``include`` matches, minus whom ``exclude`` matches."""

    include: Criteria = Criteria()
    exclude: Criteria = Criteria()
    everyone: bool = False

    def admits(self, person: Person, group_ids: Collection[str]) -> bool:
        """True when the (active) person is in the audience; ``group_ids``: their groups."""
        if not person.active:
            return False
        included = self.everyone or self.include.matches(person, group_ids)
        return included and not self.exclude.matches(person, group_ids)


def _facts(person: Person) -> dict[str, list[str]]:
    """The person's facts as the keys ``Criteria.facets`` compares with."""
    return {
        "country": [country_key(person.country)] if person.country else [],
        "department_key": [facet_key(person.department)] if person.department else [],
        "location_key": [facet_key(person.location)] if person.location else [],
        "language_keys": language_keys(person.languages),
    }
