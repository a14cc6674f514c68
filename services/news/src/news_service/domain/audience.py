"""Audience rules as index keys: an article lists the keys it includes and excludes, a
reader holds the keys of their current facts; the reader is in when they share an
include key and no exclude key. Keys follow the people replica's fact keys (country upper
case, department and location ``facet_key``, language tags lower case with their primary
subtag), so the match is ``collab_replicas.Audience.admits`` as one indexed query."""

from __future__ import annotations

from collections.abc import Iterable

from collab_events.news import AudienceCriteria, NewsAudience
from collab_replicas import Audience, Criteria, Person
from collab_replicas.facts import country_key, language_key, language_keys
from servicekit.text import facet_key

EVERYONE = "all"
GROUP_KEY = "group:"  # the prefix of a group's key


def criteria_keys(criteria: AudienceCriteria) -> list[str]:
    """The keys one side of an audience names."""
    keys = [f"country:{country_key(c)}" for c in criteria.countries]
    keys += [f"department:{facet_key(d)}" for d in criteria.departments]
    keys += [f"location:{facet_key(loc)}" for loc in criteria.locations]
    keys += [f"language:{language_key(t)}" for t in criteria.languages]
    keys += [f"{GROUP_KEY}{g}" for g in criteria.groups]
    keys += [f"employee:{e}" for e in criteria.employees]
    return sorted(set(keys))


def include_keys(audience: NewsAudience) -> list[str]:
    """Who is in before exclusions (``all``: the whole company)."""
    return [EVERYONE] if audience.whole_company else criteria_keys(audience.include)


def reader_keys(person: Person, group_ids: Iterable[str]) -> list[str]:
    """The keys of a reader's current facts and groups."""
    keys = [EVERYONE, f"employee:{person.employee_id}"]
    if person.country:
        keys.append(f"country:{country_key(person.country)}")
    if person.department:
        keys.append(f"department:{facet_key(person.department)}")
    if person.location:
        keys.append(f"location:{facet_key(person.location)}")
    keys += [f"language:{k}" for k in language_keys(person.languages)]
    keys += [f"{GROUP_KEY}{g}" for g in group_ids]
    return keys


def _criteria(c: AudienceCriteria) -> Criteria:
    return Criteria(
        tuple(c.countries), tuple(c.departments), tuple(c.locations),
        tuple(c.languages), tuple(c.groups), tuple(c.employees),
    )  # fmt: skip


def replica_audience(audience: NewsAudience) -> Audience:
    """The replicas' audience (for the frozen snapshot and the later entrants)."""
    return Audience(
        _criteria(audience.include), _criteria(audience.exclude), audience.whole_company
    )
