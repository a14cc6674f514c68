"""The ``people`` document: which profile facts are kept and the lookup keys derived from them.

Kept: what other services show or decide on (names, user name, job, organisation, place,
languages, locale, time zone, manager, photo). Not kept: email, phone, about, skills,
pronouns, external and employee numbers (no consumer needs them; less to erase).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from collab_events.profile import ProfileFields
from servicekit.text import facet_key

Doc = dict[str, Any]
KEPT = (
    "user_name",
    "display_name",
    "given_name",
    "family_name",
    "job_title",
    "department",
    "organization",
    "country",
    "location",
    "manager_id",
    "languages",
    "locale",
    "timezone",
    "photo_url",
)
# Fields derived from a kept field: cleared (unset) together with it.
DERIVED: dict[str, tuple[str, ...]] = {
    "user_name": ("user_name_key", "user_name_since"),
    "department": ("department_key",),
    "location": ("location_key",),
    "languages": ("language_keys",),
}


def user_name_key(handle: str) -> str:
    """The case-insensitive lookup key of a SCIM userName (RFC 7643 §4.1.1: caseExact false)."""
    return unicodedata.normalize("NFC", handle.strip()).casefold()


def language_key(tag: str) -> str:
    """A language tag as compared: lower case, ``-`` separated (``de_AT`` -> ``de-at``)."""
    return tag.strip().lower().replace("_", "-")


def language_keys(tags: Iterable[str]) -> list[str]:
    """Lower-cased language tags plus their primary subtags: ``de-AT`` -> ``de``, ``de-at``."""
    keys: set[str] = set()
    for key in filter(None, map(language_key, tags)):
        keys.update((key, key.split("-", 1)[0]))
    return sorted(keys)


def country_key(country: str) -> str:
    """ISO 3166-1 alpha-2, upper case."""
    return country.strip().upper()


def person_fields(fields: ProfileFields, at: datetime) -> Doc:
    """The kept facts among ``fields`` (only those set) with their derived keys.

    ``at`` (the event's time) dates a new user name: when two active people hold the
    same one, the newer holder is the one a mention finds.
    """
    doc: Doc = {k: getattr(fields, k) for k in KEPT if getattr(fields, k) is not None}
    if "user_name" in doc:
        doc |= {"user_name_key": user_name_key(doc["user_name"]), "user_name_since": at}
    if "department" in doc:
        doc["department_key"] = facet_key(doc["department"])
    if "location" in doc:
        doc["location_key"] = facet_key(doc["location"])
    if "country" in doc:
        doc["country"] = country_key(doc["country"])
    if "languages" in doc:
        doc["language_keys"] = language_keys(doc["languages"])
    return doc


def cleared_fields(cleared: Iterable[str]) -> list[str]:
    """The document fields to unset when the profile fields ``cleared`` were emptied."""
    out: list[str] = []
    for name in cleared:
        if name in KEPT:
            out += [name, *DERIVED.get(name, ())]
    return out
